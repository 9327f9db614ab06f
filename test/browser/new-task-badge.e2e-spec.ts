import { createECDH } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { screenshot, seriousAccessibilityViolations, startWebSystem, WebSystem } from './support/browser';
import { assignTask, Collaborator, seedCollaborator, signIn, until } from './support/journeys';

const TITLE = 'Chia sẻ bài viết về Ngày hội Đại đoàn kết toàn dân tộc';

/** A VAPID key pair, so the API says push is on and the phone offers notifications. */
function vapidKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
    subject: 'mailto:ban.tuyen.giao@example.vn',
  };
}

/**
 * Issue 12 at 360×740: a collaborator whose phone is open on her tasks sees a task assigned to
 * her arrive with a badge on the Tasks footer link and "Mới" on its card; opening the tasks
 * screen again clears the badge, for good on this phone. The offer of notifications shows
 * once push is on, and "Để sau" is remembered.
 */
describe('assignees see new tasks with a badge on their phone', () => {
  let system: WebSystem;
  let who: Collaborator;
  let context: BrowserContext;
  let page: Page;
  const found: string[] = [];

  const footer = () => page.getByRole('navigation', { name: 'Điều hướng chính' });
  const tasksLink = () => footer().getByRole('link', { name: /^Nhiệm vụ/ });
  const card = () => page.getByRole('article').filter({ hasText: TITLE });

  /** The app refetches when it comes back to the front: this is what a person switching apps does. */
  const comeBackToTheApp = () => page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));

  async function look(name: string) {
    await screenshot(page, name);
    found.push(...(await seriousAccessibilityViolations(page)).map((v) => `${name}: ${v}`));
  }

  beforeAll(async () => {
    system = await startWebSystem({ config: { webPush: vapidKeys() } });
    who = await seedCollaborator(system, 'hoa.ctv');
    context = await system.phone();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('starts with no tasks and no badge, and offers notifications once', async () => {
    await signIn(page, system, who.username);
    await page.getByText('Chưa có nhiệm vụ nào.').waitFor();
    expect(await tasksLink().textContent()).toBe('Nhiệm vụ');
    const offer = page.getByRole('region', { name: 'Nhận thông báo khi có nhiệm vụ mới' });
    await offer.waitFor();
    await offer.getByRole('button', { name: 'Bật thông báo' }).waitFor();
    await look('push-01-offer');
    await offer.getByRole('button', { name: 'Để sau' }).click();
    await offer.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByText('Chưa có nhiệm vụ nào.').waitFor();
    expect(await offer.count()).toBe(0);
  });

  it('shows the badge and "Mới" when a task is assigned while the app is open', async () => {
    await assignTask(system, who, { title: TITLE, kind: 'share', targetUrl: 'https://www.facebook.com/lantoa.demo/posts/7' });
    await until(async () => {
      await comeBackToTheApp();
      return (await card().count()) > 0;
    }, 'the new task on the phone', 30_000);
    await footer().getByRole('link', { name: /^Nhiệm vụ\s*, Nhiệm vụ mới: 1$/ }).waitFor();
    await card().getByText('Mới', { exact: true }).waitFor();
    await look('push-02-new-task');
  });

  it('keeps the badge on another screen and clears it when the tasks screen is opened', async () => {
    await footer().getByRole('link', { name: 'Tiến độ' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Tiến độ' }).waitFor();
    await footer().getByRole('link', { name: /^Nhiệm vụ\s*, Nhiệm vụ mới: 1$/ }).waitFor();
    await look('push-03-badge-elsewhere');
    await tasksLink().click();
    await card().waitFor();
    await footer().getByRole('link', { name: 'Nhiệm vụ', exact: true }).waitFor();
    expect(await tasksLink().textContent()).toBe('Nhiệm vụ');
    await look('push-04-seen');
    // Seen for good: after a reload the card is no longer new.
    await page.reload();
    await card().waitFor();
    await footer().getByRole('link', { name: 'Nhiệm vụ', exact: true }).waitFor();
    expect(await card().getByText('Mới', { exact: true }).count()).toBe(0);
  });

  it('has no serious accessibility violations on these screens', () => {
    expect(found).toEqual([]);
  });
});

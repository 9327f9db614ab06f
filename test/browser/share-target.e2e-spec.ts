import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { screenshot, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { actionsOf, Collaborator, seedCollaborator, serviceWorkerInControl, signInHere } from './support/journeys';

interface ShareTarget {
  action: string;
  method?: string;
  params: { title?: string; text?: string; url?: string };
}

/** The share target as the built manifest declares it: what Android's share sheet will open. */
function declaredShareTarget(system: WebSystem): ShareTarget {
  const manifest = JSON.parse(readFileSync(join(system.webAppDir, 'manifest.webmanifest'), 'utf8')) as { share_target?: ShareTarget };
  if (!manifest.share_target) throw new Error('the built manifest declares no share_target');
  return manifest.share_target;
}

/** The address the share sheet opens for a share, built from the manifest's own parameter names. */
function sharedAddress(target: ShareTarget, shared: { title?: string; text?: string; url?: string }): string {
  const query = new URLSearchParams();
  for (const key of ['title', 'text', 'url'] as const) {
    const name = target.params[key];
    if (name && shared[key] !== undefined) query.set(name, shared[key]!);
  }
  return `${target.action}?${query}`;
}

const logForm = (page: Page) => page.getByRole('heading', { level: 1, name: 'Ghi nhận hoạt động' });
const linkField = (page: Page) => page.getByRole('textbox', { name: 'Đường dẫn' });

/**
 * Issue 10, journey 3: opening the manifest's share target with a shared link (in `text`, as
 * the Facebook app sends it, or in `url`) shows the log form with the link and its platform,
 * signed in or not, online or not.
 */
describe('the share target: a link shared from another app opens the log form', () => {
  let system: WebSystem;
  let who: Collaborator;
  let target: ShareTarget;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];

  beforeAll(async () => {
    system = await startWebSystem();
    who = await seedCollaborator(system);
    target = declaredShareTarget(system);
    context = await system.phone();
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('is declared as a GET the app routes', () => {
    expect(target.method ?? 'GET').toBe('GET');
    expect(target.params.text ?? target.params.url).toBeTruthy();
  });

  it('signed out: asks to sign in, then shows the link shared in the text and its platform', async () => {
    const post = 'https://www.facebook.com/lantoa.demo/posts/pfbid02xyz';
    await page.goto(`${system.baseUrl}${sharedAddress(target, { title: 'Bài viết', text: `Xem bài này nhé ${post}` })}`);
    await page.getByRole('heading', { name: 'Đăng nhập Lan Tỏa' }).waitFor();
    // The person is told that what they shared is not lost by signing in first.
    const kept = page.getByRole('status').filter({ hasText: 'Đường dẫn bạn vừa chia sẻ được giữ lại' });
    expect(await kept.textContent()).toContain(post);
    await screenshot(page, 'j3-01-share-signed-out');
    await signInHere(page, who.username);
    await logForm(page).waitFor();
    expect(await linkField(page).inputValue()).toBe(post);
    await page.getByText('Nền tảng: Facebook').waitFor();
    await screenshot(page, 'j3-02-share-form');
  });

  it('signed in: a mobile link in the url parameter is shown, with its platform, and logged as a share', async () => {
    await serviceWorkerInControl(page);
    const post = 'https://m.facebook.com/story.php?story_fbid=1064&id=12350';
    await page.goto(`${system.baseUrl}${sharedAddress(target, { url: post, text: '' })}`);
    await logForm(page).waitFor();
    expect(await linkField(page).inputValue()).toBe(post);
    await page.getByText('Nền tảng: Facebook').waitFor();
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận.' }).waitFor();
    const actions = await actionsOf(system, who);
    expect(actions).toEqual([expect.objectContaining({ type: 'share', platform: 'facebook' })]);
  });

  it('recognises another platform’s link the same way', async () => {
    const video = 'https://www.tiktok.com/@lantoa.demo/video/7301234567890123456';
    await page.goto(`${system.baseUrl}${sharedAddress(target, { title: 'TikTok', text: video })}`);
    await logForm(page).waitFor();
    expect(await linkField(page).inputValue()).toBe(video);
    await page.getByText('Nền tảng: TikTok').waitFor();
  });

  it('offline: opens from the service worker and queues the share', async () => {
    await context.setOffline(true);
    const post = 'https://zalo.me/p/lantoa-offline-share';
    const opened = await page.goto(`${system.baseUrl}${sharedAddress(target, { text: post })}`);
    expect(opened?.fromServiceWorker()).toBe(true);
    await logForm(page).waitFor();
    expect(await linkField(page).inputValue()).toBe(post);
    await page.getByText('Nền tảng: Zalo').waitFor();
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu trên máy, sẽ tự gửi khi có mạng.' }).waitFor();
    await screenshot(page, 'j3-03-share-offline-queued');
    await context.setOffline(false);
    await page.getByRole('link', { name: '0 mục chờ gửi' }).waitFor();
    expect((await actionsOf(system, who)).map((a) => a.platform).sort()).toEqual(['facebook', 'zalo']);
    expect(csp).toEqual([]);
  });
});

import { createHash } from 'node:crypto';
import { BrowserContext, Page, Route } from 'playwright-core';
import { minimalPng } from '../support/evidence-files';
import { screenshot, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { actionsOf, Collaborator, reportsOf, seedCollaborator, serviceWorkerInControl, signIn, until } from './support/journeys';

const FIRST_SHARE = 'https://www.facebook.com/lan.ctv/posts/1001';
const SECOND_SHARE = 'https://zalo.me/p/lanctv-1002';
const HARMFUL_PAGE = 'https://www.tiktok.com/@tin.gia.hom.nay';

/** The header's queue counter, by the name a screen reader reads. */
const counter = (page: Page, count: number) => page.getByRole('link', { name: `${count} mục chờ gửi` });

/**
 * The first answer of a route is lost on the way back: the API wrote it, the phone never hears.
 * That is the case idempotency keys exist for: the sync must send the entry again and the API
 * must count it once.
 */
function loseFirstAnswer(page: Page, path: RegExp) {
  const seen = { calls: 0, lost: 0, statuses: [] as number[] };
  const handler = async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    seen.calls += 1;
    if (seen.lost > 0) return route.continue();
    const answer = await route.fetch();
    seen.statuses.push(answer.status());
    seen.lost += 1;
    await route.abort('connectionreset');
  };
  return { seen, install: () => page.route(path, handler) };
}

/**
 * Issue 10, journey 2 at 360×740: offline, a collaborator logs two shares and a report; a reload
 * while still offline opens from the service worker with the IndexedDB queue intact (3 waiting);
 * back online, each entry reaches the API exactly once although the first answers were lost.
 */
describe('the offline queue: logged without a network, sent once when it is back', () => {
  let system: WebSystem;
  let who: Collaborator;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  const png = minimalPng(32, 32, 0x33);
  let loggedBy: number;

  beforeAll(async () => {
    system = await startWebSystem();
    who = await seedCollaborator(system);
    context = await system.phone();
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  async function logShareOffline(url: string, reach?: number) {
    await page.getByRole('navigation').getByRole('link', { name: 'Ghi nhận' }).click();
    // The router renders the new arrival in a transition: the fresh form replaces the last one a moment later.
    await until(async () => (await page.getByRole('textbox', { name: 'Đường dẫn' }).inputValue()) === '', 'a fresh log form', 5_000);
    await page.getByRole('textbox', { name: 'Đường dẫn' }).fill(url);
    if (reach !== undefined) await page.getByRole('textbox', { name: 'Lượt tiếp cận (không bắt buộc)' }).fill(String(reach));
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu trên máy, sẽ tự gửi khi có mạng.' }).waitFor();
  }

  it('queues two shares and a report while offline', async () => {
    await signIn(page, system, who.username);
    await serviceWorkerInControl(page);
    await context.setOffline(true);

    await logShareOffline(FIRST_SHARE);
    await counter(page, 1).waitFor();
    await screenshot(page, 'j2-01-share-queued');
    // Straight to the next one: a fresh form, not the last one's, and no jump back to the tasks midway.
    await logShareOffline(SECOND_SHARE, 120);
    await counter(page, 2).waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo' }).click();
    await page.getByRole('textbox', { name: 'Đường dẫn trang' }).fill(HARMFUL_PAGE);
    await page.getByRole('combobox', { name: 'Loại vi phạm' }).click();
    await page.getByRole('option', { name: 'Thông tin sai sự thật' }).click();
    // Straight from the camera: a real button (a keyboard reaches it too) that opens the camera's file chooser.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Chụp ảnh' }).click()]);
    await chooser.setFiles({ name: 'anh-chup-man-hinh.png', mimeType: 'image/png', buffer: png });
    await page.getByText('anh-chup-man-hinh.png').waitFor();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu trên máy, sẽ tự gửi khi có mạng.' }).waitFor();
    await counter(page, 3).waitFor();
    loggedBy = Date.now();
    await screenshot(page, 'j2-02-report-queued');

    expect(await actionsOf(system, who)).toEqual([]);
    expect(await reportsOf(system, who)).toEqual([]);
  });

  it('reloads offline from the service worker, with the queue intact', async () => {
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await counter(page, 3).waitFor();
    await page.getByText('Chờ 3').waitFor();
    await screenshot(page, 'j2-03-reloaded-offline');
    await counter(page, 3).click();
    await page.getByRole('heading', { name: 'Chờ gửi' }).waitFor();
    await page.getByText(FIRST_SHARE).waitFor();
    await page.getByText(SECOND_SHARE).waitFor();
    await page.getByText(HARMFUL_PAGE).waitFor();
    await screenshot(page, 'j2-04-queue-offline');
  });

  it('back online, sends each entry exactly once although the first answers were lost', async () => {
    const batch = loseFirstAnswer(page, /\/api\/v1\/actions\/batch$/);
    const filing = loseFirstAnswer(page, /\/api\/v1\/reports$/);
    const upload = loseFirstAnswer(page, /\/api\/v1\/reports\/[^/]+\/evidence$/);
    for (const lossy of [batch, filing, upload]) await lossy.install();
    await context.setOffline(false);
    // The first sync reached the API, whose answers were lost: everything still waits.
    await until(async () => batch.seen.lost === 1 && filing.seen.lost === 1, 'the first batch and report answers to be lost');
    expect(batch.seen.statuses).toEqual([200]);
    expect(filing.seen.statuses).toEqual([201]);
    await counter(page, 3).waitFor();

    // A reload in the middle of it: the app resumes the session and sends the queue again. The
    // shares and the report go through (answered as replays); the evidence's answer is lost.
    await page.reload();
    await counter(page, 1).waitFor();
    await until(async () => upload.seen.lost === 1, 'the evidence answer to be lost');
    expect(upload.seen.statuses).toEqual([201]);
    // The app tries again by itself; the report already holds the file, so it is not sent twice.
    await counter(page, 0).waitFor({ timeout: 15_000 });
    await screenshot(page, 'j2-05-synced');
    expect({ batches: batch.seen.calls, filings: filing.seen.calls, uploads: upload.seen.calls }).toEqual({ batches: 2, filings: 2, uploads: 1 });

    const actions = await actionsOf(system, who);
    expect(actions.map((a) => a.url).sort()).toEqual([expect.stringContaining('facebook.com/lan.ctv/posts/1001'), expect.stringContaining('zalo.me/p/lanctv-1002')]);
    expect(actions.find((a) => a.url?.includes('zalo.me'))).toMatchObject({ platform: 'zalo', reach: 120 });
    // Counted when it was logged, not when it was sent.
    for (const action of actions) expect(Date.parse(action.occurredAt)).toBeLessThanOrEqual(loggedBy);
    const reports = await reportsOf(system, who);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ category: 'false_information' });
    expect(reports[0].evidence).toEqual([expect.objectContaining({ sha256: createHash('sha256').update(png).digest('hex') })]);
    expect(csp).toEqual([]);
  });
});

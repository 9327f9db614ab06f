import { BrowserContext, Page, Route } from 'playwright-core';
import { startWebSystem, watchCsp, WebSystem } from './support/browser';
import { actionsOf, assignTask, Collaborator, seedCollaborator, serviceWorkerInControl, signIn, until } from './support/journeys';

/** How long a held request waits for its twin from the other tab before it goes on alone. */
const TWIN_WAIT_MS = 1_500;

/**
 * Holds each POST to `path` until a second one arrives (or TWIN_WAIT_MS pass), then lets both
 * go at once: two tabs doing the same thing at the same moment, deterministically.
 */
async function releaseInPairs(context: BrowserContext, path: RegExp) {
  const seen = { calls: 0, statuses: [] as number[] };
  let pairArrived!: () => void;
  const pair = new Promise<void>((resolve) => (pairArrived = resolve));
  await context.route(path, async (route: Route) => {
    if (route.request().method() !== 'POST') return route.continue();
    seen.calls += 1;
    if (seen.calls === 2) pairArrived();
    await Promise.race([pair, new Promise((resolve) => setTimeout(resolve, TWIN_WAIT_MS))]);
    const answer = await route.fetch();
    seen.statuses.push(answer.status());
    await route.fulfill({ response: answer });
  });
  return seen;
}

const taskCard = (page: Page) => page.getByRole('article').filter({ hasText: 'Chia sẻ thông điệp Ngày hội đại đoàn kết' });

/**
 * Issue 10, journey 2's second resend: two tabs of the same phone. They resume at the same moment
 * without the refresh cookie's reuse detection signing the person out, and both send the same
 * queued entries at once, which the API counts once.
 */
describe('two tabs on one phone', () => {
  let system: WebSystem;
  let who: Collaborator;
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  let csp: string[][];

  beforeAll(async () => {
    system = await startWebSystem();
    who = await seedCollaborator(system);
    await assignTask(system, who, { title: 'Chia sẻ thông điệp Ngày hội đại đoàn kết', kind: 'share', targetUrl: 'https://www.facebook.com/lantoa.demo/posts/11' });
    context = await system.phone();
    first = await context.newPage();
    second = await context.newPage();
    csp = [await watchCsp(first), await watchCsp(second)];
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('resume at the same moment and both stay signed in', async () => {
    await signIn(first, system, who.username);
    await serviceWorkerInControl(first);
    const refresh = await releaseInPairs(context, /\/api\/v1\/auth\/web\/refresh$/);
    await Promise.all([first.reload(), second.goto(`${system.baseUrl}/`)]);
    await taskCard(first).waitFor();
    await taskCard(second).waitFor();
    expect(refresh.calls).toBe(2);
    expect(refresh.statuses).toEqual([200, 200]);
    await context.unroute(/\/api\/v1\/auth\/web\/refresh$/);
    // The family was not revoked: a third renewal still works.
    await first.reload();
    await taskCard(first).waitFor();
  });

  it('send the same queued shares at once, counted once', async () => {
    // The person looks at the first tab (a tab behind another is throttled and draws slowly).
    await first.bringToFront();
    await context.setOffline(true);
    for (const url of ['https://www.facebook.com/lan.ctv/posts/tab-1', 'https://www.facebook.com/lan.ctv/posts/tab-2']) {
      await first.getByRole('navigation').getByRole('link', { name: 'Ghi nhận' }).click();
      await first.getByRole('textbox', { name: 'Đường dẫn' }).fill(url);
      await first.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
      await first.getByRole('status').filter({ hasText: 'Đã lưu trên máy' }).waitFor();
    }
    await first.getByRole('link', { name: '2 mục chờ gửi' }).waitFor();
    const batch = await releaseInPairs(context, /\/api\/v1\/actions\/batch$/);
    await context.setOffline(false);
    await first.getByRole('link', { name: '0 mục chờ gửi' }).waitFor();
    await until(async () => batch.statuses.length === 2, 'both tabs’ batches to be answered');
    expect(batch.statuses).toEqual([200, 200]);
    const actions = await actionsOf(system, who);
    expect(actions.map((a) => a.url).sort()).toEqual([expect.stringContaining('posts/tab-1'), expect.stringContaining('posts/tab-2')]);
    expect(csp).toEqual([[], []]);
  });
});

import { createHash } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { bearer } from '../support';
import { minimalPng } from '../support/evidence-files';
import { screenshot, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { actionsOf, assignTask, Collaborator, copyToClipboard, phoneWithClipboard, reportsOf, seedCollaborator, signIn, until } from './support/journeys';

const SHARED_POST = 'https://www.facebook.com/lan.ctv/posts/pfbid0abc123';
const HARMFUL_PAGE = 'https://www.facebook.com/trang.gia.mao.123';

/**
 * Issue 10, journey 1 at 360×740: a collaborator signs in, sees a task, logs a share from it in
 * two taps with the link she just copied, and reports a page with a real PNG as evidence; the API
 * then holds the action, the completed assignment and the evidence's sha256.
 */
describe('a collaborator logs a share and reports a page from her phone', () => {
  let system: WebSystem;
  let who: Collaborator;
  let shareTask: { taskId: string; assignmentId: string };
  let reportTask: { taskId: string; assignmentId: string };
  let context: BrowserContext;
  let page: Page;
  let csp: string[];

  beforeAll(async () => {
    system = await startWebSystem();
    who = await seedCollaborator(system);
    shareTask = await assignTask(system, who, {
      title: 'Chia sẻ bài viết về an toàn giao thông dịp Tết',
      kind: 'share',
      instructions: 'Chia sẻ lên trang cá nhân kèm lời kêu gọi đội mũ bảo hiểm.',
      targetUrl: 'https://www.facebook.com/lantoa.demo/posts/1',
      dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    reportTask = await assignTask(system, who, {
      title: 'Báo cáo trang mạo danh cơ quan',
      kind: 'report_page',
      targetUrl: HARMFUL_PAGE,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    context = await phoneWithClipboard(system);
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('signs in and sees both tasks', async () => {
    await page.goto(`${system.baseUrl}/`);
    await screenshot(page, 'j1-01-sign-in');
    await signIn(page, system, who.username);
    await page.getByRole('heading', { name: 'Nhiệm vụ của tôi' }).waitFor();
    await page.getByRole('article').filter({ hasText: 'Chia sẻ bài viết về an toàn giao thông' }).waitFor();
    await page.getByRole('article').filter({ hasText: 'Báo cáo trang mạo danh' }).waitFor();
    await screenshot(page, 'j1-02-tasks');
  });

  it('logs the share in two taps, with the link from the clipboard', async () => {
    await copyToClipboard(page, SHARED_POST);
    const card = page.getByRole('article').filter({ hasText: 'Chia sẻ bài viết về an toàn giao thông' });
    await card.getByRole('button', { name: 'Đã chia sẻ' }).click(); // tap 1
    const url = page.getByRole('textbox', { name: 'Đường dẫn' });
    await url.waitFor();
    expect(await url.inputValue()).toBe(SHARED_POST);
    await page.getByText('Nền tảng: Facebook').waitFor();
    await screenshot(page, 'j1-03-log-form');
    await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click(); // tap 2
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận.' }).waitFor();
    await screenshot(page, 'j1-04-logged');

    // Back on the list, the task shows as done: no second tap counts it twice.
    const done = page.getByRole('article').filter({ hasText: 'Chia sẻ bài viết về an toàn giao thông' });
    await done.getByText('Đã xong').waitFor();
    expect(await done.getByRole('button', { name: 'Đã chia sẻ' }).count()).toBe(0);
    await screenshot(page, 'j1-05-task-done');

    const actions = await actionsOf(system, who);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: 'share', platform: 'facebook', taskId: shareTask.taskId });
    expect(actions[0].url).toContain('facebook.com/lan.ctv/posts/pfbid0abc123');
    const mine = await system.http.get('/api/v1/me/assignments').set(bearer(who.token)).query({ limit: 100 });
    const assignment = (mine.body.items as { id: string; status: string; completedAt: string | null }[]).find((a) => a.id === shareTask.assignmentId);
    expect(assignment).toMatchObject({ status: 'done', completedAt: actions[0].occurredAt });
  });

  it('reports the page of a report task with a PNG as evidence', async () => {
    const png = minimalPng(64, 48, 0x5a);
    const card = page.getByRole('article').filter({ hasText: 'Báo cáo trang mạo danh' });
    await card.getByRole('button', { name: 'Báo cáo trang' }).click();
    const url = page.getByRole('textbox', { name: 'Đường dẫn trang' });
    await url.waitFor();
    // The clipboard still holds the shared post; a report task opens with its own page.
    expect(await url.inputValue()).toBe(HARMFUL_PAGE);
    await page.getByRole('combobox', { name: 'Loại vi phạm' }).click();
    await page.getByRole('option', { name: 'Mạo danh' }).click();
    await page.getByRole('textbox', { name: 'Mô tả' }).fill('Trang dùng logo và tên của cơ quan để xin tiền ủng hộ.');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Bằng chứng/ }).click()]);
    await chooser.setFiles({ name: 'bang-chung.png', mimeType: 'image/png', buffer: png });
    await page.getByText('bang-chung.png').waitFor();
    await screenshot(page, 'j1-06-report-form');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã gửi báo cáo.' }).waitFor();
    await screenshot(page, 'j1-07-reported');
    await page.getByRole('link', { name: 'Về danh sách nhiệm vụ' }).click();
    await page.getByRole('heading', { name: 'Nhiệm vụ của tôi' }).waitFor();

    const reports = await reportsOf(system, who);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ category: 'impersonation', taskId: reportTask.taskId });
    expect(reports[0].evidence).toEqual([
      expect.objectContaining({ mediaType: 'image/png', sha256: createHash('sha256').update(png).digest('hex') }),
    ]);
    const assignment = await until(async () => {
      const mine = await system.http.get('/api/v1/me/assignments').set(bearer(who.token)).query({ limit: 100 });
      return (mine.body.items as { id: string; status: string }[]).find((a) => a.id === reportTask.assignmentId && a.status === 'done');
    }, 'the report task done');
    expect(assignment.status).toBe('done');
  });

  it('reported no Content-Security-Policy violation on any of these screens', () => {
    expect(csp).toEqual([]);
  });
});

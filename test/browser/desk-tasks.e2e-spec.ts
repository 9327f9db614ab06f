import { BrowserContext, Page } from 'playwright-core';
import { bearer, createUnit, createUser, login, seedAdmin } from '../support';
import { lookAtDeskScreen, startWebSystem, WebSystem } from './support/browser';
import { signIn, until } from './support/journeys';

const TASK_TITLE = 'Chia sẻ bài viết về phòng cháy chữa cháy';
const TASK_LINK = 'https://www.facebook.com/lantoa.demo/posts/pccc-2026';

/**
 * Issue 12, journey 1: a secretariat gives a task to a unit at the desk and sees how many people
 * it reaches before sending; the assignments appear; a collaborator logs a share for it on her
 * phone (a second browser context), and the desk's progress table shows it without a reload.
 *
 *   root ── Đoàn phường Bến Nghé ─┬─ Chi đoàn Khu phố 1 (Lan, Minh)
 *                                 └─ Chi đoàn Khu phố 2 (Nam)
 */
describe('the desk: a secretariat gives a task to a unit and follows its progress', () => {
  let system: WebSystem;
  let desk: BrowserContext;
  let page: Page;
  let phone: BrowserContext;
  let secretariat: { username: string; token: string };
  let lan: { id: string; username: string };
  const found: string[] = [];

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    const ward = await createUnit(system, 'Đoàn phường Bến Nghé', rootUnitId);
    const k1 = await createUnit(system, 'Chi đoàn Khu phố 1', ward.id);
    const k2 = await createUnit(system, 'Chi đoàn Khu phố 2', ward.id);
    const lanUser = await createUser(system, k1.id, ['collaborator'], 'lan.ctv');
    lan = { id: lanUser.id, username: 'lan.ctv' };
    await createUser(system, k1.id, ['collaborator'], 'minh.ctv');
    await createUser(system, k2.id, ['collaborator'], 'nam.ctv');
    await createUser(system, rootUnitId, ['secretariat'], 'tothuky');
    secretariat = { username: 'tothuky', token: await login(system.http, 'tothuky') };
    // One task already late, so that the list shows what an overdue task looks like.
    const late = await system.http
      .post('/api/v1/tasks')
      .set(bearer(secretariat.token))
      .send({ title: 'Báo cáo trang giả mạo UBND phường', kind: 'report_page', dueAt: new Date(Date.now() - 86_400_000).toISOString(), assignees: { orgUnitIds: [k2.id] } });
    expect(late.status).toBe(201);
    desk = await system.desk();
    await desk.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.baseUrl });
    page = await desk.newPage();
  });
  afterAll(async () => {
    await phone?.close();
    await desk?.close();
    await system?.shutdown();
  });

  it('lists the tasks, the late one marked overdue', async () => {
    await signIn(page, system, secretariat.username, { path: '/desk/tasks' });
    await page.getByRole('heading', { name: 'Nhiệm vụ đã giao', level: 1 }).waitFor();
    const late = page.getByRole('row').filter({ hasText: 'Báo cáo trang giả mạo UBND phường' });
    await late.getByText('Quá hạn').waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-tasks-list')));
  });

  it('fills the form and is told how many people the unit reaches before sending', async () => {
    await page.getByRole('link', { name: 'Giao nhiệm vụ mới' }).click();
    await page.getByRole('heading', { name: 'Giao nhiệm vụ mới', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Tên nhiệm vụ' }).fill(TASK_TITLE);
    await page.getByRole('textbox', { name: 'Hướng dẫn thực hiện' }).fill('Chia sẻ lên trang cá nhân, kèm lời nhắc kiểm tra bình chữa cháy.');
    await page.getByRole('radio', { name: 'Một đường dẫn' }).check();
    await page.getByRole('textbox', { name: 'Đường dẫn' }).fill(TASK_LINK);
    await page.getByLabel('Hạn hoàn thành').fill(inThreeDays());
    const unitPicker = page.getByRole('combobox', { name: 'Đơn vị (gồm mọi đơn vị cấp dưới)' });
    await unitPicker.click();
    await unitPicker.fill('Ben Nghe');
    await page.getByRole('option', { name: /Bến Nghé$/ }).click();
    await page.getByRole('list', { name: 'Đơn vị đã chọn' }).getByText(/Bến Nghé$/).waitFor();
    await page.getByRole('status').filter({ hasText: 'Sẽ giao cho 3 người' }).waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-tasks-new')));
  });

  it('sends it, follows the fan-out, and the assignments appear', async () => {
    await page.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã xong' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Xem tiến độ nhiệm vụ' }).click();
    await page.getByRole('heading', { name: TASK_TITLE, level: 1 }).waitFor();
    await unitRow(page, 'Chi đoàn Khu phố 1').waitFor();
    expect(await cellsOf(page, 'Chi đoàn Khu phố 1')).toEqual(['2', '0', '0', '2']);
    expect(await cellsOf(page, 'Chi đoàn Khu phố 2')).toEqual(['1', '0', '0', '1']);
    const pending = page.getByRole('table', { name: 'Chưa thực hiện' });
    await pending.getByText('Người dùng lan.ctv').waitFor();
  });

  it('shows a share logged on the collaborator’s phone without a reload', async () => {
    // A mark on this very document: a reload (or a navigation) would lose it.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    phone = await system.phone();
    const phonePage = await phone.newPage();
    await signIn(phonePage, system, lan.username);
    const card = phonePage.getByRole('article').filter({ hasText: TASK_TITLE });
    await card.getByRole('button', { name: 'Đã chia sẻ' }).click();
    const url = phonePage.getByRole('textbox', { name: 'Đường dẫn' });
    await url.waitFor();
    // No link on the clipboard: the form opens with the task's own link.
    expect(await url.inputValue()).toBe(TASK_LINK);
    await phonePage.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
    await phonePage.getByRole('status').filter({ hasText: 'Đã ghi nhận.' }).waitFor();

    // The desk page was never reloaded: its polling brings the change.
    await until(async () => (await cellsOf(page, 'Chi đoàn Khu phố 1')).join() === '2,1,0,1', 'Khu phố 1 to show one share done', 20_000);
    await page.getByRole('table', { name: 'Chưa thực hiện' }).getByText('Người dùng lan.ctv').waitFor({ state: 'detached' });
    expect(await page.locator('[data-figure="done"]').innerText()).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    found.push(...(await lookAtDeskScreen(page, 'desk-tasks-progress')));
  });

  it('copies who has not acted yet, one "name — unit" a line', async () => {
    await page.getByRole('button', { name: 'Sao chép danh sách' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã sao chép 2 người.' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe('Người dùng minh.ctv — Chi đoàn Khu phố 1\nNgười dùng nam.ctv — Chi đoàn Khu phố 2');
  });

  it('opens a unit of the table to see its own members, and comes back', async () => {
    await page.getByRole('button', { name: 'Xem các đơn vị trong Chi đoàn Khu phố 1' }).click();
    await unitRow(page, 'Trực tiếp tại Chi đoàn Khu phố 1').waitFor();
    expect(await cellsOf(page, 'Trực tiếp tại Chi đoàn Khu phố 1')).toEqual(['2', '1', '0', '1']);
    // The pending list follows the unit opened.
    await page.getByRole('table', { name: 'Chưa thực hiện' }).getByText('Người dùng nam.ctv').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '← Về Đoàn phường Bến Nghé' }).click();
    await unitRow(page, 'Chi đoàn Khu phố 2').waitFor();
  });

  it('closes the task after a confirmation', async () => {
    await page.getByRole('button', { name: 'Đóng nhiệm vụ' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng nhiệm vụ' }).click();
    await page.getByText('Đã đóng', { exact: true }).waitFor();
    const tasks = await system.http.get('/api/v1/tasks').query({ status: 'closed' }).set(bearer(secretariat.token));
    expect((tasks.body.items as { title: string }[]).map((task) => task.title)).toEqual([TASK_TITLE]);
  });

  it('filters the list down to the overdue tasks', async () => {
    await page.getByRole('navigation', { name: 'Các mục của bàn làm việc' }).getByRole('link', { name: 'Nhiệm vụ' }).click();
    await page.getByRole('row').filter({ hasText: TASK_TITLE }).waitFor();
    await page.getByRole('combobox', { name: 'Hiển thị' }).selectOption({ label: 'Quá hạn' });
    await page.getByRole('row').filter({ hasText: TASK_TITLE }).waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: 'Báo cáo trang giả mạo UBND phường' }).waitFor();
  });

  it('found no serious or critical accessibility problem on any screen', () => {
    expect(found).toEqual([]);
  });
});

/** The unit's row of the progress table. */
function unitRow(page: Page, name: string) {
  return page.getByRole('table', { name: 'Theo đơn vị' }).getByRole('row').filter({ hasText: name });
}

/** Given, done, declined and not yet, as the row shows them. */
async function cellsOf(page: Page, name: string): Promise<string[]> {
  const cells = await unitRow(page, name).getByRole('cell').allInnerTexts();
  return cells.slice(1).map((text) => text.trim());
}

/** A datetime-local value three days ahead, in Vietnam time. */
function inThreeDays(): string {
  const at = new Date(Date.now() + 3 * 86_400_000 + 7 * 3_600_000);
  return at.toISOString().slice(0, 16);
}

import { BrowserContext, Page } from 'playwright-core';
import { bearer, createUnit, createUser, PASSWORD, seedAdmin } from '../support';
import { lookAtDeskScreen, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { signInAtDesk } from './support/journeys';

const ADMIN_AREAS = ['Cây đơn vị', 'Nhật ký thao tác', 'Hệ thống'];

/**
 * Issue 12, journey 5: an admin moves a unit with the picker (seeing what the move carries),
 * and the tree shows it under its new parent, after a reload too; the audit log shows the move
 * as a diff; system status and Bull Board open for the admin. A secretariat gets no Bull Board
 * and no admin areas.
 */
describe('the admin console', () => {
  let system: WebSystem;
  let admin: BrowserContext;
  let page: Page;
  let csp: string[];
  const found: string[] = [];
  let units: { district: string; ward: string; hamlet: string; commune: string };
  let secretariatName: string;

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    const district = await createUnit(system, 'Quận Một', rootUnitId);
    const commune = await createUnit(system, 'Huyện Cần Giờ', rootUnitId);
    const ward = await createUnit(system, 'Phường Bến Nghé', district.id);
    const hamlet = await createUnit(system, 'Khu phố 3', ward.id);
    units = { district: district.id, ward: ward.id, hamlet: hamlet.id, commune: commune.id };
    await createUser(system, ward.id, ['collaborator']);
    await createUser(system, hamlet.id, ['collaborator']);
    secretariatName = (await createUser(system, district.id, ['secretariat', 'collaborator'], 'thu.ky')).username;
    admin = await system.desk();
    page = await admin.newPage();
    csp = await watchCsp(page);
    await signInAtDesk(page, system, 'admin', 'admin-password-1');
  });
  afterAll(async () => {
    await admin?.close();
    await system?.shutdown();
  });

  const unitItem = (id: string) => page.locator(`li[data-unit-id="${id}"]`);
  /** Opens an area from the menu, leaving the pointer off the menu (a hovered link is not what a screenshot is of). */
  async function openArea(name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Các mục của bàn làm việc' }).getByRole('link', { name }).click();
    await page.mouse.move(1000, 780);
    await page.getByRole('heading', { level: 1 }).waitFor();
  }

  it('moves a unit under another with the picker, after showing what it carries along', async () => {
    await openArea('Cây đơn vị');
    await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
    await unitItem(units.ward).getByText('Phường Bến Nghé', { exact: true }).first().waitFor();
    // The ward sits under the district before the move.
    expect(await unitItem(units.district).locator(`li[data-unit-id="${units.ward}"]`).count()).toBe(1);
    found.push(...(await lookAtDeskScreen(page, 'desk-admin-tree')));

    await page.getByRole('button', { name: 'Thao tác với Phường Bến Nghé' }).click();
    await page.getByRole('menuitem', { name: 'Chuyển' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chuyển Phường Bến Nghé' });
    await dialog.waitFor();
    await dialog.getByTestId('move-preview').getByText('Sẽ chuyển cùng 2 đơn vị (kể cả đơn vị này) và 2 thành viên.').waitFor();
    // Its own subtree is not offered: a unit cannot move under itself (every other unit is).
    const picker = dialog.getByRole('combobox', { name: /^Đơn vị cha mới/ });
    // Every trail starts with the root's name: typing it lists every unit the picker offers
    // (the current parent, Quận Một, is left out too: moving there changes nothing).
    await picker.fill('Tổ chức');
    await page.getByRole('option', { name: /Huyện Cần Giờ/ }).waitFor();
    expect(await page.getByRole('option', { name: /Quận Một$/ }).count()).toBe(0);
    expect(await page.getByRole('option', { name: /Khu phố 3/ }).count()).toBe(0);
    expect(await page.getByRole('option', { name: /Phường Bến Nghé/ }).count()).toBe(0);
    await picker.fill('Cần Giờ');
    await page.getByRole('option', { name: /Huyện Cần Giờ/ }).click();
    found.push(...(await lookAtDeskScreen(page, 'desk-admin-move')));
    await dialog.getByRole('button', { name: 'Chuyển' }).click();
    await dialog.waitFor({ state: 'detached' });

    await unitItem(units.commune).locator(`li[data-unit-id="${units.ward}"]`).waitFor();
    expect(await unitItem(units.district).locator(`li[data-unit-id="${units.ward}"]`).count()).toBe(0);
    const moved = await system.http.get(`/api/v1/org-units/${units.hamlet}`).set(bearer(await adminToken()));
    expect(moved.body.parentId).toBe(units.ward);

    await page.reload();
    await unitItem(units.commune).locator(`li[data-unit-id="${units.ward}"]`).waitFor();
    expect(await unitItem(units.commune).locator(`li[data-unit-id="${units.hamlet}"]`).count()).toBe(1);
  });

  it('adds a child unit and deactivates it; a unit with members cannot be deactivated', async () => {
    await page.getByRole('button', { name: 'Thao tác với Huyện Cần Giờ' }).click();
    await page.getByRole('menuitem', { name: 'Thêm đơn vị con' }).click();
    const add = page.getByRole('dialog', { name: 'Thêm đơn vị con vào Huyện Cần Giờ' });
    await add.getByRole('textbox', { name: /^Tên đơn vị/ }).fill('Tổ dân phố 9');
    await add.getByRole('button', { name: 'Lưu' }).click();
    await add.waitFor({ state: 'detached' });
    const added = unitItem(units.commune).locator('li').filter({ hasText: 'Tổ dân phố 9' });
    await added.waitFor();

    await page.getByRole('button', { name: 'Thao tác với Tổ dân phố 9' }).click();
    await page.getByRole('menuitem', { name: 'Ngừng hoạt động' }).click();
    const confirm = page.getByRole('dialog', { name: 'Ngừng hoạt động Tổ dân phố 9?' });
    await confirm.getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await confirm.waitFor({ state: 'detached' });
    await added.getByText('Ngừng hoạt động', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Thao tác với Khu phố 3' }).click();
    await page.getByRole('menuitem', { name: 'Ngừng hoạt động' }).click();
    const refused = page.getByRole('dialog', { name: 'Ngừng hoạt động Khu phố 3?' });
    await refused.getByRole('button', { name: 'Ngừng hoạt động' }).click();
    await refused.getByText(/^Không thể ngừng hoạt động: đơn vị còn thành viên/).waitFor();
    await page.mouse.move(1000, 780);
    found.push(...(await lookAtDeskScreen(page, 'desk-admin-deactivate-refused')));
    await refused.getByRole('button', { name: 'Hủy' }).click();
    const hamlet = await system.http.get(`/api/v1/org-units/${units.hamlet}`).set(bearer(await adminToken()));
    expect(hamlet.body.active).toBe(true);
  });

  it('finds the move in the audit log by its action, and shows what changed as a diff', async () => {
    await openArea('Nhật ký thao tác');
    await page.getByRole('heading', { level: 1, name: 'Nhật ký thao tác' }).waitFor();
    await page.getByRole('textbox', { name: 'Thao tác' }).fill('org-unit.update');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/action=org-unit\.update/);
    // The filter bar is drawn afresh for the new address: type into the new one, once the list follows it.
    await page.getByRole('row').filter({ hasText: 'org-unit.create' }).first().waitFor({ state: 'detached' });
    // Narrowed to the admin's own writes too, picked by name.
    await page.getByRole('combobox', { name: 'Người thực hiện' }).fill('Quản trị');
    await page.getByRole('option', { name: 'Quản trị viên (admin)' }).click();
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL(/actorId=\d+/);
    const rows = page.getByRole('row').filter({ hasText: 'org-unit.update' });
    await rows.first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'org-unit.create' }).count()).toBe(0);
    await rows.filter({ hasText: `Đơn vị #${units.ward}` }).getByRole('button', { name: /^Xem thay đổi/ }).click();
    await page.mouse.move(1000, 780);
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    const parentRow = diff.getByRole('row').filter({ hasText: 'parentId' });
    expect(await parentRow.locator('del').innerText()).toBe(units.district);
    expect(await parentRow.locator('ins').innerText()).toBe(units.commune);
    await diff.getByText(/Các trường không đổi/).waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-admin-audit')));
  });

  it('shows system status, and opens Bull Board in a new tab', async () => {
    await openArea('Hệ thống');
    await page.getByRole('heading', { level: 1, name: 'Tình trạng hệ thống' }).waitFor();
    await page.getByRole('heading', { name: 'Hàng đợi', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'tasks', exact: true }).first().waitFor();
    await page.getByText(/^Tính đến \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/).waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-admin-system')));

    const [board] = await Promise.all([admin.waitForEvent('page'), page.getByRole('button', { name: 'Mở Bull Board' }).click()]);
    const boardCsp = await watchCsp(board);
    await board.waitForURL(/\/admin\/queues$/);
    // The board draws its own queue list from /admin/queues/api/queues once the cookie lets it in.
    await board.getByText('takedown').first().waitFor({ timeout: 20_000 });
    expect(boardCsp.filter((line) => !/fonts\.googleapis/.test(line))).toEqual([]);
    await board.close();
  });

  it('gives a secretariat no Bull Board and no admin areas', async () => {
    const context = await system.desk();
    try {
      const other = await context.newPage();
      await signInAtDesk(other, system, secretariatName);
      const nav = other.getByRole('navigation', { name: 'Các mục của bàn làm việc' });
      await nav.getByRole('link', { name: 'Tổng quan' }).waitFor();
      const menu = await nav.getByRole('link').allInnerTexts();
      for (const area of ADMIN_AREAS) expect(menu).not.toContain(area);

      // The admin areas' addresses answer the desk's not-found screen: no "Mở Bull Board" to press.
      await other.goto(`${system.baseUrl}/desk/system`);
      await other.getByRole('heading', { name: 'Không tìm thấy trang này, hoặc nó nằm ngoài phạm vi của bạn.' }).waitFor();
      expect(await other.getByRole('button', { name: 'Mở Bull Board' }).count()).toBe(0);

      // Her own token does not open a session: 403 and no cookie.
      const token = (await system.http.post('/api/v1/auth/login').send({ username: secretariatName, password: PASSWORD })).body.accessToken as string;
      const session = await system.http.post('/api/v1/admin/queues/session').set(bearer(token));
      expect(session.status).toBe(403);
      expect(session.headers['set-cookie']).toBeUndefined();

      const answer = await other.goto(`${system.baseUrl}/admin/queues`);
      expect(answer?.status()).toBe(401);
      expect(await other.locator('#root').count()).toBe(0);
      expect(await other.locator('body').innerText()).toContain('Bull Board: open it from the desk');
    } finally {
      await context.close();
    }
  });

  it('found no serious accessibility problem and no CSP violation on the admin screens', () => {
    expect(found).toEqual([]);
    expect(csp).toEqual([]);
  });

  async function adminToken(): Promise<string> {
    const response = await system.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'admin-password-1' });
    return response.body.accessToken as string;
  }
});

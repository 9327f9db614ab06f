import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { createUnit, createUser, seedAdmin } from '../support';
import { lookAtDeskScreen, screenshot, startWebSystem, WebSystem } from './support/browser';
import { leaked } from './support/languages';
import { signInHere } from './support/journeys';

/** The menu entries each role finds at the desk (desk-areas.ts), in order. */
const SECRETARIAT_MENU = ['Tổng quan', 'Tìm kiếm', 'Nội dung', 'Nhiệm vụ', 'Trang xấu độc', 'Khảo sát', 'Văn bản chỉ đạo', 'Chỉ tiêu năm', 'Thành viên', 'Đội nhóm'];
const ADMIN_ONLY = ['Cây đơn vị', 'Nhật ký thao tác', 'Hệ thống'];

async function menuOf(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Các mục của bàn làm việc' });
  await nav.getByRole('link', { name: 'Tổng quan' }).waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim()).filter((text) => text !== 'Ứng dụng cộng tác viên');
}

/**
 * Issue 12: who works at the desk. A secretariat who signs in lands on /desk and finds the
 * secretariat's areas; an admin finds the admin's too; a collaborator never gets the desk, even
 * by typing its URL, and keeps the phone app.
 */
describe('the desk, by role', () => {
  let system: WebSystem;
  let context: BrowserContext;
  let usernames: { secretariat: string; collaborator: string };

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    const ward = await createUnit(system, 'Phường Bến Nghé', rootUnitId);
    usernames = {
      secretariat: (await createUser(system, ward.id, ['secretariat', 'collaborator'], 'thu.ky')).username,
      collaborator: (await createUser(system, ward.id, ['collaborator'], 'lan.ctv')).username,
    };
  });
  beforeEach(async () => {
    context = await system.desk();
  });
  afterEach(async () => {
    await context?.close();
  });
  afterAll(async () => {
    await system?.shutdown();
  });

  it('lands a secretariat on the desk, with the secretariat areas only', async () => {
    const page = await context.newPage();
    await page.goto(`${system.baseUrl}/`);
    await signInHere(page, usernames.secretariat);
    await page.waitForURL(/\/desk$/);
    await page.getByRole('heading', { level: 1, name: /^Xin chào/ }).waitFor();
    expect(await menuOf(page)).toEqual(SECRETARIAT_MENU);
    expect(await lookAtDeskScreen(page, 'desk-shell-home-secretariat')).toEqual([]);

    // The phone app is one link away, and its header leads back to the desk.
    await page.getByRole('banner').getByRole('link', { name: 'Ứng dụng cộng tác viên' }).click();
    await page.getByRole('heading', { name: 'Nhiệm vụ của tôi' }).waitFor();
    await page.getByRole('link', { name: /Lan Tỏa/ }).click();
    await page.waitForURL(/\/desk$/);
  });

  it('gives an admin the admin areas too', async () => {
    const page = await context.newPage();
    await page.goto(`${system.baseUrl}/`);
    await signInHere(page, 'admin', 'admin-password-1');
    await page.waitForURL(/\/desk$/);
    expect(await menuOf(page)).toEqual([...SECRETARIAT_MENU, ...ADMIN_ONLY]);
    await page.goto(`${system.baseUrl}/desk/no-such-area`);
    await page.getByRole('heading', { name: 'Không tìm thấy trang này, hoặc nó nằm ngoài phạm vi của bạn.' }).waitFor();
    expect(await lookAtDeskScreen(page, 'desk-shell-not-found')).toEqual([]);
  });

  it('never gives a collaborator the desk', async () => {
    const page = await context.newPage();
    await page.goto(`${system.baseUrl}/`);
    await signInHere(page, usernames.collaborator);
    await page.getByRole('heading', { name: 'Nhiệm vụ của tôi' }).waitFor();
    expect(page.url()).toBe(`${system.baseUrl}/`);
    await page.goto(`${system.baseUrl}/desk/tasks`);
    await page.getByRole('heading', { name: 'Nhiệm vụ của tôi' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Các mục của bàn làm việc' }).count()).toBe(0);
  });

  it("keeps the desk out of the phone's precache: the service worker lists the app shell, never assets/desk", async () => {
    const worker = await (await fetch(`${system.baseUrl}/sw.js`)).text();
    expect(worker).toMatch(/url:"assets\/index-[^"]+\.js"/);
    expect(worker).not.toContain('assets/desk/');
    const desk = readdirSync(join(system.webAppDir, 'assets', 'desk'));
    expect(desk.filter((file) => /^(DeskShell|TaskDeskArea)-.+\.js$/.test(file))).toHaveLength(2);
  });

  it('speaks English on every area when asked, with no Vietnamese phrase of the dictionary left', async () => {
    const page = await context.newPage();
    await page.goto(`${system.baseUrl}/`);
    await signInHere(page, 'admin', 'admin-password-1');
    await page.waitForURL(/\/desk$/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
    const areas = ['search', 'contents', 'tasks', 'tasks/new', 'pages', 'surveys', 'surveys/new', 'directives', 'targets', 'members', 'members/new', 'members/import', 'teams', 'units', 'audit', 'system'];
    const found: string[] = [];
    for (const area of areas) {
      await page.goto(`${system.baseUrl}/desk/${area}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      // People's names are data, not phrases: the first admin's, and the fixtures' "Người dùng <username>".
      const text = (await page.locator('body').innerText()).replaceAll('Quản trị viên', '').replace(/Người dùng \S+/g, '');
      found.push(...leaked(text, 'en').map((phrase) => `${area}: ${phrase}`));
      await screenshot(page, `desk-shell-en-${area.replace('/', '-')}`);
    }
    expect(found).toEqual([]);
  });
});

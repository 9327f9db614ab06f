import { BrowserContext, Page } from 'playwright-core';
import { bearer, createUnit, createUser, login, seedAdmin } from '../support';
import { lookAtDeskScreen, startWebSystem, WebSystem } from './support/browser';
import { signInAtDesk, until } from './support/journeys';

/** Ten paper questionnaires: the number typed for question 1 and 2, and the words for question 3 ('' = unanswered). */
const FORMS: [string, string, string][] = [
  ['1', '2', 'Cần thêm bài về an toàn giao thông'],
  ['2', '1', ''],
  ['3', '2', 'Tốt'],
  ['1', '1', ''],
  ['1', '2', 'Nên đăng vào buổi tối'],
  ['2', '2', ''],
  ['1', '1', 'Không có ý kiến'],
  ['3', '1', ''],
  ['1', '2', ''],
  ['2', '1', 'Đề nghị có thêm video ngắn'],
];

/**
 * Issue 12, journey 4: the secretariat creates a survey with three questions and two units, then
 * types ten questionnaires by keyboard alone; the unit's count on the screen and in the API is 10,
 * and the results show each question's counts.
 */
describe('the desk: a survey and its questionnaires typed by keyboard', () => {
  let system: WebSystem;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let units: { ward: string; school: string };
  let surveyId: string;
  const found: string[] = [];

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    const district = await createUnit(system, 'Quận Một', rootUnitId);
    units = {
      ward: (await createUnit(system, 'Phường Bến Nghé', district.id)).id,
      school: (await createUnit(system, 'Trường THPT Trưng Vương', district.id)).id,
    };
    const secretariat = await createUser(system, district.id, ['secretariat'], 'thu.ky');
    token = await login(system.http, secretariat.username);
    context = await system.desk();
    page = await context.newPage();
    await signInAtDesk(page, system, secretariat.username);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('creates a survey with its questions and participating units', async () => {
    await page.goto(`${system.baseUrl}/desk/surveys`);
    await page.getByRole('heading', { level: 1, name: 'Khảo sát' }).waitFor();
    await page.getByText('Chưa có khảo sát nào.').waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-surveys-list')));

    await page.getByRole('link', { name: 'Tạo khảo sát' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tạo khảo sát' }).waitFor();
    await page.getByLabel('Tên khảo sát').fill('Điều tra dư luận xã hội 2026');
    await page.getByLabel('Ngày bắt đầu').fill('2026-06-01');
    await page.getByLabel('Ngày kết thúc (không bắt buộc)').fill('2026-06-30');
    for (const name of ['Phường Bến Nghé', 'Trường THPT Trưng Vương']) {
      await page.getByRole('combobox', { name: 'Chọn đơn vị tham gia' }).fill(name.slice(0, 8));
      await page.getByRole('option', { name: new RegExp(name) }).click();
      await page.getByRole('button', { name: 'Thêm đơn vị' }).click();
      await page.getByRole('listitem').filter({ hasText: name }).waitFor();
    }
    await page.getByLabel('Nội dung câu hỏi 1').fill('Đồng chí có thường xuyên chia sẻ tin, bài không?');
    await page.getByLabel('Các phương án của câu hỏi 1 (mỗi dòng một phương án)').fill('Thường xuyên\nThỉnh thoảng\nChưa bao giờ');
    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await page.getByLabel('Nội dung câu hỏi 2').fill('Đồng chí có dùng Zalo không?');
    await page.getByLabel('Các phương án của câu hỏi 2 (mỗi dòng một phương án)').fill('Có\nKhông');
    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await page.getByLabel('Nội dung câu hỏi 3').fill('Góp ý khác');
    await page.getByLabel('Loại câu hỏi 3').selectOption('text');
    found.push(...(await lookAtDeskScreen(page, 'desk-surveys-new')));

    await page.getByRole('button', { name: 'Tạo khảo sát' }).click();
    await page.waitForURL(/\/desk\/surveys\/\d+$/);
    surveyId = page.url().split('/').pop()!;
    const stored = await system.http.get(`/api/v1/surveys/${surveyId}`).set(bearer(token));
    expect(stored.body).toMatchObject({
      title: 'Điều tra dư luận xã hội 2026',
      startsOn: '2026-06-01',
      endsOn: '2026-06-30',
      unitCount: 2,
      questions: [
        { id: 'q1', kind: 'choice', options: ['Thường xuyên', 'Thỉnh thoảng', 'Chưa bao giờ'] },
        { id: 'q2', kind: 'choice', options: ['Có', 'Không'] },
        { id: 'q3', kind: 'text' },
      ],
    });
    expect([...stored.body.orgUnitIds].sort()).toEqual([units.ward, units.school].sort());
  });

  it('types ten questionnaires with the keyboard alone, and the unit’s count shows 10', async () => {
    await page.getByRole('link', { name: 'Nhập phiếu' }).click();
    await page.getByRole('heading', { level: 1, name: /^Nhập phiếu:/ }).waitFor();
    await page.getByLabel('Đơn vị của phiếu').selectOption({ label: 'Quận Một › Phường Bến Nghé' });
    const count = page.getByTestId('unit-count');
    await until(async () => (await count.innerText()) === 'Đã nhập cho đơn vị Phường Bến Nghé: 0 phiếu', 'the count at 0');
    const first = page.getByLabel(/^1\. Đồng chí có thường xuyên/);
    await first.focus();
    for (const [i, [q1, q2, q3]] of FORMS.entries()) {
      await page.keyboard.type(q1);
      await page.keyboard.press('Tab');
      await page.keyboard.type(q2);
      await page.keyboard.press('Tab');
      if (q3) await page.keyboard.type(q3);
      await page.keyboard.press('Enter');
      // The last form gets a double Enter: it is saved once (a blank form is never sent).
      if (i === FORMS.length - 1) await page.keyboard.press('Enter');
      await until(async () => (await count.innerText()) === `Đã nhập cho đơn vị Phường Bến Nghé: ${i + 1} phiếu`, `the count at ${i + 1}`);
      // The next blank form, the cursor back on the first question, the unit kept.
      await until(() => first.evaluate((input) => document.activeElement === input && (input as HTMLInputElement).value === ''), 'focus on the blank first field');
      if (i === 0) found.push(...(await lookAtDeskScreen(page, 'desk-surveys-entry')));
    }
    expect(await page.getByLabel('Đơn vị của phiếu').inputValue()).toBe(units.ward);

    const listed = await system.http.get('/api/v1/questionnaires/units').set(bearer(token)).query({ surveyId });
    expect(listed.body.items).toEqual([{ orgUnitId: units.ward, orgUnitName: 'Phường Bến Nghé', questionnaires: 10 }]);
    const entered = await system.http.get('/api/v1/questionnaires').set(bearer(token)).query({ surveyId, limit: 100 });
    const answers = (entered.body.items as { answers: Record<string, unknown> }[]).map((q) => q.answers);
    expect(answers).toHaveLength(10);
    expect(answers).toEqual(
      expect.arrayContaining([{ q1: 0, q2: 1, q3: 'Cần thêm bài về an toàn giao thông' }, { q1: 1, q2: 0 }, { q1: 2, q2: 1, q3: 'Tốt' }]),
    );
  });

  it('refuses a blank form and a number that names no option, saving nothing', async () => {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByText('Phiếu trống: hãy nhập ít nhất một câu trả lời.').waitFor();
    const first = page.getByLabel(/^1\. Đồng chí có thường xuyên/);
    await first.focus();
    await page.keyboard.type('7');
    await page.keyboard.press('Control+Enter');
    await page.getByText('Gõ một số từ 1 đến 3, hoặc để trống.').first().waitFor();
    await page.keyboard.press('Backspace');
    const listed = await system.http.get('/api/v1/questionnaires/units').set(bearer(token)).query({ surveyId });
    expect(listed.body.items[0].questionnaires).toBe(10);
  });

  it('shows the results per question and the count per unit', async () => {
    await page.getByRole('link', { name: /Xem kết quả/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Điều tra dư luận xã hội 2026' }).waitFor();
    const q1 = page.getByRole('region', { name: /^1\. Đồng chí có thường xuyên/ });
    await q1.getByText('Số phiếu trả lời: 10/10').waitFor();
    const rows = async (region: typeof q1) =>
      (await region.getByRole('row').allInnerTexts()).slice(1).map((row) => row.split('\t').slice(0, 2).join(' '));
    expect(await rows(q1)).toEqual(['Thường xuyên 5', 'Thỉnh thoảng 3', 'Chưa bao giờ 2']);
    expect(await rows(page.getByRole('region', { name: /^2\. Đồng chí có dùng Zalo/ }))).toEqual(['Có 5', 'Không 5']);
    await page.getByRole('region', { name: /^3\. Góp ý khác/ }).getByText('Số phiếu trả lời: 5/10').waitFor();
    expect(await page.locator(`[data-unit-count="${units.ward}"]`).innerText()).toBe('10');
    expect(await page.locator(`[data-unit-count="${units.school}"]`).innerText()).toBe('0');
    found.push(...(await lookAtDeskScreen(page, 'desk-surveys-results')));
  });

  it('found no serious accessibility problem on any screen', () => {
    expect(found).toEqual([]);
  });
});

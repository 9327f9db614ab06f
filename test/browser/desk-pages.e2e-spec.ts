import { readFileSync, statSync } from 'node:fs';
import JSZip from 'jszip';
import { BrowserContext, Page } from 'playwright-core';
import { PageCaseStatus } from '@app/contracts';
import { bearer, createUnit, createUser, login, seedAdmin } from '../support';
import { minimalPdf, minimalPng } from '../support/evidence-files';
import { linkedCases } from '../support/takedowns';
import { lookAtDeskScreen, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { orgYear, signIn, until } from './support/journeys';

/** What SPEC allows from each status, written out here: a wrong table in the code must fail the test. */
const SPEC_MOVES = {
  new: ['verified', 'rejected'],
  verified: ['removal_requested'],
  removal_requested: ['removed', 'still_online'],
} as const;

/** The words the desk shows for each status (vi.ts caseStatus), to read what it offers. */
const STATUS_WORDS: Record<PageCaseStatus, string> = {
  new: 'Mới tiếp nhận',
  verified: 'Đã xác minh',
  rejected: 'Bị từ chối',
  removal_requested: 'Đã đề nghị gỡ bỏ',
  removed: 'Đã gỡ bỏ',
  still_online: 'Vẫn còn trên mạng',
};

const MAIN_PAGE = 'https://www.facebook.com/trang.mao.danh.ubnd';
/** The case's page as the API files it (canonical: no www). */
const MAIN_CASE_URL = 'https://facebook.com/trang.mao.danh.ubnd';
const BULK_PAGES = ['https://www.facebook.com/lua.dao.viec.lam', 'https://www.tiktok.com/@lua.dao.qua.tang'];
const BULK_PATHS = ['lua.dao.viec.lam', '@lua.dao.qua.tang'];

/**
 * Issue 12, journey 2 at the desk: the secretariat takes a page case through verified →
 * removal_requested, opens its evidence (a PNG inline, a PDF in the browser's viewer), downloads
 * the takedown package, and verifies two other cases from the queue in one go. The case page
 * offers exactly the moves the workflow allows, never an invalid one.
 */
describe('the secretariat reviews page cases at the desk', () => {
  let system: WebSystem;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  let secretariatToken: string;
  let mainCase: string;
  let bulkCases: string[];
  const found: string[] = [];

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    const ward = await createUnit(system, 'Phường Bến Nghé', rootUnitId);
    await createUser(system, ward.id, ['secretariat'], 'thu.ky');
    await createUser(system, ward.id, ['collaborator'], 'lan.ctv');
    secretariatToken = await login(system.http, 'thu.ky');
    const reporter = await login(system.http, 'lan.ctv');
    const file = async (url: string, category: string, description?: string) => {
      const answer = await system.http.post('/api/v1/reports').set(bearer(reporter)).send({ url, category, description });
      if (answer.status !== 201) throw new Error(`POST /reports: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.id as string;
    };
    const mainReport = await file(MAIN_PAGE, 'impersonation', 'Trang giả danh UBND phường, kêu gọi chuyển tiền.');
    const bulkReports = [await file(BULK_PAGES[0], 'scam'), await file(BULK_PAGES[1], 'scam')];
    for (const [bytes, name] of [[minimalPng(480, 300, 0x5a), 'anh-chup.png'], [minimalPdf(), 'bien-ban.pdf']] as const) {
      const attached = await system.http.post(`/api/v1/reports/${mainReport}/evidence`).set(bearer(reporter)).attach('file', bytes, name);
      if (attached.status !== 201) throw new Error(`POST evidence: ${attached.status} ${JSON.stringify(attached.body)}`);
    }
    const linked = await linkedCases(system, [mainReport, ...bulkReports]);
    mainCase = linked[mainReport];
    bulkCases = bulkReports.map((id) => linked[id]);
    context = await system.desk();
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  const statusOf = async (id: string) =>
    (await system.http.get(`/api/v1/pages/${id}`).set(bearer(secretariatToken))).body.status as PageCaseStatus;
  const queueRow = (url: string) => page.getByRole('row').filter({ hasText: url });
  const moveGroup = () => page.getByRole('radiogroup', { name: 'Chuyển sang' });

  /** The statuses the case page offers now, read from the labels of its choices. */
  async function offered(): Promise<string[]> {
    return moveGroup()
      .getByRole('radio')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''));
  }

  async function move(to: PageCaseStatus, fields: { note?: string; platformRef?: string } = {}): Promise<void> {
    await moveGroup().getByRole('radio', { name: STATUS_WORDS[to] }).check();
    if (fields.note) await page.getByRole('textbox', { name: 'Ghi chú' }).fill(fields.note);
    if (fields.platformRef) await page.getByRole('textbox', { name: 'Mã tham chiếu của nền tảng' }).fill(fields.platformRef);
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: `Đã chuyển sang: ${STATUS_WORDS[to]}` }).waitFor();
  }

  it('opens the queue of reported pages, filtered by category', async () => {
    await signIn(page, system, 'thu.ky', { path: '/desk/pages' });
    await page.getByRole('heading', { level: 1, name: 'Duyệt trang xấu độc' }).waitFor();
    await queueRow('trang.mao.danh.ubnd').waitFor();
    expect(await page.getByRole('row').count()).toBe(4); // the header and three cases
    // The reported page is never a link of its own: the row's one link opens the case page.
    expect(await page.locator('main a[href^="http"]').count()).toBe(0);

    await page.getByRole('combobox', { name: 'Loại vi phạm' }).click();
    await page.getByRole('option', { name: 'Lừa đảo' }).click();
    await page.waitForURL(/category=scam/);
    await until(async () => (await page.getByRole('row').count()) === 3, 'the two scam cases alone');
    expect(await queueRow('trang.mao.danh.ubnd').count()).toBe(0);
    found.push(...(await lookAtDeskScreen(page, 'desk-pages-queue')));

    await page.getByRole('combobox', { name: 'Loại vi phạm' }).click();
    await page.getByRole('option', { name: 'Tất cả' }).click();
    await queueRow('trang.mao.danh.ubnd').waitFor();
  });

  it('offers a new case exactly the workflow’s moves, and never removal_requested', async () => {
    await queueRow('trang.mao.danh.ubnd').getByRole('link').click();
    await page.waitForURL(new RegExp(`/desk/pages/${mainCase}$`));
    await page.getByRole('heading', { level: 1, name: MAIN_CASE_URL }).waitFor();
    await page.getByText('Trang giả danh UBND phường, kêu gọi chuyển tiền.').waitFor();
    await moveGroup().waitFor();
    expect(await offered()).toEqual(SPEC_MOVES.new.map((s) => STATUS_WORDS[s]));
    expect(await offered()).not.toContain(STATUS_WORDS.removal_requested);
    // No package before removal is requested.
    expect(await page.getByRole('button', { name: 'Tải gói gỡ bỏ' }).count()).toBe(0);
  });

  it('verifies the case, then requests removal with the platform’s reference', async () => {
    await move('verified', { note: 'Đã đối chiếu với trang chính thức của phường.' });
    expect(await statusOf(mainCase)).toBe('verified');
    await until(async () => JSON.stringify(await offered()) === JSON.stringify(SPEC_MOVES.verified.map((s) => STATUS_WORDS[s])), 'the moves of a verified case');
    expect(await offered()).not.toContain(STATUS_WORDS.rejected);

    await move('removal_requested', { platformRef: 'FB-REPORT-20261204-77' });
    expect(await statusOf(mainCase)).toBe('removal_requested');
    await until(
      async () => JSON.stringify(await offered()) === JSON.stringify(SPEC_MOVES.removal_requested.map((s) => STATUS_WORDS[s])),
      'the moves of a case whose removal was requested',
    );

    const history = page.getByRole('region', { name: 'Lịch sử xử lý' });
    await history.getByText('Mã tham chiếu: FB-REPORT-20261204-77').waitFor();
    await history.getByText('Ghi chú: Đã đối chiếu với trang chính thức của phường.').waitFor();
    await history.getByText(`${STATUS_WORDS.new} → ${STATUS_WORDS.verified}`).waitFor();
    await history.getByText(`${STATUS_WORDS.verified} → ${STATUS_WORDS.removal_requested}`).waitFor();
    // Attributed: each change names who made it and from which unit.
    expect(await history.getByText(/\(Phường Bến Nghé\)/).count()).toBe(2);
  });

  it('opens the PNG evidence inline and the PDF in the browser’s viewer', async () => {
    await page.getByRole('button', { name: 'Xem bằng chứng 1' }).click();
    const image = page.getByRole('img', { name: 'Bằng chứng 1 của báo cáo' });
    await image.waitFor();
    await until(async () => (await image.evaluate((img) => (img as HTMLImageElement).naturalWidth)) > 0, 'the evidence image to load');
    expect(await image.getAttribute('src')).toMatch(/^blob:/);

    // What the viewer is given is a PDF (the page's CSP keeps a test from reading the blob
    // back, so the answer it was made from is checked instead).
    const [answer] = await Promise.all([
      page.waitForResponse((response) => /\/api\/v1\/reports\/\d+\/evidence\/[0-9a-f-]+$/.test(response.url())),
      page.getByRole('button', { name: 'Xem bằng chứng 2' }).click(),
    ]);
    expect(answer.headers()['content-type']).toMatch(/^application\/pdf/);
    const pdf = page.locator('iframe[title="Bằng chứng 2 (PDF)"]');
    await pdf.waitFor();
    expect(await pdf.getAttribute('src')).toMatch(/^blob:/);
  });

  it('downloads the takedown package', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải gói gỡ bỏ' }).click()]);
    expect(download.suggestedFilename()).toBe(`ho-so-go-bo-trang-${mainCase}.docx`);
    const saved = await download.path();
    expect(saved && statSync(saved).size).toBeGreaterThan(0);
    // A Word document (a zip) about this case: its page and the platform's reference.
    const zip = await JSZip.loadAsync(readFileSync(saved!));
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('trang.mao.danh.ubnd');
    expect(document).toContain('FB-REPORT-20261204-77');
    found.push(...(await lookAtDeskScreen(page, 'desk-pages-case')));
  });

  it('verifies the two other cases from the queue in one go', async () => {
    await page.getByRole('link', { name: /Về danh sách hồ sơ/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Duyệt trang xấu độc' }).waitFor();
    // The case whose removal was requested cannot be selected: only new cases are verified in bulk.
    await queueRow('trang.mao.danh.ubnd').filter({ hasText: STATUS_WORDS.removal_requested }).waitFor();
    expect(await queueRow('trang.mao.danh.ubnd').getByRole('checkbox').isDisabled()).toBe(true);
    for (const url of BULK_PATHS) await queueRow(url).getByRole('checkbox').check();
    await page.getByText('Đã chọn: 2').waitFor();
    await page.getByRole('group', { name: 'Xử lý các hồ sơ đã chọn' }).getByRole('button', { name: 'Xác minh' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã chuyển: 2. Không chuyển được: 0.' }).waitFor();
    for (const id of bulkCases) expect(await statusOf(id)).toBe('verified');
    for (const url of BULK_PATHS) await queueRow(url).filter({ hasText: STATUS_WORDS.verified }).waitFor();
    found.push(...(await lookAtDeskScreen(page, 'desk-pages-queue-after-bulk')));
  });

  it('filters the queue by status, year and due re-check', async () => {
    const choose = async (filter: string, option: string) => {
      await page.getByRole('combobox', { name: filter }).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await choose('Tình trạng', STATUS_WORDS.verified);
    await page.waitForURL(/status=verified/);
    await until(async () => (await page.getByRole('row').count()) === 3, 'the two verified cases alone');
    expect(await queueRow('trang.mao.danh.ubnd').count()).toBe(0);

    await choose('Tình trạng', 'Tất cả');
    await choose('Năm có báo cáo', '2020');
    await page.getByText('Không có hồ sơ nào khớp bộ lọc.').waitFor();
    await choose('Năm có báo cáo', String(orgYear()));
    await queueRow('trang.mao.danh.ubnd').waitFor();

    // Nothing has waited long enough in removal_requested to be due for a re-check.
    await page.getByRole('switch', { name: 'Chỉ hồ sơ đến hạn kiểm tra lại' }).click();
    await page.waitForURL(/due=true/);
    await page.getByText('Không có hồ sơ nào khớp bộ lọc.').waitFor();
  });

  it('says so when someone else moved the case meanwhile, and offers the moves from its new status', async () => {
    await page.goto(`${system.baseUrl}/desk/pages/${bulkCases[0]}`);
    await moveGroup().waitFor();
    expect(await offered()).toEqual(SPEC_MOVES.verified.map((s) => STATUS_WORDS[s]));
    const elsewhere = await system.http.patch(`/api/v1/pages/${bulkCases[0]}`).set(bearer(secretariatToken)).send({ status: 'removal_requested' });
    expect(elsewhere.status).toBe(200);

    await moveGroup().getByRole('radio', { name: STATUS_WORDS.removal_requested }).check();
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('status').filter({ hasText: 'Hồ sơ vừa được người khác thay đổi.' }).waitFor();
    await until(
      async () => JSON.stringify(await offered()) === JSON.stringify(SPEC_MOVES.removal_requested.map((s) => STATUS_WORDS[s])),
      'the moves from the status someone else set',
    );
    expect(await statusOf(bulkCases[0])).toBe('removal_requested');
  });

  it('found no serious accessibility problem and no policy violation on its screens', () => {
    expect(found).toEqual([]);
    expect(csp).toEqual([]);
  });
});

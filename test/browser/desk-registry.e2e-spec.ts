import { BrowserContext, Page } from 'playwright-core';
import { UsersService } from '@app/identity';
import { bearer, createUnit, login, PASSWORD, seedAdmin } from '../support';
import { lookAtDeskScreen, startWebSystem, WebSystem } from './support/browser';
import { orgYear, signInAtDesk, until } from './support/journeys';

const POST_URL = 'https://www.baochinhphu.vn/tuyen-truyen-nghi-quyet-dai-hoi.htm';
const POST_TITLE = 'Tuyên truyền Nghị quyết Đại hội';

/**
 * Issue 12, the registry journey at the desk: a secretariat finds "Nguyễn Minh Đức" by typing
 * "Duc", adds a website post, is led to it when adding its link again, records its interactions,
 * a directive and the year's target; the API holds each of them afterwards.
 */
describe('a secretariat searches, keeps the content registry, the directives and the targets', () => {
  let system: WebSystem;
  let context: BrowserContext;
  let page: Page;
  let secretariat: { id: string; token: string };
  let wardId: string;
  let contentId: string;
  const found: string[] = [];
  const year = orgYear();

  beforeAll(async () => {
    system = await startWebSystem();
    const { rootUnitId } = await seedAdmin(system);
    wardId = (await createUnit(system, 'Phường Bến Nghé', rootUnitId)).id;
    const users = system.app.get(UsersService);
    const thuKy = await users.create(null, {
      username: 'thu.ky',
      password: PASSWORD,
      fullName: 'Lê Thị Thư',
      orgUnitId: wardId,
      roles: ['secretariat', 'collaborator'],
    });
    await users.create(null, { username: 'duc.nm', password: PASSWORD, fullName: 'Nguyễn Minh Đức', orgUnitId: wardId, roles: ['collaborator'] });
    secretariat = { id: thuKy.id, token: await login(system.http, 'thu.ky') };
    context = await system.desk();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  const api = (path: string) => system.http.get(`/api/v1${path}`).set(bearer(secretariat.token));

  it('signs in at the desk and finds "Nguyễn Minh Đức" by typing "Duc"', async () => {
    await signInAtDesk(page, system, 'thu.ky');
    await page.getByRole('navigation', { name: 'Các mục của bàn làm việc' }).getByRole('link', { name: 'Tìm kiếm' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tìm kiếm' }).waitFor();
    await page.getByRole('searchbox', { name: /Tìm người/ }).fill('Duc');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    const people = page.getByRole('region', { name: 'Thành viên' });
    const duc = people.getByRole('link', { name: 'Nguyễn Minh Đức' });
    await duc.waitFor();
    expect(await duc.getAttribute('href')).toMatch(/^\/desk\/members\/\d+$/);
    await page.getByRole('region', { name: 'Nhiệm vụ' }).getByText('Không có kết quả.').waitFor();
    expect(page.url()).toContain('q=Duc');
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-search')));
  });

  it('adds a website post to the registry', async () => {
    await page.goto(`${system.baseUrl}/desk/contents`);
    await page.getByRole('heading', { level: 1, name: 'Sổ nội dung' }).waitFor();
    await page.getByText('Chưa có nội dung nào.').waitFor();
    await page.getByRole('link', { name: 'Thêm nội dung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thêm nội dung vào sổ' }).waitFor();
    await page.getByLabel('Tiêu đề').fill(POST_TITLE);
    await page.getByLabel('Đường dẫn (URL)').fill(POST_URL);
    await page.getByLabel('Thời điểm đăng').fill(`${year}-03-01T09:30`);
    await page.getByLabel('Lượt tương tác').fill('15');
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-content-form')));
    await page.getByRole('button', { name: 'Lưu nội dung' }).click();
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    contentId = /\/desk\/contents\/(\d+)$/.exec(page.url())?.[1] ?? '';
    expect(contentId).toMatch(/^\d+$/);
    const stored = await api(`/contents/${contentId}`);
    expect(stored.body).toMatchObject({ kind: 'website_post', title: POST_TITLE, url: POST_URL, interactions: 15 });
    expect(new Date(stored.body.publishedAt).toISOString()).toBe(`${year}-03-01T02:30:00.000Z`);
  });

  it('leads to the existing item when the same link is added again', async () => {
    const before = (await api('/contents?limit=200')).body.items.length;
    await page.goto(`${system.baseUrl}/desk/contents/new`);
    await page.getByLabel('Tiêu đề').fill('Một tiêu đề khác');
    await page.getByLabel('Đường dẫn (URL)').fill(`${POST_URL}?utm_source=zalo`);
    await page.getByRole('button', { name: 'Lưu nội dung' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Đường dẫn này đã có trong sổ nội dung' });
    await alert.waitFor();
    await alert.getByRole('link', { name: 'Mở nội dung đã có' }).click();
    await page.waitForURL(new RegExp(`/desk/contents/${contentId}$`));
    await page.getByRole('heading', { level: 1, name: POST_TITLE }).waitFor();
    expect((await api('/contents?limit=200')).body.items.length).toBe(before);
  });

  it('records the post’s latest interaction count', async () => {
    await page.getByLabel('Lượt tương tác').fill('2490');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu thay đổi.').waitFor();
    await until(async () => (await page.getByTestId('content-interactions').innerText()) === '2.490', 'the count shown as 2.490');
    expect((await api(`/contents/${contentId}`)).body.interactions).toBe(2490);
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-content-detail')));
  });

  it('lists and searches the registry', async () => {
    await page.getByRole('link', { name: /Về sổ nội dung/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Sổ nội dung' }).waitFor();
    await page.getByRole('searchbox', { name: 'Tìm trong sổ nội dung' }).fill('nghi quyet dai hoi');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/q=nghi/);
    const row = page.getByRole('row').filter({ hasText: POST_TITLE });
    await row.waitFor();
    expect(await row.innerText()).toContain('2.490');
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-content-list')));
    await page.getByRole('searchbox', { name: 'Tìm trong sổ nội dung' }).fill('khong co bai nay');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Không có nội dung nào khớp.').waitFor();
  });

  it('records a directive', async () => {
    await page.goto(`${system.baseUrl}/desk/directives`);
    await page.getByRole('heading', { level: 1, name: 'Văn bản chỉ đạo' }).waitFor();
    await page.getByText('Chưa có văn bản nào trong năm này.').waitFor();
    await page.getByLabel('Số, ký hiệu').fill('15-CV/ĐUK');
    await page.getByLabel('Ngày ban hành').fill(`${year}-03-15`);
    await page.getByLabel('Trích yếu').fill('Hướng dẫn công tác đấu tranh phản bác quan điểm sai trái');
    await page.getByRole('button', { name: 'Ghi nhận văn bản' }).click();
    await page.getByRole('status').filter({ hasText: 'Đã ghi nhận văn bản' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: '15-CV/ĐUK' });
    await row.waitFor();
    expect(await row.innerText()).toContain(`15/03/${year}`);
    const stored = (await api(`/directives?year=${year}`)).body.items;
    expect(stored).toEqual([expect.objectContaining({ number: '15-CV/ĐUK', issuedOn: `${year}-03-15`, orgUnitId: wardId })]);
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-directives')));
  });

  it('sets the year’s target for the ward', async () => {
    await page.goto(`${system.baseUrl}/desk/targets`);
    await page.getByRole('heading', { level: 1, name: 'Chỉ tiêu năm' }).waitFor();
    await page.getByText('Chưa đặt chỉ tiêu nào cho năm này.').waitFor();
    await page.getByRole('combobox', { name: 'Áp dụng cho đơn vị' }).fill('ben nghe');
    await page.getByRole('option', { name: /Phường Bến Nghé/ }).click();
    await page.getByLabel('Số hoạt động tối thiểu mỗi thành viên').fill('100');
    await page.getByRole('checkbox', { name: 'Bình luận' }).check();
    await page.getByRole('button', { name: 'Lưu chỉ tiêu' }).click();
    await page.getByRole('status').filter({ hasText: `Đã lưu chỉ tiêu năm ${year}` }).waitFor();
    await page.getByTestId(`target-${wardId}`).waitFor();
    expect(await page.getByTestId(`target-${wardId}`).innerText()).toBe('100');
    const stored = (await api(`/targets?year=${year}`)).body.items;
    expect(stored).toEqual([expect.objectContaining({ orgUnitId: wardId, perMember: 100, actionTypes: ['share', 'post', 'comment'] })]);
    found.push(...(await lookAtDeskScreen(page, 'desk-registry-targets')));
  });

  it('meets the accessibility rules on every screen', () => {
    expect(found).toEqual([]);
  });
});

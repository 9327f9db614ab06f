import { UsersService } from '@app/identity';
import { bearer, createUnit, login, PASSWORD, seedAdmin, startTestSystem, TestSystem } from '../support';
import { linkedCases } from '../support/takedowns';

/** The five lists `q` searches, each with the name of what it matches on. */
const LISTS = ['users', 'teams', 'contents', 'tasks', 'pages'] as const;
type List = (typeof LISTS)[number];

describe('search (q) over users, teams, contents, tasks and page cases', () => {
  let system: TestSystem;
  let adminToken: string;
  let unitA: string;
  let unitB: string;
  let secretariatA: { id: string; token: string };
  let secretariatB: { id: string; token: string };
  const ids: Record<'duc' | 'an' | 'van' | 'binh', string> = { duc: '', an: '', van: '', binh: '' };
  const inScopeOfA: Record<List, string> = { users: '', teams: '', contents: '', tasks: '', pages: '' };
  const outOfScopeOfA: Record<List, string> = { users: '', teams: '', contents: '', tasks: '', pages: '' };

  const person = async (orgUnitId: string, fullName: string, roles: ('collaborator' | 'secretariat')[] = ['collaborator']) => {
    const username = `p${Math.random().toString(36).slice(2, 10)}`;
    const user = await system.app.get(UsersService).create(null, { username, password: PASSWORD, fullName, orgUnitId, roles });
    return { id: user.id, token: await login(system.http, username) };
  };
  const list = (token: string, route: List, q: string, extra = '') =>
    system.http.get(`/api/v1/${route}?q=${encodeURIComponent(q)}${extra}`).set(bearer(token));
  const idsOf = (body: { items: { id: string }[] }) => body.items.map((item) => item.id);

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    unitA = (await createUnit(system, 'Đảng bộ Phường Đức Giang', admin.rootUnitId)).id;
    unitB = (await createUnit(system, 'Đảng bộ Xã Đức Hòa', admin.rootUnitId)).id;
    secretariatA = await person(unitA, 'Lê Thư Ký', ['secretariat']);
    secretariatB = await person(unitB, 'Phạm Thư Ký', ['secretariat']);
    const duc = await person(unitA, 'Nguyễn Minh Đức');
    ids.duc = duc.id;
    ids.an = (await person(unitA, 'Nguyễn Văn An')).id;
    ids.van = (await person(unitA, 'Nguyễn Thị Vân')).id;
    const binh = await person(unitB, 'Trần Đức Bình');
    ids.binh = binh.id;
    inScopeOfA.users = ids.duc;
    outOfScopeOfA.users = ids.binh;

    const team = (token: string, name: string, orgUnitId: string) =>
      system.http.post('/api/v1/teams').set(bearer(token)).send({ name, orgUnitId });
    inScopeOfA.teams = (await team(secretariatA.token, 'Tổ cộng tác viên Đức Giang', unitA)).body.id;
    outOfScopeOfA.teams = (await team(secretariatB.token, 'Tổ cộng tác viên Đức Hòa', unitB)).body.id;
    await team(secretariatA.token, 'Tổ thư ký phường', unitA);

    const content = (token: string, title: string, path: string) =>
      system.http
        .post('/api/v1/contents')
        .set(bearer(token))
        .send({ kind: 'article', title, url: `https://www.baochinhphu.vn/${path}`, publishedAt: '2026-03-01T09:30:00+07:00' });
    inScopeOfA.contents = (await content(secretariatA.token, 'Gương sáng Đức Giang', 'guong-sang-a')).body.id;
    outOfScopeOfA.contents = (await content(secretariatB.token, 'Gương sáng Đức Hòa', 'guong-sang-b')).body.id;
    await content(secretariatA.token, 'Nghị quyết Đại hội', 'nghi-quyet');

    const task = (token: string, title: string, userId: string) =>
      system.http.post('/api/v1/tasks').set(bearer(token)).send({ title, kind: 'share', assignees: { userIds: [userId] } });
    inScopeOfA.tasks = (await task(secretariatA.token, 'Chia sẻ bài Đức Giang', ids.duc)).body.id;
    outOfScopeOfA.tasks = (await task(secretariatB.token, 'Chia sẻ bài Đức Hòa', ids.binh)).body.id;
    await task(secretariatA.token, 'Bình luận định hướng', ids.an);

    const report = (token: string, url: string) =>
      system.http.post('/api/v1/reports').set(bearer(token)).send({ url, category: 'false_information' });
    const reportA = await report(duc.token, 'https://www.facebook.com/duc.giang.gia.mao');
    const reportB = await report(binh.token, 'https://www.facebook.com/duc.hoa.gia.mao');
    const other = await report(duc.token, 'https://www.facebook.com/trang.lua.dao');
    const cases = await linkedCases(system, [reportA.body.id, reportB.body.id, other.body.id]);
    inScopeOfA.pages = cases[reportA.body.id];
    outOfScopeOfA.pages = cases[reportB.body.id];
  });
  afterAll(() => system?.close());

  it('finds "Nguyễn Minh Đức" for "Duc", without accents or case', async () => {
    const response = await list(secretariatA.token, 'users', 'Duc');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([expect.objectContaining({ id: ids.duc, fullName: 'Nguyễn Minh Đức' })]);
    expect(response.body.nextCursor).toBeNull();
  });

  it('ranks "Nguyễn Văn An" before a weaker match for "nguyen van"', async () => {
    const response = await list(secretariatA.token, 'users', 'nguyen van');
    expect(response.status).toBe(200);
    const found = idsOf(response.body);
    expect(found[0]).toBe(ids.an);
    expect(found).toContain(ids.van);
    expect(found.indexOf(ids.an)).toBeLessThan(found.indexOf(ids.van));
  });

  it('compares text typed with decomposed marks like the stored text', async () => {
    const response = await list(secretariatA.token, 'users', 'Đức'.normalize('NFD'));
    expect(response.status).toBe(200);
    expect(idsOf(response.body)).toEqual([ids.duc]);
  });

  /** What each list is searched for to find the row of unit A. */
  const QUERY: Record<List, string> = {
    users: 'minh duc',
    teams: 'duc giang',
    contents: 'duc giang',
    tasks: 'duc giang',
    pages: 'duc.giang',
  };

  it.each(LISTS)('GET /%s honours q: the match, and not the rows that do not match', async (route) => {
    const all = await system.http.get(`/api/v1/${route}?limit=200`).set(bearer(secretariatA.token));
    expect(all.status).toBe(200);
    const found = await list(secretariatA.token, route, QUERY[route]);
    expect(found.status).toBe(200);
    expect(idsOf(found.body)[0]).toBe(inScopeOfA[route]);
    expect(idsOf(all.body).filter((id) => !idsOf(found.body).includes(id)).length).toBeGreaterThan(0);
    const nothing = await list(secretariatA.token, route, 'zzqxw không có gì');
    expect(nothing.status).toBe(200);
    expect(nothing.body).toEqual({ items: [], nextCursor: null });
  });

  it.each(LISTS)('GET /%s with q never reaches outside the caller’s subtree', async (route) => {
    const asA = await list(secretariatA.token, route, 'duc');
    expect(asA.status).toBe(200);
    expect(idsOf(asA.body)).toContain(inScopeOfA[route]);
    expect(idsOf(asA.body)).not.toContain(outOfScopeOfA[route]);
    // The same search by whom it is in scope for does find it: the search, not the data, decides.
    const asB = await list(secretariatB.token, route, 'duc');
    expect(idsOf(asB.body)).toContain(outOfScopeOfA[route]);
    expect(idsOf(asB.body)).not.toContain(inScopeOfA[route]);
    const asAdmin = await list(adminToken, route, 'duc');
    expect(idsOf(asAdmin.body)).toEqual(expect.arrayContaining([inScopeOfA[route], outOfScopeOfA[route]]));
  });

  it('keeps the other filters with q (active=false finds no active user)', async () => {
    const response = await list(secretariatA.token, 'users', 'duc', '&active=false');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('answers the best `limit` matches with no next page', async () => {
    const response = await list(secretariatA.token, 'users', 'nguyen', '&limit=1');
    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.nextCursor).toBeNull();
  });

  it('treats LIKE wildcards in q as plain characters', async () => {
    const response = await list(secretariatA.token, 'users', '%');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('treats a blank q as no search', async () => {
    const blank = await list(secretariatA.token, 'users', '   ');
    const none = await system.http.get('/api/v1/users').set(bearer(secretariatA.token));
    expect(blank.status).toBe(200);
    expect(idsOf(blank.body)).toEqual(idsOf(none.body));
  });

  it.each(LISTS)('GET /%s refuses a q longer than 200 characters with a 400 naming q', async (route) => {
    const response = await list(secretariatA.token, route, 'đ'.repeat(201));
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain('q must be at most 200 characters');
  });
});

import { randomBytes } from 'node:crypto';
import { bearer, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/**
 * The phone's "my history": my actions through GET /actions?userId=<me> and my reports
 * through GET /me/reports, each cursor-paged, never showing anyone else's rows — also not
 * to a secretariat, whose GET /reports is their whole subtree.
 */
describe('my history: my actions and my reports, paged, only mine', () => {
  let system: TestSystem;
  let me: Person;
  let colleague: Person;
  let secretariat: Person;
  const myReports: string[] = [];
  const myActions: string[] = [];
  let colleagueReport: string;
  let colleagueAction: string;
  let secretariatReport: string;

  const file = (who: Person) =>
    system.http
      .post('/api/v1/reports')
      .set(bearer(who.token))
      .send({ url: `https://www.facebook.com/trang.xau.${unique()}`, category: 'scam' });
  const logAt = (who: Person, occurredAt: string) =>
    system.http
      .post('/api/v1/actions')
      .set(bearer(who.token))
      .send({ type: 'share', platform: 'facebook', url: `https://www.facebook.com/bai.viet.${unique()}`, reach: 12, occurredAt });
  const get = (who: Person, path: string, query: Record<string, string | number> = {}) =>
    system.http.get(path).query(query).set(bearer(who.token));

  /** Follows nextCursor to the end; answers every id in order and the number of pages. */
  async function walk(who: Person, path: string, query: Record<string, string | number>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(who, path, cursor ? { ...query, cursor } : query);
      expect(response.status).toBe(200);
      ids.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    return { ids, pages };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    const unit = (await createUnit(system, 'Chi bộ Lịch sử', admin.rootUnitId)).id;
    me = await person(system, unit, ['collaborator']);
    colleague = await person(system, unit, ['collaborator']);
    secretariat = await person(system, unit, ['secretariat']);
    for (let i = 0; i < 5; i++) myReports.push((await file(me)).body.id);
    colleagueReport = (await file(colleague)).body.id;
    secretariatReport = (await file(secretariat)).body.id;
    const base = Date.now() - 3_600_000;
    for (let i = 0; i < 5; i++) myActions.push((await logAt(me, new Date(base + i * 60_000).toISOString())).body.id);
    colleagueAction = (await logAt(colleague, new Date(base + 30_000).toISOString())).body.id;
    await logAt(secretariat, new Date(base + 90_000).toISOString());
  });
  afterAll(() => system?.close());

  describe('GET /me/reports', () => {
    it('answers my reports only, newest first, walking every one exactly once two by two', async () => {
      const { ids, pages } = await walk(me, '/api/v1/me/reports', { limit: 2 });
      expect(ids).toEqual([...myReports].reverse());
      expect(pages).toBe(3);
      expect(ids).not.toContain(colleagueReport);
      expect(ids).not.toContain(secretariatReport);
    });

    it('answers a secretariat their own reports, not their subtree’s (GET /reports answers those)', async () => {
      const mine = await walk(secretariat, '/api/v1/me/reports', { limit: 200 });
      expect(mine.ids).toEqual([secretariatReport]);
      const subtree = await walk(secretariat, '/api/v1/reports', { limit: 200 });
      expect(subtree.ids).toEqual(expect.arrayContaining([...myReports, colleagueReport, secretariatReport]));
    });

    it('carries each report’s page case status once linked, and follows the review', async () => {
      const reportId = myReports[0];
      const cases = await linkedCases(system, [reportId]);
      const find = async () =>
        (await get(me, '/api/v1/me/reports', { limit: 200 })).body.items.find((r: { id: string }) => r.id === reportId);
      expect(await find()).toMatchObject({ id: reportId, userId: me.id, pageCaseId: cases[reportId], pageCaseStatus: 'new' });
      const review = await system.http.patch(`/api/v1/pages/${cases[reportId]}`).set(bearer(secretariat.token)).send({ status: 'verified' });
      expect(review.status).toBe(200);
      expect(await find()).toMatchObject({ pageCaseId: cases[reportId], pageCaseStatus: 'verified' });
    });

    it('answers pageCaseStatus null while a report is not linked yet', async () => {
      // Unlink one of mine by hand: the state a report is in between POST /reports and its link job.
      const reportId = myReports[4];
      await linkedCases(system, [reportId]);
      await system.db.query(`UPDATE reports SET page_case_id = NULL WHERE id = $1`, [reportId]);
      const page = await get(me, '/api/v1/me/reports', { limit: 1 });
      expect(page.body.items).toEqual([expect.objectContaining({ id: reportId, pageCaseId: null, pageCaseStatus: null })]);
    });

    it.each([
      ['a cursor that is not one', { cursor: 'not-a-cursor' }, 'cursor'],
      ['an id cursor of another list', { cursor: Buffer.from('{"id":"1"}').toString('base64url') }, 'cursor'],
      ['a limit over 200', { limit: 201 }, 'limit'],
      ['an unknown filter', { userId: '1' }, 'userId'],
    ])('refuses %s with a 400 naming the field', async (_name, query, field) => {
      const response = await get(me, '/api/v1/me/reports', query);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      expect(response.body.field ?? field).toBe(field);
    });

    it('answers 401 without a token', async () => {
      expect((await system.http.get('/api/v1/me/reports')).status).toBe(401);
    });
  });

  describe('GET /actions?userId=<me>', () => {
    it('answers my actions only, newest first, walking every one exactly once two by two', async () => {
      const { ids, pages } = await walk(me, '/api/v1/actions', { userId: me.id, limit: 2 });
      expect(ids).toEqual([...myActions].reverse());
      expect(pages).toBe(3);
      expect(ids).not.toContain(colleagueAction);
    });

    it('answers a secretariat only their own when they name themselves', async () => {
      const { ids } = await walk(secretariat, '/api/v1/actions', { userId: secretariat.id, limit: 200 });
      expect(ids).toHaveLength(1);
      expect(ids).not.toContain(colleagueAction);
    });

    it('never shows a colleague’s actions to a collaborator naming them', async () => {
      const response = await get(me, '/api/v1/actions', { userId: colleague.id });
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses a bad cursor with a 400 naming cursor', async () => {
      const response = await get(me, '/api/v1/actions', { userId: me.id, cursor: 'not-a-cursor' });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('cursor');
    });
  });
});

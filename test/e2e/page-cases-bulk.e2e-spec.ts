import { randomBytes } from 'node:crypto';
import { bearer, countRows, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { jobsIdle, linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/** What a status change writes; a refused or out-of-scope case writes none of it. */
const TABLES = ['page_case_events', 'figure_changes', 'audit_log', 'jobs', 'page_packages', 'page_case_tracks'];

interface MoveResult {
  pageCaseId: string;
  outcome: string;
  status: string | null;
  message: string | null;
}

describe('POST /pages/transitions: several cases verified or rejected in one go', () => {
  let system: TestSystem;
  let reporterA: Person;
  let reporterB: Person;
  let secretariatA: Person;
  let secretariatB: Person;

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    const unitA = (await createUnit(system, 'Ban Tuyên giáo A', admin.rootUnitId)).id;
    const unitB = (await createUnit(system, 'Ban Tuyên giáo B', admin.rootUnitId)).id;
    reporterA = await person(system, unitA, ['collaborator']);
    reporterB = await person(system, unitB, ['collaborator']);
    secretariatA = await person(system, unitA, ['secretariat']);
    secretariatB = await person(system, unitB, ['secretariat']);
  });
  afterAll(async () => {
    await system?.close();
  });

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(system, t)])));
  const bulk = (token: string, body: unknown) => system.http.post('/api/v1/pages/transitions').set(bearer(token)).send(body as object);
  const statusOf = async (token: string, id: string) => (await system.http.get(`/api/v1/pages/${id}`).set(bearer(token))).body.status;

  /** New cases of fresh pages reported by `who`, in order. */
  async function newCases(who: Person, n: number): Promise<string[]> {
    const reportIds: string[] = [];
    for (let i = 0; i < n; i += 1) {
      const filed = await system.http
        .post('/api/v1/reports')
        .set(bearer(who.token))
        .send({ url: `https://www.facebook.com/hang-loat.${unique()}`, category: 'scam' });
      expect(filed.status).toBe(201);
      reportIds.push(filed.body.id);
    }
    const linked = await linkedCases(system, reportIds);
    return reportIds.map((id) => linked[id]);
  }

  it('moves each case in scope on its own: one stale case and one outside scope hold back none of the others', async () => {
    const [first, second, alreadyVerified] = await newCases(reporterA, 3);
    const [outside] = await newCases(reporterB, 1);
    const patched = await system.http.patch(`/api/v1/pages/${alreadyVerified}`).set(bearer(secretariatA.token)).send({ status: 'verified' });
    expect(patched.status).toBe(200);
    await jobsIdle(system);
    const before = await counts();

    const answer = await bulk(secretariatA.token, { pageCaseIds: [first, second, alreadyVerified, outside], to: 'verified', note: 'Đã xem trang' });

    expect(answer.status).toBe(200);
    const results = answer.body.results as MoveResult[];
    expect(results.map((r) => [r.pageCaseId, r.outcome, r.status])).toEqual([
      [first, 'changed', 'verified'],
      [second, 'changed', 'verified'],
      [alreadyVerified, 'invalid_transition', 'verified'],
      [outside, 'not_found', null],
    ]);
    expect(results[2].message).toContain('verified cannot become verified');
    // Exactly what two single PATCHes write: an event, a track, a figure change and an audit entry each.
    const after = await counts();
    expect(after.page_case_events - before.page_case_events).toBe(2);
    expect(after.figure_changes - before.figure_changes).toBe(2);
    expect(after.audit_log - before.audit_log).toBe(2);
    expect(after.page_case_tracks - before.page_case_tracks).toBe(2);
    expect(after.jobs).toBe(before.jobs);
    const events = (await system.db.query(
      `SELECT page_case_id::text AS id, from_status AS "from", to_status AS "to", actor_id::text AS "actorId", note
         FROM page_case_events WHERE page_case_id = ANY($1::bigint[]) ORDER BY page_case_id, id`,
      [[first, second, alreadyVerified, outside]],
    )) as { id: string; from: string; to: string; actorId: string; note: string | null }[];
    expect(events).toEqual(
      [
        { id: first, from: 'new', to: 'verified', actorId: secretariatA.id, note: 'Đã xem trang' },
        { id: second, from: 'new', to: 'verified', actorId: secretariatA.id, note: 'Đã xem trang' },
        { id: alreadyVerified, from: 'new', to: 'verified', actorId: secretariatA.id, note: null },
      ].sort((a, b) => Number(a.id) - Number(b.id)),
    );
    const audited = (await system.db.query(
      `SELECT entity_id::text AS id FROM audit_log WHERE action = 'page_case.status' AND entity_id = ANY($1::text[]) ORDER BY entity_id`,
      [[first, second, outside]],
    )) as { id: string }[];
    expect(audited.map((a) => a.id).sort()).toEqual([first, second].sort());
    // The case outside A's scope is still new for the one who can see it.
    expect(await statusOf(secretariatB.token, outside)).toBe('new');
  });

  it('rejects new cases, and sending the same request again changes nothing', async () => {
    const ids = await newCases(reporterA, 2);
    const first = await bulk(secretariatA.token, { pageCaseIds: ids, to: 'rejected' });
    expect(first.status).toBe(200);
    expect((first.body.results as MoveResult[]).map((r) => r.outcome)).toEqual(['changed', 'changed']);
    expect(await statusOf(secretariatA.token, ids[0])).toBe('rejected');
    await jobsIdle(system);
    const before = await counts();

    const again = await bulk(secretariatA.token, { pageCaseIds: ids, to: 'rejected' });

    expect(again.status).toBe(200);
    expect((again.body.results as MoveResult[]).map((r) => [r.outcome, r.status])).toEqual([
      ['invalid_transition', 'rejected'],
      ['invalid_transition', 'rejected'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no ids', { pageCaseIds: [], to: 'verified' }, 'pageCaseIds'],
    ['a bad id', { pageCaseIds: ['1', 'abc'], to: 'verified' }, 'pageCaseIds'],
    ['a repeated id', { pageCaseIds: ['1', '1'], to: 'verified' }, 'pageCaseIds'],
    ['too many ids', { pageCaseIds: Array.from({ length: 101 }, (_, i) => String(i + 1)), to: 'verified' }, 'pageCaseIds'],
    ['not a list', { pageCaseIds: '1', to: 'verified' }, 'pageCaseIds'],
    ['a move that is not a first review', { pageCaseIds: ['1'], to: 'removal_requested' }, 'to'],
    ['no move', { pageCaseIds: ['1'] }, 'to'],
    ['an unknown field', { pageCaseIds: ['1'], to: 'verified', orgUnitId: '1' }, 'orgUnitId'],
    ['a note too long', { pageCaseIds: ['1'], to: 'verified', note: 'x'.repeat(2001) }, 'note'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, body, field) => {
    const [id] = await newCases(reporterA, 1);
    const withRealCase = { ...body, pageCaseIds: Array.isArray(body.pageCaseIds) ? body.pageCaseIds.map((x) => (x === '1' ? id : x)) : body.pageCaseIds };
    await jobsIdle(system);
    const before = await counts();
    const answer = await bulk(secretariatA.token, withRealCase);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain(field);
    expect(await counts()).toEqual(before);
    expect(await statusOf(secretariatA.token, id)).toBe('new');
  });

  it('is for reviewers only: a collaborator is refused (403) and nobody signed out gets in (401)', async () => {
    const [id] = await newCases(reporterA, 1);
    await jobsIdle(system);
    const before = await counts();
    expect((await bulk(reporterA.token, { pageCaseIds: [id], to: 'verified' })).status).toBe(403);
    expect((await system.http.post('/api/v1/pages/transitions').send({ pageCaseIds: [id], to: 'verified' })).status).toBe(401);
    expect(await counts()).toEqual(before);
    expect(await statusOf(secretariatA.token, id)).toBe('new');
  });
});

describe('GET /pages?category: the review queue filtered by the case’s category', () => {
  let system: TestSystem;
  let reporter: Person;
  let secretariat: Person;

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    reporter = await person(system, admin.rootUnitId, ['collaborator']);
    secretariat = await person(system, admin.rootUnitId, ['secretariat']);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('lists only the cases whose most reported category is the one asked for, and refuses an unknown one', async () => {
    const filed = await Promise.all(
      ['scam', 'hate', 'scam'].map((category) =>
        system.http.post('/api/v1/reports').set(bearer(reporter.token)).send({ url: `https://www.tiktok.com/@loc.${unique()}`, category }),
      ),
    );
    const linked = await linkedCases(system, filed.map((r) => r.body.id));
    const [scam1, hate, scam2] = filed.map((r) => linked[r.body.id]);
    const list = async (query: Record<string, string>) => system.http.get('/api/v1/pages').set(bearer(secretariat.token)).query(query);

    const scams = await list({ category: 'scam' });
    expect(scams.status).toBe(200);
    // Cases are numbered as the link job files them, so the order of the two is not the order sent.
    expect(scams.body.items.map((c: { id: string }) => c.id).sort()).toEqual([scam1, scam2].sort());
    expect((await list({ category: 'hate', status: 'new' })).body.items.map((c: { id: string }) => c.id)).toEqual([hate]);
    expect((await list({ category: 'impersonation' })).body.items).toEqual([]);
    const refused = await list({ category: 'spam' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('category');
  });
});

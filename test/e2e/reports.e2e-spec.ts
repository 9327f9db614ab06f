import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { TasksService } from '@app/tasks';
import { ReportLinkProcessor } from '../../apps/worker/src/processors/report-link.processor';
import { bearer, countRows, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { execution, hanoiDay, jobsIdle, linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/** The tables a report (and its link job) may write. */
const TABLES = ['reports', 'page_cases', 'jobs', 'figure_changes', 'audit_log', 'assignments', 'evidence'];

describe('reports: filing, linking into page cases, scope, tasks', () => {
  let system: TestSystem;
  let adminToken: string;
  let unitA: string;
  let unitA1: string;
  let unitB: string;
  let figuresUnit: string;
  let author: Person;
  let colleague: Person;
  let childCollaborator: Person;
  let collaboratorB: Person;
  let secretariatA: Person;
  let secretariatB: Person;
  let leaderA: Person;
  let crowd: Person[];

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    unitA = (await createUnit(system, 'Đảng bộ A', admin.rootUnitId)).id;
    unitA1 = (await createUnit(system, 'Chi bộ A1', unitA)).id;
    unitB = (await createUnit(system, 'Đảng bộ B', admin.rootUnitId)).id;
    figuresUnit = (await createUnit(system, 'Chi bộ Số liệu', admin.rootUnitId)).id;
    author = await person(system, unitA, ['collaborator']);
    colleague = await person(system, unitA, ['collaborator']);
    childCollaborator = await person(system, unitA1, ['collaborator']);
    collaboratorB = await person(system, unitB, ['collaborator']);
    secretariatA = await person(system, unitA, ['secretariat']);
    secretariatB = await person(system, unitB, ['secretariat']);
    leaderA = await person(system, unitA, ['leader']);
    crowd = await Promise.all(Array.from({ length: 10 }, () => person(system, unitA1, ['collaborator'])));
  });
  afterAll(() => system?.close());

  const file = (who: Person | string, body: Record<string, unknown>, key?: string) => {
    const request = system.http.post('/api/v1/reports').set(bearer(typeof who === 'string' ? who : who.token));
    return (key ? request.set('Idempotency-Key', key) : request).send(body);
  };
  const report = (over: Record<string, unknown> = {}) => ({
    url: `https://www.facebook.com/trang.xau.${unique()}`,
    category: 'false_information',
    description: 'Trang đăng tin sai sự thật về chính sách đất đai',
    ...over,
  });
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(system, t)])));
  const getCase = (token: string, id: string) => system.http.get(`/api/v1/pages/${id}`).set(bearer(token));

  describe('filing', () => {
    it('answers 201 at once with the report stamped with its author and unit, and links it to a case afterwards', async () => {
      const response = await file(author, report({ url: 'https://m.facebook.com/Trang.Gia.Mao.1?ref=bookmarks#top' }));
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        url: 'https://m.facebook.com/Trang.Gia.Mao.1',
        platform: 'facebook',
        category: 'false_information',
        description: 'Trang đăng tin sai sự thật về chính sách đất đai',
        taskId: null,
        userId: author.id,
        orgUnitId: unitA,
        createdAt: expect.any(String),
        pageCaseId: null,
      });
      const linked = await linkedCases(system, [response.body.id]);
      const shown = await system.http.get(`/api/v1/reports/${response.body.id}`).set(bearer(author.token));
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ id: response.body.id, pageCaseId: linked[response.body.id], evidence: [] });
      const pageCase = await getCase(author.token, linked[response.body.id]);
      expect(pageCase.status).toBe(200);
      expect(pageCase.body).toMatchObject({
        id: linked[response.body.id],
        canonicalUrl: 'https://facebook.com/trang.gia.mao.1',
        platform: 'facebook',
        status: 'new',
        category: 'false_information',
        reportCount: 1,
        reporterCount: 1,
        firstReportedAt: response.body.createdAt,
        lastReportedAt: response.body.createdAt,
        dueForRecheck: false,
      });
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a facebook url without a platform', { url: 'https://fb.com/abc.def' }, 'facebook'],
      ['a tiktok url stated as tiktok', { url: 'https://www.tiktok.com/@nguoi.xau/video/123', platform: 'tiktok' }, 'tiktok'],
      ['an unknown site without a platform', { url: 'https://tin-gia.example.vn/bai-1.html' }, 'other'],
      ['an unknown site stated as a website', { url: 'https://tin-gia.example.vn/bai-2.html', platform: 'website' }, 'website'],
      ['a look-alike host', { url: 'https://facebook.com.evil.vn/page' }, 'other'],
    ])('detects the platform of %s', async (_case, over, platform) => {
      const response = await file(author, report(over));
      expect(response.status).toBe(201);
      expect(response.body.platform).toBe(platform);
    });

    it('records the "reports" figure bucket of the author’s unit and the day of the report, in the same transaction', async () => {
      const reporter = await person(system, figuresUnit, ['collaborator']);
      const response = await file(reporter, report());
      expect(response.status).toBe(201);
      const rows = (await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day FROM figure_changes WHERE family = 'reports' AND org_unit_id = $1`,
        [figuresUnit],
      )) as { unit: string; day: string }[];
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.day === hanoiDay(response.body.createdAt))).toBe(true);
    });

    it('answers a replay with the same Idempotency-Key and body with 200 and the stored report, writing nothing', async () => {
      const body = report();
      const first = await file(author, body, 'rep-key-1');
      expect(first.status).toBe(201);
      await linkedCases(system, [first.body.id]);
      const before = await counts();
      const again = await file(author, body, 'rep-key-1');
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ ...first.body, pageCaseId: expect.stringMatching(/^\d+$/) });
      expect(await counts()).toEqual(before);
    });

    it('refuses the same Idempotency-Key with another body with 422, writing nothing', async () => {
      const first = await file(author, report(), 'rep-key-2');
      expect(first.status).toBe(201);
      await linkedCases(system, [first.body.id]);
      const before = await counts();
      const other = await file(author, report({ category: 'scam' }), 'rep-key-2');
      expect(other.status).toBe(422);
      expect(other.body.message).toContain('Idempotency-Key');
      expect(await counts()).toEqual(before);
    });

    it('lets another user use the same Idempotency-Key for their own report', async () => {
      const body = report();
      expect((await file(author, body, 'rep-key-shared')).status).toBe(201);
      const theirs = await file(colleague, body, 'rep-key-shared');
      expect(theirs.status).toBe(201);
      expect(theirs.body.userId).toBe(colleague.id);
    });

    it('writes exactly one report for 10 concurrent requests with one key', async () => {
      const body = report();
      const before = await countRows(system, 'reports');
      const responses = await Promise.all(Array.from({ length: 10 }, () => file(author, body, 'rep-key-race')));
      expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(9);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      expect(await countRows(system, 'reports')).toBe(before + 1);
    });
  });

  describe('deduplication into page cases', () => {
    it('makes one case of 50 concurrent reports of variants of one page by 10 people, with exact counts', async () => {
      const handle = `Trang.Xau.${unique()}`;
      const variants = [
        `https://m.facebook.com/${handle}?ref=bookmarks`,
        `https://www.facebook.com/${handle}/`,
        `https://fb.com/${handle}`,
        `http://facebook.com/${handle.toLowerCase()}?fbclid=IwAR0abc#comments`,
        `https://mbasic.facebook.com/${handle}?__tn__=%2CO`,
        `https://web.facebook.com/${handle}/?utm_source=zalo&utm_medium=share`,
        `https://touch.facebook.com/${handle.toUpperCase()}`,
        `https://WWW.FACEBOOK.COM/${handle}?mibextid=ZbWKwL`,
        `https://facebook.com/${handle}`,
        `https://m.facebook.com/${handle}/?_rdr`,
      ];
      const categories = ['scam', 'scam', 'scam', 'hate', 'false_information'];
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          file(crowd[i % 10], { url: variants[Math.floor(i / 10) * 2 + (i % 2)], category: categories[i % 5] }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
      const linked = await linkedCases(system, responses.map((r) => r.body.id));
      const caseIds = new Set(Object.values(linked));
      expect(caseIds.size).toBe(1);
      const [caseId] = caseIds;
      const stored = (await system.db.query(`SELECT count(*)::int AS n FROM page_cases WHERE canonical_url = $1`, [
        `https://facebook.com/${handle.toLowerCase()}`,
      ])) as { n: number }[];
      expect(stored[0].n).toBe(1);
      const shown = await getCase(secretariatA.token, caseId);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        canonicalUrl: `https://facebook.com/${handle.toLowerCase()}`,
        reportCount: 50,
        reporterCount: 10,
        category: 'scam',
        categoryCounts: { scam: 30, hate: 10, false_information: 10, impersonation: 0, incitement: 0, other: 0 },
      });
    });

    it('keeps one case and exact counts when link jobs run concurrently with the worker’s', async () => {
      const url = `https://www.tiktok.com/@ke.lua.dao.${unique()}`;
      const responses = await Promise.all(crowd.slice(0, 8).map((p) => file(p, { url, category: 'scam' })));
      const ids = responses.map((r) => r.body.id as string);
      const processor = system.app.get(ReportLinkProcessor);
      // The worker is linking the same reports at the same time: every duplicate must be a no-op.
      const results = await Promise.all(ids.flatMap((reportId) => [1, 2].map(() => processor.handle(execution('reports.link', { reportId })))));
      const linked = await linkedCases(system, ids);
      expect(new Set(Object.values(linked)).size).toBe(1);
      expect(new Set(results.map((r) => r.pageCaseId))).toEqual(new Set(Object.values(linked)));
      expect(results.filter((r) => r.caseCreated).length).toBeLessThanOrEqual(1);
      const shown = await getCase(adminToken, Object.values(linked)[0]);
      expect(shown.body).toMatchObject({ reportCount: 8, reporterCount: 8 });
    });

    it('gives the case the most reported category, a tie going to the category reported first', async () => {
      const url = `https://zalo.me/g/${unique()}`;
      const first = await file(crowd[0], { url, category: 'impersonation' });
      const [caseId] = Object.values(await linkedCases(system, [first.body.id]));
      const second = await file(crowd[1], { url, category: 'scam' });
      await linkedCases(system, [second.body.id]);
      expect((await getCase(adminToken, caseId)).body).toMatchObject({
        category: 'impersonation',
        categoryCounts: { impersonation: 1, scam: 1 },
      });
      const third = await file(crowd[2], { url, category: 'scam' });
      await linkedCases(system, [third.body.id]);
      expect((await getCase(adminToken, caseId)).body).toMatchObject({
        category: 'scam',
        categoryCounts: { impersonation: 1, scam: 2 },
        reportCount: 3,
        reporterCount: 3,
      });
    });

    it('counts a person reporting one page twice once among the reporters', async () => {
      const url = `https://t.me/kenh_xau_${unique()}`;
      const a = await file(author, { url, category: 'incitement' });
      const b = await file(author, { url: `${url}?utm_source=fb`, category: 'incitement' });
      const c = await file(colleague, { url, category: 'incitement' });
      const linked = await linkedCases(system, [a.body.id, b.body.id, c.body.id]);
      expect(new Set(Object.values(linked)).size).toBe(1);
      expect((await getCase(adminToken, linked[a.body.id])).body).toMatchObject({ reportCount: 3, reporterCount: 2 });
    });

    it('changes nothing when the same link job is processed twice', async () => {
      const processor = system.app.get(ReportLinkProcessor);
      // A report the worker knows nothing about: only the direct calls below link it.
      const url = `https://www.youtube.com/@kenh.gia.${unique()}`;
      const [row] = (await system.db.query(
        `INSERT INTO reports (user_id, org_unit_id, url, canonical_url, platform, category)
         VALUES ($1, $2, $3, $3, 'youtube', 'hate') RETURNING id::text AS id`,
        [author.id, unitA, url],
      )) as { id: string }[];
      const first = await processor.handle(execution('reports.link', { reportId: row.id }));
      expect(first).toMatchObject({ linked: true, caseCreated: true, pageCaseId: expect.stringMatching(/^\d+$/) });
      const before = await counts();
      const caseBefore = (await getCase(adminToken, first.pageCaseId as string)).body;
      const second = await processor.handle(execution('reports.link', { reportId: row.id }));
      expect(second).toEqual({ linked: false, caseCreated: false, pageCaseId: first.pageCaseId });
      expect(await counts()).toEqual(before);
      expect((await getCase(adminToken, first.pageCaseId as string)).body).toEqual(caseBefore);
      expect(caseBefore).toMatchObject({ reportCount: 1, reporterCount: 1, category: 'hate' });
    });
  });

  describe('scope', () => {
    let mine: string;
    let colleagues: string;
    let child: string;
    let inB: string;

    beforeAll(async () => {
      mine = (await file(author, report())).body.id;
      colleagues = (await file(colleague, report())).body.id;
      child = (await file(childCollaborator, report())).body.id;
      inB = (await file(collaboratorB, report())).body.id;
    });

    async function listed(token: string): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await system.http
          .get('/api/v1/reports')
          .query(cursor ? { limit: 50, cursor } : { limit: 50 })
          .set(bearer(token));
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((r: { id: string }) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(ids).size).toBe(ids.length);
      return ids;
    }

    it('shows a collaborator only their own reports, not a colleague’s in the same unit', async () => {
      const ids = await listed(author.token);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(colleagues);
      expect(ids).not.toContain(child);
      const own = (await system.db.query(`SELECT count(*)::int AS n FROM reports WHERE user_id = $1`, [author.id])) as { n: number }[];
      expect(ids).toHaveLength(own[0].n);
    });

    it.each<[string, () => Person, () => string[], () => string[]]>([
      ['a secretariat', () => secretariatA, () => [mine, colleagues, child], () => [inB]],
      ['a leader', () => leaderA, () => [mine, colleagues, child], () => [inB]],
      ['another subtree’s secretariat', () => secretariatB, () => [inB], () => [mine, colleagues, child]],
    ])('shows %s the reports of their subtree only', async (_case, who, seen, unseen) => {
      const ids = await listed(who().token);
      for (const id of seen()) expect(ids).toContain(id);
      for (const id of unseen()) expect(ids).not.toContain(id);
    });

    it('shows an admin every report', async () => {
      expect((await listed(adminToken)).length).toBe(await countRows(system, 'reports'));
    });

    it.each<[string, number, () => Person, () => string]>([
      ['the author', 200, () => author, () => mine],
      ['a colleague of the same unit', 404, () => colleague, () => mine],
      ['the secretariat of the subtree', 200, () => secretariatA, () => child],
      ['a leader of the subtree', 200, () => leaderA, () => child],
      ['another subtree’s secretariat', 404, () => secretariatB, () => mine],
      ['another subtree’s collaborator', 404, () => collaboratorB, () => mine],
    ])('answers GET /reports/:id to %s with %i', async (_case, status, who, id) => {
      const response = await system.http.get(`/api/v1/reports/${id()}`).set(bearer(who().token));
      expect(response.status).toBe(status);
      if (status === 404) expect(response.body).toMatchObject({ statusCode: 404, message: 'report not found' });
    });

    it('answers 404 for an id that is not a report', async () => {
      for (const id of ['999999999', 'abc', '1e3']) {
        expect((await system.http.get(`/api/v1/reports/${id}`).set(bearer(adminToken))).status).toBe(404);
      }
    });

    it('filters by page case and year', async () => {
      const [caseId] = Object.values(await linkedCases(system, [mine]));
      const byCase = await system.http.get('/api/v1/reports').query({ pageCaseId: caseId }).set(bearer(adminToken));
      expect(byCase.body.items.map((r: { id: string }) => r.id)).toEqual([mine]);
      await system.db.query(`UPDATE reports SET created_at = '2023-12-31T18:00:00Z' WHERE id = $1`, [colleagues]);
      const in2024 = await system.http.get('/api/v1/reports').query({ year: 2024 }).set(bearer(secretariatA.token));
      expect(in2024.body.items.map((r: { id: string }) => r.id)).toEqual([colleagues]);
      const in2023 = await system.http.get('/api/v1/reports').query({ year: 2023 }).set(bearer(secretariatA.token));
      expect(in2023.body.items).toEqual([]);
    });
  });

  describe('tasks', () => {
    /** A report_page task issued by the secretariat of A, written directly so that no fan-out has run yet. */
    async function unfannedTask(userIds: string[]): Promise<string> {
      const [row] = (await system.db.query(
        `INSERT INTO tasks (title, kind, org_unit_id, created_by, assignees)
         VALUES ('Báo cáo trang xấu độc', 'report_page', $1, $2, $3) RETURNING id::text AS id`,
        [unitA, secretariatA.id, JSON.stringify({ userIds, teamIds: [], orgUnitIds: [] })],
      )) as { id: string }[];
      return row.id;
    }

    const assignmentsOf = async (taskId: string) =>
      (await system.db.query(
        `SELECT user_id::text AS "userId", status, completed_at AS "completedAt" FROM assignments WHERE task_id = $1`,
        [taskId],
      )) as { userId: string; status: string; completedAt: Date | null }[];

    it('completes the reporter’s open assignment, stamped with the report’s creation time', async () => {
      const created = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatA.token))
        .send({ title: 'Phản ánh trang giả mạo', kind: 'report_page', assignees: { userIds: [author.id, colleague.id] } });
      expect(created.status).toBe(201);
      const taskId = created.body.id as string;
      const fanned = await linkedAssignments(taskId, 2);
      expect(fanned.every((a) => a.status === 'assigned')).toBe(true);
      const response = await file(author, report({ taskId }));
      expect(response.status).toBe(201);
      expect(response.body.taskId).toBe(taskId);
      const after = await assignmentsOf(taskId);
      const mine = after.find((a) => a.userId === author.id);
      expect(mine).toMatchObject({ status: 'done' });
      expect(mine?.completedAt?.toISOString()).toBe(response.body.createdAt);
      expect(after.find((a) => a.userId === colleague.id)).toMatchObject({ status: 'assigned', completedAt: null });
      const participations = (await system.db.query(
        `SELECT day::text AS day FROM figure_changes WHERE family = 'participations' AND org_unit_id = $1`,
        [unitA],
      )) as { day: string }[];
      expect(participations.map((p) => p.day)).toContain(hanoiDay(response.body.createdAt));
    });

    async function linkedAssignments(taskId: string, n: number) {
      for (let i = 0; i < 200; i++) {
        const rows = await assignmentsOf(taskId);
        if (rows.length === n) return rows;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`task ${taskId} did not fan out to ${n} assignments`);
    }

    it('lets the fan-out complete, at the report’s time, the assignment of someone who reported before it ran', async () => {
      const reportOnly = await person(system, unitA, ['collaborator']);
      const both = await person(system, unitA, ['collaborator']);
      const neither = await person(system, unitA, ['collaborator']);
      const taskId = await unfannedTask([reportOnly.id, both.id, neither.id]);
      const reported = await file(reportOnly, report({ taskId }));
      expect(reported.status).toBe(201);
      const bothReport = await file(both, report({ taskId }));
      expect(bothReport.status).toBe(201);
      const action = await system.http
        .post('/api/v1/actions')
        .set(bearer(both.token))
        .send({ type: 'comment', platform: 'facebook', occurredAt: '2024-01-02T08:00:00+07:00', taskId });
      expect(action.status).toBe(201);
      expect(await assignmentsOf(taskId)).toEqual([]);
      await system.app.get(TasksService).fanOut(execution('tasks.fan-out', { taskId }));
      const rows = await assignmentsOf(taskId);
      expect(rows.find((r) => r.userId === reportOnly.id)).toMatchObject({ status: 'done' });
      expect(rows.find((r) => r.userId === reportOnly.id)?.completedAt?.toISOString()).toBe(reported.body.createdAt);
      // The earlier of the action and the report.
      expect(rows.find((r) => r.userId === both.id)?.completedAt?.toISOString()).toBe('2024-01-02T01:00:00.000Z');
      expect(rows.find((r) => r.userId === neither.id)).toMatchObject({ status: 'assigned', completedAt: null });
    });

    it('lets someone without an assignment name a task they can see, completing nothing', async () => {
      const taskId = await unfannedTask([colleague.id]);
      const before = await countRows(system, 'assignments');
      const response = await file(author, report({ taskId }));
      expect(response.status).toBe(201);
      expect(await countRows(system, 'assignments')).toBe(before);
    });
  });

  describe('bad input: 4xx naming the field, nothing written', () => {
    let taskOfB: string;

    beforeAll(async () => {
      const created = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatB.token))
        .send({ title: 'Việc của B', kind: 'report_page', assignees: { userIds: [collaboratorB.id] } });
      expect(created.status).toBe(201);
      taskOfB = created.body.id;
      await jobsIdle(system);
    });

    const cases: [string, number, string, () => Promise<Response>][] = [
      ['a javascript: url', 400, 'url', () => file(author, report({ url: 'javascript:alert(document.cookie)' }))],
      ['a data: url', 400, 'url', () => file(author, report({ url: 'data:text/html,<script>alert(1)</script>' }))],
      ['a url with user:pass@', 400, 'url', () => file(author, report({ url: 'https://user:pass@facebook.com/page' }))],
      ['an ftp url', 400, 'url', () => file(author, report({ url: 'ftp://example.com/file' }))],
      ['a relative url', 400, 'url', () => file(author, report({ url: '/trang-xau' }))],
      ['a url of 2049 characters', 400, 'url', () => file(author, report({ url: `https://example.vn/${'a'.repeat(2030)}` }))],
      ['no url', 400, 'url', () => file(author, report({ url: undefined }))],
      ['a url that is a number', 400, 'url', () => file(author, report({ url: 42 }))],
      ['a facebook url stated as tiktok', 400, 'platform', () => file(author, report({ url: 'https://m.facebook.com/x', platform: 'tiktok' }))],
      ['a youtube url stated as other', 400, 'platform', () => file(author, report({ url: 'https://youtu.be/abc', platform: 'other' }))],
      ['an unknown platform', 400, 'platform', () => file(author, report({ platform: 'myspace' }))],
      ['an unknown category', 400, 'category', () => file(author, report({ category: 'spam' }))],
      ['no category', 400, 'category', () => file(author, report({ category: undefined }))],
      ['a description of 5001 characters', 400, 'description', () => file(author, report({ description: 'đ'.repeat(5001) }))],
      ['a description that is not text', 400, 'description', () => file(author, report({ description: { text: 'x' } }))],
      ['an unknown field', 400, 'severity', () => file(author, report({ severity: 'high' }))],
      ['a mass-assigned userId', 400, 'userId', () => file(author, report({ userId: colleague.id }))],
      ['a mass-assigned orgUnitId', 400, 'orgUnitId', () => file(author, report({ orgUnitId: unitB }))],
      ['a mass-assigned pageCaseId', 400, 'pageCaseId', () => file(author, report({ pageCaseId: '1' }))],
      ['a mass-assigned status', 400, 'status', () => file(author, report({ status: 'removed' }))],
      ['a mass-assigned createdAt', 400, 'createdAt', () => file(author, report({ createdAt: '2020-01-01T00:00:00Z' }))],
      ['a taskId that is not an id', 400, 'taskId', () => file(author, report({ taskId: 'abc' }))],
      ['a taskId that names no task', 404, 'taskId', () => file(author, report({ taskId: '999999999' }))],
      ['a taskId of another subtree', 404, 'taskId', () => file(author, report({ taskId: taskOfB }))],
      ['a malformed Idempotency-Key', 400, 'Idempotency-Key', () => file(author, report(), 'no spaces allowed')],
      ['a description with a NUL byte', 400, 'description', () => file(author, report({ description: 'a\u0000b' }))],
    ];

    it('has at least ten cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));

    it.each(cases)('refuses %s with %i naming %s', async (_case, status, field, send) => {
      const before = await counts();
      const response = await send();
      expect({ status: response.status, body: response.body }).toMatchObject({
        status,
        body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
      });
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a leader, whose role reads but does not report, with 403', async () => {
      const before = await counts();
      const response = await file(leaderA, report());
      expect(response.status).toBe(403);
      expect(await counts()).toEqual(before);
    });
  });
});

describe('backfilled reports (paper records kept before Lan Tỏa)', () => {
  let system: TestSystem;
  let admin: string;
  let unit: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    unit = (await createUnit(system, 'Ban thư ký', seeded.rootUnitId)).id;
  });
  afterAll(() => system.close());

  it('lets a secretariat file a report with its paper date, counted in that year and audited as a backfill', async () => {
    const secretariat = await person(system, unit, ['secretariat']);
    const response = await system.http
      .post('/api/v1/reports')
      .set(bearer(secretariat.token))
      .send({ url: 'https://facebook.com/trang-cu', category: 'scam', reportedAt: '2023-05-04T09:00:00+07:00' });
    expect(response.status).toBe(201);
    expect(response.body.createdAt).toBe('2023-05-04T02:00:00.000Z');
    const [row] = await system.db.query(`SELECT backfilled_by::text AS "by" FROM reports WHERE id = $1`, [response.body.id]);
    expect(row.by).toBe(secretariat.id);
    const audit = await system.db.query(`SELECT action FROM audit_log WHERE entity_type = 'report' AND entity_id = $1`, [
      response.body.id,
    ]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['report.backfill']);
    const listed = await system.http.get('/api/v1/reports').query({ year: 2023 }).set(bearer(admin));
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(response.body.id);
  });

  it('refuses a backfill from a collaborator (403) and a date in the future (400), writing nothing', async () => {
    const collaborator = await person(system, unit, ['collaborator']);
    const before = await countRows(system, 'reports');
    const denied = await system.http
      .post('/api/v1/reports')
      .set(bearer(collaborator.token))
      .send({ url: 'https://facebook.com/x1', category: 'scam', reportedAt: '2023-05-04T09:00:00+07:00' });
    expect(denied.status).toBe(403);
    expect(denied.body.field).toBe('reportedAt');
    const future = await system.http
      .post('/api/v1/reports')
      .set(bearer(admin))
      .send({ url: 'https://facebook.com/x2', category: 'scam', reportedAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/reportedAt/);
    expect(await countRows(system, 'reports')).toBe(before);
  });
});

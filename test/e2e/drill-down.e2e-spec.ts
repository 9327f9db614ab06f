import { Role } from '@app/access';
import { FIGURE_NAMES, FigureValues } from '@app/contracts';
import { bearer, createUnit, createUser, eventually, login, seedAdmin, startTestSystem, TestSystem } from '../support';
import { jobsIdle, linkedCases } from '../support/takedowns';

/**
 * Every figure of GET /stats/yearly has a drill-down request (docs/drill-down.md) whose rows,
 * followed page by page, number exactly the figure (or sum to it): checked against SPEC's
 * definitions written here in SQL, and against the figures the workers compute.
 *
 *   root ─┬─ A ─┬─ A1
 *         │     └─ A2
 *         └─ B
 *
 * Records of every kind in 2023, 2024 and 2025, with the year edges in Asia/Ho_Chi_Minh
 * (31/12 23:59:59 and 1/1 00:00:00 local). Where the API stamps "now" (reports' creation,
 * assignments' completion, page case changes), rows are backdated with SQL together with the
 * figure_changes rows a writer would have recorded.
 */

type Figure = keyof FigureValues;
type Row = Record<string, unknown> & { id?: string };

const TZ = 'Asia/Ho_Chi_Minh';
/** The year edges, local time (+07:00, no daylight saving). */
const T = {
  mid23: '2023-06-15T10:00:00+07:00',
  e23: '2023-12-31T23:59:59+07:00',
  s24: '2024-01-01T00:00:00+07:00',
  mid24: '2024-06-15T10:00:00+07:00',
  e24: '2024-12-31T23:59:59+07:00',
  s25: '2025-01-01T00:00:00+07:00',
} as const;

/** How to drill one figure: the request, and what of its rows equals the figure. */
interface Drill {
  path: string;
  query: (year: number) => Record<string, string | number>;
  /** The row's key compared with SQL's (ids; units for surveyUnits). */
  key: (row: Row) => string;
  /** For the two sums: the field summed over the rows. */
  sum?: string;
}

const DRILLS: Record<Figure, Drill> = {
  websitePosts: { path: '/contents', query: (year) => ({ kind: 'website_post', year }), key: (r) => r.id as string },
  websiteInteractions: {
    path: '/contents',
    query: (year) => ({ kind: 'website_post', year }),
    key: (r) => r.id as string,
    sum: 'interactions',
  },
  shares: { path: '/actions', query: (year) => ({ type: 'share,post', year }), key: (r) => r.id as string },
  reach: { path: '/actions', query: (year) => ({ type: 'share,post', year }), key: (r) => r.id as string, sum: 'reach' },
  interactions: { path: '/actions', query: (year) => ({ type: 'comment,reaction', year }), key: (r) => r.id as string },
  participations: { path: '/assignments', query: (year) => ({ status: 'done', year }), key: (r) => r.id as string },
  reportsFiled: { path: '/reports', query: (year) => ({ year }), key: (r) => r.id as string },
  pagesReported: { path: '/pages', query: (year) => ({ year }), key: (r) => r.id as string },
  pagesRemovalRequested: {
    path: '/pages',
    query: (year) => ({ movedTo: 'removal_requested', year }),
    key: (r) => r.id as string,
  },
  pagesRemoved: { path: '/pages', query: (year) => ({ movedTo: 'removed', year }), key: (r) => r.id as string },
  surveys: { path: '/surveys', query: (year) => ({ year }), key: (r) => r.id as string },
  surveyUnits: { path: '/questionnaires/units', query: (year) => ({ year }), key: (r) => r.orgUnitId as string },
  questionnaires: { path: '/questionnaires', query: (year) => ({ year }), key: (r) => r.id as string },
  directives: { path: '/directives', query: (year) => ({ year }), key: (r) => r.id as string },
  members: { path: '/users', query: () => ({ active: 'true' }), key: (r) => r.id as string },
};

/**
 * SPEC's definitions, written independently of the application's SQL: $1 the unit U, $2 and
 * $3 the year's bounds (instants at local midnight, or calendar dates). Each answers the keys
 * of the rows counted and, for the sums, `value`.
 */
const SUBTREE = (alias: string) =>
  `EXISTS (SELECT 1 FROM org_units so WHERE so.id = ${alias}.org_unit_id
             AND so.path <@ (SELECT path FROM org_units WHERE id = $1))`;
const DEFINITIONS: Record<Figure, { sql: string; dates?: boolean; noYear?: boolean }> = {
  websitePosts: {
    sql: `SELECT c.id::text AS key FROM contents c
           WHERE ${SUBTREE('c')} AND c.kind = 'website_post' AND c.published_at >= $2 AND c.published_at < $3`,
  },
  websiteInteractions: {
    sql: `SELECT c.id::text AS key, c.interactions AS value FROM contents c
           WHERE ${SUBTREE('c')} AND c.kind = 'website_post' AND c.published_at >= $2 AND c.published_at < $3`,
  },
  shares: {
    sql: `SELECT a.id::text AS key FROM actions a
           WHERE ${SUBTREE('a')} AND a.type IN ('share', 'post') AND a.occurred_at >= $2 AND a.occurred_at < $3`,
  },
  reach: {
    sql: `SELECT a.id::text AS key, a.reach AS value FROM actions a
           WHERE ${SUBTREE('a')} AND a.type IN ('share', 'post') AND a.occurred_at >= $2 AND a.occurred_at < $3`,
  },
  interactions: {
    sql: `SELECT a.id::text AS key FROM actions a
           WHERE ${SUBTREE('a')} AND a.type IN ('comment', 'reaction') AND a.occurred_at >= $2 AND a.occurred_at < $3`,
  },
  participations: {
    sql: `SELECT a.id::text AS key FROM assignments a
           WHERE ${SUBTREE('a')} AND a.status = 'done' AND a.completed_at >= $2 AND a.completed_at < $3`,
  },
  reportsFiled: {
    sql: `SELECT r.id::text AS key FROM reports r WHERE ${SUBTREE('r')} AND r.created_at >= $2 AND r.created_at < $3`,
  },
  pagesReported: {
    sql: `SELECT DISTINCT r.page_case_id::text AS key FROM reports r
           WHERE ${SUBTREE('r')} AND r.page_case_id IS NOT NULL AND r.created_at >= $2 AND r.created_at < $3`,
  },
  pagesRemovalRequested: {
    sql: `SELECT DISTINCT e.page_case_id::text AS key FROM page_case_events e
           WHERE ${SUBTREE('e')} AND e.to_status = 'removal_requested' AND e.created_at >= $2 AND e.created_at < $3`,
  },
  pagesRemoved: {
    sql: `SELECT DISTINCT e.page_case_id::text AS key FROM page_case_events e
           WHERE ${SUBTREE('e')} AND e.to_status = 'removed' AND e.created_at >= $2 AND e.created_at < $3`,
  },
  surveys: {
    dates: true,
    sql: `SELECT s.id::text AS key FROM surveys s WHERE ${SUBTREE('s')} AND s.starts_on >= $2::date AND s.starts_on < $3::date`,
  },
  surveyUnits: {
    dates: true,
    sql: `SELECT DISTINCT q.org_unit_id::text AS key FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
           WHERE ${SUBTREE('q')} AND s.starts_on >= $2::date AND s.starts_on < $3::date`,
  },
  questionnaires: {
    dates: true,
    sql: `SELECT q.id::text AS key FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
           WHERE ${SUBTREE('q')} AND s.starts_on >= $2::date AND s.starts_on < $3::date`,
  },
  directives: {
    dates: true,
    sql: `SELECT d.id::text AS key FROM directives d WHERE ${SUBTREE('d')} AND d.issued_on >= $2::date AND d.issued_on < $3::date`,
  },
  members: { noYear: true, sql: `SELECT u.id::text AS key FROM users u WHERE ${SUBTREE('u')} AND u.active` },
};

const byNumber = (a: string, b: string) => Number(a) - Number(b);

describe('drill-down: every figure equals the rows of its documented request', () => {
  let system: TestSystem;
  let rootId: string;
  const units: Record<'A' | 'A1' | 'A2' | 'B', string> = { A: '', A1: '', A2: '', B: '' };
  const people: Record<string, { id: string; token: string }> = {};
  /** Ids of records placed on the year edges, to check which year they land in. */
  const edges: Record<string, { in2023: string; in2024: string }> = {};
  let seededAt: number;

  const get = (name: string, path: string, query: Record<string, string | number> = {}) =>
    system.http.get(`/api/v1${path}`).query(query).set(bearer(people[name].token));

  async function post(name: string, path: string, body: object, status = 201) {
    const response = await system.http.post(`/api/v1${path}`).set(bearer(people[name].token)).send(body);
    expect({ path, status: response.status, body: response.status === status ? undefined : response.body }).toEqual({
      path,
      status,
      body: undefined,
    });
    return response.body as Row & { id: string };
  }

  async function patch(name: string, path: string, body: object) {
    const response = await system.http.patch(`/api/v1${path}`).set(bearer(people[name].token)).send(body);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({
      path,
      status: 200,
      body: undefined,
    });
    return response.body as Row;
  }

  async function person(name: string, unitId: string, roles: Role[]) {
    const user = await createUser(system, unitId, roles);
    people[name] = { id: user.id, token: await login(system.http, user.username) };
  }

  /** Follows every page of a drill-down; fails on a repeat, an error, or an oversized page. */
  async function drill(name: string, path: string, query: Record<string, string | number>, limit = 2): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await get(name, path, { ...query, limit, ...(cursor ? { cursor } : {}) });
      expect({ path, status: page.status, body: page.status === 200 ? undefined : page.body }).toEqual({
        path,
        status: 200,
        body: undefined,
      });
      const body = page.body as { items: Row[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      rows.push(...body.items);
      cursor = body.nextCursor;
      expect(++pages).toBeLessThan(500);
    } while (cursor);
    return rows;
  }

  /** What the drill-downs say for (year, unit): each figure's keys and value. */
  async function drilled(name: string, year: number, orgUnitId?: string, limit = 2) {
    const keys = {} as Record<Figure, string[]>;
    const values = {} as FigureValues;
    const fetched = new Map<string, Row[]>();
    for (const figure of FIGURE_NAMES) {
      const how = DRILLS[figure];
      const query = { ...how.query(year), ...(orgUnitId ? { orgUnitId } : {}) };
      const cacheKey = `${how.path}?${JSON.stringify(query)}`;
      const rows = fetched.get(cacheKey) ?? (await drill(name, how.path, query, limit));
      fetched.set(cacheKey, rows);
      keys[figure] = rows.map(how.key).sort(byNumber);
      expect({ figure, distinct: new Set(keys[figure]).size }).toEqual({ figure, distinct: rows.length });
      values[figure] = how.sum ? rows.reduce((sum, row) => sum + Number(row[how.sum as string]), 0) : rows.length;
    }
    return { keys, values };
  }

  /** SPEC's definitions over the source rows, for (year, unit). */
  async function defined(year: number, orgUnitId: string) {
    const keys = {} as Record<Figure, string[]>;
    const values = {} as FigureValues;
    for (const figure of FIGURE_NAMES) {
      const definition = DEFINITIONS[figure];
      const bounds = definition.dates
        ? [`${year}-01-01`, `${year + 1}-01-01`]
        : [`${year}-01-01T00:00:00+07:00`, `${year + 1}-01-01T00:00:00+07:00`];
      const rows = (await system.db.query(definition.sql, definition.noYear ? [orgUnitId] : [orgUnitId, ...bounds])) as {
        key: string;
        value?: number;
      }[];
      keys[figure] = rows.map((r) => r.key).sort(byNumber);
      values[figure] = DRILLS[figure].sum ? rows.reduce((sum, r) => sum + Number(r.value), 0) : rows.length;
    }
    return { keys, values };
  }

  /** Backdates one row and records the figure buckets it leaves and enters, as a writer would. */
  async function backdate(table: 'reports' | 'page_case_events', id: string, at: string, family: 'reports' | 'pages') {
    await system.db.query(
      `WITH before AS (SELECT org_unit_id, created_at FROM ${table} WHERE id = $1),
            moved AS (UPDATE ${table} SET created_at = $2 WHERE id = $1 RETURNING org_unit_id, created_at)
       INSERT INTO figure_changes (org_unit_id, day, family)
       SELECT org_unit_id, (created_at AT TIME ZONE $3)::date, $4 FROM before
       UNION SELECT org_unit_id, (created_at AT TIME ZONE $3)::date, $4 FROM moved`,
      [id, at, TZ, family],
    );
  }

  /** Completes an assignment at a past instant, recording its bucket, as completion by a record would. */
  async function completeAt(taskId: string, userName: string, at: string): Promise<string> {
    const [row] = (await system.db.query(
      `WITH done AS (
         UPDATE assignments SET status = 'done', completed_at = $3, updated_at = now()
          WHERE task_id = $1 AND user_id = $2 AND status = 'assigned' RETURNING id, org_unit_id, completed_at),
       changed AS (
         INSERT INTO figure_changes (org_unit_id, day, family)
         SELECT org_unit_id, (completed_at AT TIME ZONE $4)::date, 'participations' FROM done)
       SELECT id::text AS id FROM done`,
      [taskId, people[userName].id, at, TZ],
    )) as { id: string }[];
    expect(row).toBeDefined();
    return row.id;
  }

  async function lastEventId(pageCaseId: string): Promise<string> {
    const [row] = (await system.db.query(
      `SELECT id::text AS id FROM page_case_events WHERE page_case_id = $1 ORDER BY id DESC LIMIT 1`,
      [pageCaseId],
    )) as { id: string }[];
    return row.id;
  }

  /** Moves a case through the given statuses as `name`, each change backdated to its instant. */
  async function review(name: string, pageCaseId: string, moves: [string, string][]) {
    const eventIds: string[] = [];
    for (const [status, at] of moves) {
      await patch(name, `/pages/${pageCaseId}`, { status });
      const eventId = await lastEventId(pageCaseId);
      await backdate('page_case_events', eventId, at, 'pages');
      eventIds.push(eventId);
    }
    return eventIds;
  }

  beforeAll(async () => {
    system = await startTestSystem({ figures: true });
    const admin = await seedAdmin(system);
    rootId = admin.rootUnitId;
    people.admin = { id: '', token: admin.token };
    units.A = (await createUnit(system, 'Đảng bộ A', rootId)).id;
    units.A1 = (await createUnit(system, 'Chi bộ A1', units.A)).id;
    units.A2 = (await createUnit(system, 'Chi bộ A2', units.A)).id;
    units.B = (await createUnit(system, 'Đảng bộ B', rootId)).id;

    await person('secA', units.A, ['secretariat']);
    await person('leadA', units.A, ['leader']);
    await person('cA', units.A, ['collaborator']);
    await person('secA1', units.A1, ['secretariat']);
    await person('cA1', units.A1, ['collaborator']);
    await person('cA1b', units.A1, ['collaborator']);
    await person('cA2', units.A2, ['collaborator']);
    await person('mover', units.A2, ['collaborator']);
    await person('gone', units.A2, ['collaborator']);
    await person('adminA2', units.A2, ['admin']);
    await person('secB', units.B, ['secretariat']);
    await person('cB', units.B, ['collaborator']);

    // Contents: website posts on the edges, and an article that no figure counts.
    let n = 0;
    const content = (name: string, publishedAt: string, interactions: number, kind = 'website_post') =>
      post(name, '/contents', { kind, title: `Tin ${++n}`, url: `https://dangbo.example.vn/tin-${n}`, publishedAt, interactions });
    const postE23 = await content('secA', T.e23, 11);
    const postS24 = await content('secA', T.s24, 13);
    edges.content = { in2023: postE23.id, in2024: postS24.id };
    await content('secA', T.mid24, 999, 'article');
    await content('secA1', T.mid23, 7);
    await content('secA1', T.e24, 17);
    await content('secA1', T.s25, 19);
    await content('secB', T.mid24, 23);
    await content('secB', T.e23, 29);
    await content('admin', T.s24, 31);

    // Tasks, fanned out before anyone acts: T1 to all of A, T2 to two people of B, T3 to two of A.
    const t1 = await post('secA', '/tasks', { title: 'Chia sẻ Nghị quyết', kind: 'share', assignees: { orgUnitIds: [units.A] } });
    const t2 = await post('secB', '/tasks', {
      title: 'Bình luận định hướng',
      kind: 'interact',
      assignees: { userIds: [people.cB.id, people.secB.id] },
    });
    const t3 = await post('secA', '/tasks', { title: 'Lan toả video', kind: 'share', assignees: { userIds: [people.cA1.id, people.cA2.id] } });
    await jobsIdle(system);

    // Actions; two name a task, completing the assignment at their occurredAt.
    let u = 0;
    const act = async (name: string, type: string, occurredAt: string, reach = 0, taskId?: string) => {
      const url = type === 'share' || type === 'post' ? { url: `https://www.facebook.com/dangbo/posts/${++u}` } : {};
      return post(name, '/actions', { type, platform: 'facebook', ...url, reach, occurredAt, ...(taskId ? { taskId } : {}) });
    };
    const shareE23 = await act('cA1', 'share', T.e23, 100, t3.id);
    const shareS24 = await act('cA1', 'share', T.s24, 200);
    edges.action = { in2023: shareE23.id, in2024: shareS24.id };
    await act('cA1', 'comment', T.s24);
    await act('cA1', 'post', T.mid24, 300);
    await act('cA1', 'reaction', T.e24);
    await act('cA1', 'share', T.s25, 5);
    await act('cA1b', 'post', T.mid23, 40);
    await act('cA1b', 'comment', T.mid23);
    await act('cA1b', 'reaction', T.s24);
    await act('cA2', 'share', T.mid24, 50);
    await act('cA2', 'comment', T.e23, 0, t1.id);
    await act('cA', 'share', T.mid24, 60);
    await act('cA', 'reaction', T.mid23);
    await act('cB', 'share', T.e23, 70);
    await act('cB', 'post', T.s24, 80);
    await act('cB', 'comment', T.mid24);
    await act('mover', 'share', T.mid24, 90);
    await act('secA', 'share', T.mid24, 1);

    // Completions the API would stamp "now": backdated, with their buckets.
    const doneE23 = await completeAt(t2.id, 'secB', T.e23);
    const doneS24 = await completeAt(t2.id, 'cB', T.s24);
    edges.assignment = { in2023: doneE23, in2024: doneS24 };
    await completeAt(t1.id, 'cA1', T.s24);
    await completeAt(t1.id, 'cA1b', T.mid23);
    await completeAt(t1.id, 'cA', T.e24);
    await completeAt(t1.id, 'secA1', T.s25);
    await completeAt(t1.id, 'leadA', T.s24);
    await completeAt(t1.id, 'mover', T.mid24);
    // By hand (completedAt now) and a decline, which no year counts.
    const [mine] = (await system.db.query(`SELECT id::text AS id FROM assignments WHERE task_id = $1 AND user_id = $2`, [
      t3.id,
      people.cA2.id,
    ])) as { id: string }[];
    await patch('cA2', `/assignments/${mine.id}`, { status: 'done' });
    const [declined] = (await system.db.query(`SELECT id::text AS id FROM assignments WHERE task_id = $1 AND user_id = $2`, [
      t1.id,
      people.secA.id,
    ])) as { id: string }[];
    await patch('secA', `/assignments/${declined.id}`, { status: 'declined' });

    // A collaborator moves from A2 to B: past records stay with A2, new ones go to B.
    await patch('admin', `/users/${people.mover.id}`, { orgUnitId: units.B });
    await act('mover', 'post', T.e24, 95);
    // A deactivated user is no member.
    await patch('admin', `/users/${people.gone.id}`, { active: false });

    // Reports, linked into page cases, then backdated.
    const reportsToDate: [string, string][] = [];
    const report = async (name: string, url: string, at: string) => {
      const filed = await post(name, '/reports', { url, category: 'false_information' });
      reportsToDate.push([filed.id, at]);
      return filed.id;
    };
    const p1 = 'https://www.facebook.com/trang.xau.mot';
    const p2 = 'https://m.facebook.com/trang.xau.hai?ref=share';
    const p3 = 'https://www.facebook.com/trang.xau.ba';
    const p4 = 'https://www.facebook.com/trang.xau.bon';
    const p5 = 'https://www.facebook.com/trang.xau.nam';
    const reportE23 = await report('cA1', p1, T.e23);
    await report('cA1b', p1, T.mid24);
    await report('cB', p1, T.s24);
    const reportS24 = await report('cA1', p2, T.s24);
    await report('cA1', 'https://facebook.com/trang.xau.hai/', T.mid24);
    await report('cB', p3, T.mid23);
    await report('cA2', p4, T.e24);
    await report('cA', p4, T.s25);
    await report('cB', p5, T.s24);
    edges.report = { in2023: reportE23, in2024: reportS24 };
    const cases = await linkedCases(system, reportsToDate.map(([id]) => id));
    for (const [id, at] of reportsToDate) await backdate('reports', id, at, 'reports');
    const caseOf = (reportId: string) => cases[reportId];
    const [c1, c2, c3, c4, c5] = [0, 3, 5, 6, 8].map((i) => caseOf(reportsToDate[i][0]));
    expect(new Set([c1, c2, c3, c4, c5]).size).toBe(5);
    expect(caseOf(reportsToDate[4][0])).toBe(c2); // the same page written another way

    // Case reviews: A1 requests removal on the last second of 2023 and sees it removed on the first of 2024.
    const [, rrE23, removedS24] = await review('secA1', c1, [
      ['verified', T.mid23],
      ['removal_requested', T.e23],
      ['removed', T.s24],
    ]);
    await review('secA', c2, [
      ['verified', T.s24],
      ['removal_requested', T.s24],
      ['removed', T.s25],
    ]);
    await review('secB', c3, [
      ['verified', T.mid23],
      ['removal_requested', T.mid23],
      ['removed', T.mid24],
    ]);
    await review('admin', c4, [
      ['verified', T.mid24],
      ['removal_requested', T.e24],
    ]);
    // An admin sitting in A2 moves a case only B reported: the change counts for A2.
    await review('adminA2', c5, [
      ['verified', T.mid24],
      ['removal_requested', T.mid24],
    ]);
    edges.event = { in2023: rrE23, in2024: removedS24 };

    // Surveys (counted in their start's year) and questionnaires (counted in their unit, in the survey's year).
    const survey = (name: string, startsOn: string, orgUnitIds: string[]) =>
      post(name, '/surveys', { title: `Điều tra ${startsOn}`, startsOn, orgUnitIds });
    const questionnaires = async (name: string, surveyId: string, unitId: string, count: number) => {
      for (let i = 0; i < count; i++) await post(name, `/surveys/${surveyId}/questionnaires`, { orgUnitId: unitId });
    };
    const s1 = await survey('admin', '2024-01-01', [units.A1, units.A2, units.B]);
    await questionnaires('admin', s1.id, units.A1, 3);
    await questionnaires('admin', s1.id, units.B, 1);
    const s2 = await survey('secA', '2023-12-31', [units.A, units.A1, units.A2]);
    await questionnaires('secA', s2.id, units.A, 1);
    await questionnaires('secA', s2.id, units.A2, 2);
    const s6 = await survey('secA', '2024-01-01', [units.A1]);
    await questionnaires('secA', s6.id, units.A1, 1);
    edges.survey = { in2023: s2.id, in2024: s6.id };
    const s3 = await survey('secA1', '2024-07-01', [units.A1]);
    await questionnaires('secA1', s3.id, units.A1, 2);
    const s4 = await survey('secB', '2023-03-01', [units.B]);
    await questionnaires('secB', s4.id, units.B, 2);
    const s5 = await survey('secA', '2025-01-01', [units.A2]);
    await questionnaires('secA', s5.id, units.A2, 1);

    // Directives.
    const directive = (name: string, issuedOn: string) => post(name, '/directives', { title: `Hướng dẫn ${issuedOn}`, issuedOn });
    const dE23 = await directive('secA', '2023-12-31');
    const dS24 = await directive('secA', '2024-01-01');
    edges.directive = { in2023: dE23.id, in2024: dS24.id };
    await directive('secA1', '2024-05-05');
    await directive('secB', '2024-12-31');
    await directive('secB', '2025-01-01');
    await directive('admin', '2023-02-02');

    await jobsIdle(system);
    const [{ now }] = (await system.db.query(`SELECT now() AS now`)) as { now: Date }[];
    seededAt = now.getTime();
  }, 120_000);
  afterAll(() => system?.close());

  /** (caller, year, unit) pairs: admins for the root, A's leader inside A, B's secretariat for B. */
  const PAIRS: [string, number, 'root' | 'A' | 'A1' | 'A2' | 'B'][] = [
    ['admin', 2023, 'root'],
    ['admin', 2024, 'root'],
    ['admin', 2025, 'root'],
    ['leadA', 2023, 'A'],
    ['leadA', 2024, 'A'],
    ['leadA', 2024, 'A1'],
    ['leadA', 2023, 'A2'],
    ['leadA', 2024, 'A2'],
    ['secB', 2023, 'B'],
    ['secB', 2024, 'B'],
  ];
  const unitOf = (unit: (typeof PAIRS)[number][2]) => (unit === 'root' ? rootId : units[unit]);

  describe.each(PAIRS)('%s drilling %i for %s', (caller, year, unit) => {
    it('lists exactly the rows of SPEC’s definitions, page by page', async () => {
      const expected = await defined(year, unitOf(unit));
      const actual = await drilled(caller, year, unitOf(unit));
      expect(actual.keys).toEqual(expected.keys);
      expect(actual.values).toEqual(expected.values);
    });

    it('adds up to the figures of GET /stats/yearly once the workers are idle', async () => {
      const actual = await drilled(caller, year, unitOf(unit), 200);
      const stats = await eventually(
        () => get(caller, '/stats/yearly', { year, orgUnitId: unitOf(unit) }),
        (response) => response.status === 200 && Date.parse(response.body.asOf as string) >= seededAt,
        60_000,
      );
      expect(stats.status).toBe(200);
      expect(Date.parse(stats.body.asOf as string)).toBeGreaterThanOrEqual(seededAt);
      const figures = Object.fromEntries(FIGURE_NAMES.map((figure) => [figure, stats.body[figure]]));
      expect(figures).toEqual(actual.values);
    });
  });

  it('seeds data that tells the pairs apart: every figure is non-zero somewhere and varies', async () => {
    const all = await Promise.all(PAIRS.map(([, year, unit]) => defined(year, unitOf(unit))));
    for (const figure of FIGURE_NAMES) {
      const values = all.map((v) => v.values[figure]);
      expect({ figure, nonZero: values.some((v) => v > 0), varies: new Set(values).size > 1 }).toEqual({
        figure,
        nonZero: true,
        varies: true,
      });
    }
  });

  describe('the year edges in Asia/Ho_Chi_Minh: 31/12 23:59:59 is the old year, 1/1 00:00:00 the new', () => {
    const cases: [string, Figure, 'A' | 'A1' | 'B'][] = [
      ['content', 'websitePosts', 'A'],
      ['action', 'shares', 'A1'],
      ['assignment', 'participations', 'B'],
      ['report', 'reportsFiled', 'A1'],
      ['survey', 'surveys', 'A'],
      ['directive', 'directives', 'A'],
    ];
    it.each(cases)('%s (%s)', async (kind, figure, unit) => {
      const caller = unit === 'B' ? 'secB' : 'leadA';
      const ids = async (year: number) =>
        (await drilled(caller, year, units[unit], 200)).keys[figure];
      const [in2023, in2024] = [await ids(2023), await ids(2024)];
      expect(in2023).toContain(edges[kind].in2023);
      expect(in2023).not.toContain(edges[kind].in2024);
      expect(in2024).toContain(edges[kind].in2024);
      expect(in2024).not.toContain(edges[kind].in2023);
    });

    it('page case changes: removal requested at 23:59:59 counts in 2023, removed at 00:00:00 in 2024', async () => {
      const [{ caseId }] = (await system.db.query(`SELECT page_case_id::text AS "caseId" FROM page_case_events WHERE id = $1`, [
        edges.event.in2023,
      ])) as { caseId: string }[];
      const ids = async (movedTo: string, year: number) =>
        (await drill('leadA', '/pages', { movedTo, year, orgUnitId: units.A1 })).map((r) => r.id);
      expect(await ids('removal_requested', 2023)).toContain(caseId);
      expect(await ids('removal_requested', 2024)).not.toContain(caseId);
      expect(await ids('removed', 2024)).toContain(caseId);
      expect(await ids('removed', 2023)).not.toContain(caseId);
    });
  });

  describe('pages: reported vs moved', () => {
    it('lists a case moved by someone of A2 under movedTo for A2, though only B reported it', async () => {
      const moved = await drill('leadA', '/pages', { movedTo: 'removal_requested', year: 2024, orgUnitId: units.A2 });
      const reported = await drill('leadA', '/pages', { year: 2024, orgUnitId: units.A2 });
      const [{ caseId }] = (await system.db.query(
        `SELECT e.page_case_id::text AS "caseId" FROM page_case_events e WHERE e.actor_id = $1 AND e.to_status = 'removal_requested'`,
        [people.adminA2.id],
      )) as { caseId: string }[];
      expect(moved.map((r) => r.id)).toContain(caseId);
      expect(reported.map((r) => r.id)).not.toContain(caseId);
      // a listed case can be opened, with its history, though none of its reports is A's
      expect((await get('leadA', `/pages/${caseId}`)).status).toBe(200);
      const history = await get('leadA', `/pages/${caseId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.items.map((e: { toStatus: string }) => e.toStatus)).toContain('removal_requested');
      // but acting on it stays with those who see its reports
      const patch = await system.http.patch(`/api/v1/pages/${caseId}`).set(bearer(people.secA.token)).send({ status: 'removed' });
      expect(patch.status).toBe(404);
      // and B's secretariat, whose people reported it, does not get it as moved by B
      const movedByB = await drill('secB', '/pages', { movedTo: 'removal_requested', year: 2024, orgUnitId: units.B });
      expect(movedByB.map((r) => r.id)).not.toContain(caseId);
    });

    it('lists a case once however many of its reports match', async () => {
      const rows = await drill('leadA', '/pages', { year: 2024, orgUnitId: units.A1 }, 1);
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      const [{ n }] = (await system.db.query(
        `SELECT count(*)::int AS n FROM reports r WHERE r.org_unit_id = $1
            AND r.created_at >= '2024-01-01T00:00:00+07:00' AND r.created_at < '2025-01-01T00:00:00+07:00'`,
        [units.A1],
      )) as { n: number }[];
      expect(n).toBeGreaterThan(rows.length);
    });
  });

  describe('scope', () => {
    const ENDPOINTS = [
      ...new Set(Object.values(DRILLS).map((d) => JSON.stringify([d.path, d.query(2024)]))),
    ].map((s) => JSON.parse(s) as [string, Record<string, string | number>]);

    it.each(ENDPOINTS)('A’s leader drilling B (or an unknown unit) on %s gets 404', async (path, query) => {
      for (const orgUnitId of [units.B, rootId, '987654321']) {
        const response = await get('leadA', path, { ...query, orgUnitId });
        expect({ orgUnitId, status: response.status }).toEqual({ orgUnitId, status: 404 });
        expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('orgUnitId') });
      }
    });

    it.each(ENDPOINTS)('B’s secretariat drilling A on %s gets 404', async (path, query) => {
      const response = await get('secB', path, { ...query, orgUnitId: units.A });
      expect(response.status).toBe(404);
    });

    it.each(['/assignments', '/questionnaires', '/questionnaires/units'])('a collaborator may not call %s (403)', async (path) => {
      const response = await get('cA1', path, { year: 2024, orgUnitId: units.A1 });
      expect(response.status).toBe(403);
    });

    it('without orgUnitId, a leader’s drill-downs cover their whole scope (all but contents and surveys)', async () => {
      const withUnit = await drilled('leadA', 2024, units.A, 200);
      const withoutUnit = await drilled('leadA', 2024, undefined, 200);
      const same = FIGURE_NAMES.filter((f) => !['websitePosts', 'websiteInteractions', 'surveys'].includes(f));
      for (const figure of same) expect({ figure, keys: withoutUnit.keys[figure] }).toEqual({ figure, keys: withUnit.keys[figure] });
      // documented: contents also lists the ancestors' (the root's post), surveys those A takes part in
      expect(withoutUnit.keys.websitePosts.length).toBeGreaterThan(withUnit.keys.websitePosts.length);
      expect(withoutUnit.keys.surveys.length).toBeGreaterThan(withUnit.keys.surveys.length);
    });
  });

  describe('filters', () => {
    it('questionnaires narrow to one survey, and their units carry counts summing to the list', async () => {
      const all = await drill('admin', '/questionnaires', { year: 2024, orgUnitId: rootId });
      const surveyIds = [...new Set(all.map((q) => q.surveyId as string))];
      expect(surveyIds.length).toBeGreaterThan(1);
      for (const surveyId of surveyIds) {
        const one = await drill('admin', '/questionnaires', { year: 2024, orgUnitId: rootId, surveyId });
        expect(one.length).toBe(all.filter((q) => q.surveyId === surveyId).length);
      }
      const unitRows = await drill('admin', '/questionnaires/units', { year: 2024, orgUnitId: rootId }, 1);
      expect(unitRows.reduce((sum, r) => sum + (r.questionnaires as number), 0)).toBe(all.length);
      expect(unitRows.every((r) => typeof r.orgUnitName === 'string')).toBe(true);
    });

    it('assignments by status: done, declined, assigned, and year only for done', async () => {
      const statuses = async (query: Record<string, string | number>) =>
        new Set((await drill('leadA', '/assignments', { orgUnitId: units.A, ...query }, 200)).map((r) => r.status));
      expect(await statuses({ status: 'declined' })).toEqual(new Set(['declined']));
      expect(await statuses({ status: 'assigned' })).toEqual(new Set(['assigned']));
      expect(await statuses({ year: 2024 })).toEqual(new Set(['done']));
      expect(await statuses({ status: 'assigned', year: 2024 })).toEqual(new Set());
    });

    it('users: active=true leaves out the deactivated, active=false lists only them', async () => {
      const active = (await drill('leadA', '/users', { orgUnitId: units.A2, active: 'true' })).map((r) => r.id);
      const inactive = (await drill('leadA', '/users', { orgUnitId: units.A2, active: 'false' })).map((r) => r.id);
      expect(active).not.toContain(people.gone.id);
      expect(inactive).toEqual([people.gone.id]);
      expect(active).toContain(people.cA2.id);
    });

    it.each([
      ['/pages', { movedTo: 'gone' }, 'movedTo'],
      ['/assignments', { status: 'finished' }, 'status'],
      ['/assignments', { year: 1999 }, 'year'],
      ['/questionnaires', { surveyId: 'x' }, 'surveyId'],
      ['/questionnaires/units', { orgUnitId: '1 OR 1=1' }, 'orgUnitId'],
      ['/reports', { orgUnitId: '-1' }, 'orgUnitId'],
      ['/directives', { orgUnitId: 'abc' }, 'orgUnitId'],
      ['/surveys', { orgUnitId: '' }, 'orgUnitId'],
      ['/contents', { orgUnitId: '1.2' }, 'orgUnitId'],
      ['/users', { active: 'yes' }, 'active'],
      ['/questionnaires', { limit: 201 }, 'limit'],
      ['/questionnaires/units', { cursor: 'not-ours' }, 'cursor'],
      ['/assignments', { cursor: 'e30' }, 'cursor'],
    ])('%s with %j answers 400 naming %s', async (path, query, field) => {
      const response = await get('admin', path, query);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body.message)).toContain(field);
    });
  });
});

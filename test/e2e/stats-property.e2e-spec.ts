import fc from 'fast-check';
import { Actor } from '@app/access';
import { FiguresRefresher, StatsService } from '@app/stats';
import { ADMIN, bearer, createUnit, eventually, seedAdmin, startTestSystem, TestSystem } from '../support';
import { Person, person } from '../support/takedowns';

const TZ = 'Asia/Ho_Chi_Minh';
// Reports and case changes are stamped with the server's clock, so the current year is checked too.
const YEARS = [2023, 2024, Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 4))];
// Instants around the new year in +07, where a wrong zone would put records in the wrong year.
const INSTANTS = [
  '2023-06-15T03:00:00Z',
  '2023-12-31T16:59:59Z',
  '2023-12-31T17:00:00Z',
  '2023-12-31T23:00:00Z',
  '2024-01-01T00:00:00Z',
  '2024-07-01T12:00:00+07:00',
];
const PAGES = ['https://facebook.com/trang-xau', 'https://m.facebook.com/trang-xau?ref=x', 'https://tiktok.com/@tin-gia', 'https://t.me/kenh'];
const NEXT_STATUS: Record<string, string> = { new: 'verified', verified: 'removal_requested', removal_requested: 'removed' };

type Op =
  | { kind: 'action'; who: number; type: 'share' | 'post' | 'comment' | 'reaction'; at: number; reach: number; task: boolean }
  | { kind: 'report'; who: number; page: number }
  | { kind: 'advanceCase'; page: number }
  | { kind: 'questionnaire'; unit: number }
  | { kind: 'moveUnit'; unit: number; parent: number }
  | { kind: 'moveUser'; who: number; unit: number }
  | { kind: 'duplicateChanges' }
  | { kind: 'crashMidFold' }
  | { kind: 'fold' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('action' as const),
    who: fc.nat(4),
    type: fc.constantFrom('share' as const, 'post' as const, 'comment' as const, 'reaction' as const),
    at: fc.nat(INSTANTS.length - 1),
    reach: fc.nat(1000),
    task: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('report' as const), who: fc.nat(4), page: fc.nat(PAGES.length - 1) }),
  fc.record({ kind: fc.constant('advanceCase' as const), page: fc.nat(PAGES.length - 1) }),
  fc.record({ kind: fc.constant('questionnaire' as const), unit: fc.nat(4) }),
  fc.record({ kind: fc.constant('moveUnit' as const), unit: fc.nat(4), parent: fc.nat(5) }),
  fc.record({ kind: fc.constant('moveUser' as const), who: fc.nat(4), unit: fc.nat(4) }),
  fc.constant({ kind: 'duplicateChanges' as const }),
  fc.constant({ kind: 'crashMidFold' as const }),
  fc.constant({ kind: 'fold' as const }),
);

/**
 * Exactness as a property: after any interleaving of writes, moves, duplicate change
 * deliveries, crashed folds and concurrent folds, once the changes are folded in every
 * figure equals an independent recomputation from the source rows, for every subtree.
 */
describe('figures are exact after any interleaving (property)', () => {
  let system: TestSystem;
  let admin: string;
  let root: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: true });
    ({ token: admin, rootUnitId: root } = await seedAdmin(system));
  });
  afterAll(() => system.close());

  it('holds for random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const world = await buildWorld();
        for (const step of ops) await apply(world, step);
        await settle();
        const stats = system.app.get(StatsService);
        const actor = await adminActor();
        for (const unit of [world.top, ...world.units]) {
          for (const year of YEARS) {
            const figures = await stats.yearly(actor, { year, orgUnitId: unit });
            expect({ unit, year, ...pick(figures as unknown as Record<string, unknown>) }).toEqual({ unit, year, ...(await recompute(unit, year)) });
          }
        }
      }),
      { numRuns: 8 },
    );
  });

  interface World {
    top: string;
    units: string[];
    people: Person[];
    taskId: string;
    surveyId: string;
    reportsByPage: Map<number, string>;
  }

  /** A fresh subtree per run: top → u0, u1; u0 → u2, u3; u1 → u4; five collaborators. */
  async function buildWorld(): Promise<World> {
    const top = (await createUnit(system, `Khối ${Math.random()}`, root)).id;
    const u0 = (await createUnit(system, 'u0', top)).id;
    const u1 = (await createUnit(system, 'u1', top)).id;
    const u2 = (await createUnit(system, 'u2', u0)).id;
    const u3 = (await createUnit(system, 'u3', u0)).id;
    const u4 = (await createUnit(system, 'u4', u1)).id;
    const units = [u0, u1, u2, u3, u4];
    const people = await Promise.all(units.map((unit) => person(system, unit, ['collaborator'])));
    const task = await system.http
      .post('/api/v1/tasks')
      .set(bearer(admin))
      .send({ title: 'Chia sẻ', kind: 'share', assignees: { orgUnitIds: [top] } })
      .expect(201);
    await eventually(
      () => system.http.get(`/api/v1/jobs/${task.body.fanOutJobId}`).set(bearer(admin)),
      (r) => r.body.status === 'done',
    );
    const survey = await system.http
      .post('/api/v1/surveys')
      .set(bearer(admin))
      .send({ title: 'Điều tra', startsOn: '2023-12-31', orgUnitIds: units })
      .expect(201);
    return { top, units, people, taskId: task.body.id, surveyId: survey.body.id, reportsByPage: new Map() };
  }

  async function apply(world: World, step: Op): Promise<void> {
    switch (step.kind) {
      case 'action': {
        const body = {
          type: step.type,
          platform: 'facebook',
          url: `https://facebook.com/p/${Math.random()}`,
          reach: step.reach,
          occurredAt: INSTANTS[step.at],
          ...(step.task ? { taskId: world.taskId } : {}),
        };
        await system.http.post('/api/v1/actions').set(bearer(world.people[step.who].token)).send(body).expect(201);
        return;
      }
      case 'report': {
        const response = await system.http
          .post('/api/v1/reports')
          .set(bearer(world.people[step.who].token))
          .send({ url: PAGES[step.page], category: 'false_information' })
          .expect(201);
        world.reportsByPage.set(step.page, response.body.id);
        return;
      }
      case 'advanceCase': {
        const reportId = world.reportsByPage.get(step.page);
        if (!reportId) return;
        const [row] = (await eventually(
          () => system.db.query(`SELECT page_case_id::text AS id FROM reports WHERE id = $1`, [reportId]),
          (rows: { id: string | null }[]) => rows[0]?.id !== null,
        )) as { id: string }[];
        const current = await system.http.get(`/api/v1/pages/${row.id}`).set(bearer(admin)).expect(200);
        const next = NEXT_STATUS[current.body.status];
        if (next) await system.http.patch(`/api/v1/pages/${row.id}`).set(bearer(admin)).send({ status: next }).expect(200);
        return;
      }
      case 'questionnaire':
        await system.http
          .post(`/api/v1/surveys/${world.surveyId}/questionnaires`)
          .set(bearer(admin))
          .send({ orgUnitId: world.units[step.unit] })
          .expect(201);
        return;
      case 'moveUnit': {
        const target = step.parent === 5 ? world.top : world.units[step.parent];
        const response = await system.http.patch(`/api/v1/org-units/${world.units[step.unit]}`).set(bearer(admin)).send({ parentId: target });
        expect([200, 409]).toContain(response.status);
        return;
      }
      case 'moveUser':
        await system.http
          .patch(`/api/v1/users/${world.people[step.who].id}`)
          .set(bearer(admin))
          .send({ orgUnitId: world.units[step.unit] })
          .expect(200);
        return;
      case 'duplicateChanges':
        // A change delivered twice: copy every pending change, plus some buckets already folded.
        await system.db.query(`INSERT INTO figure_changes (org_unit_id, day, family) SELECT org_unit_id, day, family FROM figure_changes`);
        await system.db.query(
          `INSERT INTO figure_changes (org_unit_id, day, family) SELECT org_unit_id, day, 'actions' FROM figure_daily LIMIT 5`,
        );
        return;
      case 'crashMidFold':
        // A worker that took changes and wrote half its work, then died: nothing of it may stick.
        await system.db
          .transaction(async (m) => {
            await m.query(`DELETE FROM figure_changes WHERE id IN (SELECT id FROM figure_changes ORDER BY id LIMIT 3)`);
            await m.query(`UPDATE figure_yearly SET value = value + 1000`);
            throw new Error('worker killed');
          })
          .catch(() => undefined);
        return;
      case 'fold':
        // Two folds at once, as two workers would run them.
        await Promise.all([system.app.get(FiguresRefresher).drain(1), system.app.get(FiguresRefresher).drain(1)]);
        return;
    }
  }

  /** Waits for every job (report links, fan-outs) and folds every change. */
  async function settle(): Promise<void> {
    await eventually(
      () => system.db.query(`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')`),
      (rows: { n: number }[]) => rows[0].n === 0,
      30_000,
    );
    await system.app.get(FiguresRefresher).drain();
  }

  async function adminActor(): Promise<Actor> {
    const [row] = (await system.db.query(
      `SELECT u.id::text, u.username, u.roles, u.org_unit_id::text AS "orgUnitId", o.path::text AS "unitPath"
         FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1`,
      [ADMIN.username],
    )) as Actor[];
    return row;
  }

  function pick(figures: Record<string, unknown>) {
    const names = [
      'shares',
      'reach',
      'interactions',
      'participations',
      'reportsFiled',
      'pagesReported',
      'pagesRemovalRequested',
      'pagesRemoved',
      'questionnaires',
      'surveyUnits',
      'members',
    ];
    return Object.fromEntries(names.map((n) => [n, figures[n]]));
  }

  /** SPEC's definitions, computed straight from the source rows. */
  async function recompute(unitId: string, year: number) {
    const [row] = (await system.db.query(
      `WITH sub AS (SELECT o.id FROM org_units o, org_units u WHERE u.id = $1 AND o.path <@ u.path),
            bounds AS (SELECT make_timestamptz($2::int, 1, 1, 0, 0, 0, $3) AS lo, make_timestamptz($2::int + 1, 1, 1, 0, 0, 0, $3) AS hi)
       SELECT
         (SELECT count(*) FROM actions a, bounds b WHERE a.org_unit_id IN (SELECT id FROM sub) AND a.type IN ('share','post')
             AND a.occurred_at >= b.lo AND a.occurred_at < b.hi)::int AS shares,
         (SELECT coalesce(sum(reach), 0) FROM actions a, bounds b WHERE a.org_unit_id IN (SELECT id FROM sub) AND a.type IN ('share','post')
             AND a.occurred_at >= b.lo AND a.occurred_at < b.hi)::int AS reach,
         (SELECT count(*) FROM actions a, bounds b WHERE a.org_unit_id IN (SELECT id FROM sub) AND a.type IN ('comment','reaction')
             AND a.occurred_at >= b.lo AND a.occurred_at < b.hi)::int AS interactions,
         (SELECT count(*) FROM assignments a, bounds b WHERE a.org_unit_id IN (SELECT id FROM sub) AND a.status = 'done'
             AND a.completed_at >= b.lo AND a.completed_at < b.hi)::int AS participations,
         (SELECT count(*) FROM reports r, bounds b WHERE r.org_unit_id IN (SELECT id FROM sub)
             AND r.created_at >= b.lo AND r.created_at < b.hi)::int AS "reportsFiled",
         (SELECT count(DISTINCT r.page_case_id) FROM reports r, bounds b WHERE r.org_unit_id IN (SELECT id FROM sub)
             AND r.created_at >= b.lo AND r.created_at < b.hi)::int AS "pagesReported",
         (SELECT count(DISTINCT e.page_case_id) FROM page_case_events e, bounds b WHERE e.org_unit_id IN (SELECT id FROM sub)
             AND e.to_status = 'removal_requested' AND e.created_at >= b.lo AND e.created_at < b.hi)::int AS "pagesRemovalRequested",
         (SELECT count(DISTINCT e.page_case_id) FROM page_case_events e, bounds b WHERE e.org_unit_id IN (SELECT id FROM sub)
             AND e.to_status = 'removed' AND e.created_at >= b.lo AND e.created_at < b.hi)::int AS "pagesRemoved",
         (SELECT count(*) FROM questionnaires q JOIN surveys s ON s.id = q.survey_id WHERE q.org_unit_id IN (SELECT id FROM sub)
             AND extract(year FROM s.starts_on) = $2)::int AS questionnaires,
         (SELECT count(DISTINCT q.org_unit_id) FROM questionnaires q JOIN surveys s ON s.id = q.survey_id
           WHERE q.org_unit_id IN (SELECT id FROM sub) AND extract(year FROM s.starts_on) = $2)::int AS "surveyUnits",
         (SELECT count(*) FROM users WHERE active AND org_unit_id IN (SELECT id FROM sub))::int AS members`,
      [unitId, year, TZ],
    )) as Record<string, number>[];
    return row;
  }
});

import { randomBytes } from 'node:crypto';
import { PageCaseStatus } from '@app/contracts';
import { MIGRATIONS } from '@app/persistence';
import { FiguresRefresher } from '@app/stats';
import { PageRecheckProcessor } from '../../apps/worker/src/processors/page-recheck.processor';
import { bearer, countRows, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { execution, hanoiDay, jobsIdle, linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/** What a status change writes; a refused one writes none of it. */
const TABLES = ['page_case_events', 'page_case_tracks', 'figure_changes', 'audit_log', 'jobs'];

interface Change {
  fromStatus: PageCaseStatus;
  toStatus: PageCaseStatus;
  actorId: string | null;
  orgUnitId: string | null;
  note: string | null;
  platformRef: string | null;
}

/**
 * One page reported from two trees (two top units): each tree reviews the one case on its own
 * track (ADR 008, "A case shared by trees").
 */
describe('a page case shared by two trees', () => {
  let system: TestSystem;
  let admin: Person & { rootUnitId: string };
  let treeA: string;
  let unitA1: string;
  let treeB: string;
  let unitB1: string;
  let reporterA: Person;
  let reporterB: Person;
  let secretariatA: Person;
  let secretariatA1: Person;
  let secretariatB: Person;
  let leaderB: Person;
  const year = Number(hanoiDay(new Date()).slice(0, 4));

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    admin = { id: '', token: seeded.token, orgUnitId: seeded.rootUnitId, rootUnitId: seeded.rootUnitId };
    treeA = (await createUnit(system, 'Tỉnh đoàn A', null)).id;
    unitA1 = (await createUnit(system, 'Huyện đoàn A1', treeA)).id;
    treeB = (await createUnit(system, 'Tỉnh đoàn B', null)).id;
    unitB1 = (await createUnit(system, 'Huyện đoàn B1', treeB)).id;
    reporterA = await person(system, unitA1, ['collaborator']);
    reporterB = await person(system, unitB1, ['collaborator']);
    secretariatA = await person(system, treeA, ['secretariat']);
    secretariatA1 = await person(system, unitA1, ['secretariat']);
    secretariatB = await person(system, treeB, ['secretariat']);
    leaderB = await person(system, treeB, ['leader']);
  });
  afterAll(() => system?.close());

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(system, t)])));
  const patch = (who: Person, id: string, body: Record<string, unknown>) =>
    system.http.patch(`/api/v1/pages/${id}`).set(bearer(who.token)).send(body);
  const shown = (who: Person, id: string, query: Record<string, string> = {}) =>
    system.http.get(`/api/v1/pages/${id}`).query(query).set(bearer(who.token));
  const history = async (who: Person, id: string, query: Record<string, string> = {}): Promise<Change[]> => {
    const response = await system.http.get(`/api/v1/pages/${id}/history`).query(query).set(bearer(who.token));
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const listed = async (who: Person, query: Record<string, unknown> = {}) => {
    const response = await system.http.get('/api/v1/pages').query({ limit: 200, ...query }).set(bearer(who.token));
    expect(response.status).toBe(200);
    return response.body.items as { id: string; status: PageCaseStatus; dueForRecheck: boolean }[];
  };
  const yearly = async (orgUnitId: string) => {
    await jobsIdle(system);
    await system.app.get(FiguresRefresher).drain();
    const response = await system.http.get('/api/v1/stats/yearly').query({ year, orgUnitId }).set(bearer(admin.token));
    expect(response.status).toBe(200);
    return response.body as { pagesRemovalRequested: number; pagesRemoved: number };
  };

  /** One case of a fresh page, reported from both trees. */
  async function sharedCase(): Promise<string> {
    const url = `https://www.facebook.com/trang.chung.${unique()}`;
    const a = await system.http.post('/api/v1/reports').set(bearer(reporterA.token)).send({ url, category: 'scam' });
    const b = await system.http.post('/api/v1/reports').set(bearer(reporterB.token)).send({ url, category: 'scam' });
    expect([a.status, b.status]).toEqual([201, 201]);
    const linked = await linkedCases(system, [a.body.id, b.body.id]);
    expect(linked[a.body.id]).toBe(linked[b.body.id]);
    return linked[a.body.id];
  }

  async function moves(who: Person, id: string, statuses: PageCaseStatus[], extra: Record<string, unknown> = {}) {
    for (const status of statuses) {
      const response = await patch(who, id, { status, note: `ghi chú ${status}`, platformRef: `REF-${status}`, ...extra });
      expect({ status, answer: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({
        status,
        answer: 200,
        body: undefined,
      });
    }
  }

  describe('tree A requests removal, tree B marks it removed', () => {
    let id: string;
    let figuresBefore: Record<string, { pagesRemovalRequested: number; pagesRemoved: number }>;

    beforeAll(async () => {
      id = await sharedCase();
      figuresBefore = { [treeA]: await yearly(treeA), [treeB]: await yearly(treeB) };
      await moves(secretariatA, id, ['verified']);
      await moves(secretariatB, id, ['verified', 'removal_requested', 'removed']);
      // Until now tree A's reviewers got 409 here: the one shared status was already removed.
      await moves(secretariatA1, id, ['removal_requested']);
      await moves(secretariatA, id, ['still_online']);
    });

    it('shows each reader its own tree’s status', async () => {
      for (const [who, status] of [
        [secretariatA, 'still_online'],
        [secretariatA1, 'still_online'],
        [reporterA, 'still_online'],
        [secretariatB, 'removed'],
        [leaderB, 'removed'],
        [reporterB, 'removed'],
      ] as [Person, PageCaseStatus][]) {
        const response = await shown(who, id);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ id, status, reportCount: 2 });
        expect((await listed(who)).find((c) => c.id === id)?.status).toBe(status);
      }
      expect((await listed(secretariatA, { status: 'still_online' })).map((c) => c.id)).toContain(id);
      expect((await listed(secretariatA, { status: 'removed' })).map((c) => c.id)).not.toContain(id);
      expect((await listed(secretariatB, { status: 'removed' })).map((c) => c.id)).toContain(id);
    });

    it('judges each move on the tree’s own track, and a refused one writes nothing', async () => {
      const before = await counts();
      const a = await patch(secretariatA, id, { status: 'removed' });
      expect(a.status).toBe(409);
      expect(a.body.message).toContain('still_online cannot become removed');
      const b = await patch(secretariatB, id, { status: 'still_online' });
      expect(b.status).toBe(409);
      expect(b.body.message).toContain('removed cannot become still_online');
      expect(await counts()).toEqual(before);
    });

    it('gives each tree the history of its own review only, with the authors it may see', async () => {
      const ofA = await history(secretariatA, id);
      expect(ofA.map((e) => [e.fromStatus, e.toStatus, e.actorId])).toEqual([
        ['new', 'verified', secretariatA.id],
        ['verified', 'removal_requested', secretariatA1.id],
        ['removal_requested', 'still_online', secretariatA.id],
      ]);
      expect(ofA.some((e) => e.toStatus === 'removed' || e.note === 'ghi chú removed')).toBe(false);

      const ofB = await history(leaderB, id);
      expect(ofB.map((e) => [e.fromStatus, e.toStatus, e.actorId, e.orgUnitId, e.note])).toEqual([
        ['new', 'verified', secretariatB.id, treeB, 'ghi chú verified'],
        ['verified', 'removal_requested', secretariatB.id, treeB, 'ghi chú removal_requested'],
        ['removal_requested', 'removed', secretariatB.id, treeB, 'ghi chú removed'],
      ]);
      expect(ofB.some((e) => e.toStatus === 'still_online' || e.note === 'ghi chú still_online')).toBe(false);

      // Within tree A the rule of ADR 008 holds: A1's secretariat sees its own move with its
      // author, the top unit's moves without theirs; so does A1's reporter (their own unit's changes).
      for (const reader of [secretariatA1, reporterA]) {
        expect((await history(reader, id)).map((e) => [e.toStatus, e.actorId, e.note])).toEqual([
          ['verified', null, null],
          ['removal_requested', secretariatA1.id, 'ghi chú removal_requested'],
          ['still_online', null, null],
        ]);
      }
    });

    it('counts in each tree’s figures its own people’s changes only', async () => {
      const a = await yearly(treeA);
      const b = await yearly(treeB);
      expect(a.pagesRemovalRequested - figuresBefore[treeA].pagesRemovalRequested).toBe(1);
      expect(a.pagesRemoved - figuresBefore[treeA].pagesRemoved).toBe(0);
      expect(b.pagesRemovalRequested - figuresBefore[treeB].pagesRemovalRequested).toBe(1);
      expect(b.pagesRemoved - figuresBefore[treeB].pagesRemoved).toBe(1);
      // The drill-downs list the same rows.
      const movedTo = async (who: Person, status: PageCaseStatus, orgUnitId: string) =>
        (await listed(who, { movedTo: status, year, orgUnitId })).map((c) => c.id);
      expect(await movedTo(secretariatA, 'removal_requested', treeA)).toContain(id);
      expect(await movedTo(secretariatA, 'removed', treeA)).not.toContain(id);
      expect(await movedTo(secretariatB, 'removed', treeB)).toContain(id);
    });

    it('keeps page_cases.status as the latest move of any tree', async () => {
      const [row] = (await system.db.query(`SELECT status FROM page_cases WHERE id = $1`, [id])) as { status: string }[];
      expect(row.status).toBe('still_online');
    });
  });

  describe('who acts on which track', () => {
    it('lets two trees move the same case at once: each on its own track', async () => {
      const id = await sharedCase();
      const answers = await Promise.all([patch(secretariatA, id, { status: 'verified' }), patch(secretariatB, id, { status: 'rejected' })]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect((await shown(secretariatA, id)).body.status).toBe('verified');
      expect((await shown(secretariatB, id)).body.status).toBe('rejected');
    });

    it('lets an admin name the tree with orgUnitId, stamping the change with the admin’s own unit', async () => {
      const id = await sharedCase();
      await jobsIdle(system);
      const rootBefore = await yearly(admin.rootUnitId);
      const bBefore = await yearly(treeB);
      await moves(admin, id, ['verified', 'removal_requested'], { orgUnitId: unitB1 });
      expect((await shown(secretariatB, id)).body.status).toBe('removal_requested');
      expect((await shown(secretariatA, id)).body.status).toBe('new');
      // Without orgUnitId an admin reads their own tree's track, which nobody changed.
      expect((await shown(admin, id)).body.status).toBe('new');
      expect((await shown(admin, id, { orgUnitId: treeB })).body.status).toBe('removal_requested');
      expect((await listed(admin, { orgUnitId: treeB })).find((c) => c.id === id)?.status).toBe('removal_requested');
      const seen = await history(admin, id, { orgUnitId: treeB });
      expect(seen.map((e) => [e.toStatus, e.orgUnitId])).toEqual([
        ['verified', admin.rootUnitId],
        ['removal_requested', admin.rootUnitId],
      ]);
      expect(await history(admin, id)).toEqual([]);
      // Tree B sees that its track moved, not who moved it from outside its scope.
      expect((await history(secretariatB, id)).map((e) => [e.toStatus, e.actorId])).toEqual([
        ['verified', null],
        ['removal_requested', null],
      ]);
      // The change counts for the admin's unit, like any change (SPEC): not for tree B's people.
      expect((await yearly(admin.rootUnitId)).pagesRemovalRequested - rootBefore.pagesRemovalRequested).toBe(1);
      expect((await yearly(treeB)).pagesRemovalRequested - bBefore.pagesRemovalRequested).toBe(0);
    });

    it.each<[string, () => Person, () => string]>([
      ['naming a unit of the other tree', () => secretariatA, () => unitB1],
      ['naming a unit that does not exist', () => secretariatA, () => '987654321'],
    ])('answers 404 to a secretariat %s, writing nothing', async (_case, who, unit) => {
      const id = await sharedCase();
      await jobsIdle(system);
      const before = await counts();
      expect((await patch(who(), id, { status: 'verified', orgUnitId: unit() })).status).toBe(404);
      expect((await shown(who(), id, { orgUnitId: unit() })).status).toBe(404);
      expect((await system.http.get(`/api/v1/pages/${id}/history`).query({ orgUnitId: unit() }).set(bearer(who().token))).status).toBe(
        404,
      );
      expect(await counts()).toEqual(before);
      expect((await shown(secretariatB, id)).body.status).toBe('new');
    });

    it('refuses an orgUnitId that is not an id with 400 naming it', async () => {
      const id = await sharedCase();
      const response = await patch(secretariatA, id, { status: 'verified', orgUnitId: 'A' });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('orgUnitId');
      expect((await shown(secretariatA, id, { orgUnitId: '1 OR 1=1' })).status).toBe(400);
    });

    it('takes orgUnitId in the caller’s own tree as the same track', async () => {
      const id = await sharedCase();
      await moves(secretariatA, id, ['verified'], { orgUnitId: unitA1 });
      expect((await shown(secretariatA1, id)).body.status).toBe('verified');
      expect((await shown(secretariatA, id, { orgUnitId: unitA1 })).body.status).toBe('verified');
    });
  });

  describe('re-check, per tree', () => {
    it('marks the track of the tree whose own removal request is old, not the other tree’s', async () => {
      const id = await sharedCase();
      await moves(secretariatA, id, ['verified', 'removal_requested']);
      await moves(secretariatB, id, ['verified', 'removal_requested']);
      await system.db.query(
        `UPDATE page_case_events SET created_at = now() - interval '8 days' WHERE page_case_id = $1 AND actor_id = $2`,
        [id, secretariatA.id],
      );
      const result = await system.app.get(PageRecheckProcessor).handle(execution('pages.recheck', {}));
      expect(result.marked).toBeGreaterThanOrEqual(1);
      expect((await listed(secretariatA, { due: 'true' })).map((c) => c.id)).toContain(id);
      expect((await listed(secretariatB, { due: 'true' })).map((c) => c.id)).not.toContain(id);
      expect((await shown(secretariatA, id)).body.dueForRecheck).toBe(true);
      expect((await shown(secretariatB, id)).body.dueForRecheck).toBe(false);
      // B's move clears nothing of A's; A's own move clears A's mark.
      await moves(secretariatB, id, ['removed']);
      expect((await shown(secretariatA, id)).body.dueForRecheck).toBe(true);
      await moves(secretariatA, id, ['removed']);
      expect((await shown(secretariatA, id)).body.dueForRecheck).toBe(false);
    });
  });

  describe('the migration of cases reviewed before tracks', () => {
    it('gives each tree the status its own people last set, and the old re-check mark to the tracks still in removal_requested', async () => {
      const id = await sharedCase();
      const onlyA = await sharedCase();
      const untouched = await sharedCase();
      await jobsIdle(system);
      const Migration = MIGRATIONS.find((m) => m.name === 'PageCaseTracks1765200000000');
      if (!Migration) throw new Error('the PageCaseTracks migration is not registered');
      const migration = new Migration();
      const runner = system.db.createQueryRunner();
      try {
        await migration.down(runner);
        // One shared status, as before: A verified it, B requested removal and it was marked.
        const legacy = async (caseId: string, who: Person, from: string, to: string, minutesAgo: number) =>
          runner.query(
            `INSERT INTO page_case_events (page_case_id, from_status, to_status, actor_id, org_unit_id, created_at)
             VALUES ($1, $2, $3, $4, $5, now() - make_interval(mins => $6::int))`,
            [caseId, from, to, who.id, who.orgUnitId, minutesAgo],
          );
        await legacy(id, secretariatA, 'new', 'verified', 30);
        await legacy(id, secretariatB, 'verified', 'removal_requested', 20);
        await legacy(onlyA, secretariatA1, 'new', 'rejected', 10);
        await runner.query(
          `UPDATE page_cases SET status = 'removal_requested', due_for_recheck_at = now(), status_changed_at = now() - interval '20 minutes' WHERE id = $1`,
          [id],
        );
        await runner.query(`UPDATE page_cases SET status = 'rejected' WHERE id = $1`, [onlyA]);
        await migration.up(runner);
      } finally {
        await runner.release();
      }

      expect((await shown(secretariatA, id)).body).toMatchObject({ status: 'verified', dueForRecheck: false });
      expect((await shown(secretariatB, id)).body).toMatchObject({ status: 'removal_requested', dueForRecheck: true });
      expect((await shown(secretariatA1, onlyA)).body.status).toBe('rejected');
      expect((await shown(secretariatB, onlyA)).body.status).toBe('new');
      expect((await shown(secretariatB, untouched)).body.status).toBe('new');
      expect((await history(secretariatA, id)).map((e) => e.toStatus)).toEqual(['verified']);
      expect((await history(secretariatB, id)).map((e) => e.toStatus)).toEqual(['removal_requested']);
      // Earlier cases of this file kept their tracks through down and up.
      const [{ n }] = (await system.db.query(
        `SELECT count(*)::int AS n FROM page_case_events e LEFT JOIN page_case_tracks t
            ON t.page_case_id = e.page_case_id AND t.tree_unit_id = e.tree_unit_id WHERE t.page_case_id IS NULL`,
      )) as { n: number }[];
      expect(n).toBe(0);
      // Tree A goes on from its own status; tree B from its own.
      await moves(secretariatA, id, ['removal_requested']);
      await moves(secretariatB, id, ['removed']);
      expect((await shown(secretariatB, id)).body.dueForRecheck).toBe(false);
    });
  });
});

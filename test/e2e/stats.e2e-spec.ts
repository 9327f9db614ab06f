import { FiguresRefresher, FiguresRepository } from '@app/stats';
import { bearer, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/** Figures read through GET /stats/yearly after the refresher has folded every change in. */
describe('yearly figures: aggregates equal the source rows', () => {
  let system: TestSystem;
  let admin: string;
  let root: string;
  let branch: { id: string };
  let leaf: { id: string };
  let other: { id: string };
  let collaborator: { id: string; username: string };
  let token: string;

  beforeAll(async () => {
    // The worker runs its own refresher every second; these tests drain by hand to be deterministic.
    system = await startTestSystem({ worker: false });
    ({ token: admin, rootUnitId: root } = await seedAdmin(system));
    branch = await createUnit(system, 'Đảng ủy Khối', root);
    leaf = await createUnit(system, 'Chi bộ 1', branch.id);
    other = await createUnit(system, 'Đơn vị khác', root);
    collaborator = await createUser(system, leaf.id, ['collaborator']);
    token = await login(system.http, collaborator.username);
  });
  afterAll(() => system.close());

  const drain = () => system.app.get(FiguresRefresher).drain();
  const yearly = async (year: number, orgUnitId: string, as = admin) => {
    await drain();
    const response = await system.http.get('/api/v1/stats/yearly').query({ year, orgUnitId }).set(bearer(as));
    expect(response.status).toBe(200);
    return response.body;
  };
  const log = (body: Record<string, unknown>) =>
    system.http.post('/api/v1/actions').set(bearer(token)).send(body).expect(201);

  it('counts shares, reach and interactions in the year of ORG_TIMEZONE, at the edges too', async () => {
    await log({ type: 'share', url: 'https://facebook.com/a/1', reach: 100, occurredAt: '2023-12-31T16:59:59Z' });
    await log({ type: 'post', url: 'https://facebook.com/a/2', reach: 50, occurredAt: '2023-12-31T17:00:00Z' });
    await log({ type: 'comment', platform: 'zalo', occurredAt: '2023-06-01T08:00:00+07:00' });
    await log({ type: 'reaction', platform: 'facebook', occurredAt: '2024-01-01T00:00:00+07:00' });

    const y2023 = await yearly(2023, leaf.id);
    expect(y2023).toMatchObject({ year: 2023, orgUnitId: leaf.id, shares: 1, reach: 100, interactions: 1 });
    const y2024 = await yearly(2024, leaf.id);
    expect(y2024).toMatchObject({ shares: 1, reach: 50, interactions: 1 });
    expect(y2024.previousYear).toMatchObject({ year: 2023, shares: 1, reach: 100 });
  });

  it('tells the worker how long ago the newest waiting change came, and nothing once folded', async () => {
    const refresher = system.app.get(FiguresRefresher);
    await drain();
    expect(await refresher.newestChangeAge()).toBeNull();
    await log({ type: 'comment', platform: 'zalo', occurredAt: '2022-03-01T08:00:00+07:00' });
    const fresh = await refresher.newestChangeAge();
    expect(fresh).toBeGreaterThanOrEqual(0);
    expect(fresh).toBeLessThan(60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await refresher.newestChangeAge()).toBeGreaterThanOrEqual((fresh as number) + 250);
    await drain();
    expect(await refresher.newestChangeAge()).toBeNull();
  });

  it('never answers an asOf that claims a fold with figures from before it', async () => {
    expect((await yearly(2021, leaf.id)).shares).toBe(0);
    const before = new Date().toISOString();
    await log({ type: 'share', url: 'https://facebook.com/a/2021', reach: 5, occurredAt: '2021-04-01T08:00:00+07:00' });

    // The fold commits just before the moment the answer reads how fresh the figures are.
    const figures = system.app.get(FiguresRepository);
    const findFreshness = figures.findFreshness.bind(figures);
    let folded = false;
    const spy = jest.spyOn(figures, 'findFreshness').mockImplementation(async (...args) => {
      if (!folded) {
        folded = true;
        await drain();
      }
      return findFreshness(...args);
    });
    try {
      const response = await system.http.get('/api/v1/stats/yearly').query({ year: 2021, orgUnitId: leaf.id }).set(bearer(admin));
      expect(folded).toBe(true);
      expect(response.body.asOf > before).toBe(true);
      expect(response.body).toMatchObject({ shares: 1, reach: 5 });
    } finally {
      spy.mockRestore();
    }
  });

  it('sums a subtree and leaves other subtrees out', async () => {
    const atBranch = await yearly(2023, branch.id);
    const atOther = await yearly(2023, other.id);
    expect(atBranch.shares).toBe(1);
    expect(atOther.shares).toBe(0);
    expect(atBranch.members).toBe(1);
  });

  it('moves a unit with its history', async () => {
    const moved = await system.http.patch(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)).send({ parentId: other.id });
    expect(moved.status).toBe(200);
    expect((await yearly(2023, other.id)).shares).toBe(1);
    expect((await yearly(2023, branch.id)).shares).toBe(0);
    await system.http.patch(`/api/v1/org-units/${leaf.id}`).set(bearer(admin)).send({ parentId: branch.id }).expect(200);
  });

  it('leaves a moved user’s past records where they were, and counts members where the user is now', async () => {
    const mover = await createUser(system, leaf.id, ['collaborator']);
    const moverToken = await login(system.http, mover.username);
    await system.http
      .post('/api/v1/actions')
      .set(bearer(moverToken))
      .send({ type: 'share', url: 'https://facebook.com/m/1', reach: 7, occurredAt: '2023-03-03T10:00:00+07:00' })
      .expect(201);
    await system.http.patch(`/api/v1/users/${mover.id}`).set(bearer(admin)).send({ orgUnitId: other.id }).expect(200);
    const atBranch = await yearly(2023, branch.id);
    const atOther = await yearly(2023, other.id);
    expect(atBranch).toMatchObject({ shares: 2, reach: 107, members: 1 });
    expect(atOther).toMatchObject({ shares: 0, members: 1 });
  });

  it('reports the target in force and how many members meet it', async () => {
    await system.http
      .put('/api/v1/targets/2023')
      .set(bearer(admin))
      .send({ orgUnitId: branch.id, perMember: 1, actionTypes: ['share', 'post'] })
      .expect(200);
    const stats = await yearly(2023, leaf.id);
    expect(stats.target).toMatchObject({ perMember: 1, targetOrgUnitId: branch.id, membersTotal: 1, membersMeeting: 1 });
    expect(stats.target.forecastMembersMeeting).toBe(1);
  });

  it('answers 404 for a unit outside the caller’s subtree, and 403 to collaborators', async () => {
    const leader = await createUser(system, leaf.id, ['leader']);
    const leaderToken = await login(system.http, leader.username);
    const outside = await system.http.get('/api/v1/stats/yearly').query({ year: 2023, orgUnitId: other.id }).set(bearer(leaderToken));
    expect(outside.status).toBe(404);
    const own = await system.http.get('/api/v1/stats/yearly').query({ year: 2023 }).set(bearer(leaderToken));
    expect(own.status).toBe(200);
    expect(own.body.orgUnitId).toBe(leaf.id);
    const denied = await system.http.get('/api/v1/stats/yearly').query({ year: 2023 }).set(bearer(token));
    expect(denied.status).toBe(403);
  });

  it('breaks the figures down by unit and by month', async () => {
    const byUnit = (await system.http
      .get('/api/v1/stats/yearly')
      .query({ year: 2023, orgUnitId: branch.id, groupBy: 'unit' })
      .set(bearer(admin))).body;
    expect(byUnit.byUnit.map((u: { orgUnitId: string }) => u.orgUnitId)).toEqual([branch.id, leaf.id]);
    expect(byUnit.byUnit[1].shares).toBe(byUnit.shares);
    const byMonth = (await system.http
      .get('/api/v1/stats/yearly')
      .query({ year: 2023, orgUnitId: branch.id, groupBy: 'month' })
      .set(bearer(admin))).body;
    expect(byMonth.byMonth).toHaveLength(12);
    expect(byMonth.byMonth.reduce((sum: number, m: { shares: number }) => sum + m.shares, 0)).toBe(byMonth.shares);
    expect(byMonth.byMonth[2]).toMatchObject({ month: '2023-03', shares: 1, reach: 7 });
  });

  it('counts nothing twice when the same change is delivered again', async () => {
    const before = await yearly(2024, leaf.id);
    await system.db.query(
      `INSERT INTO figure_changes (org_unit_id, day, family) VALUES ($1, '2024-01-01', 'actions'), ($1, '2024-01-01', 'actions')`,
      [leaf.id],
    );
    expect(await yearly(2024, leaf.id)).toMatchObject({ shares: before.shares, reach: before.reach });
  });

  it('repairs a tampered aggregate at reconciliation and says how many buckets it fixed', async () => {
    const now = new Date();
    await log({ type: 'share', url: 'https://facebook.com/today/1', reach: 9, occurredAt: now.toISOString() });
    const year = Number(now.toLocaleString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 4));
    const before = await yearly(year, leaf.id);
    await system.db.query(
      `UPDATE figure_daily SET value = value + 5 WHERE org_unit_id = $1 AND metric = 'reach' AND extract(year FROM day) = $2`,
      [leaf.id, year],
    );
    await system.db.query(`UPDATE figure_yearly SET value = value + 5 WHERE org_unit_id = $1 AND metric = 'reach' AND year = $2`, [
      leaf.id,
      year,
    ]);
    expect(await system.app.get(FiguresRefresher).reconcile(1)).toBeGreaterThanOrEqual(1);
    expect((await yearly(year, leaf.id)).reach).toBe(before.reach);
  });

  it('rebuilds a whole year from the source rows to the same figures', async () => {
    const before = await yearly(2023, branch.id);
    await system.db.query(`DELETE FROM figure_yearly WHERE year = 2023`);
    await system.db.query(`UPDATE figure_daily SET value = 0 WHERE day >= '2023-01-01' AND day < '2024-01-01'`);
    // As a faulty fold would: the aggregates changed and the version says so.
    await system.db.query(`UPDATE figure_state SET version = version + 1`);
    expect((await yearly(2023, branch.id)).shares).not.toBe(before.shares);
    await system.app.get(FiguresRefresher).rebuildYear(2023);
    const after = await yearly(2023, branch.id);
    expect({ ...after, asOf: undefined }).toEqual({ ...before, asOf: undefined });
  });
});

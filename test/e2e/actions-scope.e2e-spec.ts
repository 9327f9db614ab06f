import { bearer, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/** The drill-down behind the action figures: who sees which rows, its filters, and that it adds up. */

interface ActionRow {
  id: string;
  userId: string;
  orgUnitId: string;
  type: string;
  occurredAt: string;
  taskId: string | null;
}

describe('actions drill-down: scope, filters, moves, and totals', () => {
  let system: TestSystem;
  let adminToken: string;
  let unitP: string;
  let unitP1: string;
  let unitP1a: string;
  let unitP2: string;
  let unitQ: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const unitOf: Record<string, string> = {};
  /** Every action this file wrote, by who wrote it. */
  const written: ActionRow[] = [];

  const TYPES = ['share', 'post', 'comment', 'reaction'] as const;

  async function person(name: string, unitId: string, roles: ('collaborator' | 'secretariat' | 'leader')[]) {
    const user = await createUser(system, unitId, roles);
    ids[name] = user.id;
    unitOf[name] = unitId;
    tokens[name] = await login(system.http, user.username);
  }

  async function log(name: string, over: Record<string, unknown>): Promise<ActionRow> {
    const type = (over.type as string) ?? 'share';
    const response = await system.http
      .post('/api/v1/actions')
      .set(bearer(tokens[name]))
      .send({
        type,
        platform: 'facebook',
        ...(type === 'share' || type === 'post' ? { url: `https://www.facebook.com/p/${written.length}` } : {}),
        reach: 5,
        occurredAt: '2024-04-01T10:00:00+07:00',
        ...over,
      });
    expect(response.status).toBe(201);
    written.push(response.body);
    return response.body;
  }

  /** Follows every page of a drill-down; fails on a repeat. */
  async function drill(token: string, query: Record<string, string | number>, limit = 200): Promise<ActionRow[]> {
    const rows: ActionRow[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: ActionRow[]; nextCursor: string | null } } = await system.http
        .get('/api/v1/actions')
        .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
        .set(bearer(token));
      expect({ status: page.status, body: page.status === 200 ? undefined : page.body }).toEqual({ status: 200, body: undefined });
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      rows.push(...page.body.items);
      cursor = page.body.nextCursor;
      expect(++pages).toBeLessThan(1000);
    } while (cursor);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    return rows;
  }

  const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
  const writtenBy = (...names: string[]) => written.filter((w) => names.some((n) => ids[n] === w.userId));

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    unitP = (await createUnit(system, 'Đảng bộ P', admin.rootUnitId)).id;
    unitP1 = (await createUnit(system, 'Chi bộ P1', unitP)).id;
    unitP1a = (await createUnit(system, 'Tổ P1a', unitP1)).id;
    unitP2 = (await createUnit(system, 'Chi bộ P2', unitP)).id;
    unitQ = (await createUnit(system, 'Đảng bộ Q', admin.rootUnitId)).id;
    await person('secretariat', unitP, ['secretariat']);
    await person('leader', unitP, ['leader']);
    await person('c1', unitP1, ['collaborator']);
    await person('c2', unitP1, ['collaborator']);
    await person('c3', unitP1a, ['collaborator']);
    await person('c4', unitP2, ['collaborator']);
    await person('secretariatQ', unitQ, ['secretariat']);
    await person('cq', unitQ, ['collaborator']);

    // the year boundary in +07: 16:59:59Z on 31/12/2023 is still 2023, 17:00:00Z is 2024
    await log('c1', { type: 'share', occurredAt: '2023-12-31T16:59:59Z' });
    await log('c1', { type: 'share', occurredAt: '2023-12-31T17:00:00Z' });
    await log('c1', { type: 'comment', occurredAt: '2024-02-01T08:00:00+07:00' });
    await log('c2', { type: 'post', occurredAt: '2024-12-31T23:59:59+07:00' }); // 2024 in +07, 2024 in UTC too
    await log('c2', { type: 'reaction', occurredAt: '2025-01-01T00:00:00+07:00' }); // 2025 in +07, 2024 in UTC
    await log('c3', { type: 'share', occurredAt: '2024-06-15T12:00:00+07:00' });
    await log('c4', { type: 'post', occurredAt: '2024-07-01T12:00:00+07:00' });
    await log('secretariat', { type: 'share', occurredAt: '2024-03-03T12:00:00+07:00' });
    await log('cq', { type: 'share', occurredAt: '2024-05-05T12:00:00+07:00' });
    await log('secretariatQ', { type: 'post', occurredAt: '2024-05-06T12:00:00+07:00' });

    // a larger, deterministic spread, several rows sharing one instant so paging must break ties by id
    const people = ['c1', 'c2', 'c3', 'c4', 'cq'];
    for (const [p, name] of people.entries()) {
      const items = Array.from({ length: 24 }, (_, i) => {
        const type = TYPES[(i + p) % 4];
        const occurredAt =
          i % 6 === 0 ? '2024-08-08T08:08:08+07:00' : new Date(Date.UTC(2023, 11, 25 + ((i * 7 + p * 3) % 40), (i * 5) % 24, 30)).toISOString();
        return {
          clientId: `${name}-${i}`,
          type,
          platform: 'zalo',
          ...(type === 'share' || type === 'post' ? { url: `https://zalo.me/g/${name}/${i}` } : {}),
          reach: i,
          occurredAt,
        };
      });
      const response = await system.http.post('/api/v1/actions/batch').set(bearer(tokens[name])).send({ items });
      expect(response.status).toBe(200);
      for (const [i, result] of (response.body.results as { status: number; id: string }[]).entries()) {
        expect(result.status).toBe(201);
        const { type, occurredAt } = items[i];
        written.push({ id: result.id, userId: ids[name], orgUnitId: unitOf[name], type, occurredAt: new Date(occurredAt).toISOString(), taskId: null });
      }
    }
  });
  afterAll(() => system?.close());

  describe('a collaborator', () => {
    it('sees only their own actions', async () => {
      const rows = await drill(tokens.c1, {}, 7);
      expect(idsOf(rows)).toEqual(idsOf(writtenBy('c1')));
    });

    it('sees only their own actions even when asking for their own unit', async () => {
      const rows = await drill(tokens.c1, { orgUnitId: unitP1 });
      expect(rows.length).toBeGreaterThan(0);
      expect(idsOf(rows)).toEqual(idsOf(writtenBy('c1')));
      expect(writtenBy('c2').length).toBeGreaterThan(0);
    });

    it("finds nothing by naming a colleague's userId", async () => {
      expect(await drill(tokens.c1, { userId: ids.c2 })).toEqual([]);
    });

    it('gets 404 for the parent unit or another subtree', async () => {
      for (const orgUnitId of [unitP, unitQ, '987654321']) {
        const response = await system.http.get('/api/v1/actions').query({ orgUnitId }).set(bearer(tokens.c1));
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('orgUnitId') });
      }
    });
  });

  describe.each([['secretariat'], ['leader']])('a %s of P', (role) => {
    it("sees the subtree's actions and nothing of Q", async () => {
      const rows = await drill(tokens[role], {}, 13);
      expect(idsOf(rows)).toEqual(idsOf(writtenBy('secretariat', 'c1', 'c2', 'c3', 'c4')));
    });

    it('narrows to a unit of the subtree, descendants included', async () => {
      const rows = await drill(tokens[role], { orgUnitId: unitP1 });
      expect(idsOf(rows)).toEqual(idsOf(writtenBy('c1', 'c2', 'c3')));
      expect(idsOf(await drill(tokens[role], { orgUnitId: unitP1a }))).toEqual(idsOf(writtenBy('c3')));
    });

    it('gets 404 for a unit outside the subtree, or unknown', async () => {
      for (const orgUnitId of [unitQ, '987654321']) {
        const response = await system.http.get('/api/v1/actions').query({ orgUnitId }).set(bearer(tokens[role]));
        expect(response.status).toBe(404);
        expect(response.body.message).toContain('orgUnitId');
      }
    });

    it("finds nothing of Q's people by userId", async () => {
      expect(await drill(tokens[role], { userId: ids.cq })).toEqual([]);
    });
  });

  describe('an admin', () => {
    it('sees every action, and any unit', async () => {
      expect(idsOf(await drill(adminToken, {}, 50))).toEqual(idsOf(written));
      expect(idsOf(await drill(adminToken, { orgUnitId: unitQ }))).toEqual(idsOf(writtenBy('cq', 'secretariatQ')));
    });
  });

  describe('filters', () => {
    it('puts 2023-12-31T16:59:59Z in 2023 and 2023-12-31T17:00:00Z in 2024 (Asia/Ho_Chi_Minh)', async () => {
      const in2023 = await drill(tokens.c1, { year: 2023 });
      const in2024 = await drill(tokens.c1, { year: 2024 });
      const edge2023 = written.find((w) => w.userId === ids.c1 && w.occurredAt === '2023-12-31T16:59:59.000Z');
      const edge2024 = written.find((w) => w.userId === ids.c1 && w.occurredAt === '2023-12-31T17:00:00.000Z');
      expect(in2023.map((r) => r.id)).toContain(edge2023?.id);
      expect(in2023.map((r) => r.id)).not.toContain(edge2024?.id);
      expect(in2024.map((r) => r.id)).toContain(edge2024?.id);
      expect(in2024.map((r) => r.id)).not.toContain(edge2023?.id);
      expect(in2023.length + in2024.length).toBe(writtenBy('c1').length);
      // 00:00 on 1/1/2025 in Hanoi is still 2024 in UTC, but belongs to 2025
      const newYear = written.find((w) => w.userId === ids.c2 && w.occurredAt === '2024-12-31T17:00:00.000Z');
      const c2in2025 = await drill(tokens.secretariat, { year: 2025, userId: ids.c2 });
      expect(c2in2025.map((r) => r.id)).toContain(newYear?.id);
      const c2in2024 = await drill(tokens.secretariat, { year: 2024, userId: ids.c2 });
      expect(c2in2024.map((r) => r.id)).not.toContain(newYear?.id);
    });

    it('filters by a list of types', async () => {
      const rows = await drill(tokens.secretariat, { type: 'share,post' }, 9);
      expect(idsOf(rows)).toEqual(
        idsOf(writtenBy('secretariat', 'c1', 'c2', 'c3', 'c4').filter((w) => w.type === 'share' || w.type === 'post')),
      );
      const comments = await drill(tokens.secretariat, { type: 'comment' });
      expect(comments.length).toBeGreaterThan(0);
      expect(comments.every((r) => r.type === 'comment')).toBe(true);
    });

    it('filters by userId', async () => {
      const rows = await drill(tokens.secretariat, { userId: ids.c3 });
      expect(idsOf(rows)).toEqual(idsOf(writtenBy('c3')));
    });

    it('filters by taskId', async () => {
      const task = await system.http
        .post('/api/v1/tasks')
        .set(bearer(tokens.secretariat))
        .send({ title: 'Chia sẻ bài viết', kind: 'share', assignees: { userIds: [ids.c1] } });
      expect(task.status).toBe(201);
      const named = await log('c1', { taskId: task.body.id, occurredAt: '2024-09-09T09:00:00+07:00' });
      const byC3 = await log('c3', { taskId: task.body.id, type: 'comment', occurredAt: '2024-09-10T09:00:00+07:00' });
      const rows = await drill(tokens.secretariat, { taskId: task.body.id });
      expect(idsOf(rows)).toEqual(idsOf([named, byC3]));
      expect(rows.every((r) => r.taskId === task.body.id)).toBe(true);
      // newest first
      expect(rows.map((r) => r.id)).toEqual([byC3.id, named.id]);
      expect(await drill(tokens.c1, { taskId: task.body.id })).toEqual([expect.objectContaining({ id: named.id })]);
    });

    it('answers newest first, ties broken by id, in every page', async () => {
      const rows = await drill(adminToken, {}, 4);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]];
        const order = Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || Number(a.id) - Number(b.id);
        expect(order).toBeGreaterThan(0);
      }
    });
  });

  it('leaves past actions with the old unit when a user moves, and stamps new ones with the new unit', async () => {
    const before = writtenBy('c2').map((w) => w.id);
    expect(before.length).toBeGreaterThan(0);
    const move = await system.http.patch(`/api/v1/users/${ids.c2}`).set(bearer(adminToken)).send({ orgUnitId: unitP2 });
    expect(move.status).toBe(200);
    expect(move.body.orgUnitId).toBe(unitP2);

    // the same token, straight away
    const after = await log('c2', { type: 'share', occurredAt: '2024-10-10T10:00:00+07:00' });
    expect(after.orgUnitId).toBe(unitP2);

    const stored = (await system.db.query(
      `SELECT id::text AS id, org_unit_id::text AS unit FROM actions WHERE user_id = $1 ORDER BY id`,
      [ids.c2],
    )) as { id: string; unit: string }[];
    expect(stored.filter((s) => s.id !== after.id).every((s) => s.unit === unitP1)).toBe(true);
    expect(stored.find((s) => s.id === after.id)?.unit).toBe(unitP2);

    const inP1 = await drill(tokens.secretariat, { orgUnitId: unitP1, userId: ids.c2 });
    expect(idsOf(inP1)).toEqual(idsOf(before.map((id) => ({ id }))));
    const inP2 = await drill(tokens.secretariat, { orgUnitId: unitP2, userId: ids.c2 });
    expect(inP2.map((r) => r.id)).toEqual([after.id]);
    // and the mover still sees all of their own
    expect(idsOf(await drill(tokens.c2, {}))).toEqual(idsOf(writtenBy('c2')));
  });

  it('lists exactly as many rows as a direct count over the subtree (year=2024, type=share,post)', async () => {
    const count = async (unitId: string) => {
      const [row] = (await system.db.query(
        `SELECT count(*)::int AS n, coalesce(array_agg(a.id::text ORDER BY a.id), '{}') AS ids
           FROM actions a JOIN org_units o ON o.id = a.org_unit_id
          WHERE o.path <@ (SELECT path FROM org_units WHERE id = $1)
            AND a.type IN ('share', 'post')
            AND a.occurred_at >= '2024-01-01T00:00:00+07:00' AND a.occurred_at < '2025-01-01T00:00:00+07:00'`,
        [unitId],
      )) as { n: number; ids: string[] }[];
      return row;
    };
    for (const [token, unitId] of [
      [tokens.secretariat, unitP],
      [tokens.leader, unitP1],
      [adminToken, unitQ],
      [tokens.secretariatQ, unitQ],
    ]) {
      const expected = await count(unitId);
      expect(expected.n).toBeGreaterThan(0);
      const rows = await drill(token, { year: 2024, type: 'share,post', orgUnitId: unitId }, 3);
      expect(rows.length).toBe(expected.n);
      expect(idsOf(rows)).toEqual(expected.ids);
    }
  });
});

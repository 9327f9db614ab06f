import { Response } from 'supertest';
import {
  bearer,
  createUnit,
  createUser,
  login,
  seedAdmin,
  snapshotCounts,
  startTestSystem,
  TestSystem,
} from '../support';

describe('org units: create, page, rename and move subtrees', () => {
  let system: TestSystem;
  let admin: { token: string; rootUnitId: string; id: string };

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    const me = await system.http.get('/api/v1/me').set(bearer(seeded.token));
    admin = { ...seeded, id: me.body.id };
  });
  afterAll(() => system.close());

  const post = (token: string, body: object) => system.http.post('/api/v1/org-units').set(bearer(token)).send(body);
  const patch = (token: string, id: string, body: object) =>
    system.http.patch(`/api/v1/org-units/${id}`).set(bearer(token)).send(body);

  /** Follows nextCursor from the first page to the last; fails on a page that is not a page. */
  async function listAll(token: string, path: string, limit = 2): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: Response = await system.http
        .get(path)
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .set(bearer(token));
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
      pages++;
      if (pages > 100) throw new Error('pagination does not end');
    } while (cursor !== null);
    return { ids, pages };
  }

  const unitIdsOf = async (token: string) => (await listAll(token, '/api/v1/org-units', 50)).ids;
  const userIdsIn = async (token: string, orgUnitId: string) =>
    (await listAll(token, `/api/v1/users?orgUnitId=${orgUnitId}`, 50)).ids;

  async function pathsOf(ids: string[]): Promise<Record<string, string>> {
    const rows = (await system.db.query(`SELECT id::text, path::text FROM org_units WHERE id = ANY($1::bigint[])`, [
      ids,
    ])) as { id: string; path: string }[];
    return Object.fromEntries(rows.map((row) => [row.id, row.path]));
  }

  it('creates a root and children over HTTP, with string ids', async () => {
    const root = await post(admin.token, { name: 'Đảng ủy Khối', code: 'DUK' });
    expect(root.status).toBe(201);
    expect(root.body).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: 'Đảng ủy Khối', code: 'DUK', parentId: null });
    expect(root.body).not.toHaveProperty('path');

    const child = await post(admin.token, { name: 'Chi bộ Văn phòng', parentId: root.body.id });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ name: 'Chi bộ Văn phòng', code: null, parentId: root.body.id });
    const grandchild = await post(admin.token, { name: 'Tổ 1', code: 'DUK-VP-1', parentId: child.body.id });
    expect(grandchild.status).toBe(201);
    expect(grandchild.body.parentId).toBe(child.body.id);

    const paths = await pathsOf([root.body.id, child.body.id, grandchild.body.id]);
    expect(paths[grandchild.body.id]).toBe(`${root.body.id}.${child.body.id}.${grandchild.body.id}`);

    const fetched = await system.http.get(`/api/v1/org-units/${grandchild.body.id}`).set(bearer(admin.token));
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: grandchild.body.id, name: 'Tổ 1', parentId: child.body.id });
  });

  it('refuses a bad create and writes nothing', async () => {
    const before = await snapshotCounts(system);
    const unknownParent = await post(admin.token, { name: 'Mồ côi', parentId: '999999' });
    expect(unknownParent.status).toBe(404);
    const extraField = await post(admin.token, { name: 'Thừa', path: '1.2' });
    expect(extraField.status).toBe(400);
    const duplicateCode = await post(admin.token, { name: 'Trùng mã', code: 'duk' });
    expect(duplicateCode.status).toBe(409);
    expect(duplicateCode.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await snapshotCounts(system)).toEqual(before);
  });

  it('lets only an admin create units', async () => {
    const unit = await createUnit(system, 'Chi bộ thư ký', admin.rootUnitId);
    const secretariat = await createUser(system, unit.id, ['secretariat']);
    const token = await login(system.http, secretariat.username);
    const before = await snapshotCounts(system);
    expect((await post(token, { name: 'Con', parentId: unit.id })).status).toBe(403);
    expect((await patch(token, unit.id, { name: 'Đổi tên' })).status).toBe(403);
    expect(await snapshotCounts(system)).toEqual(before);
  });

  it('pages through every unit exactly once with limit=2', async () => {
    for (let i = 1; i <= 5; i++) await createUnit(system, `Chi bộ phân trang ${i}`, admin.rootUnitId);
    const rows = (await system.db.query(`SELECT id::text FROM org_units ORDER BY org_units.id`)) as { id: string }[];
    const { ids, pages } = await listAll(admin.token, '/api/v1/org-units', 2);
    expect(ids).toEqual(rows.map((row) => row.id));
    expect(new Set(ids).size).toBe(ids.length);
    // limit + 1 rows are read per page, so a full last page already knows it is the last.
    expect(pages).toBe(Math.ceil(rows.length / 2));
  });

  it('refuses a limit above 200 and a tampered cursor', async () => {
    const tooMany = await system.http.get('/api/v1/org-units?limit=201').set(bearer(admin.token));
    expect(tooMany.status).toBe(400);
    const tampered = await system.http.get('/api/v1/org-units?cursor=eyJpZCI6IjF4In0').set(bearer(admin.token));
    expect(tampered.status).toBe(400);
    expect(tampered.body.field).toBe('cursor');
  });

  it('renames a unit (name and code) and refuses a code already in use with 409', async () => {
    const first = await createUnit(system, 'Chi bộ A', admin.rootUnitId, 'CBA');
    const second = await createUnit(system, 'Chi bộ B', admin.rootUnitId, 'CBB');

    const renamed = await patch(admin.token, first.id, { name: 'Chi bộ Á', code: 'CBA-2' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: first.id, name: 'Chi bộ Á', code: 'CBA-2', parentId: admin.rootUnitId });
    const fetched = await system.http.get(`/api/v1/org-units/${first.id}`).set(bearer(admin.token));
    expect(fetched.body).toMatchObject({ name: 'Chi bộ Á', code: 'CBA-2' });

    const nameOnly = await patch(admin.token, first.id, { name: 'Chi bộ A mới' });
    expect(nameOnly.status).toBe(200);
    expect(nameOnly.body).toMatchObject({ name: 'Chi bộ A mới', code: 'CBA-2' });

    const before = await snapshotCounts(system);
    const taken = await patch(admin.token, second.id, { name: 'Không được đổi', code: 'cba-2' });
    expect(taken.status).toBe(409);
    expect(taken.body.field).toBe('code');
    const unchanged = await system.http.get(`/api/v1/org-units/${second.id}`).set(bearer(admin.token));
    expect(unchanged.body).toMatchObject({ name: 'Chi bộ B', code: 'CBB' });
    expect(await snapshotCounts(system)).toEqual(before);

    // Keeping one's own code is not a conflict.
    expect((await patch(admin.token, second.id, { code: 'CBB' })).status).toBe(200);
  });

  it('answers a rename to the same name, or an empty change, with the unit and writes nothing', async () => {
    const unit = await createUnit(system, 'Chi bộ không đổi', admin.rootUnitId, 'NOCHG');
    const before = await snapshotCounts(system);
    const [{ updatedAt }] = (await system.db.query(`SELECT updated_at AS "updatedAt" FROM org_units WHERE id = $1`, [unit.id])) as {
      updatedAt: Date;
    }[];
    for (const body of [{}, { name: 'Chi bộ không đổi', code: 'NOCHG', parentId: admin.rootUnitId }]) {
      const response = await patch(admin.token, unit.id, body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: unit.id, name: 'Chi bộ không đổi', code: 'NOCHG' });
    }
    expect(await snapshotCounts(system)).toEqual(before);
    const [after] = (await system.db.query(`SELECT updated_at AS "updatedAt" FROM org_units WHERE id = $1`, [unit.id])) as {
      updatedAt: Date;
    }[];
    expect(after.updatedAt).toEqual(updatedAt);
  });

  it('moves a subtree with its users under a new parent', async () => {
    const a = await createUnit(system, 'Khối A', admin.rootUnitId);
    const a1 = await createUnit(system, 'Chi bộ A1', a.id);
    const a1x = await createUnit(system, 'Tổ A1x', a1.id);
    const b = await createUnit(system, 'Khối B', admin.rootUnitId);
    const inA = await createUser(system, a.id, ['collaborator']);
    const inA1 = await createUser(system, a1.id, ['collaborator']);
    const inA1x = await createUser(system, a1x.id, ['collaborator']);
    const inB = await createUser(system, b.id, ['collaborator']);

    expect(await userIdsIn(admin.token, a.id)).toEqual([inA.id, inA1.id, inA1x.id]);
    expect(await userIdsIn(admin.token, b.id)).toEqual([inB.id]);

    const moved = await patch(admin.token, a1.id, { parentId: b.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: a1.id, parentId: b.id, name: 'Chi bộ A1' });

    const paths = await pathsOf([a1.id, a1x.id, b.id]);
    expect(paths[a1.id]).toBe(`${paths[b.id]}.${a1.id}`);
    expect(paths[a1x.id]).toBe(`${paths[b.id]}.${a1.id}.${a1x.id}`);

    const units = (await listAll(admin.token, '/api/v1/org-units', 2)).ids;
    expect(units).toEqual(expect.arrayContaining([a.id, a1.id, a1x.id, b.id]));
    const a1xNow = await system.http.get(`/api/v1/org-units/${a1x.id}`).set(bearer(admin.token));
    expect(a1xNow.body.parentId).toBe(a1.id);

    expect(await userIdsIn(admin.token, b.id)).toEqual([inA1.id, inA1x.id, inB.id].sort((x, y) => Number(x) - Number(y)));
    expect(await userIdsIn(admin.token, a.id)).toEqual([inA.id]);
    expect(await userIdsIn(admin.token, a1.id)).toEqual([inA1.id, inA1x.id]);

    // Scope follows the tree: B's secretariat now sees the moved units and their people, A's does not.
    const secretariatB = await createUser(system, b.id, ['secretariat']);
    const secretariatA = await createUser(system, a.id, ['secretariat']);
    const tokenB = await login(system.http, secretariatB.username);
    const tokenA = await login(system.http, secretariatA.username);
    expect(await unitIdsOf(tokenB)).toEqual([a1.id, a1x.id, b.id].sort((x, y) => Number(x) - Number(y)));
    expect(await unitIdsOf(tokenA)).toEqual([a.id]);
    expect((await system.http.get(`/api/v1/org-units/${a1x.id}`).set(bearer(tokenA))).status).toBe(404);
    expect((await system.http.get(`/api/v1/users/${inA1x.id}`).set(bearer(tokenA))).status).toBe(404);
    expect((await system.http.get(`/api/v1/users/${inA1x.id}`).set(bearer(tokenB))).status).toBe(200);
  });

  it('refuses to move a unit under itself or its own descendant (409) and changes nothing', async () => {
    const top = await createUnit(system, 'Khối vòng', admin.rootUnitId, 'LOOP');
    const middle = await createUnit(system, 'Chi bộ vòng', top.id);
    const bottom = await createUnit(system, 'Tổ vòng', middle.id);
    const ids = [top.id, middle.id, bottom.id];
    const pathsBefore = await pathsOf(ids);
    const countsBefore = await snapshotCounts(system);

    for (const parentId of [top.id, middle.id, bottom.id]) {
      const response = await patch(admin.token, top.id, { parentId, name: 'Không được đổi tên' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, field: 'parentId' });
    }
    const selfUnderChild = await patch(admin.token, middle.id, { parentId: bottom.id });
    expect(selfUnderChild.status).toBe(409);

    expect(await pathsOf(ids)).toEqual(pathsBefore);
    const topNow = await system.http.get(`/api/v1/org-units/${top.id}`).set(bearer(admin.token));
    expect(topNow.body).toMatchObject({ name: 'Khối vòng', parentId: admin.rootUnitId });
    expect(await snapshotCounts(system)).toEqual(countsBefore);
  });

  it('refuses a move to a parent that does not exist', async () => {
    const unit = await createUnit(system, 'Chi bộ lạc', admin.rootUnitId);
    const before = await pathsOf([unit.id]);
    const response = await patch(admin.token, unit.id, { parentId: '987654321' });
    expect(response.status).toBe(404);
    expect(await pathsOf([unit.id])).toEqual(before);
  });

  it('keeps a secretariat’s scope over their subtree when their unit moves', async () => {
    const x = await createUnit(system, 'Khối X', admin.rootUnitId);
    const x1 = await createUnit(system, 'Chi bộ X1', x.id);
    const y = await createUnit(system, 'Khối Y', admin.rootUnitId);
    const secretariat = await createUser(system, x.id, ['secretariat']);
    const member = await createUser(system, x1.id, ['collaborator']);
    const outsider = await createUser(system, y.id, ['collaborator']);
    const token = await login(system.http, secretariat.username);
    expect(await unitIdsOf(token)).toEqual([x.id, x1.id]);

    expect((await patch(admin.token, x.id, { parentId: y.id })).status).toBe(200);

    // Straight after the move, with the token issued before it.
    expect(await unitIdsOf(token)).toEqual([x.id, x1.id]);
    expect(await userIdsIn(token, x1.id)).toEqual([member.id]);
    expect((await system.http.get(`/api/v1/users/${member.id}`).set(bearer(token))).status).toBe(200);
    // Moving under Y does not put Y, or Y's people, into the secretariat's scope.
    expect((await system.http.get(`/api/v1/org-units/${y.id}`).set(bearer(token))).status).toBe(404);
    expect((await system.http.get(`/api/v1/users/${outsider.id}`).set(bearer(token))).status).toBe(404);
    // And the secretariat can still create collaborators in the moved subtree.
    const created = await system.http
      .post('/api/v1/users')
      .set(bearer(token))
      .send({ username: `x1-${Date.now()}`, password: 'password-123', fullName: 'Thành viên X1', orgUnitId: x1.id, roles: ['collaborator'] });
    expect(created.status).toBe(201);
  });

  it('audits unit creation and changes with actor, before, after and request id', async () => {
    const created = await system.http
      .post('/api/v1/org-units')
      .set(bearer(admin.token))
      .set('x-request-id', 'req-unit-create-1')
      .send({ name: 'Chi bộ kiểm toán', code: 'AUD', parentId: admin.rootUnitId });
    expect(created.status).toBe(201);
    const target = await createUnit(system, 'Khối đích', admin.rootUnitId);
    const updated = await system.http
      .patch(`/api/v1/org-units/${created.body.id}`)
      .set(bearer(admin.token))
      .set('x-request-id', 'req-unit-update-1')
      .send({ name: 'Chi bộ kiểm toán mới', parentId: target.id });
    expect(updated.status).toBe(200);

    const audit = await system.http.get('/api/v1/audit?entityType=org-unit&limit=200').set(bearer(admin.token));
    expect(audit.status).toBe(200);
    const entries = (audit.body.items as { entityId: string; entityType: string }[]).filter(
      (entry) => entry.entityId === created.body.id,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: 'org-unit.update',
        entityType: 'org-unit',
        requestId: 'req-unit-update-1',
        before: expect.objectContaining({ name: 'Chi bộ kiểm toán', parentId: admin.rootUnitId }),
        after: expect.objectContaining({ name: 'Chi bộ kiểm toán mới', parentId: target.id }),
      }),
      expect.objectContaining({
        actorId: admin.id,
        action: 'org-unit.create',
        entityType: 'org-unit',
        requestId: 'req-unit-create-1',
        before: null,
        after: expect.objectContaining({ id: created.body.id, name: 'Chi bộ kiểm toán', code: 'AUD' }),
      }),
    ]);
    expect((audit.body.items as { entityType: string }[]).every((entry) => entry.entityType === 'org-unit')).toBe(true);
  });

  it('writes no audit entry for a refused change', async () => {
    const unit = await createUnit(system, 'Khối không đổi', admin.rootUnitId);
    const before = await snapshotCounts(system);
    expect((await patch(admin.token, unit.id, { parentId: unit.id })).status).toBe(409);
    expect((await snapshotCounts(system)).audit_log).toBe(before.audit_log);
  });
});

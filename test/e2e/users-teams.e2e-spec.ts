import { Response } from 'supertest';
import {
  bearer,
  createUnit,
  createUser,
  login,
  PASSWORD,
  seedAdmin,
  snapshotCounts,
  startTestSystem,
  TestSystem,
} from '../support';

interface AuditItem {
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

const NFD_NAME = 'Nguye\u0302\u0303n Thi\u0323 Ho\u0300a';
const NFC_NAME = NFD_NAME.normalize('NFC');

describe('users and teams', () => {
  let system: TestSystem;
  let admin: { token: string; rootUnitId: string; id: string };
  let unit: { id: string };
  let sibling: { id: string };
  let secretariat: { id: string; username: string; token: string };
  let seq = 0;
  const name = (prefix: string) => `${prefix}${++seq}`;

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    const me = await system.http.get('/api/v1/me').set(bearer(seeded.token));
    admin = { ...seeded, id: me.body.id };
    unit = await createUnit(system, 'Chi bộ Một', admin.rootUnitId, 'CB1');
    sibling = await createUnit(system, 'Chi bộ Hai', admin.rootUnitId, 'CB2');
    const user = await createUser(system, unit.id, ['secretariat'], 'thuky1');
    secretariat = { id: user.id, username: user.username, token: await login(system.http, user.username) };
  });
  afterAll(() => system.close());

  const createUserHttp = (token: string, body: object, requestId?: string) => {
    const request = system.http.post('/api/v1/users').set(bearer(token));
    if (requestId) request.set('x-request-id', requestId);
    return request.send(body);
  };
  const newUser = (overrides: object = {}) => ({
    username: name('user.'),
    password: 'password-123',
    fullName: 'Trần Văn Bình',
    orgUnitId: unit.id,
    roles: ['collaborator'],
    ...overrides,
  });

  async function auditOf(entityType: string, entityId: string): Promise<AuditItem[]> {
    const response = await system.http.get(`/api/v1/audit?entityType=${entityType}&limit=200`).set(bearer(admin.token));
    expect(response.status).toBe(200);
    return (response.body.items as AuditItem[]).filter((item) => item.entityId === entityId);
  }

  async function allPages(token: string, path: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const response: Response = await system.http
        .get(path)
        .query({ limit, ...(cursor ? { cursor } : {}) })
        .set(bearer(token));
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor;
      if (cursor === null) return ids;
    }
    throw new Error('pagination does not end');
  }

  describe('POST /users', () => {
    it('creates a user and never answers with the password', async () => {
      const input = newUser({ fullName: NFD_NAME });
      const response = await createUserHttp(admin.token, input);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        username: input.username,
        fullName: NFC_NAME,
        orgUnitId: unit.id,
        roles: ['collaborator'],
        active: true,
        createdAt: expect.any(String),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password/i);
      const [stored] = (await system.db.query(`SELECT password_hash FROM users WHERE id = $1`, [response.body.id])) as {
        password_hash: string;
      }[];
      expect(stored.password_hash).toMatch(/^\$argon2/);
      expect(stored.password_hash).not.toContain('password-123');
      expect(await login(system.http, input.username, 'password-123')).toEqual(expect.any(String));
    });

    it('refuses a username that differs only in case, with 409 and nothing written', async () => {
      const input = newUser({ username: 'Le.Van.Cuong' });
      expect((await createUserHttp(admin.token, input)).status).toBe(201);
      const before = await snapshotCounts(system);
      const duplicate = await createUserHttp(admin.token, newUser({ username: 'le.van.CUONG' }));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ statusCode: 409, error: 'Conflict', field: 'username' });
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('refuses fields the contract does not offer', async () => {
      const before = await snapshotCounts(system);
      for (const extra of [{ passwordHash: 'x' }, { active: false }, { id: '1' }, { userId: '1' }]) {
        const response = await createUserHttp(admin.token, newUser(extra));
        expect(response.status).toBe(400);
      }
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('joins the teams named in teamIds', async () => {
      const teamA = await system.http.post('/api/v1/teams').set(bearer(admin.token)).send({ name: name('Tổ A'), orgUnitId: unit.id });
      const teamB = await system.http.post('/api/v1/teams').set(bearer(admin.token)).send({ name: name('Tổ B'), orgUnitId: unit.id });
      expect(teamA.status).toBe(201);
      const created = await createUserHttp(admin.token, newUser({ teamIds: [teamA.body.id, teamB.body.id] }));
      expect(created.status).toBe(201);
      for (const team of [teamA, teamB]) {
        const fetched = await system.http.get(`/api/v1/teams/${team.body.id}`).set(bearer(admin.token));
        expect(fetched.body.memberIds).toEqual([created.body.id]);
      }
    });

    it('refuses an unknown team and writes nothing', async () => {
      const before = await snapshotCounts(system);
      const response = await createUserHttp(admin.token, newUser({ teamIds: ['987654'] }));
      expect(response.status).toBe(404);
      expect(response.body.field).toBe('teamIds');
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('lets a secretariat create collaborators in their subtree only', async () => {
      const outsideTeam = await system.http
        .post('/api/v1/teams')
        .set(bearer(admin.token))
        .send({ name: name('Tổ ngoài'), orgUnitId: sibling.id });
      const before = await snapshotCounts(system);
      expect((await createUserHttp(secretariat.token, newUser({ roles: ['secretariat'] }))).status).toBe(403);
      expect((await createUserHttp(secretariat.token, newUser({ roles: ['collaborator', 'leader'] }))).status).toBe(403);
      expect((await createUserHttp(secretariat.token, newUser({ orgUnitId: sibling.id }))).status).toBe(404);
      expect((await createUserHttp(secretariat.token, newUser({ teamIds: [outsideTeam.body.id] }))).status).toBe(404);
      expect(await snapshotCounts(system)).toEqual(before);
      expect((await createUserHttp(secretariat.token, newUser())).status).toBe(201);
    });
  });

  describe('GET /users', () => {
    it('pages through every user in scope exactly once', async () => {
      for (let i = 0; i < 3; i++) await createUser(system, sibling.id, ['collaborator']);
      const everyone = (await system.db.query(`SELECT id::text AS id FROM users ORDER BY users.id`)) as { id: string }[];
      expect(await allPages(admin.token, '/api/v1/users', 2)).toEqual(everyone.map((row) => row.id));

      const inUnit = (await system.db.query(`SELECT id::text AS id FROM users WHERE org_unit_id = $1 ORDER BY users.id`, [
        unit.id,
      ])) as { id: string }[];
      const seenBySecretariat = await allPages(secretariat.token, '/api/v1/users', 2);
      expect(seenBySecretariat).toEqual(inUnit.map((row) => row.id));
      expect(seenBySecretariat.length).toBeLessThan(everyone.length);
    });

    it('answers one user by id, and 404 outside scope or unknown', async () => {
      const member = await createUser(system, unit.id, ['collaborator']);
      const outsider = await createUser(system, sibling.id, ['collaborator']);
      const response = await system.http.get(`/api/v1/users/${member.id}`).set(bearer(secretariat.token));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: member.id, username: member.username, orgUnitId: unit.id, roles: ['collaborator'] });
      expect(JSON.stringify(response.body)).not.toMatch(/password/i);
      const hidden = await system.http.get(`/api/v1/users/${outsider.id}`).set(bearer(secretariat.token));
      const unknown = await system.http.get('/api/v1/users/987654321').set(bearer(secretariat.token));
      expect(hidden.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(hidden.body).toEqual(unknown.body);
    });
  });

  describe('PATCH /users/:id', () => {
    it('stores a new full name in NFC', async () => {
      const user = await createUser(system, unit.id, ['collaborator']);
      const response = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.token)).send({ fullName: NFD_NAME });
      expect(response.status).toBe(200);
      expect(response.body.fullName).toBe(NFC_NAME);
      const [row] = (await system.db.query(`SELECT full_name FROM users WHERE id = $1`, [user.id])) as { full_name: string }[];
      expect(row.full_name).toBe(NFC_NAME);
    });

    it('moves a user to another unit', async () => {
      const user = await createUser(system, unit.id, ['collaborator']);
      const response = await system.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(admin.token))
        .send({ orgUnitId: sibling.id });
      expect(response.status).toBe(200);
      expect(response.body.orgUnitId).toBe(sibling.id);
      expect(await allPages(admin.token, `/api/v1/users?orgUnitId=${sibling.id}`, 200)).toContain(user.id);
      expect(await allPages(admin.token, `/api/v1/users?orgUnitId=${unit.id}`, 200)).not.toContain(user.id);
      // The user left the secretariat's subtree, so the secretariat no longer sees them.
      expect((await system.http.get(`/api/v1/users/${user.id}`).set(bearer(secretariat.token))).status).toBe(404);
    });

    it('ends every session when the password is reset', async () => {
      const user = await createUser(system, unit.id, ['collaborator']);
      const session = await system.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
      expect(session.status).toBe(200);
      expect((await system.http.get('/api/v1/me').set(bearer(session.body.accessToken))).status).toBe(200);

      const reset = await system.http
        .patch(`/api/v1/users/${user.id}`)
        .set(bearer(secretariat.token))
        .send({ password: 'new-password-456' });
      expect(reset.status).toBe(200);
      expect(JSON.stringify(reset.body)).not.toMatch(/new-password-456|passwordHash/);

      const refresh = await system.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken });
      expect(refresh.status).toBe(401);
      expect((await system.http.get('/api/v1/me').set(bearer(session.body.accessToken))).status).toBe(401);
      const oldPassword = await system.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
      expect(oldPassword.status).toBe(401);
      expect(await login(system.http, user.username, 'new-password-456')).toEqual(expect.any(String));
    });

    it('answers an empty change, or one to the values already held, with the user and writes nothing', async () => {
      const user = await createUser(system, unit.id, ['collaborator']);
      const token = await login(system.http, user.username);
      const [held] = (await system.db.query(`SELECT full_name AS "fullName", updated_at AS "updatedAt" FROM users WHERE id = $1`, [user.id])) as {
        fullName: string;
        updatedAt: Date;
      }[];
      const before = await snapshotCounts(system);
      for (const body of [{}, { fullName: held.fullName, roles: ['collaborator'], active: true, orgUnitId: unit.id }]) {
        const response = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(secretariat.token)).send(body);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ id: user.id, fullName: held.fullName });
      }
      expect(await snapshotCounts(system)).toEqual(before);
      const [after] = (await system.db.query(`SELECT updated_at AS "updatedAt" FROM users WHERE id = $1`, [user.id])) as { updatedAt: Date }[];
      expect(after.updatedAt).toEqual(held.updatedAt);
      expect((await system.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);
    });

    it('does not end sessions for a rename', async () => {
      const user = await createUser(system, unit.id, ['collaborator']);
      const session = await system.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
      await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.token)).send({ fullName: 'Tên mới' });
      expect((await system.http.get('/api/v1/me').set(bearer(session.body.accessToken))).status).toBe(200);
      expect((await system.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(200);
    });

    it('refuses a secretariat changing someone they may not manage, and writes nothing', async () => {
      const leader = await createUser(system, unit.id, ['leader']);
      const outsider = await createUser(system, sibling.id, ['collaborator']);
      const member = await createUser(system, unit.id, ['collaborator']);
      const before = await snapshotCounts(system);
      const patchAs = (id: string, body: object) =>
        system.http.patch(`/api/v1/users/${id}`).set(bearer(secretariat.token)).send(body);
      expect((await patchAs(leader.id, { fullName: 'Đổi' })).status).toBe(403);
      // Someone outside the subtree gets the answer of someone who does not exist, word for word.
      const outside = await patchAs(outsider.id, { fullName: 'Đổi' });
      const nobody = await patchAs('99999999', { fullName: 'Đổi' });
      expect(outside.status).toBe(404);
      expect(outside.body).toEqual(nobody.body);
      expect((await patchAs(member.id, { roles: ['admin'] })).status).toBe(403);
      expect((await patchAs(member.id, { orgUnitId: sibling.id })).status).toBe(404);
      expect(await snapshotCounts(system)).toEqual(before);
      const [row] = (await system.db.query(`SELECT roles, org_unit_id::text AS unit FROM users WHERE id = $1`, [member.id])) as {
        roles: string[];
        unit: string;
      }[];
      expect(row).toEqual({ roles: ['collaborator'], unit: unit.id });
    });
  });

  describe('teams', () => {
    it('creates, lists and shows teams with their members', async () => {
      const a = await createUser(system, unit.id, ['collaborator']);
      const b = await createUser(system, unit.id, ['collaborator']);
      const created = await system.http
        .post('/api/v1/teams')
        .set(bearer(secretariat.token))
        .send({ name: 'Tổ cộng tác viên', orgUnitId: unit.id, userIds: [b.id, a.id] });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        name: 'Tổ cộng tác viên',
        orgUnitId: unit.id,
        memberIds: [a.id, b.id],
        createdAt: expect.any(String),
      });

      const shown = await system.http.get(`/api/v1/teams/${created.body.id}`).set(bearer(secretariat.token));
      expect(shown.status).toBe(200);
      expect(shown.body.memberIds).toEqual([a.id, b.id]);

      const listed = await allPages(secretariat.token, '/api/v1/teams', 1);
      expect(listed).toContain(created.body.id);
      const rows = (await system.db.query(`SELECT t.id::text AS id FROM teams t WHERE t.org_unit_id = $1 ORDER BY t.id`, [
        unit.id,
      ])) as { id: string }[];
      expect(listed).toEqual(rows.map((row) => row.id));
    });

    describe('scope of members (ADR 011)', () => {
      let otherTree: { id: string };
      beforeAll(async () => {
        otherTree = await createUnit(system, 'Đảng bộ Khối khác', null, name('KK'));
      });

      it('ends the memberships a move takes out of the team’s unit, in the same change, audited', async () => {
        const mover = await createUser(system, unit.id, ['collaborator']);
        const stayer = await createUser(system, unit.id, ['collaborator']);
        const team = await system.http
          .post('/api/v1/teams')
          .set(bearer(secretariat.token))
          .send({ name: name('Tổ di chuyển'), orgUnitId: unit.id, userIds: [mover.id, stayer.id] });
        const rootTeam = await system.http
          .post('/api/v1/teams')
          .set(bearer(admin.token))
          .send({ name: name('Tổ toàn khối'), orgUnitId: admin.rootUnitId, userIds: [mover.id] });
        expect(team.status).toBe(201);
        expect(rootTeam.status).toBe(201);

        const moved = await system.http.patch(`/api/v1/users/${mover.id}`).set(bearer(admin.token)).send({ orgUnitId: otherTree.id });
        expect(moved.status).toBe(200);
        const shown = await system.http.get(`/api/v1/teams/${team.body.id}`).set(bearer(secretariat.token));
        expect(shown.body.memberIds).toEqual([stayer.id]);
        const byAdmin = await system.http.get(`/api/v1/teams/${rootTeam.body.id}`).set(bearer(admin.token));
        expect(byAdmin.body.memberIds).toEqual([]);
        expect(await system.db.query(`SELECT 1 FROM team_members WHERE user_id = $1`, [mover.id])).toHaveLength(0);
        const audit = await auditOf('team', team.body.id);
        expect(audit.map((item) => item.action)).toContain('team.remove-member');

        // A move inside the team's unit keeps the membership.
        const child = await createUnit(system, name('Tổ con '), unit.id);
        await system.http.patch(`/api/v1/users/${stayer.id}`).set(bearer(admin.token)).send({ orgUnitId: child.id });
        expect((await system.http.get(`/api/v1/teams/${team.body.id}`).set(bearer(secretariat.token))).body.memberIds).toEqual([stayer.id]);
      });

      it('shows a team’s members only inside the reader’s scope', async () => {
        const inside = await createUser(system, unit.id, ['collaborator']);
        const outside = await createUser(system, otherTree.id, ['collaborator']);
        const team = await system.http
          .post('/api/v1/teams')
          .set(bearer(admin.token))
          .send({ name: name('Tổ hỗn hợp'), orgUnitId: unit.id, userIds: [inside.id, outside.id] });
        expect(team.status).toBe(201);
        const shown = await system.http.get(`/api/v1/teams/${team.body.id}`).set(bearer(secretariat.token));
        expect(shown.status).toBe(200);
        expect(shown.body.memberIds).toEqual([inside.id]);
        const listed = await system.http.get('/api/v1/teams').query({ limit: 200 }).set(bearer(secretariat.token));
        const row = (listed.body.items as { id: string; memberIds: string[] }[]).find((item) => item.id === team.body.id);
        expect(row?.memberIds).toEqual([inside.id]);
      });
    });

    it('refuses a second team of the same name in a unit (case-insensitive), allows it in another unit', async () => {
      const first = await system.http.post('/api/v1/teams').set(bearer(admin.token)).send({ name: 'Ban chỉ đạo', orgUnitId: unit.id });
      expect(first.status).toBe(201);
      const before = await snapshotCounts(system);
      const duplicate = await system.http
        .post('/api/v1/teams')
        .set(bearer(admin.token))
        .send({ name: 'BAN CHỈ ĐẠO', orgUnitId: unit.id });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.field).toBe('name');
      expect(await snapshotCounts(system)).toEqual(before);
      const elsewhere = await system.http.post('/api/v1/teams').set(bearer(admin.token)).send({ name: 'Ban chỉ đạo', orgUnitId: sibling.id });
      expect(elsewhere.status).toBe(201);
    });

    it('adds members idempotently and removes them, 404 for a non-member', async () => {
      const a = await createUser(system, unit.id, ['collaborator']);
      const b = await createUser(system, unit.id, ['collaborator']);
      const team = await system.http.post('/api/v1/teams').set(bearer(secretariat.token)).send({ name: name('Tổ'), orgUnitId: unit.id });
      const add = () =>
        system.http.post(`/api/v1/teams/${team.body.id}/members`).set(bearer(secretariat.token)).send({ userIds: [a.id, b.id] });

      const first = await add();
      expect(first.status).toBe(200);
      expect(first.body.memberIds).toEqual([a.id, b.id]);
      const again = await add();
      expect(again.status).toBe(200);
      expect(again.body.memberIds).toEqual([a.id, b.id]);
      const [{ n }] = (await system.db.query(`SELECT count(*)::int AS n FROM team_members WHERE team_id = $1`, [
        team.body.id,
      ])) as { n: number }[];
      expect(n).toBe(2);

      const removed = await system.http.delete(`/api/v1/teams/${team.body.id}/members/${a.id}`).set(bearer(secretariat.token));
      expect(removed.status).toBe(200);
      expect(removed.body.memberIds).toEqual([b.id]);
      const before = await snapshotCounts(system);
      const notMember = await system.http.delete(`/api/v1/teams/${team.body.id}/members/${a.id}`).set(bearer(secretariat.token));
      expect(notMember.status).toBe(404);
      expect(await snapshotCounts(system)).toEqual(before);
      const shown = await system.http.get(`/api/v1/teams/${team.body.id}`).set(bearer(secretariat.token));
      expect(shown.body.memberIds).toEqual([b.id]);
    });

    it('refuses members and teams outside the secretariat’s scope', async () => {
      const outsider = await createUser(system, sibling.id, ['collaborator']);
      const outsideTeam = await system.http.post('/api/v1/teams').set(bearer(admin.token)).send({ name: name('Tổ ngoài'), orgUnitId: sibling.id });
      const team = await system.http.post('/api/v1/teams').set(bearer(secretariat.token)).send({ name: name('Tổ'), orgUnitId: unit.id });
      const before = await snapshotCounts(system);
      const addOutsider = await system.http
        .post(`/api/v1/teams/${team.body.id}/members`)
        .set(bearer(secretariat.token))
        .send({ userIds: [outsider.id] });
      expect(addOutsider.status).toBe(404);
      expect((await system.http.get(`/api/v1/teams/${outsideTeam.body.id}`).set(bearer(secretariat.token))).status).toBe(404);
      const createElsewhere = await system.http
        .post('/api/v1/teams')
        .set(bearer(secretariat.token))
        .send({ name: name('Tổ lạ'), orgUnitId: sibling.id });
      expect(createElsewhere.status).toBe(404);
      // A team outside the subtree named in teamIds reads as one that does not exist.
      const withTeam = (teamId: string) => createUserHttp(secretariat.token, newUser({ teamIds: [teamId] }));
      const outsideTeamNamed = await withTeam(outsideTeam.body.id);
      const noTeamNamed = await withTeam('99999999');
      expect(outsideTeamNamed.status).toBe(404);
      expect(outsideTeamNamed.body).toEqual(noTeamNamed.body);
      expect(await snapshotCounts(system)).toEqual(before);
    });
  });

  describe('audit', () => {
    it('records every secretariat and admin write with actor, action, entity, before, after and request id', async () => {
      const created = await createUserHttp(secretariat.token, newUser({ fullName: 'Người được kiểm toán' }), 'req-abc-1');
      expect(created.status).toBe(201);
      const userId = created.body.id as string;
      const renamed = await system.http
        .patch(`/api/v1/users/${userId}`)
        .set(bearer(admin.token))
        .set('x-request-id', 'req-abc-2')
        .send({ fullName: 'Tên đã đổi', password: 'another-pass-9' });
      expect(renamed.status).toBe(200);

      const userAudit = await auditOf('user', userId);
      expect(userAudit).toEqual([
        expect.objectContaining({
          actorId: admin.id,
          action: 'user.update',
          entityType: 'user',
          requestId: 'req-abc-2',
          before: expect.objectContaining({ fullName: 'Người được kiểm toán' }),
          after: expect.objectContaining({ fullName: 'Tên đã đổi', passwordChanged: true }),
        }),
        expect.objectContaining({
          actorId: secretariat.id,
          action: 'user.create',
          entityType: 'user',
          requestId: 'req-abc-1',
          before: null,
          after: expect.objectContaining({ id: userId, username: created.body.username, roles: ['collaborator'] }),
        }),
      ]);
      const rawRows = (await system.db.query(`SELECT before::text, after::text FROM audit_log WHERE entity_id = $1`, [userId])) as {
        before: string | null;
        after: string;
      }[];
      for (const row of rawRows) {
        expect(`${row.before} ${row.after}`).not.toMatch(/password-123|another-pass-9|argon2|passwordHash/);
      }

      const member = await createUser(system, unit.id, ['collaborator']);
      const team = await system.http
        .post('/api/v1/teams')
        .set(bearer(secretariat.token))
        .set('x-request-id', 'req-team-1')
        .send({ name: name('Tổ kiểm toán'), orgUnitId: unit.id });
      await system.http
        .post(`/api/v1/teams/${team.body.id}/members`)
        .set(bearer(secretariat.token))
        .set('x-request-id', 'req-team-2')
        .send({ userIds: [member.id] });
      await system.http
        .delete(`/api/v1/teams/${team.body.id}/members/${member.id}`)
        .set(bearer(admin.token))
        .set('x-request-id', 'req-team-3');

      const teamAudit = await auditOf('team', team.body.id);
      expect(teamAudit).toEqual([
        expect.objectContaining({
          actorId: admin.id,
          action: 'team.remove-member',
          requestId: 'req-team-3',
          before: expect.objectContaining({ memberIds: [member.id] }),
          after: expect.objectContaining({ memberIds: [] }),
        }),
        expect.objectContaining({
          actorId: secretariat.id,
          action: 'team.add-members',
          requestId: 'req-team-2',
          before: expect.objectContaining({ memberIds: [] }),
          after: expect.objectContaining({ memberIds: [member.id] }),
        }),
        expect.objectContaining({
          actorId: secretariat.id,
          action: 'team.create',
          entityType: 'team',
          requestId: 'req-team-1',
          before: null,
          after: expect.objectContaining({ id: team.body.id, orgUnitId: unit.id }),
        }),
      ]);
    });

    it('writes no audit entry for a refused write', async () => {
      const before = await snapshotCounts(system);
      await createUserHttp(secretariat.token, newUser({ roles: ['admin'] }), 'req-refused-1');
      await system.http.post('/api/v1/teams').set(bearer(secretariat.token)).send({ name: 'x', orgUnitId: sibling.id });
      expect(await snapshotCounts(system)).toEqual(before);
      const [{ n }] = (await system.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE request_id = 'req-refused-1'`)) as {
        n: number;
      }[];
      expect(n).toBe(0);
    });

    it('keeps leaders and collaborators out of user and team writes and the audit log', async () => {
      const leader = await createUser(system, unit.id, ['leader']);
      const collaborator = await createUser(system, unit.id, ['collaborator']);
      const leaderToken = await login(system.http, leader.username);
      const collaboratorToken = await login(system.http, collaborator.username);
      const before = await snapshotCounts(system);
      for (const token of [leaderToken, collaboratorToken]) {
        expect((await createUserHttp(token, newUser())).status).toBe(403);
        expect((await system.http.post('/api/v1/teams').set(bearer(token)).send({ name: 'x', orgUnitId: unit.id })).status).toBe(403);
        expect((await system.http.get('/api/v1/audit').set(bearer(token))).status).toBe(403);
      }
      expect((await system.http.get('/api/v1/audit').set(bearer(secretariat.token))).status).toBe(403);
      expect(await snapshotCounts(system)).toEqual(before);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { Role } from '@app/access';
import { UsersService } from '@app/identity';
import { bearer, createUnit, eventually, login, PASSWORD, seedAdmin, snapshotCounts, startTestSystem, TestSystem } from '../support';

interface Person {
  id: string;
  token: string;
}

/**
 * The desk's view of a task (issue 12): how many people a set of assignees reaches before the
 * task exists, and afterwards assigned/done/declined per unit and who has not acted yet.
 *
 *   Đảng bộ A ─┬─ Chi bộ A1 ── Tổ A1a
 *              └─ Chi bộ A2
 *   Đảng bộ B
 */
describe('task progress: the assignee count, the per-unit breakdown and the pending list', () => {
  let system: TestSystem;
  const unit = {} as Record<'a' | 'a1' | 'a1a' | 'a2' | 'b', string>;
  let secretariatA: Person;
  let secretariatB: Person;
  let leaderA: Person;
  /** In A1 and the team: counted once. */
  let an: Person;
  /** In A1, never acts. */
  let binh: Person;
  /** In A1a and named directly: counted once. */
  let cuong: Person;
  /** In A2, in the team only. */
  let dung: Person;
  /** In A2, named directly, never acts. */
  let em: Person;
  /** Sits in A itself, named directly, never acts. */
  let giang: Person;
  /** In A1 and the team, but deactivated: never counted. */
  let inactiveId: string;
  let teamId: string;
  let assignees: { orgUnitIds: string[]; teamIds: string[]; userIds: string[] };
  let task: Response;
  let adminToken: string;

  async function person(unitId: string, fullName: string, roles: Role[] = ['collaborator']): Promise<Person> {
    const username = `p${randomBytes(4).toString('hex')}`;
    const user = await system.app.get(UsersService).create(null, { username, password: PASSWORD, fullName, orgUnitId: unitId, roles });
    return { id: user.id, token: await login(system.http, username) };
  }

  const count = (token: string, body: unknown) => system.http.post('/api/v1/tasks/assignee-count').set(bearer(token)).send(body as object);
  const units = (token: string, taskId: string, query: Record<string, string | number> = {}) =>
    system.http.get(`/api/v1/tasks/${taskId}/progress/units`).query(query).set(bearer(token));
  const pending = (token: string, taskId: string, query: Record<string, string | number> = {}) =>
    system.http.get(`/api/v1/tasks/${taskId}/pending`).query(query).set(bearer(token));

  async function assignmentOf(who: Person, taskId: string): Promise<string> {
    const mine = await system.http.get('/api/v1/me/assignments').query({ limit: 200 }).set(bearer(who.token));
    const found = (mine.body.items as { id: string; taskId: string }[]).find((a) => a.taskId === taskId);
    if (!found) throw new Error(`no assignment of task ${taskId}`);
    return found.id;
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    unit.a = (await createUnit(system, 'Đảng bộ A', admin.rootUnitId)).id;
    unit.a1 = (await createUnit(system, 'Chi bộ A1', unit.a)).id;
    unit.a1a = (await createUnit(system, 'Tổ A1a', unit.a1)).id;
    unit.a2 = (await createUnit(system, 'Chi bộ A2', unit.a)).id;
    unit.b = (await createUnit(system, 'Đảng bộ B', admin.rootUnitId)).id;
    secretariatA = await person(unit.a, 'Thư ký A', ['secretariat']);
    secretariatB = await person(unit.b, 'Thư ký B', ['secretariat']);
    leaderA = await person(unit.a, 'Lãnh đạo A', ['leader']);
    an = await person(unit.a1, 'Nguyễn Văn An');
    binh = await person(unit.a1, 'Trần Thị Bình');
    cuong = await person(unit.a1a, 'Lê Văn Cường');
    dung = await person(unit.a2, 'Phạm Thị Dung');
    em = await person(unit.a2, 'Đỗ Văn Em');
    giang = await person(unit.a, 'Hoàng Thị Giang');
    const inactive = await person(unit.a1, 'Vũ Văn Hải');
    inactiveId = inactive.id;
    const team = await system.http
      .post('/api/v1/teams')
      .set(bearer(secretariatA.token))
      .send({ name: 'Tổ cộng tác viên', orgUnitId: unit.a, userIds: [an.id, dung.id, inactiveId] });
    expect(team.status).toBe(201);
    teamId = team.body.id;
    const off = await system.http.patch(`/api/v1/users/${inactiveId}`).set(bearer(admin.token)).send({ active: false });
    expect(off.status).toBe(200);
    assignees = { orgUnitIds: [unit.a1], teamIds: [teamId], userIds: [cuong.id, em.id, giang.id] };
  });
  afterAll(() => system?.close());

  describe('the assignee count before sending', () => {
    it('counts each active person once, whether named, in the team or in the unit subtree, writing nothing', async () => {
      const before = await snapshotCounts(system);
      const answer = await count(secretariatA.token, { assignees });
      expect(answer.status).toBe(200);
      // A1's subtree: An, Bình, Cường; the team: An, Dung; named: Cường, Em, Giang; Hải is inactive.
      expect(answer.body).toEqual({ people: 6 });
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('counts a unit subtree, a team and people each on their own', async () => {
      const people = async (given: Record<string, string[]>) => (await count(secretariatA.token, { assignees: given })).body.people;
      expect(await people({ orgUnitIds: [unit.a2] })).toBe(2);
      expect(await people({ teamIds: [teamId] })).toBe(2);
      expect(await people({ userIds: [em.id, giang.id] })).toBe(2);
      // The whole of A: the six collaborators, its secretariat and its leader; not Hải.
      expect(await people({ orgUnitIds: [unit.a], userIds: [an.id] })).toBe(8);
    });

    it('equals the number of assignments the fan-out makes', async () => {
      task = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatA.token))
        .send({ title: 'Chia sẻ bài viết', kind: 'share', dueAt: new Date(Date.now() + 86_400_000).toISOString(), assignees });
      expect(task.status).toBe(201);
      await eventually(
        () => system.http.get(`/api/v1/jobs/${task.body.fanOutJobId}`).set(bearer(secretariatA.token)),
        (r) => r.body.status === 'done',
        30_000,
      );
      const [{ n }] = await system.db.query(`SELECT count(*)::int AS n FROM assignments WHERE task_id = $1`, [task.body.id]);
      expect(n).toBe(6);
      const preview = await count(secretariatA.token, { assignees });
      expect(preview.body.people).toBe(n);
    });

    it('refuses (404) units, teams and people outside the caller’s scope, as creating the task does', async () => {
      for (const outside of [{ orgUnitIds: [unit.a] }, { teamIds: [teamId] }, { userIds: [an.id] }]) {
        const answer = await count(secretariatB.token, { assignees: outside });
        expect({ status: answer.status, message: answer.body.message }).toEqual({ status: 404, message: expect.stringContaining('assignees.') });
      }
    });

    it('refuses anyone but the secretariat and admins (403)', async () => {
      expect((await count(an.token, { assignees })).status).toBe(403);
      expect((await count(leaderA.token, { assignees })).status).toBe(403);
    });

    it.each([
      ['no assignees', {}],
      ['empty assignees', { assignees: {} }],
      ['a malformed id', { assignees: { userIds: ['abc'] } }],
      ['a repeated id', { assignees: { userIds: ['1', '1'] } }],
      ['an unknown field', { assignees: { userIds: ['1'] }, title: 'x' }],
    ])('answers 400 for %s', async (_, body) => {
      const answer = await count(secretariatA.token, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
    });
  });

  describe('progress once people act', () => {
    beforeAll(async () => {
      const done = await system.http.patch(`/api/v1/assignments/${await assignmentOf(an, task.body.id)}`).set(bearer(an.token)).send({ status: 'done' });
      expect(done.status).toBe(200);
      const declined = await system.http
        .patch(`/api/v1/assignments/${await assignmentOf(dung, task.body.id)}`)
        .set(bearer(dung.token))
        .send({ status: 'declined' });
      expect(declined.status).toBe(200);
      // Logging a share that names the task completes Cường's assignment.
      const logged = await system.http
        .post('/api/v1/actions')
        .set(bearer(cuong.token))
        .send({ type: 'share', platform: 'facebook', url: 'https://www.facebook.com/cuong/posts/1', occurredAt: new Date().toISOString(), taskId: task.body.id });
      expect(logged.status).toBe(201);
    });

    it('breaks the task down by child unit of the task’s unit, each counting its subtree', async () => {
      const answer = await units(secretariatA.token, task.body.id);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        orgUnitId: unit.a,
        name: 'Đảng bộ A',
        total: { assigned: 6, done: 2, declined: 1 },
        direct: { assigned: 1, done: 0, declined: 0 },
        items: [
          { orgUnitId: unit.a1, name: 'Chi bộ A1', assigned: 3, done: 2, declined: 0 },
          { orgUnitId: unit.a2, name: 'Chi bộ A2', assigned: 2, done: 0, declined: 1 },
        ],
        nextCursor: null,
      });
    });

    it('drills into a child unit', async () => {
      const answer = await units(secretariatA.token, task.body.id, { orgUnitId: unit.a1 });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        orgUnitId: unit.a1,
        total: { assigned: 3, done: 2, declined: 0 },
        direct: { assigned: 2, done: 1, declined: 0 },
        items: [{ orgUnitId: unit.a1a, name: 'Tổ A1a', assigned: 1, done: 1, declined: 0 }],
      });
    });

    it('opens by default on the unit just above all the assignments, when it lies below the task’s own', async () => {
      const given = await system.http
        .post('/api/v1/tasks')
        .set(bearer(adminToken))
        .send({ title: 'Việc của chi bộ', kind: 'share', assignees: { orgUnitIds: [unit.a1, unit.a2] } });
      expect(given.status).toBe(201);
      await eventually(
        () => system.http.get(`/api/v1/jobs/${given.body.fanOutJobId}`).set(bearer(adminToken)),
        (r) => r.body.status === 'done',
        30_000,
      );
      // The admin's task belongs to the root unit; its assignments all lie in A's subtree.
      const answer = await units(adminToken, given.body.id);
      expect(answer.body).toMatchObject({ orgUnitId: unit.a, total: { assigned: 5 }, direct: { assigned: 0 } });
      expect(answer.body.items.map((row: { orgUnitId: string }) => row.orgUnitId)).toEqual([unit.a1, unit.a2]);
    });

    it('pages the units, one page after another, none twice', async () => {
      const first = await units(secretariatA.token, task.body.id, { limit: 1 });
      expect(first.body.items.map((row: { orgUnitId: string }) => row.orgUnitId)).toEqual([unit.a1]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await units(secretariatA.token, task.body.id, { limit: 1, cursor: first.body.nextCursor });
      expect(second.body.items.map((row: { orgUnitId: string }) => row.orgUnitId)).toEqual([unit.a2]);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.total).toEqual(first.body.total);
    });

    it('lists who has not acted yet, by unit then Vietnamese name', async () => {
      const answer = await pending(secretariatA.token, task.body.id);
      expect(answer.status).toBe(200);
      // Units in Vietnamese order: Chi bộ A1, Chi bộ A2, Đảng bộ A.
      expect(answer.body.items).toEqual([
        { assignmentId: expect.any(String), userId: binh.id, fullName: 'Trần Thị Bình', username: expect.any(String), orgUnitId: unit.a1, unitName: 'Chi bộ A1' },
        { assignmentId: expect.any(String), userId: em.id, fullName: 'Đỗ Văn Em', username: expect.any(String), orgUnitId: unit.a2, unitName: 'Chi bộ A2' },
        { assignmentId: expect.any(String), userId: giang.id, fullName: 'Hoàng Thị Giang', username: expect.any(String), orgUnitId: unit.a, unitName: 'Đảng bộ A' },
      ]);
      expect(answer.body.nextCursor).toBeNull();
    });

    it('pages the pending list and keeps to a subtree when asked', async () => {
      const first = await pending(secretariatA.token, task.body.id, { limit: 2 });
      const second = await pending(secretariatA.token, task.body.id, { limit: 2, cursor: first.body.nextCursor });
      const ids = [...first.body.items, ...second.body.items].map((row: { userId: string }) => row.userId);
      expect(ids).toEqual([binh.id, em.id, giang.id]);
      expect(second.body.nextCursor).toBeNull();
      const inA2 = await pending(secretariatA.token, task.body.id, { orgUnitId: unit.a2 });
      expect(inA2.body.items.map((row: { userId: string }) => row.userId)).toEqual([em.id]);
    });

    it('Vietnamese order puts Đ after D, not after Z', async () => {
      const more = await person(unit.a2, 'Dương Văn Khoa');
      const extra = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatA.token))
        .send({ title: 'Viết bài', kind: 'write', assignees: { userIds: [em.id, more.id, dung.id] } });
      await eventually(
        () => system.http.get(`/api/v1/jobs/${extra.body.fanOutJobId}`).set(bearer(secretariatA.token)),
        (r) => r.body.status === 'done',
        30_000,
      );
      const answer = await pending(secretariatA.token, extra.body.id);
      expect(answer.body.items.map((row: { fullName: string }) => row.fullName)).toEqual(['Dương Văn Khoa', 'Đỗ Văn Em', 'Phạm Thị Dung']);
    });

    it('orders numbered units as numbers: Chi bộ số 2 before Chi bộ số 10', async () => {
      const ward = (await createUnit(system, 'Phường số', unit.a)).id;
      const ten = (await createUnit(system, 'Chi bộ số 10', ward)).id;
      const two = (await createUnit(system, 'Chi bộ số 2', ward)).id;
      const inTen = await person(ten, 'Lê Văn Mười');
      const inTwo = await person(two, 'Lê Văn Hai');
      const numbered = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatA.token))
        .send({ title: 'Chia sẻ đợt số', kind: 'share', assignees: { orgUnitIds: [ward] } });
      await eventually(
        () => system.http.get(`/api/v1/jobs/${numbered.body.fanOutJobId}`).set(bearer(secretariatA.token)),
        (r) => r.body.status === 'done',
        30_000,
      );
      const rows = await units(secretariatA.token, numbered.body.id, { orgUnitId: ward });
      expect(rows.body.items.map((row: { name: string }) => row.name)).toEqual(['Chi bộ số 2', 'Chi bộ số 10']);
      const waiting = await pending(secretariatA.token, numbered.body.id, { orgUnitId: ward });
      expect(waiting.body.items.map((row: { userId: string }) => row.userId)).toEqual([inTwo.id, inTen.id]);
    });

    it('answers 404 to another subtree’s secretariat and for a unit outside the caller’s scope', async () => {
      expect((await units(secretariatB.token, task.body.id)).status).toBe(404);
      expect((await pending(secretariatB.token, task.body.id)).status).toBe(404);
      expect((await units(secretariatA.token, task.body.id, { orgUnitId: unit.b })).status).toBe(404);
      expect((await pending(secretariatA.token, task.body.id, { orgUnitId: unit.b })).status).toBe(404);
      expect((await units(secretariatA.token, '999999999')).status).toBe(404);
      // What is not an id names nothing (the API's rule for every path id): 404 too.
      expect((await pending(secretariatA.token, 'abc')).status).toBe(404);
    });

    it('answers 403 to a collaborator (even one assigned the task) and to a leader', async () => {
      for (const who of [an, leaderA]) {
        expect((await units(who.token, task.body.id)).status).toBe(403);
        expect((await pending(who.token, task.body.id)).status).toBe(403);
      }
    });

    it.each([
      ['a malformed unit', { orgUnitId: 'abc' }],
      ['a forged cursor', { cursor: 'not-a-cursor' }],
      ['a limit of 0', { limit: 0 }],
      ['a limit above 200', { limit: 201 }],
    ])('answers 400 for %s', async (_, query) => {
      for (const read of [units, pending]) {
        const answer = await read(secretariatA.token, task.body.id, query);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
      }
    });
  });

  describe('the overdue filter of GET /tasks', () => {
    it('keeps the open tasks past their due time, or the others', async () => {
      const late = await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariatA.token))
        .send({ title: 'Việc quá hạn', kind: 'other', dueAt: new Date(Date.now() - 3_600_000).toISOString(), assignees: { userIds: [em.id] } });
      expect(late.status).toBe(201);
      const ids = async (overdue: string) => {
        const answer = await system.http.get('/api/v1/tasks').query({ overdue, limit: 200 }).set(bearer(secretariatA.token));
        expect(answer.status).toBe(200);
        return (answer.body.items as { id: string; overdue: boolean }[]).map((t) => t.id);
      };
      expect(await ids('true')).toEqual([late.body.id]);
      const others = await ids('false');
      expect(others).toContain(task.body.id);
      expect(others).not.toContain(late.body.id);
      const bad = await system.http.get('/api/v1/tasks').query({ overdue: 'yes' }).set(bearer(secretariatA.token));
      expect({ status: bad.status, message: bad.body.message }).toEqual({ status: 400, message: expect.stringContaining('overdue') });
    });
  });

  describe('the managed filter of GET /tasks', () => {
    it('keeps the tasks of units in the caller’s scope, leaving out those issued above them', async () => {
      const fromAbove = await system.http
        .post('/api/v1/tasks')
        .set(bearer(adminToken))
        .send({ title: 'Việc của cấp trên', kind: 'other', assignees: { userIds: [em.id] } });
      expect(fromAbove.status).toBe(201);
      const ids = async (query: Record<string, string>) => {
        const answer = await system.http.get('/api/v1/tasks').query({ ...query, limit: 200 }).set(bearer(secretariatA.token));
        expect(answer.status).toBe(200);
        return (answer.body.items as { id: string }[]).map((t) => t.id);
      };
      // Issued at the root, above secretariat A's unit: listed to them, but not as theirs to follow.
      expect(await ids({})).toContain(fromAbove.body.id);
      const managed = await ids({ managed: 'true' });
      expect(managed).toContain(task.body.id);
      expect(managed).not.toContain(fromAbove.body.id);
      expect(await ids({ managed: 'false' })).toContain(fromAbove.body.id);
      const bad = await system.http.get('/api/v1/tasks').query({ managed: 'yes' }).set(bearer(secretariatA.token));
      expect({ status: bad.status, message: bad.body.message }).toEqual({ status: 400, message: expect.stringContaining('managed') });
    });
  });
});

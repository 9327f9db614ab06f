import { Response } from 'supertest';
import { TasksService } from '@app/tasks';
import { bearer, countRows, createUnit, createUser, eventually, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/** The calendar day of an instant in the organisation's zone, as PostgreSQL prints a date. */
const hanoiDay = (instant: string | Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );

interface Person {
  id: string;
  token: string;
}

async function person(system: TestSystem, unitId: string, roles: ('collaborator' | 'secretariat' | 'leader')[]): Promise<Person> {
  const user = await createUser(system, unitId, roles);
  return { id: user.id, token: await login(system.http, user.username) };
}

/** Inserts `count` active collaborators into a unit with one statement (no password anyone can use). */
async function insertUsers(system: TestSystem, unitId: string, count: number, prefix: string): Promise<void> {
  await system.db.query(
    `INSERT INTO users (username, full_name, password_hash, org_unit_id, roles)
     SELECT $1 || g, 'Thành viên ' || g, 'not-a-hash', $2, ARRAY['collaborator']
       FROM generate_series(1, $3::int) g`,
    [prefix, unitId, count],
  );
}

async function assignmentsOf(system: TestSystem, taskId: string) {
  return (await system.db.query(
    `SELECT user_id::text AS "userId", org_unit_id::text AS "orgUnitId", status, completed_at AS "completedAt"
       FROM assignments WHERE task_id = $1 ORDER BY user_id`,
    [taskId],
  )) as { userId: string; orgUnitId: string; status: string; completedAt: Date | null }[];
}

describe('tasks: fan-out to assignments, completion, scope', () => {
  let system: TestSystem;
  let admin: string;
  let unitA: string;
  let unitA1: string;
  let unitA1a: string;
  let unitA2: string;
  let unitB: string;
  let secretariatA: Person;
  let secretariatB: Person;
  /** Named directly (A2). */
  let direct: Person;
  /** In the team only (A2). */
  let teamOnly: Person;
  /** In the team and in the unit subtree (A1). */
  let both: Person;
  /** In the unit subtree only (A1a). */
  let subtree: Person;
  /** In the team and the subtree, but inactive. */
  let inactiveId: string;
  /** In A, assigned nothing. */
  let bystander: Person;
  let userInB: Person;
  let teamA: string;
  let teamB: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    unitA = (await createUnit(system, 'Đảng bộ A', seeded.rootUnitId)).id;
    unitA1 = (await createUnit(system, 'Chi bộ A1', unitA)).id;
    unitA1a = (await createUnit(system, 'Tổ A1a', unitA1)).id;
    unitA2 = (await createUnit(system, 'Chi bộ A2', unitA)).id;
    unitB = (await createUnit(system, 'Đảng bộ B', seeded.rootUnitId)).id;
    secretariatA = await person(system, unitA, ['secretariat']);
    secretariatB = await person(system, unitB, ['secretariat']);
    direct = await person(system, unitA2, ['collaborator']);
    teamOnly = await person(system, unitA2, ['collaborator']);
    both = await person(system, unitA1, ['collaborator']);
    subtree = await person(system, unitA1a, ['collaborator']);
    bystander = await person(system, unitA, ['collaborator']);
    userInB = await person(system, unitB, ['collaborator']);
    inactiveId = (await createUser(system, unitA1, ['collaborator'])).id;
    const team = await system.http
      .post('/api/v1/teams')
      .set(bearer(secretariatA.token))
      .send({ name: 'Tổ cộng tác viên A', orgUnitId: unitA, userIds: [teamOnly.id, both.id, inactiveId] });
    expect(team.status).toBe(201);
    teamA = team.body.id;
    const other = await system.http.post('/api/v1/teams').set(bearer(secretariatB.token)).send({ name: 'Tổ B', orgUnitId: unitB });
    expect(other.status).toBe(201);
    teamB = other.body.id;
    const off = await system.http.patch(`/api/v1/users/${inactiveId}`).set(bearer(admin)).send({ active: false });
    expect(off.status).toBe(200);
  });
  afterAll(() => system?.close());

  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
  const createTask = (token: string, over: Record<string, unknown> = {}) =>
    system.http
      .post('/api/v1/tasks')
      .set(bearer(token))
      .send({
        title: 'Chia sẻ bài viết về Nghị quyết',
        kind: 'share',
        instructions: 'Chia sẻ lên trang cá nhân',
        targetUrl: 'https://www.baochinhphu.vn/bai-1.htm?utm_source=zalo',
        dueAt: inAWeek(),
        assignees: { userIds: [direct.id] },
        ...over,
      });

  async function fannedOut(token: string, created: Response) {
    expect(created.status).toBe(201);
    const job = await eventually(
      () => system.http.get(`/api/v1/jobs/${created.body.fanOutJobId}`).set(bearer(token)),
      (r) => r.body.status === 'done' || r.body.status === 'failed',
      30_000,
    );
    expect(job.status).toBe(200);
    expect(job.body.status).toBe('done');
    return job;
  }

  const myAssignments = (token: string, query: Record<string, string> = {}) =>
    system.http.get('/api/v1/me/assignments').query(query).set(bearer(token));

  const log = (token: string, over: Record<string, unknown>) =>
    system.http
      .post('/api/v1/actions')
      .set(bearer(token))
      .send({ type: 'share', url: 'https://www.facebook.com/groups/1/posts/2', reach: 10, occurredAt: '2024-05-02T10:00:00+07:00', ...over });

  const participations = async (unitId: string) =>
    (await system.db.query(
      `SELECT day::text AS day FROM figure_changes WHERE org_unit_id = $1 AND family = 'participations' ORDER BY id`,
      [unitId],
    )) as { day: string }[];

  describe('fan-out of a task given to users, a team and a unit subtree', () => {
    let task: Response;
    let assignmentOf: Record<string, { id: string }>;

    beforeAll(async () => {
      task = await createTask(secretariatA.token, {
        assignees: { userIds: [direct.id, both.id], teamIds: [teamA], orgUnitIds: [unitA1] },
      });
    });

    it('answers 201 with the task and its fan-out job', () => {
      expect(task.status).toBe(201);
      expect(task.body).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        title: 'Chia sẻ bài viết về Nghị quyết',
        kind: 'share',
        targetUrl: 'https://www.baochinhphu.vn/bai-1.htm',
        orgUnitId: unitA,
        createdBy: secretariatA.id,
        status: 'open',
        assignees: { userIds: [direct.id, both.id], teamIds: [teamA], orgUnitIds: [unitA1] },
        fanOutJobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });

    it('finishes the job with progress {done, total} over the distinct active recipients', async () => {
      const job = await fannedOut(secretariatA.token, task);
      expect(job.body.progress).toEqual({ done: 4, total: 4 });
      expect(job.body.result).toEqual({ recipients: 4, created: 4 });
      expect(job.body.payload).toBeUndefined();
    });

    it('creates exactly one assignment per active recipient, stamped with their unit, none for the inactive', async () => {
      const rows = await assignmentsOf(system, task.body.id);
      const expected = [
        { userId: direct.id, orgUnitId: unitA2 },
        { userId: teamOnly.id, orgUnitId: unitA2 },
        { userId: both.id, orgUnitId: unitA1 },
        { userId: subtree.id, orgUnitId: unitA1a },
      ].sort((a, b) => Number(a.userId) - Number(b.userId));
      expect(rows).toEqual(expected.map((e) => ({ ...e, status: 'assigned', completedAt: null })));
      expect(rows.map((r) => r.userId)).not.toContain(inactiveId);
      expect(rows.map((r) => r.userId)).not.toContain(bystander.id);

      const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
      expect(get.status).toBe(200);
      expect(get.body).toMatchObject({ assignmentCount: 4, doneCount: 0, declinedCount: 0, fanOutStatus: 'done', overdue: false });
    });

    it('shows each person their assignment with the task embedded, filtered by status', async () => {
      assignmentOf = {};
      for (const p of [direct, teamOnly, both, subtree]) {
        const page = await myAssignments(p.token);
        expect(page.status).toBe(200);
        const mine = page.body.items.filter((a: { taskId: string }) => a.taskId === task.body.id);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          userId: p.id,
          status: 'assigned',
          completedAt: null,
          overdue: false,
          task: {
            id: task.body.id,
            title: 'Chia sẻ bài viết về Nghị quyết',
            kind: 'share',
            instructions: 'Chia sẻ lên trang cá nhân',
            targetUrl: 'https://www.baochinhphu.vn/bai-1.htm',
            status: 'open',
          },
        });
        expect(new Date(mine[0].task.dueAt).toISOString()).toBe(new Date(task.body.dueAt).toISOString());
        assignmentOf[p.id] = mine[0];
      }
      const bystanders = await myAssignments(bystander.token);
      expect(bystanders.body).toEqual({ items: [], nextCursor: null });
      const done = await myAssignments(both.token, { status: 'done' });
      expect(done.body.items.filter((a: { taskId: string }) => a.taskId === task.body.id)).toEqual([]);
      const assigned = await myAssignments(both.token, { status: 'assigned' });
      expect(assigned.body.items.map((a: { id: string }) => a.id)).toContain(assignmentOf[both.id].id);
    });

    it('lets an assignee see the task; another subtree gets 404', async () => {
      expect((await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(subtree.token))).status).toBe(200);
      const hidden = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatB.token));
      expect(hidden.status).toBe(404);
      expect(hidden.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      expect((await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(userInB.token))).status).toBe(404);
      const listB = await system.http.get('/api/v1/tasks').query({ limit: 200 }).set(bearer(secretariatB.token));
      expect(listB.status).toBe(200);
      expect(listB.body.items.map((t: { id: string }) => t.id)).not.toContain(task.body.id);
      const listA = await system.http.get('/api/v1/tasks').query({ limit: 200 }).set(bearer(secretariatA.token));
      expect(listA.body.items.map((t: { id: string }) => t.id)).toContain(task.body.id);
      const closeByB = await system.http.post(`/api/v1/tasks/${task.body.id}/close`).set(bearer(secretariatB.token));
      expect(closeByB.status).toBe(404);
    });

    it("marks done by hand: completedAt now, a 'participations' change, doneCount", async () => {
      const before = await participations(unitA1);
      const t0 = Date.now();
      const response = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[both.id].id}`)
        .set(bearer(both.token))
        .send({ status: 'done' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: assignmentOf[both.id].id, status: 'done', taskId: task.body.id });
      const completedAt = new Date(response.body.completedAt).getTime();
      expect(completedAt).toBeGreaterThanOrEqual(t0 - 2000);
      expect(completedAt).toBeLessThanOrEqual(Date.now() + 2000);
      expect(await participations(unitA1)).toEqual([...before, { day: hanoiDay(response.body.completedAt) }]);
      const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
      expect(get.body).toMatchObject({ assignmentCount: 4, doneCount: 1 });
      const done = await myAssignments(both.token, { status: 'done' });
      expect(done.body.items.map((a: { id: string }) => a.id)).toContain(assignmentOf[both.id].id);
    });

    it('answers done again with 200 and changes nothing', async () => {
      const [before] = (await assignmentsOf(system, task.body.id)).filter((a) => a.userId === both.id);
      const figures = await countRows(system, 'figure_changes');
      const again = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[both.id].id}`)
        .set(bearer(both.token))
        .send({ status: 'done' });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('done');
      expect(new Date(again.body.completedAt).getTime()).toBe((before.completedAt as Date).getTime());
      const [after] = (await assignmentsOf(system, task.body.id)).filter((a) => a.userId === both.id);
      expect(after).toEqual(before);
      expect(await countRows(system, 'figure_changes')).toBe(figures);
    });

    it('refuses done → declined with 409', async () => {
      const response = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[both.id].id}`)
        .set(bearer(both.token))
        .send({ status: 'declined' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
      const [row] = (await assignmentsOf(system, task.body.id)).filter((a) => a.userId === both.id);
      expect(row.status).toBe('done');
    });

    it('declines: no completedAt, no participation', async () => {
      const figures = await countRows(system, 'figure_changes');
      const response = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[subtree.id].id}`)
        .set(bearer(subtree.token))
        .send({ status: 'declined' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ status: 'declined', completedAt: null });
      expect(await countRows(system, 'figure_changes')).toBe(figures);
      const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
      expect(get.body).toMatchObject({ doneCount: 1, declinedCount: 1 });
      const toDone = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[subtree.id].id}`)
        .set(bearer(subtree.token))
        .send({ status: 'done' });
      expect(toDone.status).toBe(409);
    });

    it("answers 404 to changing someone else's assignment, changing nothing", async () => {
      const response = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[teamOnly.id].id}`)
        .set(bearer(direct.token))
        .send({ status: 'done' });
      expect(response.status).toBe(404);
      const bySecretariat = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[teamOnly.id].id}`)
        .set(bearer(secretariatA.token))
        .send({ status: 'declined' });
      expect(bySecretariat.status).toBe(404);
      const [row] = (await assignmentsOf(system, task.body.id)).filter((a) => a.userId === teamOnly.id);
      expect(row.status).toBe('assigned');
    });

    it('refuses completing an assignment of a closed task with 409, by hand or by an action', async () => {
      const close = await system.http.post(`/api/v1/tasks/${task.body.id}/close`).set(bearer(secretariatA.token));
      expect(close.status).toBe(200);
      expect(close.body).toMatchObject({ id: task.body.id, status: 'closed', closedAt: expect.any(String) });
      const figures = await countRows(system, 'figure_changes');
      const response = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[teamOnly.id].id}`)
        .set(bearer(teamOnly.token))
        .send({ status: 'done' });
      expect(response.status).toBe(409);
      const declined = await system.http
        .patch(`/api/v1/assignments/${assignmentOf[teamOnly.id].id}`)
        .set(bearer(teamOnly.token))
        .send({ status: 'declined' });
      expect(declined.status).toBe(409);
      const action = await log(teamOnly.token, { taskId: task.body.id });
      expect(action.status).toBe(201);
      const [row] = (await assignmentsOf(system, task.body.id)).filter((a) => a.userId === teamOnly.id);
      expect(row).toMatchObject({ status: 'assigned', completedAt: null });
      // the action's own change only, no participation
      expect(await countRows(system, 'figure_changes')).toBe(figures + 1);
      const mine = await myAssignments(teamOnly.token);
      const shown = mine.body.items.find((a: { id: string }) => a.id === assignmentOf[teamOnly.id].id);
      expect(shown.task.status).toBe('closed');
    });
  });

  describe('completion by actions naming the task', () => {
    let task: Response;

    beforeAll(async () => {
      task = await createTask(secretariatA.token, { assignees: { userIds: [direct.id, teamOnly.id, both.id] } });
      await fannedOut(secretariatA.token, task);
    });

    it("completes the actor's open assignment at the action's occurredAt, exactly", async () => {
      const before = await participations(unitA2);
      const action = await log(direct.token, { taskId: task.body.id, occurredAt: '2024-05-02T10:15:30.123+07:00' });
      expect(action.status).toBe(201);
      expect(action.body.taskId).toBe(task.body.id);
      const rows = await assignmentsOf(system, task.body.id);
      const mine = rows.find((r) => r.userId === direct.id);
      expect(mine?.status).toBe('done');
      expect(mine?.completedAt?.toISOString()).toBe('2024-05-02T03:15:30.123Z');
      expect(rows.filter((r) => r.userId !== direct.id).every((r) => r.status === 'assigned')).toBe(true);
      expect(await participations(unitA2)).toEqual([...before, { day: '2024-05-02' }]);
      const shown = await myAssignments(direct.token, { status: 'done' });
      const item = shown.body.items.find((a: { taskId: string }) => a.taskId === task.body.id);
      expect(item.completedAt).toBe('2024-05-02T03:15:30.123Z');

      // a later action naming the task leaves the completion where it was
      const later = await log(direct.token, { taskId: task.body.id, occurredAt: '2024-05-01T08:00:00+07:00' });
      expect(later.status).toBe(201);
      const again = (await assignmentsOf(system, task.body.id)).find((r) => r.userId === direct.id);
      expect(again?.completedAt?.toISOString()).toBe('2024-05-02T03:15:30.123Z');
    });

    it('completes with the earliest occurredAt when one batch names the task twice', async () => {
      const response = await system.http
        .post('/api/v1/actions/batch')
        .set(bearer(teamOnly.token))
        .send({
          items: [
            { clientId: 'late', type: 'comment', platform: 'zalo', occurredAt: '2024-06-03T12:00:00+07:00', taskId: task.body.id },
            { clientId: 'early', type: 'reaction', platform: 'zalo', occurredAt: '2024-06-01T07:00:00+07:00', taskId: task.body.id },
          ],
        });
      expect(response.status).toBe(200);
      expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201]);
      const row = (await assignmentsOf(system, task.body.id)).find((r) => r.userId === teamOnly.id);
      expect(row?.status).toBe('done');
      expect(row?.completedAt?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    });

    it('takes an action naming the task from someone without an assignment, completing nothing', async () => {
      const before = await assignmentsOf(system, task.body.id);
      const figures = await participations(unitA1a);
      const action = await log(subtree.token, { taskId: task.body.id });
      expect(action.status).toBe(201);
      expect(action.body.taskId).toBe(task.body.id);
      expect(await assignmentsOf(system, task.body.id)).toEqual(before);
      expect(await participations(unitA1a)).toEqual(figures);
      // someone who cannot see the task cannot name it
      const outside = await log(userInB.token, { taskId: task.body.id });
      expect(outside.status).toBe(404);
      expect(outside.body.message).toContain('taskId');
    });

    it('answers GET /tasks/:id with the counts the completions made', async () => {
      const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
      expect(get.body).toMatchObject({ assignmentCount: 3, doneCount: 2, declinedCount: 0 });
    });
  });

  it('flags an open assignment of a task past its due time as overdue', async () => {
    const task = await createTask(secretariatA.token, {
      dueAt: new Date(Date.now() - 3_600_000).toISOString(),
      assignees: { userIds: [bystander.id] },
    });
    await fannedOut(secretariatA.token, task);
    const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
    expect(get.body.overdue).toBe(true);
    const mine = await myAssignments(bystander.token);
    const item = mine.body.items.find((a: { taskId: string }) => a.taskId === task.body.id);
    expect(item).toMatchObject({ status: 'assigned', overdue: true });
    const done = await system.http.patch(`/api/v1/assignments/${item.id}`).set(bearer(bystander.token)).send({ status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body.overdue).toBe(false);
  });

  describe('a team reaches only inside the creator’s subtree (ADR 011)', () => {
    it('does not reach a member moved out of the subtree: no assignment, the task is 404 to them', async () => {
      const leaver = await person(system, unitA2, ['collaborator']);
      const stayer = await person(system, unitA2, ['collaborator']);
      const team = await system.http
        .post('/api/v1/teams')
        .set(bearer(secretariatA.token))
        .send({ name: 'Tổ chuyển đi', orgUnitId: unitA, userIds: [leaver.id, stayer.id] });
      expect(team.status).toBe(201);
      const moved = await system.http.patch(`/api/v1/users/${leaver.id}`).set(bearer(admin)).send({ orgUnitId: unitB });
      expect(moved.status).toBe(200);

      const task = await createTask(secretariatA.token, { assignees: { teamIds: [team.body.id] } });
      await fannedOut(secretariatA.token, task);
      expect((await assignmentsOf(system, task.body.id)).map((a) => a.userId)).toEqual([stayer.id]);
      const leaverToken = await login(system.http, (await system.db.query(`SELECT username FROM users WHERE id = $1`, [leaver.id]))[0].username);
      expect((await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(leaverToken))).status).toBe(404);
    });

    it('does not reach a member an admin added from another subtree', async () => {
      const team = await system.http.post('/api/v1/teams').set(bearer(secretariatA.token)).send({ name: 'Tổ hỗn hợp', orgUnitId: unitA, userIds: [direct.id] });
      expect(team.status).toBe(201);
      const added = await system.http.post(`/api/v1/teams/${team.body.id}/members`).set(bearer(admin)).send({ userIds: [userInB.id] });
      expect(added.status).toBe(200);
      const task = await createTask(secretariatA.token, { assignees: { teamIds: [team.body.id] } });
      await fannedOut(secretariatA.token, task);
      expect((await assignmentsOf(system, task.body.id)).map((a) => a.userId)).toEqual([direct.id]);
      const mine = await myAssignments(userInB.token);
      expect((mine.body.items as { taskId: string }[]).some((a) => a.taskId === task.body.id)).toBe(false);
    });
  });

  describe('scope and bad assignees: 4xx, and nothing written', () => {
    const tables = ['tasks', 'assignments', 'jobs', 'audit_log', 'figure_changes'];
    async function expectNothingWritten(send: () => Promise<Response>, status: number, field: string) {
      const before = await Promise.all(tables.map((t) => countRows(system, t)));
      const response = await send();
      expect({ status: response.status, body: response.body }).toMatchObject({
        status,
        body: { statusCode: status, error: expect.any(String), message: expect.stringContaining(field) },
      });
      expect(await Promise.all(tables.map((t) => countRows(system, t)))).toEqual(before);
    }

    it('refuses a user outside the subtree (404 naming assignees.userIds)', () =>
      expectNothingWritten(
        () => createTask(secretariatA.token, { assignees: { userIds: [direct.id, userInB.id] } }),
        404,
        'assignees.userIds',
      ));

    it('refuses a team outside the subtree (404 naming assignees.teamIds)', () =>
      expectNothingWritten(
        () => createTask(secretariatA.token, { assignees: { userIds: [direct.id], teamIds: [teamB] } }),
        404,
        'assignees.teamIds',
      ));

    it('refuses a unit outside the subtree (404 naming assignees.orgUnitIds)', () =>
      expectNothingWritten(
        () => createTask(secretariatA.token, { assignees: { orgUnitIds: [unitA1, unitB] } }),
        404,
        'assignees.orgUnitIds',
      ));

    it('refuses ids that name nothing (404)', () =>
      expectNothingWritten(() => createTask(secretariatA.token, { assignees: { userIds: ['987654321'] } }), 404, 'assignees.userIds'));

    it('refuses empty assignees (400 naming assignees)', async () => {
      await expectNothingWritten(() => createTask(secretariatA.token, { assignees: {} }), 400, 'assignees');
      await expectNothingWritten(
        () => createTask(secretariatA.token, { assignees: { userIds: [], teamIds: [], orgUnitIds: [] } }),
        400,
        'assignees',
      );
    });

    it('refuses a collaborator creating a task (403)', () =>
      expectNothingWritten(() => createTask(direct.token, { assignees: { userIds: [direct.id] } }), 403, ''));

    it('refuses a collaborator closing a task (403)', async () => {
      const task = await createTask(secretariatA.token, { assignees: { userIds: [direct.id] } });
      await fannedOut(secretariatA.token, task);
      const close = await system.http.post(`/api/v1/tasks/${task.body.id}/close`).set(bearer(direct.token));
      expect(close.status).toBe(403);
      const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
      expect(get.body.status).toBe('open');
    });
  });

  it('fans a task out to 10,000 members through the worker', async () => {
    const unit = (await createUnit(system, 'Đảng bộ lớn', unitA)).id;
    await insertUsers(system, unit, 10_000, 'big');
    const task = await createTask(secretariatA.token, { assignees: { orgUnitIds: [unit] } });
    expect(task.status).toBe(201);
    const job = await eventually(
      () => system.http.get(`/api/v1/jobs/${task.body.fanOutJobId}`).set(bearer(secretariatA.token)),
      (r) => r.body.status === 'done' || r.body.status === 'failed',
      100_000,
    );
    expect(job.body).toMatchObject({ status: 'done', progress: { done: 10_000, total: 10_000 } });
    const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariatA.token));
    expect(get.body.assignmentCount).toBe(10_000);
  }, 120_000);
});

describe('tasks: fan-out run by hand (no worker): records before fan-out, reruns, crashes', () => {
  let system: TestSystem;
  let secretariat: Person;
  let unit: string;
  let early: Person;
  let late: Person;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const seeded = await seedAdmin(system);
    unit = (await createUnit(system, 'Đảng bộ C', seeded.rootUnitId)).id;
    secretariat = await person(system, unit, ['secretariat']);
    early = await person(system, unit, ['collaborator']);
    late = await person(system, unit, ['collaborator']);
  });
  afterAll(() => system?.close());

  const fanOut = (taskId: string, reportProgress: (done: number, total: number) => Promise<void> = async () => undefined) =>
    system.app.get(TasksService).fanOut({ id: 'manual', name: 'tasks.fan-out', payload: { taskId }, createdBy: null, reportProgress });

  const createTask = (assignees: Record<string, string[]>) =>
    system.http
      .post('/api/v1/tasks')
      .set(bearer(secretariat.token))
      .send({ title: 'Bình luận định hướng', kind: 'interact', assignees });

  it('gives someone who named the task before fan-out a done assignment at that occurredAt', async () => {
    const task = await createTask({ orgUnitIds: [unit] });
    expect(task.status).toBe(201);
    expect(await countRows(system, 'assignments')).toBe(0);
    const jobs = (await system.db.query(`SELECT status FROM jobs WHERE id = $1`, [task.body.fanOutJobId])) as { status: string }[];
    expect(jobs).toEqual([{ status: 'queued' }]);

    const first = await system.http
      .post('/api/v1/actions')
      .set(bearer(early.token))
      .send({ type: 'comment', platform: 'facebook', occurredAt: '2024-08-10T20:45:10.250+07:00', taskId: task.body.id });
    expect(first.status).toBe(201);
    const second = await system.http
      .post('/api/v1/actions')
      .set(bearer(early.token))
      .send({ type: 'reaction', platform: 'facebook', occurredAt: '2024-08-11T09:00:00+07:00', taskId: task.body.id });
    expect(second.status).toBe(201);
    // nothing to complete yet
    expect(await countRows(system, 'assignments')).toBe(0);
    const figuresBefore = (await system.db.query(
      `SELECT count(*)::int AS n FROM figure_changes WHERE family = 'participations' AND org_unit_id = $1 AND day = '2024-08-10'`,
      [unit],
    )) as { n: number }[];
    expect(figuresBefore[0].n).toBe(0);

    const progress: [number, number][] = [];
    const result = await fanOut(task.body.id, async (done, total) => {
      progress.push([done, total]);
    });
    expect(result).toEqual({ recipients: 3, created: 3 });
    expect(progress[progress.length - 1]).toEqual([3, 3]);
    const rows = await assignmentsOf(system, task.body.id);
    expect(rows.find((r) => r.userId === early.id)).toMatchObject({ status: 'done' });
    expect(rows.find((r) => r.userId === early.id)?.completedAt?.toISOString()).toBe('2024-08-10T13:45:10.250Z');
    expect(rows.find((r) => r.userId === late.id)).toMatchObject({ status: 'assigned', completedAt: null });
    expect(rows.find((r) => r.userId === secretariat.id)).toMatchObject({ status: 'assigned', completedAt: null });
    const figures = (await system.db.query(
      `SELECT count(*)::int AS n FROM figure_changes WHERE family = 'participations' AND org_unit_id = $1 AND day = '2024-08-10'`,
      [unit],
    )) as { n: number }[];
    expect(figures[0].n).toBe(1);
    const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariat.token));
    expect(get.body).toMatchObject({ assignmentCount: 3, doneCount: 1, fanOutStatus: 'done' });
  });

  it('completes, when fan-out runs after the task closed, only what records made while it was open completed', async () => {
    const before = await person(system, unit, ['collaborator']);
    const after = await person(system, unit, ['collaborator']);
    const task = await createTask({ userIds: [before.id, after.id] });
    const comment = (who: Person, occurredAt: string) =>
      system.http
        .post('/api/v1/actions')
        .set(bearer(who.token))
        .send({ type: 'comment', platform: 'zalo', occurredAt, taskId: task.body.id })
        .expect(201);
    await comment(before, '2024-10-01T08:00:00+07:00');
    await system.http.post(`/api/v1/tasks/${task.body.id}/close`).set(bearer(secretariat.token)).expect(200);
    await comment(after, '2024-10-02T08:00:00+07:00');
    const changesBefore = await countRows(system, 'figure_changes');

    expect(await fanOut(task.body.id)).toEqual({ recipients: 2, created: 2 });
    const rows = await assignmentsOf(system, task.body.id);
    expect(rows.find((r) => r.userId === before.id)).toMatchObject({ status: 'done' });
    expect(rows.find((r) => r.userId === after.id)).toMatchObject({ status: 'assigned', completedAt: null });
    const changes = (await system.db.query(
      `SELECT day::text AS day FROM figure_changes WHERE family = 'participations' AND org_unit_id = $1 AND day >= '2024-10-01'`,
      [unit],
    )) as { day: string }[];
    expect(changes).toEqual([{ day: '2024-10-01' }]);
    expect(await countRows(system, 'figure_changes')).toBe(changesBefore + 1);
  });

  it('completes the assignment of someone who names the task while fan-out is writing it', async () => {
    const held = await person(system, unit, ['collaborator']);
    const actor = await person(system, unit, ['collaborator']);
    const task = await createTask({ userIds: [held.id, actor.id] });
    expect(task.status).toBe(201);
    const waiting = async () =>
      ((await system.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )) as { n: number }[])[0].n;

    // Hold one recipient's row so that the fan-out chunk, having written its assignments,
    // waits (on its foreign-key check) before it commits.
    const lock = system.db.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    let fanning: Promise<unknown> | undefined;
    let logging: Promise<Response> | undefined;
    try {
      await lock.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [held.id]);
      fanning = fanOut(task.body.id).catch((error: unknown) => error);
      expect(await eventually(waiting, (n) => n >= 1)).toBeGreaterThanOrEqual(1);

      let answered = false;
      logging = system.http
        .post('/api/v1/actions')
        .set(bearer(actor.token))
        .send({ type: 'comment', platform: 'zalo', occurredAt: '2024-09-01T08:00:00+07:00', taskId: task.body.id })
        .then((response) => {
          answered = true;
          return response;
        });
      // either the action went through at once, or it waits for the fan-out
      await eventually(
        async () => answered || (await waiting()) >= 2,
        (done) => done,
      );
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    expect(await fanning).toEqual({ recipients: 2, created: 2 });
    expect((await logging)?.status).toBe(201);

    const rows = await assignmentsOf(system, task.body.id);
    const mine = rows.find((r) => r.userId === actor.id);
    expect(mine?.status).toBe('done');
    expect(mine?.completedAt?.toISOString()).toBe('2024-09-01T01:00:00.000Z');
    expect(rows.find((r) => r.userId === held.id)?.status).toBe('assigned');
  });

  it('changes nothing when fan-out runs twice for the same task', async () => {
    const task = await createTask({ userIds: [early.id, late.id] });
    expect(task.status).toBe(201);
    expect(await fanOut(task.body.id)).toEqual({ recipients: 2, created: 2 });
    const first = await assignmentsOf(system, task.body.id);
    const figures = await countRows(system, 'figure_changes');
    expect(await fanOut(task.body.id)).toEqual({ recipients: 2, created: 0 });
    expect(await assignmentsOf(system, task.body.id)).toEqual(first);
    expect(await countRows(system, 'figure_changes')).toBe(figures);
    // and the same job delivered twice at once
    await Promise.all([fanOut(task.body.id), fanOut(task.body.id)]);
    expect(await assignmentsOf(system, task.body.id)).toEqual(first);
  });

  it('ends with exactly one assignment per recipient after a crash between chunks and a rerun', async () => {
    const big = (await createUnit(system, 'Đảng bộ 12.000', unit)).id;
    await insertUsers(system, big, 12_000, 'crash');
    const task = await createTask({ orgUnitIds: [big] });
    expect(task.status).toBe(201);

    let calls = 0;
    await expect(
      fanOut(task.body.id, async () => {
        calls++;
        throw new Error('worker killed');
      }),
    ).rejects.toThrow('worker killed');
    expect(calls).toBe(1);
    const partial = (await system.db.query(`SELECT count(*)::int AS n FROM assignments WHERE task_id = $1`, [task.body.id])) as {
      n: number;
    }[];
    expect(partial[0].n).toBeGreaterThan(0);
    expect(partial[0].n).toBeLessThan(12_000);
    const pending = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariat.token));
    expect(pending.body.fanOutStatus).toBe('pending');

    const progress: [number, number][] = [];
    const result = await fanOut(task.body.id, async (done, total) => {
      progress.push([done, total]);
    });
    expect(result).toEqual({ recipients: 12_000, created: 12_000 - partial[0].n });
    expect(progress[progress.length - 1]).toEqual([12_000, 12_000]);
    const [counts] = (await system.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users,
              count(*) FILTER (WHERE org_unit_id <> $2)::int AS "elsewhere"
         FROM assignments WHERE task_id = $1`,
      [task.body.id, big],
    )) as { n: number; users: number; elsewhere: number }[];
    expect(counts).toEqual({ n: 12_000, users: 12_000, elsewhere: 0 });
    const get = await system.http.get(`/api/v1/tasks/${task.body.id}`).set(bearer(secretariat.token));
    expect(get.body).toMatchObject({ assignmentCount: 12_000, fanOutStatus: 'done' });
  }, 120_000);
});

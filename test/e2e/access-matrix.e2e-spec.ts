import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { Role } from '@app/access';
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

/**
 * The access-control matrix, kept as data: role × where the target lives × endpoint.
 *
 *   root ── P ─┬─ U (every actor sits here) ── C
 *              └─ S
 *   O (a second root tree)
 *
 * The guard checks the role's permission first (403 whatever the target); services then
 * check scope (404 outside it, never 403).
 */

type Relation = 'own' | 'child' | 'parent' | 'sibling' | 'other';
const RELATIONS: readonly Relation[] = ['own', 'child', 'parent', 'sibling', 'other'];
const ACTOR_ROLES: readonly Role[] = ['collaborator', 'secretariat', 'leader', 'admin'];

type Endpoint =
  | 'GET /org-units/:id'
  | 'POST /org-units'
  | 'PATCH /org-units/:id'
  | 'POST /users'
  | 'GET /users/:id'
  | 'GET /users?orgUnitId'
  | 'PATCH /users/:id'
  | 'POST /teams'
  | 'GET /teams/:id'
  | 'POST /teams/:id/members';

/** One row per endpoint × role; the statuses are for targets in own, child, parent, sibling, other. */
type Row = [Endpoint, Role, number, number, number, number, number];

// prettier-ignore
const MATRIX: Row[] = [
  //                                           own  child parent sibling other
  ['GET /org-units/:id',       'collaborator', 200, 404, 404, 404, 404],
  ['GET /org-units/:id',       'secretariat',  200, 200, 404, 404, 404],
  ['GET /org-units/:id',       'leader',       200, 200, 404, 404, 404],
  ['GET /org-units/:id',       'admin',        200, 200, 200, 200, 200],

  ['POST /org-units',          'collaborator', 403, 403, 403, 403, 403],
  ['POST /org-units',          'secretariat',  403, 403, 403, 403, 403],
  ['POST /org-units',          'leader',       403, 403, 403, 403, 403],
  ['POST /org-units',          'admin',        201, 201, 201, 201, 201],

  ['PATCH /org-units/:id',     'collaborator', 403, 403, 403, 403, 403],
  ['PATCH /org-units/:id',     'secretariat',  403, 403, 403, 403, 403],
  ['PATCH /org-units/:id',     'leader',       403, 403, 403, 403, 403],
  ['PATCH /org-units/:id',     'admin',        200, 200, 200, 200, 200],

  ['POST /users',              'collaborator', 403, 403, 403, 403, 403],
  ['POST /users',              'secretariat',  201, 201, 404, 404, 404],
  ['POST /users',              'leader',       403, 403, 403, 403, 403],
  ['POST /users',              'admin',        201, 201, 201, 201, 201],

  ['GET /users/:id',           'collaborator', 403, 403, 403, 403, 403],
  ['GET /users/:id',           'secretariat',  200, 200, 404, 404, 404],
  ['GET /users/:id',           'leader',       200, 200, 404, 404, 404],
  ['GET /users/:id',           'admin',        200, 200, 200, 200, 200],

  ['GET /users?orgUnitId',     'collaborator', 403, 403, 403, 403, 403],
  ['GET /users?orgUnitId',     'secretariat',  200, 200, 404, 404, 404],
  ['GET /users?orgUnitId',     'leader',       200, 200, 404, 404, 404],
  ['GET /users?orgUnitId',     'admin',        200, 200, 200, 200, 200],

  ['PATCH /users/:id',         'collaborator', 403, 403, 403, 403, 403],
  ['PATCH /users/:id',         'secretariat',  200, 200, 404, 404, 404],
  ['PATCH /users/:id',         'leader',       403, 403, 403, 403, 403],
  ['PATCH /users/:id',         'admin',        200, 200, 200, 200, 200],

  ['POST /teams',              'collaborator', 403, 403, 403, 403, 403],
  ['POST /teams',              'secretariat',  201, 201, 404, 404, 404],
  ['POST /teams',              'leader',       403, 403, 403, 403, 403],
  ['POST /teams',              'admin',        201, 201, 201, 201, 201],

  ['GET /teams/:id',           'collaborator', 403, 403, 403, 403, 403],
  ['GET /teams/:id',           'secretariat',  200, 200, 404, 404, 404],
  ['GET /teams/:id',           'leader',       200, 200, 404, 404, 404],
  ['GET /teams/:id',           'admin',        200, 200, 200, 200, 200],

  ['POST /teams/:id/members',  'collaborator', 403, 403, 403, 403, 403],
  ['POST /teams/:id/members',  'secretariat',  200, 200, 404, 404, 404],
  ['POST /teams/:id/members',  'leader',       403, 403, 403, 403, 403],
  ['POST /teams/:id/members',  'admin',        200, 200, 200, 200, 200],
];

/** Which of the five units GET /org-units lists, per role. */
const LISTED_UNITS: Record<Role, readonly Relation[]> = {
  collaborator: ['own'],
  secretariat: ['own', 'child'],
  leader: ['own', 'child'],
  admin: ['own', 'child', 'parent', 'sibling', 'other'],
};

/** Endpoints without a target unit. */
const UNTARGETED: { endpoint: 'GET /me' | 'GET /audit'; role: Role; status: number }[] = [
  { endpoint: 'GET /me', role: 'collaborator', status: 200 },
  { endpoint: 'GET /me', role: 'secretariat', status: 200 },
  { endpoint: 'GET /me', role: 'leader', status: 200 },
  { endpoint: 'GET /me', role: 'admin', status: 200 },
  { endpoint: 'GET /audit', role: 'collaborator', status: 403 },
  { endpoint: 'GET /audit', role: 'secretariat', status: 403 },
  { endpoint: 'GET /audit', role: 'leader', status: 403 },
  { endpoint: 'GET /audit', role: 'admin', status: 200 },
];

interface Cell {
  endpoint: Endpoint;
  role: Role;
  target: Relation;
  status: number;
}

const CELLS: Cell[] = MATRIX.flatMap(([endpoint, role, ...statuses]) =>
  RELATIONS.map((target, i) => ({ endpoint, role, target, status: statuses[i] })),
);

const WRITES: ReadonlySet<Endpoint> = new Set<Endpoint>([
  'POST /org-units',
  'PATCH /org-units/:id',
  'POST /users',
  'PATCH /users/:id',
  'POST /teams',
  'POST /teams/:id/members',
]);

const key = (role: Role, target: Relation) => `${role}/${target}`;
const unique = () => randomBytes(4).toString('hex');

describe('access matrix: role × target unit × endpoint', () => {
  let system: TestSystem;
  const unit = {} as Record<Relation, string>;
  const token = {} as Record<Role, string>;
  /** A collaborator living in each unit (read targets). */
  const resident = {} as Record<Relation, string>;
  /** A team in each unit. */
  const team = {} as Record<Relation, string>;
  /** Fresh collaborators per cell, so that no cell depends on another. */
  const toDeactivate = new Map<string, string>();
  const toAdd = new Map<string, string>();

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    const p = await createUnit(system, `P ${unique()}`, admin.rootUnitId);
    const u = await createUnit(system, `U ${unique()}`, p.id);
    const c = await createUnit(system, `C ${unique()}`, u.id);
    const s = await createUnit(system, `S ${unique()}`, p.id);
    const o = await createUnit(system, `O ${unique()}`, null);
    Object.assign(unit, { own: u.id, child: c.id, parent: p.id, sibling: s.id, other: o.id });

    for (const role of ACTOR_ROLES) {
      const actor = await createUser(system, unit.own, [role]);
      token[role] = await login(system.http, actor.username);
    }
    for (const target of RELATIONS) {
      resident[target] = (await createUser(system, unit[target], ['collaborator'])).id;
      const created = await system.http
        .post('/api/v1/teams')
        .set(bearer(admin.token))
        .send({ name: `Tổ ${target} ${unique()}`, orgUnitId: unit[target] });
      expect(created.status).toBe(201);
      team[target] = created.body.id;
      for (const role of ACTOR_ROLES) {
        toDeactivate.set(key(role, target), (await createUser(system, unit[target], ['collaborator'])).id);
        toAdd.set(key(role, target), (await createUser(system, unit[target], ['collaborator'])).id);
      }
    }
  });
  afterAll(() => system?.close());

  /** Sends the cell's request. */
  function send(cell: Cell): Promise<Response> {
    const auth = bearer(token[cell.role]);
    const target = unit[cell.target];
    const http = system.http;
    switch (cell.endpoint) {
      case 'GET /org-units/:id':
        return http.get(`/api/v1/org-units/${target}`).set(auth);
      case 'POST /org-units':
        return http.post('/api/v1/org-units').set(auth).send({ name: `Chi bộ ${unique()}`, parentId: target });
      case 'PATCH /org-units/:id':
        return http.patch(`/api/v1/org-units/${target}`).set(auth).send({ name: `Đổi tên ${unique()}` });
      case 'POST /users':
        return http
          .post('/api/v1/users')
          .set(auth)
          .send({ username: `n${unique()}`, password: PASSWORD, fullName: 'Trần Thị Bình', orgUnitId: target, roles: ['collaborator'] });
      case 'GET /users/:id':
        return http.get(`/api/v1/users/${resident[cell.target]}`).set(auth);
      case 'GET /users?orgUnitId':
        return http.get('/api/v1/users').query({ orgUnitId: target, limit: 200 }).set(auth);
      case 'PATCH /users/:id':
        return http.patch(`/api/v1/users/${toDeactivate.get(key(cell.role, cell.target))}`).set(auth).send({ active: false });
      case 'POST /teams':
        return http.post('/api/v1/teams').set(auth).send({ name: `Tổ ${unique()}`, orgUnitId: target });
      case 'GET /teams/:id':
        return http.get(`/api/v1/teams/${team[cell.target]}`).set(auth);
      case 'POST /teams/:id/members':
        return http
          .post(`/api/v1/teams/${team[cell.target]}/members`)
          .set(auth)
          .send({ userIds: [toAdd.get(key(cell.role, cell.target))] });
    }
  }

  /** What an allowed answer must contain, so that a 2xx with the wrong thing in it fails. */
  function expectAllowedBody(cell: Cell, body: Record<string, unknown>): void {
    const target = unit[cell.target];
    switch (cell.endpoint) {
      case 'GET /org-units/:id':
        expect(body).toMatchObject({ id: target });
        return;
      case 'POST /org-units':
        expect(body).toMatchObject({ id: expect.any(String), parentId: target });
        return;
      case 'PATCH /org-units/:id':
        expect(body).toMatchObject({ id: target, name: expect.stringMatching(/^Đổi tên /) });
        return;
      case 'POST /users':
        expect(body).toMatchObject({ id: expect.any(String), orgUnitId: target, roles: ['collaborator'] });
        expect(JSON.stringify(body)).not.toMatch(/password/i);
        return;
      case 'GET /users/:id':
        expect(body).toMatchObject({ id: resident[cell.target], orgUnitId: target });
        return;
      case 'GET /users?orgUnitId': {
        const ids = (body.items as { id: string }[]).map((user) => user.id);
        expect(ids).toContain(resident[cell.target]);
        return;
      }
      case 'PATCH /users/:id':
        expect(body).toMatchObject({ id: toDeactivate.get(key(cell.role, cell.target)), active: false });
        return;
      case 'POST /teams':
        expect(body).toMatchObject({ id: expect.any(String), orgUnitId: target });
        return;
      case 'GET /teams/:id':
        expect(body).toMatchObject({ id: team[cell.target], orgUnitId: target });
        return;
      case 'POST /teams/:id/members':
        expect(body).toMatchObject({ id: team[cell.target] });
        expect(body.memberIds).toContain(toAdd.get(key(cell.role, cell.target)));
        return;
    }
  }

  it.each(UNTARGETED)('$role: $endpoint answers $status', async ({ endpoint, role, status }) => {
    const path = endpoint === 'GET /me' ? '/api/v1/me' : '/api/v1/audit';
    const response = await system.http.get(path).set(bearer(token[role]));
    expect(response.status).toBe(status);
    if (status === 200 && endpoint === 'GET /me') expect(response.body).toMatchObject({ roles: [role], orgUnitId: unit.own });
    if (status === 200 && endpoint === 'GET /audit') {
      expect(response.body).toEqual({ items: expect.any(Array), nextCursor: expect.anything() });
      expect(response.body.items.length).toBeGreaterThan(0);
    }
    if (status >= 400) expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  });

  it.each(ACTOR_ROLES.map((role) => ({ role, listed: LISTED_UNITS[role] })))(
    '$role: GET /org-units lists exactly $listed of the five units',
    async ({ role, listed }) => {
      const response = await system.http.get('/api/v1/org-units').query({ limit: 200 }).set(bearer(token[role]));
      expect(response.status).toBe(200);
      expect(response.body.nextCursor).toBeNull();
      const ids = new Set((response.body.items as { id: string }[]).map((item) => item.id));
      const seen = RELATIONS.filter((relation) => ids.has(unit[relation]));
      expect(seen).toEqual(listed);
    },
  );

  it.each(CELLS)('$role: $endpoint on a unit ($target) answers $status', async (cell) => {
    const before = WRITES.has(cell.endpoint) ? await snapshotCounts(system) : null;
    const response = await send(cell);
    expect({ status: response.status, body: response.body }).toMatchObject({ status: cell.status });
    if (cell.status < 300) {
      expectAllowedBody(cell, response.body);
    } else {
      expect(response.body).toMatchObject({ statusCode: cell.status, error: expect.any(String), message: expect.any(String) });
      if (before) expect(await snapshotCounts(system)).toEqual(before);
    }
  });
});

describe('access matrix: who may grant which roles', () => {
  let system: TestSystem;
  let own: string;
  let parent: string;
  let secretariat: string;
  let admin: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    const p = await createUnit(system, 'P', seeded.rootUnitId);
    parent = p.id;
    own = (await createUnit(system, 'U', p.id)).id;
    const actor = await createUser(system, own, ['secretariat']);
    secretariat = await login(system.http, actor.username);
  });
  afterAll(() => system?.close());

  const newUser = (orgUnitId: string, roles: Role[]) => ({
    username: `g${unique()}`,
    password: PASSWORD,
    fullName: 'Lê Văn Cường',
    orgUnitId,
    roles,
  });

  it.each<{ roles: Role[] }>([
    { roles: ['secretariat'] },
    { roles: ['leader'] },
    { roles: ['admin'] },
    { roles: ['collaborator', 'leader'] },
  ])('refuses a secretariat creating a user with roles $roles in its own unit, writing nothing', async ({ roles }) => {
    const before = await snapshotCounts(system);
    const body = newUser(own, roles);
    const response = await system.http.post('/api/v1/users').set(bearer(secretariat)).send(body);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('roles') });
    expect(await snapshotCounts(system)).toEqual(before);
    const [row] = await system.db.query(`SELECT count(*)::int AS n FROM users WHERE username = $1`, [body.username]);
    expect(row.n).toBe(0);
  });

  it('lets a secretariat create a collaborator in its own unit', async () => {
    const response = await system.http.post('/api/v1/users').set(bearer(secretariat)).send(newUser(own, ['collaborator']));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ orgUnitId: own, roles: ['collaborator'] });
  });

  it.each<{ roles: Role[] }>([{ roles: ['secretariat'] }, { roles: ['leader'] }, { roles: ['admin'] }, { roles: ['collaborator', 'secretariat'] }])(
    'refuses a secretariat promoting a collaborator to $roles, changing nothing',
    async ({ roles }) => {
      const user = await createUser(system, own, ['collaborator']);
      const before = await snapshotCounts(system);
      const response = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(secretariat)).send({ roles });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
      expect(await snapshotCounts(system)).toEqual(before);
      const [row] = await system.db.query(`SELECT roles, token_version AS v FROM users WHERE id = $1`, [user.id]);
      expect(row.roles).toEqual(['collaborator']);
      expect(row.v).toBe(0);
    },
  );

  it.each<{ holder: Role[]; change: Record<string, unknown> }>([
    { holder: ['secretariat'], change: { fullName: 'Tên mới' } },
    { holder: ['secretariat'], change: { active: false } },
    { holder: ['secretariat'], change: { roles: ['collaborator'] } },
    { holder: ['leader'], change: { active: false } },
    { holder: ['admin'], change: { password: 'another-password-1' } },
    { holder: ['collaborator', 'leader'], change: { fullName: 'Tên mới' } },
  ])('refuses a secretariat changing a $holder user of its own unit with $change', async ({ holder, change }) => {
    const user = await createUser(system, own, holder);
    const before = await snapshotCounts(system);
    const [rowBefore] = await system.db.query(`SELECT * FROM users WHERE id = $1`, [user.id]);
    const response = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(secretariat)).send(change);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
    expect(await snapshotCounts(system)).toEqual(before);
    const [rowAfter] = await system.db.query(`SELECT * FROM users WHERE id = $1`, [user.id]);
    expect(rowAfter).toEqual(rowBefore);
  });

  it('refuses (404) a secretariat moving a collaborator out of its subtree, changing nothing', async () => {
    const user = await createUser(system, own, ['collaborator']);
    const before = await snapshotCounts(system);
    const response = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(secretariat)).send({ orgUnitId: parent });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, message: expect.stringContaining('orgUnitId') });
    expect(await snapshotCounts(system)).toEqual(before);
    const [row] = await system.db.query(`SELECT org_unit_id::text AS unit FROM users WHERE id = $1`, [user.id]);
    expect(row.unit).toBe(own);
  });

  it.each<{ roles: Role[] }>([
    { roles: ['secretariat'] },
    { roles: ['leader'] },
    { roles: ['admin'] },
    { roles: ['collaborator', 'secretariat', 'leader', 'admin'] },
  ])('lets an admin create a user with roles $roles anywhere', async ({ roles }) => {
    for (const orgUnitId of [own, parent]) {
      const response = await system.http.post('/api/v1/users').set(bearer(admin)).send(newUser(orgUnitId, roles));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ orgUnitId, roles });
    }
  });

  it('lets an admin promote a collaborator to every role and demote a secretariat', async () => {
    const user = await createUser(system, parent, ['collaborator']);
    const promoted = await system.http
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(admin))
      .send({ roles: ['secretariat', 'leader', 'admin'] });
    expect(promoted.status).toBe(200);
    expect(promoted.body.roles).toEqual(['secretariat', 'leader', 'admin']);
    const demoted = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin)).send({ roles: ['collaborator'] });
    expect(demoted.status).toBe(200);
    expect(demoted.body.roles).toEqual(['collaborator']);
  });
});

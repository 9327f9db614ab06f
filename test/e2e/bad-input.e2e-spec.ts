import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Response } from 'supertest';
import {
  ADMIN,
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
 * Every bad input answers a 4xx with the contract's error body, names the field to blame,
 * and writes nothing.
 */

const unique = () => randomBytes(4).toString('hex');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

interface Rejection {
  name: string;
  status: number;
  /** The field the message must name, where one is to blame. */
  field?: string;
  send: () => Promise<Response>;
}

/** Multipart bodies a fuzzer sent that the parser cannot read: [what, content type, body]. */
function malformedUploads(): [string, string, string][] {
  const part = (boundary: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nusername`;
  return [
    ['no boundary', 'multipart/form-data', part('x')],
    ['a body that is not multipart at all', 'multipart/form-data; boundary=BoUnD', 'not multipart at all'],
    ['a part cut short', 'multipart/form-data; boundary=BoUnD', part('BoUnD')],
    ['a boundary of 5,000 characters', `multipart/form-data; boundary=${'b'.repeat(5000)}`, part('b'.repeat(5000))],
  ];
}

describe('bad input: 4xx with the error body, and nothing written', () => {
  let system: TestSystem;
  let admin: string;
  let unitId: string;
  let collaborator: { id: string; username: string };
  let collaboratorToken: string;
  let teamId: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    admin = (await seedAdmin(system)).token;
    const me = await system.http.get('/api/v1/me').set(bearer(admin));
    unitId = (await createUnit(system, 'Chi bộ kiểm thử', me.body.orgUnitId)).id;
    collaborator = await createUser(system, unitId, ['collaborator']);
    collaboratorToken = await login(system.http, collaborator.username);
    const team = await system.http.post('/api/v1/teams').set(bearer(admin)).send({ name: 'Tổ kiểm thử', orgUnitId: unitId });
    expect(team.status).toBe(201);
    teamId = team.body.id;
  });
  afterAll(() => system?.close());

  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: `b${unique()}`,
    password: PASSWORD,
    fullName: 'Phạm Thị Dung',
    orgUnitId: unitId,
    roles: ['collaborator'],
    ...overrides,
  });
  const postUser = (body: unknown) => system.http.post('/api/v1/users').set(bearer(admin)).send(body as object);
  const postJsonText = (path: string, text: string, token = admin) =>
    system.http.post(path).set(bearer(token)).set('content-type', 'application/json').send(text);
  const patchText = (path: string, text: string, token = admin) =>
    system.http.patch(path).set(bearer(token)).set('content-type', 'application/json').send(text);

  /** Asserts the error body, the named field, and that no table changed. */
  async function expectRejected(send: () => Promise<Response>, status: number, field?: string): Promise<Response> {
    const before = await snapshotCounts(system);
    const response = await send();
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(response.body.error).not.toBe('');
    if (field) {
      expect(response.body.message).toContain(field);
      expect(response.body.field).toBe(field);
    }
    // A 400 always says which part of the request to fix.
    if (status === 400) expect(response.body.field).toEqual(expect.any(String));
    expect(await snapshotCounts(system)).toEqual(before);
    return response;
  }

  describe('bodies', () => {
    const cases: Rejection[] = [
      // wrong types
      { name: 'username as a number', status: 400, field: 'username', send: () => postUser(newUser({ username: 12345 })) },
      { name: 'roles as a string', status: 400, field: 'roles', send: () => postUser(newUser({ roles: 'collaborator' })) },
      { name: 'roles naming no role', status: 400, field: 'roles', send: () => postUser(newUser({ roles: ['superuser'] })) },
      { name: 'orgUnitId as a number', status: 400, field: 'orgUnitId', send: () => postUser(newUser({ orgUnitId: Number(unitId) })) },
      { name: 'fullName as an object', status: 400, field: 'fullName', send: () => postUser(newUser({ fullName: { vi: 'A' } })) },
      {
        name: 'active as "yes"',
        status: 400,
        field: 'active',
        send: () => system.http.patch(`/api/v1/users/${collaborator.id}`).set(bearer(admin)).send({ active: 'yes' }),
      },
      {
        name: 'a JSON array as the body',
        status: 400,
        send: () => postJsonText('/api/v1/users', JSON.stringify([newUser()])),
      },
      {
        name: 'a missing required field (password)',
        status: 400,
        field: 'password',
        send: () => postUser({ ...newUser(), password: undefined }),
      },
      // unknown fields and mass assignment
      { name: 'an unknown field isAdmin', status: 400, field: 'isAdmin', send: () => postUser(newUser({ isAdmin: true })) },
      {
        name: 'POST /teams with roles',
        status: 400,
        field: 'roles',
        send: () =>
          system.http.post('/api/v1/teams').set(bearer(admin)).send({ name: `Tổ ${unique()}`, orgUnitId: unitId, roles: ['admin'] }),
      },
      {
        name: 'POST /org-units with orgUnitId',
        status: 400,
        field: 'orgUnitId',
        send: () =>
          system.http.post('/api/v1/org-units').set(bearer(admin)).send({ name: 'Chi bộ mới', parentId: unitId, orgUnitId: unitId }),
      },
      {
        name: 'PATCH /org-units/:id with roles',
        status: 400,
        field: 'roles',
        send: () => system.http.patch(`/api/v1/org-units/${unitId}`).set(bearer(admin)).send({ name: 'Đổi tên', roles: ['admin'] }),
      },
      {
        name: 'PATCH /users/:id with username',
        status: 400,
        field: 'username',
        send: () => system.http.patch(`/api/v1/users/${collaborator.id}`).set(bearer(admin)).send({ username: 'renamed' }),
      },
      {
        name: 'POST /teams/:id/members with orgUnitId',
        status: 400,
        field: 'orgUnitId',
        send: () =>
          system.http
            .post(`/api/v1/teams/${teamId}/members`)
            .set(bearer(admin))
            .send({ userIds: [collaborator.id], orgUnitId: unitId }),
      },
      {
        // valid credentials: a login that went through would write a refresh token
        name: 'POST /auth/login with roles',
        status: 400,
        field: 'roles',
        send: () => system.http.post('/api/v1/auth/login').send({ ...ADMIN, roles: ['admin'] }),
      },
      {
        name: 'POST /auth/login with userId',
        status: 400,
        field: 'userId',
        send: () => system.http.post('/api/v1/auth/login').send({ username: collaborator.username, password: PASSWORD, userId: '1' }),
      },
      // oversize strings
      { name: 'fullName of 201 characters', status: 400, field: 'fullName', send: () => postUser(newUser({ fullName: 'Ă'.repeat(201) })) },
      { name: 'password of 257 characters', status: 400, field: 'password', send: () => postUser(newUser({ password: 'p'.repeat(257) })) },
      {
        name: 'a unit name of 201 characters',
        status: 400,
        field: 'name',
        send: () => system.http.post('/api/v1/org-units').set(bearer(admin)).send({ name: 'n'.repeat(201), parentId: unitId }),
      },
      {
        name: 'a team name of 201 characters',
        status: 400,
        field: 'name',
        send: () => system.http.post('/api/v1/teams').set(bearer(admin)).send({ name: 't'.repeat(201), orgUnitId: unitId }),
      },
      {
        name: 'a login password of 257 characters',
        status: 400,
        field: 'password',
        send: () => system.http.post('/api/v1/auth/login').send({ username: ADMIN.username, password: 'p'.repeat(257) }),
      },
      // oversize and broken bodies
      {
        name: 'a JSON body over 1 MB',
        status: 413,
        send: () => postJsonText('/api/v1/users', JSON.stringify(newUser({ fullName: 'x'.repeat(1024 * 1024 + 10) }))),
      },
      {
        // fastify parses text/plain into a string, which no DTO accepts
        name: 'a body that is not JSON (text/plain)',
        status: 415,
        send: () => system.http.post('/api/v1/users').set(bearer(admin)).set('content-type', 'text/plain').send('username=x'),
      },
      {
        name: 'a body nested too deeply',
        status: 400,
        send: () => {
          let nested: unknown = 'x';
          for (let i = 0; i < 12; i++) nested = { a: nested };
          return postUser(newUser({ fullName: nested }));
        },
      },
      { name: 'invalid JSON', status: 400, send: () => postJsonText('/api/v1/users', '{"username": "abc", ') },
      {
        name: 'bytes that are not UTF-8 in a JSON body',
        status: 400,
        field: 'name',
        send: () =>
          system.http
            .patch(`/api/v1/org-units/${unitId}`)
            .set(bearer(admin))
            .set('content-type', 'application/json')
            .serialize((bytes: unknown) => bytes as string)
            .send(Buffer.concat([Buffer.from('{"name":"Ti'), Buffer.from([0xea]), Buffer.from('ng"}')])),
      },
      {
        name: 'PATCH /org-units/:id with JSON null',
        status: 400,
        field: 'body',
        send: () => patchText(`/api/v1/org-units/${unitId}`, 'null'),
      },
      {
        name: 'PATCH /users/:id with a form instead of JSON',
        status: 415,
        field: 'body',
        send: () =>
          system.http
            .patch(`/api/v1/users/${collaborator.id}`)
            .set(bearer(admin))
            .field('active', 'false'),
      },
      {
        name: 'POST /tasks with a boolean title, told what the title must be',
        status: 400,
        field: 'title',
        send: async () => {
          const response = await system.http
            .post('/api/v1/tasks')
            .set(bearer(admin))
            .send({ title: true, kind: 'share', assignees: { userIds: [collaborator.id] } });
          expect(response.body.message).toBe('title must be a string');
          return response;
        },
      },
      {
        name: 'a nested unknown field, named by its path',
        status: 400,
        field: 'assignees.roles',
        send: () =>
          system.http
            .post('/api/v1/tasks')
            .set(bearer(admin))
            .send({ title: 'Việc', kind: 'share', assignees: { userIds: [collaborator.id], roles: ['admin'] } }),
      },
      // uploads that are not the multipart they claim to be
      ...malformedUploads().map(([name, contentType, raw]) => ({
        name: `POST /users/import with ${name}`,
        status: 400,
        field: 'file',
        send: () => system.http.post('/api/v1/users/import').set(bearer(admin)).set('content-type', contentType).send(raw),
      })),
      { name: 'invalid JSON on login', status: 400, send: () => postJsonText('/api/v1/auth/login', "{username:'admin'}") },
      // text that is not text
      { name: 'a NUL byte in fullName', status: 400, field: 'fullName', send: () => postUser(newUser({ fullName: 'Nguyễn\u0000Văn' })) },
      {
        name: 'a lone high surrogate in fullName',
        status: 400,
        field: 'fullName',
        send: () => postJsonText('/api/v1/users', JSON.stringify(newUser({ fullName: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'A\\ud800B')),
      },
      {
        name: 'a lone low surrogate at the end of fullName',
        status: 400,
        field: 'fullName',
        send: () => postJsonText('/api/v1/users', JSON.stringify(newUser({ fullName: 'PLACEHOLDER' })).replace('PLACEHOLDER', 'AB\\udc00')),
      },
      {
        name: 'a NUL byte in a team name',
        status: 400,
        field: 'name',
        send: () => system.http.post('/api/v1/teams').set(bearer(admin)).send({ name: 'Tổ\u0000', orgUnitId: unitId }),
      },
      // ids in bodies
      { name: 'orgUnitId that is not an id', status: 400, field: 'orgUnitId', send: () => postUser(newUser({ orgUnitId: 'abc' })) },
      { name: 'orgUnitId naming no unit', status: 404, field: 'orgUnitId', send: () => postUser(newUser({ orgUnitId: '99999999999' })) },
      {
        name: 'userIds naming no user',
        status: 404,
        field: 'userIds',
        send: () => system.http.post(`/api/v1/teams/${teamId}/members`).set(bearer(admin)).send({ userIds: ['99999999999'] }),
      },
      // wrong credentials (a failed login writes no refresh token)
      {
        name: 'a wrong password',
        status: 401,
        send: () => system.http.post('/api/v1/auth/login').send({ username: collaborator.username, password: 'wrong-password' }),
      },
    ];

    it.each(cases)('$name → $status', ({ send, status, field }) => expectRejected(send, status, field).then(() => undefined));

    it('stores a fullName typed in NFD as NFC, and answers it in NFC (201)', async () => {
      const nfc = 'Nguyễn Văn Ánh';
      const nfd = nfc.normalize('NFD');
      expect(nfd).not.toBe(nfc);
      const created = await postUser(newUser({ fullName: nfd }));
      expect(created.status).toBe(201);
      expect(created.body.fullName).toBe(nfc);
      expect(created.body.fullName.length).toBe(nfc.length);
      const read = await system.http.get(`/api/v1/users/${created.body.id}`).set(bearer(admin));
      expect(read.body.fullName).toBe(nfc);
      const [row] = await system.db.query(`SELECT full_name AS "fullName", length(full_name) AS n FROM users WHERE id = $1`, [
        created.body.id,
      ]);
      expect(row.fullName).toBe(nfc);
      expect(row.n).toBe(nfc.length);
    });
  });

  describe('queries and paths', () => {
    const forgedCursor = base64url({ id: 'x' });
    const get = (path: string) => () => system.http.get(path).set(bearer(admin));
    const cases: Rejection[] = [
      { name: 'GET /users?cursor= with stray percent signs', status: 400, field: 'cursor', send: get('/api/v1/users?cursor=abc%%') },
      { name: 'GET /users?cursor=<{"id":"x"}>', status: 400, field: 'cursor', send: get(`/api/v1/users?cursor=${forgedCursor}`) },
      { name: 'GET /org-units?cursor=<{"id":"x"}>', status: 400, field: 'cursor', send: get(`/api/v1/org-units?cursor=${forgedCursor}`) },
      { name: 'GET /teams?cursor= with stray percent signs', status: 400, field: 'cursor', send: get('/api/v1/teams?cursor=abc%%') },
      { name: 'GET /audit?cursor=<{"id":"x"}>', status: 400, field: 'cursor', send: get(`/api/v1/audit?cursor=${forgedCursor}`) },
      {
        name: 'GET /users?cursor=<{"id":"1 OR 1=1"}>',
        status: 400,
        field: 'cursor',
        send: get(`/api/v1/users?cursor=${base64url({ id: '1 OR 1=1' })}`),
      },
      { name: 'GET /users?limit=0', status: 400, field: 'limit', send: get('/api/v1/users?limit=0') },
      { name: 'GET /users?limit=201', status: 400, field: 'limit', send: get('/api/v1/users?limit=201') },
      { name: 'GET /users?limit=abc', status: 400, field: 'limit', send: get('/api/v1/users?limit=abc') },
      { name: 'GET /org-units?limit=201', status: 400, field: 'limit', send: get('/api/v1/org-units?limit=201') },
      { name: 'GET /teams?limit=-1', status: 400, field: 'limit', send: get('/api/v1/teams?limit=-1') },
      { name: 'GET /audit?limit=1.5', status: 400, field: 'limit', send: get('/api/v1/audit?limit=1.5') },
      { name: 'GET /users?limit=5&limit=6 (repeated)', status: 400, field: 'limit', send: get('/api/v1/users?limit=5&limit=6') },
      { name: 'GET /users?orgUnitId=abc', status: 400, field: 'orgUnitId', send: get('/api/v1/users?orgUnitId=abc') },
      { name: 'GET /users?isAdmin=true (unknown)', status: 400, field: 'isAdmin', send: get('/api/v1/users?isAdmin=true') },
      { name: 'GET /users/abc', status: 404, send: get('/api/v1/users/abc') },
      { name: 'GET /users/99999999999999999999 (past bigint)', status: 404, send: get('/api/v1/users/99999999999999999999') },
      { name: 'GET /users/-1', status: 404, send: get('/api/v1/users/-1') },
      { name: 'GET /org-units/99999999999', status: 404, send: get('/api/v1/org-units/99999999999') },
      { name: 'GET /org-units/abc', status: 404, send: get('/api/v1/org-units/abc') },
      { name: 'GET /teams/1e5', status: 404, send: get('/api/v1/teams/1e5') },
      { name: 'GET /jobs/abc', status: 404, send: get('/api/v1/jobs/abc') },
      { name: 'GET /org-units/%ZZ (a path that is not percent-encoded right)', status: 400, field: 'path', send: get('/api/v1/org-units/%ZZ') },
      { name: 'PATCH /users/%C0%AE (bytes that are not UTF-8 in the path)', status: 400, field: 'path', send: () => system.http.patch('/api/v1/users/%C0%AE').set(bearer(admin)).send({ active: false }) },
      { name: 'POST /actions with null as the body', status: 400, field: 'body', send: () => postJsonText('/api/v1/actions', 'null', collaboratorToken) },
      {
        name: 'PATCH /users/abc',
        status: 404,
        send: () => system.http.patch('/api/v1/users/abc').set(bearer(admin)).send({ active: false }),
      },
      {
        name: 'PATCH /org-units/99999999999',
        status: 404,
        send: () => system.http.patch('/api/v1/org-units/99999999999').set(bearer(admin)).send({ name: 'X' }),
      },
      {
        name: 'POST /teams/abc/members',
        status: 404,
        send: () => system.http.post('/api/v1/teams/abc/members').set(bearer(admin)).send({ userIds: [collaborator.id] }),
      },
    ];

    it.each(cases)('$name → $status', ({ send, status, field }) => expectRejected(send, status, field).then(() => undefined));

    it('accepts a cursor the API issued (so the refusals above are about the cursor)', async () => {
      const first = await system.http.get('/api/v1/users?limit=1').set(bearer(admin));
      expect(first.status).toBe(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const next = await system.http.get('/api/v1/users').query({ limit: 1, cursor: first.body.nextCursor }).set(bearer(admin));
      expect(next.status).toBe(200);
      expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
    });
  });

  describe('bearer tokens', () => {
    let claims: { sub: string; ver: number };
    const sign = (payload: object, secret = system.config.jwtSecret, options: jwt.SignOptions = {}) =>
      jwt.sign(payload, secret, { algorithm: 'HS256', ...options });
    const meWith = (authorization?: string) => () => {
      const request = system.http.get('/api/v1/me');
      return authorization === undefined ? request : request.set('authorization', authorization);
    };

    beforeAll(() => {
      claims = jwt.decode(collaboratorToken) as { sub: string; ver: number };
    });

    it('accepts a token built here with the right secret, subject and version (the control)', async () => {
      const token = sign({ sub: claims.sub, ver: claims.ver }, system.config.jwtSecret, { expiresIn: 60 });
      const response = await system.http.get('/api/v1/me').set(bearer(token));
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(collaborator.id);
    });

    const cases: { name: string; authorization: () => string | undefined }[] = [
      {
        name: 'an expired token',
        authorization: () => `Bearer ${sign({ sub: claims.sub, ver: claims.ver, exp: Math.floor(Date.now() / 1000) - 60 })}`,
      },
      {
        name: 'alg none',
        authorization: () =>
          `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: claims.sub, ver: claims.ver, exp: Math.floor(Date.now() / 1000) + 600 })}.`,
      },
      {
        name: 'a token signed with another secret',
        authorization: () => `Bearer ${sign({ sub: claims.sub, ver: claims.ver }, 'another-secret-another-secret-another', { expiresIn: 60 })}`,
      },
      {
        name: 'a valid signature for a user that does not exist',
        authorization: () => `Bearer ${sign({ sub: '99999999999', ver: 0 }, system.config.jwtSecret, { expiresIn: 60 })}`,
      },
      {
        name: 'a valid signature for a subject that is not an id',
        authorization: () => `Bearer ${sign({ sub: 'admin', ver: 0 }, system.config.jwtSecret, { expiresIn: 60 })}`,
      },
      {
        name: 'a token with the wrong ver',
        authorization: () => `Bearer ${sign({ sub: claims.sub, ver: claims.ver + 1 }, system.config.jwtSecret, { expiresIn: 60 })}`,
      },
      {
        name: 'a token without ver',
        authorization: () => `Bearer ${sign({ sub: claims.sub }, system.config.jwtSecret, { expiresIn: 60 })}`,
      },
      {
        name: 'a token with a tampered payload',
        authorization: () => {
          const [header, , signature] = collaboratorToken.split('.');
          return `Bearer ${header}.${base64url({ ...claims, sub: '1' })}.${signature}`;
        },
      },
      { name: 'a garbage Authorization header', authorization: () => 'Bearer not.a.jwt' },
      { name: 'a non-Bearer scheme', authorization: () => `Basic ${Buffer.from('admin:admin-password-1').toString('base64')}` },
      { name: 'a bare token without the scheme', authorization: () => collaboratorToken },
      { name: 'an empty bearer', authorization: () => 'Bearer ' },
      { name: 'a 5000-character bearer', authorization: () => `Bearer ${'a'.repeat(5000)}` },
      { name: 'no Authorization header', authorization: () => undefined },
    ];

    it.each(cases)('refuses $name with 401', async ({ authorization }) => {
      await expectRejected(meWith(authorization()), 401);
    });

    it('refuses a bad token on a write too, writing nothing', async () => {
      const expired = sign({ sub: claims.sub, ver: claims.ver, exp: Math.floor(Date.now() / 1000) - 60 });
      await expectRejected(() => system.http.post('/api/v1/teams').set(bearer(expired)).send({ name: 'Tổ X', orgUnitId: unitId }), 401);
    });
  });
});

import { ADMIN, bearer, createUnit, createUser, login, PASSWORD, seedAdmin, startTestSystem, TestSystem } from '../support';

describe('auth: login, refresh rotation, /me', () => {
  let system: TestSystem;
  let admin: { token: string; rootUnitId: string };

  beforeAll(async () => {
    system = await startTestSystem();
    admin = await seedAdmin(system);
  });
  afterAll(() => system.close());

  it('signs in and answers /me with roles and unit, never the password', async () => {
    const response = await system.http.post('/api/v1/auth/login').send(ADMIN);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      user: expect.objectContaining({ username: 'admin', roles: ['admin'] }),
    });
    const me = await system.http.get('/api/v1/me').set(bearer(response.body.accessToken));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'admin', roles: ['admin'], unit: { id: admin.rootUnitId, code: 'ROOT' } });
    expect(JSON.stringify(me.body)).not.toMatch(/password/i);
  });

  it('gives an unknown user and a wrong password the same answer', async () => {
    const unknown = await system.http.post('/api/v1/auth/login').send({ username: 'nobody', password: 'whatever-1' });
    const wrong = await system.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('treats usernames case-insensitively', async () => {
    const response = await system.http.post('/api/v1/auth/login').send({ username: 'ADMIN', password: ADMIN.password });
    expect(response.status).toBe(200);
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const first = await system.http.post('/api/v1/auth/login').send(ADMIN);
    const rotated = await system.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(first.body.refreshToken);
    const me = await system.http.get('/api/v1/me').set(bearer(rotated.body.accessToken));
    expect(me.status).toBe(200);

    const reuse = await system.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(reuse.status).toBe(401);
    // The reuse revoked the whole family: the newest token no longer works either.
    const afterReuse = await system.http.post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken });
    expect(afterReuse.status).toBe(401);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const session = await system.http.post('/api/v1/auth/login').send(ADMIN);
    const results = await Promise.all(
      [1, 2].map(() => system.http.post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('refuses an unknown refresh token', async () => {
    const response = await system.http.post('/api/v1/auth/refresh').send({ refreshToken: 'rt_not-a-token' });
    expect(response.status).toBe(401);
  });

  it('ends access at once when a user is deactivated, and refuses their next sign-in', async () => {
    const unit = await createUnit(system, 'Chi bộ 1', admin.rootUnitId);
    const user = await createUser(system, unit.id, ['collaborator']);
    const token = await login(system.http, user.username);
    expect((await system.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);

    const patch = await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.token)).send({ active: false });
    expect(patch.status).toBe(200);
    expect((await system.http.get('/api/v1/me').set(bearer(token))).status).toBe(401);
    const again = await system.http.post('/api/v1/auth/login').send({ username: user.username, password: PASSWORD });
    expect(again.status).toBe(401);
  });

  it('ends old tokens when roles change', async () => {
    const unit = await createUnit(system, 'Chi bộ 2', admin.rootUnitId);
    const user = await createUser(system, unit.id, ['collaborator', 'leader']);
    const token = await login(system.http, user.username);
    expect((await system.http.get('/api/v1/users').set(bearer(token))).status).toBe(200);
    await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.token)).send({ roles: ['collaborator'] });
    expect((await system.http.get('/api/v1/users').set(bearer(token))).status).toBe(401);
    const fresh = await login(system.http, user.username);
    expect((await system.http.get('/api/v1/users').set(bearer(fresh))).status).toBe(403);
  });
});

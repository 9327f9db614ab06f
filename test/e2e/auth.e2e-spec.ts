import { createHmac } from 'node:crypto';
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
  describe('bearer tokens', () => {
    /** An HS256 token as the API signs them, with the claims and secret given. */
    function sign(claims: Record<string, unknown>, secret = system.config.jwtSecret, alg = 'HS256'): string {
      const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const unsigned = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
      return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    }
    const me = (token: string) => system.http.get('/api/v1/me').set(bearer(token));
    let user: { id: string; username: string };

    beforeAll(async () => {
      const unit = await createUnit(system, 'Chi bộ token', admin.rootUnitId);
      user = await createUser(system, unit.id, ['collaborator']);
    });

    it('takes a token signed as the API signs them (the helper below is right)', async () => {
      const exp = Math.floor(Date.now() / 1000) + 60;
      expect((await me(sign({ sub: user.id, ver: 0, exp }))).status).toBe(200);
    });

    it('refuses a token whose signature was changed, even right after the genuine one was taken', async () => {
      const token = await login(system.http, user.username);
      expect((await me(token)).status).toBe(200);
      const signature = token.slice(token.lastIndexOf('.') + 1);
      const flipped = `${token.slice(0, token.lastIndexOf('.') + 1)}${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
      expect((await me(flipped)).status).toBe(401);
    });

    it('refuses a token with claims changed under the old signature', async () => {
      const token = await login(system.http, user.username);
      expect((await me(token)).status).toBe(200);
      const adminId = (await me(admin.token)).body.id as string;
      const [header, , signature] = token.split('.');
      const claims = Buffer.from(JSON.stringify({ sub: adminId, ver: 0, exp: 9_999_999_999 })).toString('base64url');
      expect((await me(`${header}.${claims}.${signature}`)).status).toBe(401);
    });

    it('refuses tokens signed with another secret, unsigned, or without an expiry', async () => {
      const exp = Math.floor(Date.now() / 1000) + 60;
      expect((await me(sign({ sub: user.id, ver: 0, exp }, 'another-secret-of-enough-length-0123456789'))).status).toBe(401);
      expect((await me(sign({ sub: user.id, ver: 0, exp }, system.config.jwtSecret, 'HS512'))).status).toBe(401);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: user.id, ver: 0, exp })).toString('base64url')}.`;
      expect((await me(none)).status).toBe(401);
      expect((await me(sign({ sub: user.id, ver: 0 }))).status).toBe(401);
    });

    it('stops taking a token at its expiry, though it was taken before', async () => {
      const exp = Math.floor(Date.now() / 1000) + 1;
      const token = sign({ sub: user.id, ver: 0, exp });
      expect((await me(token)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
      expect((await me(token)).status).toBe(401);
    });
  });
});

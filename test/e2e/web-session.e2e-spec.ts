import { ADMIN, bearer, seedAdmin, startTestSystem, TestSystem } from '../support';

const SIGN_IN = '/api/v1/auth/web/sign-in';
const REFRESH = '/api/v1/auth/web/refresh';
const SIGN_OUT = '/api/v1/auth/web/sign-out';
const CSRF = { 'x-requested-with': 'lantoa-web' };

/** The refresh cookie a response set, as `name=value`, and its attributes. */
function refreshCookie(response: { headers: Record<string, unknown> }): { pair: string; attributes: string[] } {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const line = cookies.find((c) => c.startsWith('lantoa_refresh='));
  if (!line) throw new Error(`no lantoa_refresh cookie in ${JSON.stringify(cookies)}`);
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { pair, attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('the web app’s session: refresh token in an HttpOnly cookie', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    await seedAdmin(system);
  });
  afterAll(() => system.close());

  it('signs in with the access token in the body and the refresh token only in a strict, HttpOnly cookie on the auth routes', async () => {
    const response = await system.http.post(SIGN_IN).send(ADMIN);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.any(String),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      user: expect.objectContaining({ username: 'admin' }),
    });
    expect(JSON.stringify(response.body)).not.toContain('rt_');
    const cookie = refreshCookie(response);
    expect(cookie.pair).toMatch(/^lantoa_refresh=rt_/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/v1/auth/web']));
    const expiresIn = new Date(response.body.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(800_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    expect((await system.http.get('/api/v1/me').set(bearer(response.body.accessToken))).status).toBe(200);
  });

  it('renews with the cookie, rotating it, and revokes the family when an old cookie comes back', async () => {
    const first = refreshCookie(await system.http.post(SIGN_IN).send(ADMIN)).pair;
    const renewed = await system.http.post(REFRESH).set(CSRF).set('cookie', first);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String) });
    const second = refreshCookie(renewed).pair;
    expect(second).not.toBe(first);
    expect((await system.http.get('/api/v1/me').set(bearer(renewed.body.accessToken))).status).toBe(200);
    // The first cookie again: someone copied it. Both it and its successor stop working.
    expect((await system.http.post(REFRESH).set(CSRF).set('cookie', first)).status).toBe(401);
    expect((await system.http.post(REFRESH).set(CSRF).set('cookie', second)).status).toBe(401);
  });

  it('refuses a renewal without the header a cross-site form cannot send, and without a cookie', async () => {
    const cookie = refreshCookie(await system.http.post(SIGN_IN).send(ADMIN)).pair;
    const noHeader = await system.http.post(REFRESH).set('cookie', cookie);
    expect(noHeader.status).toBe(401);
    expect(noHeader.body.message).toMatch(/x-requested-with/);
    const noCookie = await system.http.post(REFRESH).set(CSRF);
    expect(noCookie.status).toBe(401);
    // The refused attempt without the header did not spend the cookie.
    expect((await system.http.post(REFRESH).set(CSRF).set('cookie', cookie)).status).toBe(200);
  });

  it('signs out: clears the cookie and the refresh token never renews again', async () => {
    const cookie = refreshCookie(await system.http.post(SIGN_IN).send(ADMIN)).pair;
    const out = await system.http.post(SIGN_OUT).set(CSRF).set('cookie', cookie);
    expect(out.status).toBe(204);
    const cleared = refreshCookie(out);
    expect(cleared.pair).toBe('lantoa_refresh=');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth/web']));
    expect((await system.http.post(REFRESH).set(CSRF).set('cookie', cookie)).status).toBe(401);
  });

  it('refuses a wrong password as /auth/login does, and sets no cookie', async () => {
    const response = await system.http.post(SIGN_IN).send({ username: 'admin', password: 'wrong-password' });
    expect(response.status).toBe(401);
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});

import { startTestSystem, TestSystem } from '../support';

describe('health, docs and HTTP hygiene', () => {
  describe('with a worker running', () => {
    let system: TestSystem;

    beforeAll(async () => {
      system = await startTestSystem();
    });
    afterAll(() => system.close());

    it.each(['/health', '/api/v1/health'])('answers %s with 200 when database, Redis and a worker answer', async (path) => {
      const response = await system.http.get(path);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok', database: 'up', redis: 'up', workers: expect.any(Number) });
      expect(response.body.workers).toBeGreaterThanOrEqual(1);
    });

    it('needs no token for health', async () => {
      const response = await system.http.get('/api/v1/health').set('authorization', 'Bearer not-a-token');
      expect(response.status).toBe(200);
    });

    it('serves the OpenAPI document with the contract’s paths', async () => {
      const response = await system.http.get('/docs-json');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.body.openapi).toMatch(/^3\./);
      const paths = Object.keys(response.body.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/api/v1/auth/login',
          '/api/v1/auth/refresh',
          '/api/v1/me',
          '/api/v1/users',
          '/api/v1/users/import',
          '/api/v1/org-units',
          '/api/v1/teams',
          '/api/v1/jobs/{id}',
          '/api/v1/health',
        ]),
      );
      expect(response.body.paths['/api/v1/users'].post.requestBody).toBeDefined();
      // Every collection pages with cursor and limit, and says so.
      for (const path of ['/api/v1/users', '/api/v1/actions', '/api/v1/reports', '/api/v1/tasks']) {
        const names = (response.body.paths[path].get.parameters as { name: string }[]).map((p) => p.name);
        expect(names).toEqual(expect.arrayContaining(['cursor', 'limit']));
      }
      expect(response.body.components.securitySchemes).toHaveProperty('bearer');
    });

    it('serves the interactive docs as HTML', async () => {
      const response = await system.http.get('/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toMatch(/swagger/i);
    });

    it('keeps the docs and raw health outside the API prefix only', async () => {
      expect((await system.http.get('/api/v1/docs-json')).status).toBe(404);
      expect((await system.http.get('/api/v1/nothing-here')).status).toBe(404);
    });

    it('sends security headers', async () => {
      for (const path of ['/health', '/api/v1/health', '/docs-json', '/api/v1/me']) {
        const response = await system.http.get(path);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
        expect(response.headers['strict-transport-security']).toBeDefined();
        expect(response.headers).not.toHaveProperty('x-powered-by');
      }
    });

    it('echoes a sane x-request-id and replaces an unusable one', async () => {
      const given = await system.http.get('/api/v1/health').set('x-request-id', 'req-abc-1');
      expect(given.headers['x-request-id']).toBe('req-abc-1');
      const onError = await system.http.get('/api/v1/me').set('x-request-id', 'req-abc-2');
      expect(onError.status).toBe(401);
      expect(onError.headers['x-request-id']).toBe('req-abc-2');

      const none = await system.http.get('/api/v1/health');
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const other = await system.http.get('/api/v1/health');
      expect(other.headers['x-request-id']).not.toBe(none.headers['x-request-id']);

      const unusable = await system.http.get('/api/v1/health').set('x-request-id', 'has spaces; and <script>');
      expect(unusable.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const tooLong = await system.http.get('/api/v1/health').set('x-request-id', 'r'.repeat(65));
      expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers errors in the contract’s JSON shape', async () => {
      const unauthenticated = await system.http.get('/api/v1/me');
      expect(unauthenticated.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      const badJson = await system.http
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send('{"username": "admin", ');
      expect(badJson.status).toBe(400);
      expect(badJson.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });
  });

  describe('without a worker', () => {
    let system: TestSystem;

    beforeAll(async () => {
      system = await startTestSystem({ worker: false });
    });
    afterAll(() => system.close());

    it.each(['/health', '/api/v1/health'])('answers %s with 503 and no live workers', async (path) => {
      const response = await system.http.get(path);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'up', redis: 'up', workers: 0 });
    });
  });

  describe('with Redis unreachable', () => {
    let system: TestSystem;

    beforeAll(async () => {
      system = await startTestSystem({ worker: false, config: { redisUrl: 'redis://127.0.0.1:1' } });
    }, 30_000);
    afterAll(() => system?.close());

    it.each(['/health', '/api/v1/health'])('answers %s with 503 naming Redis down', async (path) => {
      const started = Date.now();
      const response = await system.http.get(path);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'up', redis: 'down', workers: 0 });
      // Health must answer promptly, not hang on the dead connection.
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestSystem, TestSystem } from '../support';

/** A stand-in for `apps/web/dist`: the serving rules do not depend on what the app holds. */
function builtApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lantoa-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Lan Tỏa</title><script type="module" src="/assets/index-Ab12Cd.js"></script>');
  const script = 'console.log("app");'.repeat(50);
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js'), script);
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js.gz'), gzipSync(script));
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Lan Tỏa"}');
  return dir;
}

describe('the web app, served by the API from its own origin', () => {
  let system: TestSystem;
  let dir: string;

  beforeAll(async () => {
    dir = builtApp();
    system = await startTestSystem({ worker: false, config: { webAppDir: dir } });
  });
  afterAll(async () => {
    await system.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with index.html, never cached', async () => {
    const response = await system.http.get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toContain('<title>Lan Tỏa</title>');
  });

  it.each(['/tasks', '/share?url=https%3A%2F%2Ffacebook.com%2Fx', '/history/actions'])(
    'answers the app route %s with index.html',
    async (path) => {
      const response = await system.http.get(path).set('accept', 'text/html');
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.text).toContain('<title>Lan Tỏa</title>');
    },
  );

  it('caches hashed assets for a year, and serves them compressed when the browser accepts it', async () => {
    const response = await system.http.get('/assets/index-Ab12Cd.js').set('accept-encoding', 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.text).toContain('console.log("app")');
  });

  it.each(['/sw.js', '/manifest.webmanifest'])('revalidates %s on every visit, so a new version reaches the phone', async (path) => {
    const response = await system.http.get(path);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('puts the app under a strict Content-Security-Policy: own scripts only, never framed', async () => {
    const csp = (await system.http.get('/')).headers['content-security-policy'] as string;
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });

  it('answers a built file that is not there with 404, never index.html (an old page asking for a chunk after a deploy)', async () => {
    const missing = await system.http.get('/assets/desk/TaskDeskArea-Old123.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<title>Lan Tỏa</title>');
    expect((await system.http.get('/assets/index-Ab12Cd.js')).status).toBe(200);
  });

  it('keeps the API, its documents and health answering as before', async () => {
    const missing = await system.http.get('/api/v1/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/application\/json/);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await system.http.get('/api/v1/me')).status).toBe(401);
    expect((await system.http.get('/docs-json')).body.openapi).toMatch(/^3\./);
    const docs = await system.http.get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
    expect([200, 503]).toContain((await system.http.get('/health')).status);
  });

  it('does not hand out files outside the built app', async () => {
    const response = await system.http.get('/..%2f..%2fetc%2fpasswd');
    expect(response.text).not.toContain('root:');
  });
});

describe('the API without a built web app', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false, config: { webAppDir: join(tmpdir(), 'lantoa-no-such-build') } });
  });
  afterAll(() => system.close());

  it('answers / with 404 and the API as before', async () => {
    expect((await system.http.get('/')).status).toBe(404);
    expect((await system.http.get('/api/v1/me')).status).toBe(401);
  });
});

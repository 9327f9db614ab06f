/**
 * npm run bench:web — Lighthouse 12.8 (mobile preset: a mid-range phone on a slow 4G link,
 * simulated) on Debian's Chromium against the built web app, served by the built API:
 * the sign-in page, and the task list of a signed-in collaborator. Beside them, in the same
 * run, a baseline: a bare HTML page with no script, served by Node on loopback, which shows
 * what this machine and Lighthouse give a page that does nothing.
 *
 * Goals (issue 10): performance ≥ 90, accessibility 100, best practices ≥ 95, and at most
 * 200 KB of gzip JavaScript downloaded on the first visit of the collaborator's path.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN, call, freePort, login, report, startBenchSystem } from './bench-support';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const MEMBER = { username: 'bench.web.member', password: 'bench-member-password-1' };
const GOALS = { performance: 90, accessibility: 100, bestPractices: 95, firstVisitJsKiB: 200 };

interface LighthouseRow {
  page: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  firstVisitJsKiB: number;
  lcpMs: number;
  tbtMs: number;
}

async function main(): Promise<void> {
  if (spawnSync('npm', ['run', '-s', 'build', '-w', 'apps/web'], { stdio: 'inherit' }).status !== 0) {
    throw new Error('the web app did not build');
  }
  const baseline = await startBaselinePage();
  const system = await startBenchSystem('web');
  const profile = mkdtempSync(join(tmpdir(), 'lantoa-bench-web-'));
  try {
    await seedCollaborator(system.baseUrl);
    const rows: LighthouseRow[] = [];
    rows.push(await lighthouse('baseline: bare HTML, no script', `http://127.0.0.1:${baseline.port}/`));
    rows.push(await lighthouse('sign-in page (first visit)', `${system.baseUrl}/`));
    await signInProfile(profile, system.baseUrl);
    rows.push(await lighthouse('task list (signed-in collaborator)', `${system.baseUrl}/`, profile));
    report('bench:web — Lighthouse 12.8, mobile preset, Debian Chromium', rows as unknown as Record<string, unknown>[], {
      rows,
      goals: GOALS,
    });
    for (const row of rows.slice(1)) {
      const misses = [
        row.performance < GOALS.performance && `performance ${row.performance} < ${GOALS.performance}`,
        row.accessibility < GOALS.accessibility && `accessibility ${row.accessibility} < ${GOALS.accessibility}`,
        row.bestPractices < GOALS.bestPractices && `best practices ${row.bestPractices} < ${GOALS.bestPractices}`,
        row.firstVisitJsKiB > GOALS.firstVisitJsKiB && `first-visit JS ${row.firstVisitJsKiB} KiB > ${GOALS.firstVisitJsKiB}`,
      ].filter(Boolean);
      process.stdout.write(`${row.page}: ${misses.length ? `goal missed — ${misses.join('; ')}` : 'every goal met'}\n`);
    }
  } finally {
    await system.stop();
    baseline.server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** A collaborator with an open task, so the task list has something to draw. */
async function seedCollaborator(baseUrl: string): Promise<void> {
  const admin = await login(baseUrl, ADMIN.username, ADMIN.password);
  const me = await call<{ unit: { id: string } }>(baseUrl, 'GET', '/me', admin);
  const member = await call<{ id: string }>(baseUrl, 'POST', '/users', admin, {
    ...MEMBER,
    fullName: 'Nguyễn Văn Bench',
    orgUnitId: me.unit.id,
    roles: ['collaborator'],
  });
  for (const [index, title] of ['Chia sẻ bài viết về an toàn giao thông', 'Bình luận bài viết phòng chống lừa đảo'].entries()) {
    await call(baseUrl, 'POST', '/tasks', admin, {
      title,
      kind: index === 0 ? 'share' : 'interact',
      instructions: 'Chia sẻ lên trang cá nhân và ghi lại đường dẫn.',
      targetUrl: 'https://www.facebook.com/lantoa.demo/posts/1',
      dueAt: new Date(Date.now() + (index + 1) * 86_400_000).toISOString(),
      assignees: { userIds: [member.id] },
    });
  }
}

/**
 * Signs a Chromium profile in the way the app does (the refresh cookie), so Lighthouse,
 * started on that profile, opens the signed-in app.
 */
async function signInProfile(profile: string, baseUrl: string): Promise<void> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS.slice(1) });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    const status = await page.evaluate(async (member) => {
      const response = await fetch('/api/v1/auth/web/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(member),
      });
      return response.status;
    }, MEMBER);
    if (status !== 200) throw new Error(`sign-in in the browser answered ${status}`);
  } finally {
    await context.close();
  }
}

/** Lighthouse launches its own Chromium; a signed-in run reuses the signed-in profile and keeps its storage. */
async function lighthouse(name: string, url: string, profile?: string): Promise<LighthouseRow> {
  const out = join(mkdtempSync(join(tmpdir(), 'lantoa-lh-')), 'report.json');
  const flags = ['--headless=new', ...FLAGS.slice(1), ...(profile ? [`--user-data-dir=${profile}`] : [])];
  const args = [
    url,
    `--chrome-flags=${flags.join(' ')}`,
    '--output=json',
    `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices',
    '--quiet',
    ...(profile ? ['--disable-storage-reset'] : []),
  ];
  // Asynchronous: the baseline page is served by this very process, which must keep answering.
  await promisify(execFile)(join('node_modules', '.bin', 'lighthouse'), args, {
    env: { ...process.env, CHROME_PATH: CHROMIUM },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => {
    throw new Error(`lighthouse failed on ${url}: ${String(error.stderr ?? error).slice(-2000)}`);
  });
  const result = JSON.parse(readFileSync(out, 'utf8')) as LighthouseReport;
  const score = (id: string) => Math.round((result.categories[id]?.score ?? 0) * 100);
  const requests = result.audits['network-requests']?.details?.items ?? [];
  const scriptBytes = requests.filter((r) => r.resourceType === 'Script').reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  return {
    page: name,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    firstVisitJsKiB: Math.round((scriptBytes / 1024) * 10) / 10,
    lcpMs: Math.round(result.audits['largest-contentful-paint']?.numericValue ?? NaN),
    tbtMs: Math.round(result.audits['total-blocking-time']?.numericValue ?? NaN),
  };
}

interface LighthouseReport {
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<
    string,
    { numericValue?: number; details?: { items?: { resourceType?: string; transferSize?: number }[] } } | undefined
  >;
}

async function startBaselinePage(): Promise<{ server: Server; port: number }> {
  const port = await freePort();
  const html =
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="description" content="baseline"><title>Baseline</title></head><body><main><h1>Lan Tỏa</h1><p>Trang đối chứng.</p></main></body></html>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

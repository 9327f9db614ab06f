/**
 * npm run bench:stats — GET /stats/yearly latency over 10 million actions (3 years, 500
 * units) next to the naive COUNT/SUM over the source rows in the same run, the aggregation
 * lag under a steady 500 writes/s, and the worker's memory.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ADMIN, call, login, percentiles, report, residentMiB, round, startBenchSystem } from './bench-support';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 10_000_000);
const UNITS = 500;
const USERS = 2_000;
const YEARS = [2023, 2024, 2025];
const WRITES_PER_SECOND = 500;
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);

async function main(): Promise<void> {
  const system = await startBenchSystem('stats');
  const pool = new Pool({ connectionString: system.databaseUrl, max: 8 });
  try {
    const admin = await login(system.baseUrl, ADMIN.username, ADMIN.password);
    const me = await call<{ orgUnitId: string }>(system.baseUrl, 'GET', '/me', admin);
    const { top, leaf } = await createTree(pool, me.orgUnitId);
    const loadStarted = performance.now();
    await copyActions(pool);
    const loadSeconds = round((performance.now() - loadStarted) / 1000);
    const rebuildStarted = performance.now();
    await rebuild(pool);
    const rebuildSeconds = round((performance.now() - rebuildStarted) / 1000);

    const year = 2024;
    const atTop = await statsLatency(system.baseUrl, admin, top, year);
    const atLeaf = await statsLatency(system.baseUrl, admin, leaf, year);
    const naiveTop = await naiveLatency(pool, top, year);
    const naiveLeaf = await naiveLatency(pool, leaf, year);
    const lag = await lagUnderLoad(system.baseUrl, pool, leaf);
    const workerMiB = residentMiB(system.pids.worker);

    report(
      `Stats benchmark (${ACTIONS.toLocaleString('en')} actions, ${UNITS} units, ${YEARS.join('/')})`,
      [
        { measure: 'GET /stats/yearly at the top unit (ms)', p50: atTop.p50, p95: atTop.p95, 'naive p50': naiveTop.p50, speed_up: round(naiveTop.p50 / atTop.p50) },
        { measure: 'GET /stats/yearly at a leaf unit (ms)', p50: atLeaf.p50, p95: atLeaf.p95, 'naive p50': naiveLeaf.p50, speed_up: round(naiveLeaf.p50 / atLeaf.p50) },
        { measure: `aggregation lag at ${WRITES_PER_SECOND} writes/s (s)`, p50: lag.p50, p95: lag.p95 },
        { measure: 'worker resident memory (MiB)', p50: workerMiB },
      ],
      {
        benchmark: 'stats',
        actions: ACTIONS,
        units: UNITS,
        loadSeconds,
        rebuildSeconds,
        statsTop: atTop,
        statsLeaf: atLeaf,
        naiveTop,
        naiveLeaf,
        lag,
        workerMiB,
        goals: { statsP95AtMostMs: 20, speedUpAtLeast: 100, lagP95AtMostSeconds: 2 },
      },
    );
  } finally {
    await pool.end();
    await system.stop();
  }
}

/** 20 units under the admin's unit, 24 below each (500 in all), and 2,000 members. */
async function createTree(pool: Pool, rootId: string): Promise<{ top: string; leaf: string }> {
  // Units get a placeholder path, then their real one from the parent's (ids are known only after insert).
  const placePaths = (parentIds: string) =>
    pool.query(`UPDATE org_units c SET path = p.path || c.id::text FROM org_units p WHERE c.parent_id = p.id AND p.id IN (${parentIds})`);
  const { rows } = await pool.query(`INSERT INTO org_units (name, parent_id, path) VALUES ('Khối bench', $1, 'placeholder') RETURNING id::text`, [
    rootId,
  ]);
  const top = rows[0].id as string;
  await placePaths(rootId);
  await pool.query(`INSERT INTO org_units (name, parent_id, path) SELECT 'Đơn vị ' || g, $1, text2ltree('p' || md5(random()::text)) FROM generate_series(1, 20) g`, [top]);
  await placePaths(top);
  await pool.query(
    `INSERT INTO org_units (name, parent_id, path)
     SELECT 'Chi bộ ' || c.id || '.' || g, c.id, text2ltree('p' || md5(random()::text)) FROM org_units c, generate_series(1, 24) g WHERE c.parent_id = $1`,
    [top],
  );
  await placePaths(`SELECT id FROM org_units WHERE parent_id = ${Number(top)}`);
  await pool.query(
    `INSERT INTO users (username, full_name, password_hash, org_unit_id, roles)
     SELECT 'member' || g, 'Thành viên ' || g, 'not-a-login', units.ids[1 + g % array_length(units.ids, 1)], ARRAY['collaborator']
       FROM generate_series(1, $2) g,
            (SELECT array_agg(id ORDER BY id) AS ids FROM org_units WHERE path <@ (SELECT path FROM org_units WHERE id = $1)) units`,
    [top, USERS],
  );
  await pool.query(
    `INSERT INTO figure_changes (org_unit_id, day, family) SELECT DISTINCT org_unit_id, current_date, 'members' FROM users`,
  );
  const { rows: leaves } = await pool.query(
    `SELECT id::text FROM org_units WHERE parent_id IN (SELECT id FROM org_units WHERE parent_id = $1) ORDER BY id LIMIT 1`,
    [top],
  );
  return { top, leaf: leaves[0].id as string };
}

/** Streams the actions in with COPY: members act in their unit, spread over three years. */
async function copyActions(pool: Pool): Promise<void> {
  const { rows: members } = await pool.query(`SELECT id::text, org_unit_id::text AS unit FROM users WHERE username LIKE 'member%'`);
  const client = await pool.connect();
  try {
    const start = Date.UTC(YEARS[0], 0, 1) - 7 * 3600_000;
    const span = Date.UTC(YEARS[YEARS.length - 1] + 1, 0, 1) - 7 * 3600_000 - start;
    const types = ['share', 'post', 'comment', 'reaction'];
    let i = 0;
    const rows = new Readable({
      read() {
        let chunk = '';
        for (let n = 0; n < 5000 && i < ACTIONS; n++, i++) {
          const member = members[(i * 7919) % members.length] as { id: string; unit: string };
          const at = new Date(start + ((i * 2654435761) % span)).toISOString();
          chunk += `${member.id}\t${member.unit}\t${types[i % 4]}\tfacebook\thttps://facebook.com/p/${i}\t${i % 500}\t${at}\n`;
        }
        this.push(chunk || null);
      },
    });
    await pipeline(rows, client.query(copyFrom(`COPY actions (user_id, org_unit_id, type, platform, url, reach, occurred_at) FROM STDIN`)));
    await client.query('ANALYZE actions');
  } finally {
    client.release();
  }
}

/** After a bulk load the aggregates are rebuilt set-based, as an operator would (the CLI's rebuild). */
async function rebuild(pool: Pool): Promise<void> {
  // The worker folds changes as they come; a bulk load records none, so rebuild each year directly.
  const { execFileSync } = await import('node:child_process');
  const databaseUrl = (pool as unknown as { options: { connectionString: string } }).options.connectionString;
  for (const year of YEARS) {
    execFileSync(process.execPath, ['dist/apps/cli/main.js', 'rebuild-figures', '--year', String(year)], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    });
  }
}

async function statsLatency(baseUrl: string, token: string, orgUnitId: string, year: number) {
  const result = await autocannon({
    url: `${baseUrl}/api/v1/stats/yearly?year=${year}&orgUnitId=${orgUnitId}`,
    connections: 4,
    duration: 5,
    headers: { authorization: `Bearer ${token}` },
  });
  if (result.non2xx > 0) throw new Error(`GET /stats/yearly answered ${result.non2xx} non-2xx`);
  return { p50: result.latency.p50, p95: result.latency.p97_5 ?? result.latency.p99, requestsPerSecond: round(result.requests.average) };
}

/** The naive figure: COUNT and SUM straight over the subtree's actions of the year. */
async function naiveLatency(pool: Pool, orgUnitId: string, year: number) {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await pool.query(
      `SELECT count(*) FILTER (WHERE a.type IN ('share','post')), sum(a.reach) FILTER (WHERE a.type IN ('share','post')),
              count(*) FILTER (WHERE a.type IN ('comment','reaction'))
         FROM actions a JOIN org_units o ON o.id = a.org_unit_id
        WHERE o.path <@ (SELECT path FROM org_units WHERE id = $1)
          AND a.occurred_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')
          AND a.occurred_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Ho_Chi_Minh')`,
      [orgUnitId, year],
    );
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

/**
 * Steady WRITES_PER_SECOND POST /actions for LAG_SECONDS; every 100 ms the lag is the age
 * of the oldest change the figures have not folded in yet (0 when none is waiting).
 */
async function lagUnderLoad(baseUrl: string, pool: Pool, unitId: string) {
  const admin = await login(baseUrl, ADMIN.username, ADMIN.password);
  await call(baseUrl, 'POST', '/users', admin, {
    username: 'lag-writer',
    password: 'lag-writer-password',
    fullName: 'Lag writer',
    orgUnitId: unitId,
    roles: ['collaborator'],
  });
  const token = await login(baseUrl, 'lag-writer', 'lag-writer-password');
  const lags: number[] = [];
  const deadline = Date.now() + LAG_SECONDS * 1000;
  let n = 0;
  const sampler = setInterval(() => {
    void pool
      .query(`SELECT extract(epoch FROM now() - min(created_at)) AS lag FROM figure_changes`)
      .then((r) => lags.push(Number(r.rows[0].lag ?? 0)));
  }, 100);
  while (Date.now() < deadline) {
    const tick = Date.now();
    await Promise.all(
      Array.from({ length: WRITES_PER_SECOND / 10 }, () =>
        call(baseUrl, 'POST', '/actions', token, {
          type: 'share',
          url: `https://facebook.com/lag/${n++}`,
          reach: 1,
          occurredAt: new Date().toISOString(),
        }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - tick))));
  }
  clearInterval(sampler);
  const p = percentiles(lags);
  return { writes: n, samples: lags.length, p50: round(p.p50, 2), p95: round(p.p95, 2) };
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

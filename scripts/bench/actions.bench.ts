/**
 * npm run bench:actions — POST /actions and /actions/batch throughput, and task fan-out
 * time, each next to a baseline measured in the same run on the same machine:
 * a plain node-postgres single-row INSERT loop into the same table at the same concurrency.
 */
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { ADMIN, call, login, percentiles, report, round, startBenchSystem } from './bench-support';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const USERS = 50;
const BATCH_SIZE = 500;
const FAN_OUT_MEMBERS = 10_000;
// Bodies depend only on the request number, so a key is never reused for another body.
const BASE_TIME = Date.now() - 60_000;
let requestNumber = 0;

async function main(): Promise<void> {
  const system = await startBenchSystem('actions');
  try {
    const admin = await login(system.baseUrl, ADMIN.username, ADMIN.password);
    const me = await call<{ orgUnitId: string }>(system.baseUrl, 'GET', '/me', admin);
    const unit = await call<{ id: string }>(system.baseUrl, 'POST', '/org-units', admin, { name: 'Bench', parentId: me.orgUnitId });
    const tokens: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const username = `bench${i}`;
      await call(system.baseUrl, 'POST', '/users', admin, {
        username,
        password: 'bench-password',
        fullName: `Bench ${i}`,
        orgUnitId: unit.id,
        roles: ['collaborator'],
      });
      tokens.push(await login(system.baseUrl, username, 'bench-password'));
    }
    const pool = new Pool({ connectionString: system.databaseUrl, max: CONNECTIONS });
    const userIds = ((await pool.query(`SELECT id FROM users WHERE username LIKE 'bench%' ORDER BY id`)).rows as { id: string }[]).map(
      (r) => r.id,
    );

    await postActions(system.baseUrl, tokens, 2); // warm-up: JIT, pools, caches
    await settle(pool);
    // The baseline's rows go to a unit of their own: they bypass the API and its figure
    // changes, and in the API's unit they would only swell the buckets its folds recompute.
    const rawUnit = await call<{ id: string }>(system.baseUrl, 'POST', '/org-units', admin, { name: 'Raw', parentId: me.orgUnitId });
    const raw = await rawInsertLoop(pool, userIds, rawUnit.id);
    await settle(pool);
    const single = await postActions(system.baseUrl, tokens, SECONDS);
    await settle(pool);
    const batch = await postBatches(system.baseUrl, tokens);
    const catchUp = await figuresCatchUp(system.baseUrl, admin, pool, unit.id);
    const fanOut = await fanOutTask(system.baseUrl, admin, pool, unit.id);
    await pool.end();

    const ratio = round(single.requestsPerSecond / raw.rowsPerSecond, 2);
    report(
      `Actions benchmark (${CONNECTIONS} connections, ${SECONDS} s each)`,
      [
        { measure: 'raw INSERT loop (baseline)', 'per second': raw.rowsPerSecond, p50: raw.p50, p99: raw.p99 },
        { measure: 'POST /actions', 'per second': single.requestsPerSecond, p50: single.p50, p99: single.p99, 'vs raw': ratio },
        { measure: `POST /actions/batch (${BATCH_SIZE}/request) actions`, 'per second': batch.actionsPerSecond, p50: batch.p50, p99: batch.p99 },
        { measure: `figures exact again after the storm (s)`, 'per second': '', p50: catchUp.seconds },
        { measure: `fan-out of ${FAN_OUT_MEMBERS} members (s)`, 'per second': '', p50: fanOut.seconds },
      ],
      {
        benchmark: 'actions',
        connections: CONNECTIONS,
        seconds: SECONDS,
        rawInsert: raw,
        postActions: { ...single, ratioToRaw: ratio, goals: { ratioAtLeast: 0.5, p99AtMostMs: 50 } },
        batch: { ...batch, goal: { actionsPerSecondAtLeast: 20_000 } },
        figuresCatchUp: catchUp,
        fanOut: { ...fanOut, goal: { secondsAtMost: 3 } },
      },
    );
  } finally {
    await system.stop();
  }
}

/**
 * Each phase starts from a settled database: the previous phase's dirty pages written out
 * and its rows vacuumed, so autovacuum and a checkpoint do not land inside the next
 * phase's measurement (they did, and doubled its p99).
 */
async function settle(pool: Pool): Promise<void> {
  await pool.query('VACUUM (ANALYZE) actions');
  await pool.query('CHECKPOINT');
}

/** The baseline: node-postgres, one-row INSERT per statement, CONNECTIONS clients. */
async function rawInsertLoop(pool: Pool, userIds: string[], unitId: string) {
  const deadline = Date.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await pool.query(
          `INSERT INTO actions (user_id, org_unit_id, type, platform, url, reach, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [userIds[n % userIds.length], unitId, 'share', 'facebook', `https://www.facebook.com/raw/${n}`, n % 500, new Date()],
        );
        latencies.push(performance.now() - started);
        n++;
      }
    }),
  );
  return { rowsPerSecond: Math.round(n / SECONDS), ...percentiles(latencies) };
}

async function postActions(baseUrl: string, tokens: string[], seconds: number) {
  const result = await autocannon({
    url: `${baseUrl}/api/v1/actions`,
    connections: CONNECTIONS,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const i = requestNumber++;
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${tokens[i % tokens.length]}`,
              'idempotency-key': `bench-${process.pid}-${i}`,
            },
            body: JSON.stringify({
              type: 'share',
              url: `https://www.facebook.com/groups/bench/posts/${i}?fbclid=x${i}`,
              reach: i % 1000,
              occurredAt: new Date(BASE_TIME - (i % 86_400) * 1000).toISOString(),
            }),
          };
        },
      },
    ],
  });
  if (result.non2xx > 0) throw new Error(`POST /actions answered ${result.non2xx} non-2xx responses: ${JSON.stringify(result.statusCodeStats)}`);
  return {
    requestsPerSecond: Math.round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
  };
}

async function postBatches(baseUrl: string, tokens: string[]) {
  const seconds = SECONDS;
  // One body, stamped per request, so the load generator spends its share of the two cores
  // sending rather than building 500 objects each time.
  const template = JSON.stringify({
    items: Array.from({ length: BATCH_SIZE }, (_, j) => ({
      clientId: `batch-@-${j}`,
      type: j % 2 ? 'reaction' : 'share',
      platform: 'facebook',
      url: `https://www.facebook.com/groups/bench/posts/@-${j}`,
      reach: j,
      occurredAt: new Date(BASE_TIME - j * 1000).toISOString(),
    })),
  });
  const result = await autocannon({
    url: `${baseUrl}/api/v1/actions/batch`,
    connections: 4,
    duration: seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (request) => {
          const b = requestNumber++;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[b % tokens.length]}` },
            body: template.replaceAll('@', String(b)),
          };
        },
      },
    ],
  });
  if (result.non2xx > 0) throw new Error(`POST /actions/batch answered ${result.non2xx} non-2xx responses`);
  return {
    actionsPerSecond: Math.round((result.requests.total * BATCH_SIZE) / seconds),
    requestsPerSecond: round(result.requests.total / seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/**
 * Folds rest in proportion under a storm of writes, so the figures lag behind it: the time
 * from the last batch until GET /stats/yearly counts every action the unit holds.
 */
async function figuresCatchUp(baseUrl: string, admin: string, pool: Pool, unitId: string) {
  const started = performance.now();
  const timezone = process.env.ORG_TIMEZONE ?? 'Asia/Ho_Chi_Minh';
  for (;;) {
    // Counted afresh each time: batches the load generator gave up on at its deadline are
    // still being written for a moment after it stops.
    const [{ year, count }] = (
      await pool.query(
        `SELECT extract(year FROM now() AT TIME ZONE $2)::int AS year, count(*)::int AS count FROM actions
          WHERE org_unit_id = $1 AND extract(year FROM occurred_at AT TIME ZONE $2) = extract(year FROM now() AT TIME ZONE $2)`,
        [unitId, timezone],
      )
    ).rows as { year: number; count: number }[];
    const figures = await call<{ shares: number; interactions: number }>(baseUrl, 'GET', `/stats/yearly?year=${year}&orgUnitId=${unitId}`, admin);
    const counted = figures.shares + figures.interactions;
    if (counted === count) return { actions: count, seconds: round((performance.now() - started) / 1000, 2) };
    if (performance.now() - started > 120_000) throw new Error(`figures still at ${counted} of ${count} after 2 min`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Time from POST /tasks to a finished fan-out for a unit of FAN_OUT_MEMBERS active users. */
async function fanOutTask(baseUrl: string, admin: string, pool: Pool, parentId: string) {
  const unit = await call<{ id: string }>(baseUrl, 'POST', '/org-units', admin, { name: 'Fan-out', parentId });
  await pool.query(
    `INSERT INTO users (username, full_name, password_hash, org_unit_id, roles)
     SELECT 'fan' || g, 'Thành viên ' || g, 'not-a-login', $1, ARRAY['collaborator'] FROM generate_series(1, $2) g`,
    [unit.id, FAN_OUT_MEMBERS],
  );
  const started = performance.now();
  const task = await call<{ id: string; fanOutJobId: string }>(baseUrl, 'POST', '/tasks', admin, {
    title: 'Chia sẻ bài viết',
    kind: 'share',
    assignees: { orgUnitIds: [unit.id] },
  });
  for (;;) {
    const job = await call<{ status: string; error: string | null }>(baseUrl, 'GET', `/jobs/${task.fanOutJobId}`, admin);
    if (job.status === 'done') break;
    if (job.status === 'failed') throw new Error(`fan-out failed: ${job.error}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = round((performance.now() - started) / 1000, 2);
  const [{ count }] = (await pool.query(`SELECT count(*)::int AS count FROM assignments WHERE task_id = $1`, [task.id]))
    .rows as { count: number }[];
  if (count !== FAN_OUT_MEMBERS) throw new Error(`fan-out created ${count} assignments, expected ${FAN_OUT_MEMBERS}`);
  return { members: FAN_OUT_MEMBERS, seconds, assignments: count };
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});

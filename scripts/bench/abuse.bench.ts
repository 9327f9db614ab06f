/**
 * npm run bench:abuse — what the worst POST /actions/batch a collaborator can build costs,
 * next to a plain batch of the same number of items, and how /health answers while two
 * clients send such batches back to back (issue 9, defect 5). A benchmark, not a test: it
 * prints figures beside their goals and fails only when the system does not answer.
 *
 * Every batch is as large as the body limit (1 MiB) and the item limit (500) allow.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { call, login, ADMIN, percentiles, report, round, startBenchSystem } from './bench-support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);
const BODY_LIMIT = 1024 * 1024;
const MAX_ITEMS = 500;
const URL_LIMIT = 2048;
const HEALTH_EVERY_MS = 10;
const GOALS = { worstToPlainAtMost: 3, healthP99AtMostMs: 50 };

/** One kind of batch: the url (and platform) of item j of request `tag`. */
interface Shape {
  name: string;
  /** Whether every item is meant to be refused (the answer is still 200, item by item). */
  refused: boolean;
  item: (tag: string, j: number) => { url: string; platform?: string };
}

const pad = (head: string, unit: (k: number) => string, length = 2000) => {
  let url = head;
  for (let k = 0; url.length + unit(k).length <= length; k++) url += unit(k);
  return url;
};
const utmQuery = (head: string) => pad(`${head}?`, (k) => `${k ? '&' : ''}utm_${k}=x`);
/** A site on no known platform, so the item states it. */
const site = (url: string) => ({ url, platform: 'website' });

const SHAPES: Shape[] = [
  { name: 'plain', refused: false, item: (tag, j) => ({ url: `https://www.facebook.com/groups/bench/posts/${tag}-${j}` }) },
  {
    name: '2,000-char url of distinct utm_N= (the report)',
    refused: false,
    item: (tag, j) => ({ url: utmQuery(`https://www.facebook.com/groups/bench/posts/${tag}-${j}`) }),
  },
  {
    name: 'same, every item refused (platform contradicts)',
    refused: true,
    item: (tag, j) => ({ url: utmQuery(`https://www.facebook.com/groups/bench/posts/${tag}-${j}`), platform: 'tiktok' }),
  },
  {
    name: '2,000-char url of kept parameters',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}?`, (k) => `${k ? '&' : ''}p${k}=x`)),
  },
  {
    name: 'tracking names spelled with escapes and bad escapes',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}?`, (k) => (k % 2 ? `&%75tm_${k}=x` : `&%zz${k}=%`))),
  },
  {
    name: 'empty parameters (&&&…) and one utm',
    refused: false,
    item: (tag, j) => site(`${pad(`https://vnexpress.net/${tag}-${j}?`, () => '&', 1990)}utm_a=1`),
  },
  {
    name: 'url at the length limit (one long segment)',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}/`, () => 'a', URL_LIMIT)),
  },
  {
    name: 'deep path of 1,000 segments',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}`, () => '/a')),
  },
  {
    name: 'dot segments (/./x/../) to resolve',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}`, (k) => (k % 2 ? '/x/..' : '/.'))),
  },
  {
    name: 'trailing slashes (////…)',
    refused: false,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}`, () => '/')),
  },
  {
    name: 'distinct unicode host per item (punycode), long path',
    refused: false,
    item: (tag, j) => site(pad(`https://${'bảnđồ'.repeat(4)}.${'tiếngviệt'.repeat(2)}-${tag}${j}.vn/`, (k) => `b${k}/`)),
  },
  {
    name: 'distinct ASCII host per item, 250 characters',
    refused: false,
    item: (tag, j) => site(pad(`https://${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.h${tag}x${j}.com.vn/`, (k) => `c${k}/`)),
  },
  {
    name: 'unicode path (Vietnamese), refused once encoded',
    refused: true,
    item: (tag, j) => site(pad(`https://vnexpress.net/${tag}-${j}/`, () => 'ạ', URL_LIMIT)),
  },
  {
    name: 'private hosts in every spelling, refused',
    refused: true,
    item: (tag, j) => site(utmQuery(`http://${['0x7f.1', '2130706433', '[::ffff:10.0.0.1]', '169.254.169.254'][j % 4]}/${tag}-${j}`)),
  },
  {
    name: 'names without a registrable domain, refused',
    refused: true,
    item: (tag, j) => site(utmQuery(`https://${'x'.repeat(60)}.${'y'.repeat(60)}.${tag}${j}.internal/`)),
  },
];

/** A batch body builder: as many items as fit in the body limit, and the bytes of one body. */
function bodyOf(shape: Shape, count?: number) {
  const item = (tag: string, j: number) => ({
    clientId: `${tag}-${j}`,
    type: 'share',
    occurredAt: new Date(Date.now() - 3_600_000 - j * 1000).toISOString(),
    ...shape.item(tag, j),
  });
  const itemBytes = Buffer.byteLength(JSON.stringify(item('t-0000000', 499))) + 1;
  const items = count ?? Math.min(MAX_ITEMS, Math.floor((BODY_LIMIT - 64) / itemBytes));
  // One body, stamped per request, so the load generator spends its share of the two cores
  // sending rather than building 500 items each time (the tag is as long as a real one).
  const template = JSON.stringify({ items: Array.from({ length: items }, (_, j) => item(TAG_MARK, j)) });
  return { items, build: (tag: string) => template.replaceAll(TAG_MARK, tag) };
}

const TAG_MARK = 't-#######';

let requestNumber = 0;
const tagOf = () => `t-${String(requestNumber++).padStart(7, '0')}`;

/** One batch, timed end to end; every item must be answered as the shape intends. */
async function sendBatch(baseUrl: string, token: string, body: string, shape: Shape): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/v1/actions/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const answer = (await response.json()) as { results?: { status: number }[] };
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !answer.results) throw new Error(`${shape.name}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  const wrong = answer.results.filter((r) => (shape.refused ? r.status < 400 : r.status !== 201));
  if (wrong.length) throw new Error(`${shape.name}: ${wrong.length} items answered ${wrong[0].status}`);
  return elapsed;
}

/**
 * The median of SAMPLES batches of the shape and of as many plain batches of the same
 * number of items, sent in turn (after two of each to warm up), so that whatever else the
 * machine is doing weighs on both alike.
 */
async function costOf(baseUrl: string, token: string, shape: Shape) {
  const hostile = bodyOf(shape);
  const plain = bodyOf(SHAPES[0], hostile.items);
  const times: number[] = [];
  const plainTimes: number[] = [];
  for (let i = 0; i < SAMPLES + 2; i++) {
    const plainMs = await sendBatch(baseUrl, token, plain.build(tagOf()), SHAPES[0]);
    const ms = await sendBatch(baseUrl, token, hostile.build(tagOf()), shape);
    if (i < 2) continue;
    plainTimes.push(plainMs);
    times.push(ms);
  }
  const ms = percentiles(times).p50;
  const plainMs = percentiles(plainTimes).p50;
  return { items: hostile.items, bytes: Buffer.byteLength(hostile.build(tagOf())), ms, plainMs, ratio: round(ms / plainMs, 2) };
}

/**
 * /health probed every HEALTH_EVERY_MS from a process of its own (so the load generator's
 * event loop is not in its figures) while `load` runs.
 */
async function healthDuring(baseUrl: string, seconds: number, load: () => Promise<void>) {
  const probe = spawn(
    process.execPath,
    [
      '-e',
      `const end = Date.now() + ${seconds * 1000}; const out = [];
       (async () => { while (Date.now() < end) { const t = performance.now();
         const r = await fetch(${JSON.stringify(`${baseUrl}/health`)}); await r.arrayBuffer();
         out.push(performance.now() - t); await new Promise((s) => setTimeout(s, ${HEALTH_EVERY_MS})); }
         process.stdout.write(JSON.stringify(out)); })();`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let text = '';
  probe.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = new Promise<void>((resolve, reject) => probe.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`probe exited ${code}`)))));
  try {
    await load();
    await done;
  } finally {
    if (probe.exitCode === null) probe.kill('SIGTERM');
  }
  const samples = JSON.parse(text) as number[];
  return { probes: samples.length, ...percentiles(samples) };
}

/** Two clients, each sending the shape's batches back to back until the time is up. */
function twoSenders(baseUrl: string, tokens: string[], shape: Shape, seconds: number) {
  const body = bodyOf(shape);
  const end = Date.now() + seconds * 1000;
  let batches = 0;
  const sender = async (token: string) => {
    while (Date.now() < end) {
      await sendBatch(baseUrl, token, body.build(tagOf()), shape);
      batches++;
    }
  };
  return { run: () => Promise.all(tokens.map(sender)).then(() => undefined), batches: () => batches };
}

async function main(): Promise<void> {
  // Figures from a shared machine mean little without what else it was running.
  const loadBefore = loadavg().map((l) => round(l, 2));
  const system = await startBenchSystem('abuse');
  try {
    const admin = await login(system.baseUrl, ADMIN.username, ADMIN.password);
    const me = await call<{ orgUnitId: string }>(system.baseUrl, 'GET', '/me', admin);
    const unit = await call<{ id: string }>(system.baseUrl, 'POST', '/org-units', admin, { name: 'Abuse bench', parentId: me.orgUnitId });
    const tokens: string[] = [];
    for (const username of ['abuser1', 'abuser2']) {
      await call(system.baseUrl, 'POST', '/users', admin, {
        username,
        password: 'bench-password',
        fullName: username,
        orgUnitId: unit.id,
        roles: ['collaborator'],
      });
      tokens.push(await login(system.baseUrl, username, 'bench-password'));
    }

    // Cost of each shape beside a plain batch of the same number of items.
    const rows: Record<string, unknown>[] = [];
    const costs: ({ shape: Shape } & Awaited<ReturnType<typeof costOf>>)[] = [];
    for (const shape of SHAPES.slice(1)) {
      const cost = await costOf(system.baseUrl, tokens[0], shape);
      costs.push({ shape, ...cost });
      rows.push({ batch: shape.name, items: cost.items, KiB: round(cost.bytes / 1024, 0), 'ms (p50)': cost.ms, 'plain ms': cost.plainMs, 'vs plain': cost.ratio });
    }
    const costliest = (list: typeof costs) => list.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const worst = costliest(costs);
    const worstWritten = costliest(costs.filter((c) => !c.shape.refused));
    const worstRefused = costliest(costs.filter((c) => c.shape.refused));

    // /health alone, then under two senders of the worst batch that is written, then of the worst refused one.
    const idle = await healthDuring(system.baseUrl, Math.min(3, SECONDS), async () => undefined);
    const underWorst = twoSenders(system.baseUrl, tokens, worstWritten.shape, SECONDS);
    const loaded = await healthDuring(system.baseUrl, SECONDS, underWorst.run);
    const underRefused = twoSenders(system.baseUrl, tokens, worstRefused.shape, SECONDS);
    const loadedRefused = await healthDuring(system.baseUrl, SECONDS, underRefused.run);

    report(
      `Abuse benchmark: the costliest batches a collaborator can send (p50 of ${SAMPLES}), goal ≤ ${GOALS.worstToPlainAtMost}× plain`,
      rows,
      {
        benchmark: 'abuse',
        samples: SAMPLES,
        seconds: SECONDS,
        batches: costs.map((c) => ({ name: c.shape.name, items: c.items, bytes: c.bytes, ms: c.ms, plainMs: c.plainMs, ratio: c.ratio })),
        worst: { name: worst.shape.name, ratio: worst.ratio, goal: { ratioAtMost: GOALS.worstToPlainAtMost } },
        health: {
          idle,
          underWorstWritten: { batch: worstWritten.shape.name, batchesSent: underWorst.batches(), ...loaded },
          underWorstRefused: { batch: worstRefused.shape.name, batchesSent: underRefused.batches(), ...loadedRefused },
          goal: { p99AtMostMs: GOALS.healthP99AtMostMs },
        },
      },
    );
    report(
      `/health while two clients send batches back to back for ${SECONDS} s (probe every ${HEALTH_EVERY_MS} ms), goal p99 ≤ ${GOALS.healthP99AtMostMs} ms`,
      [
        { while: 'nothing else (baseline)', probes: idle.probes, p50: idle.p50, p99: idle.p99, batches: 0 },
        {
          while: `worst written: ${worstWritten.shape.name} (${worstWritten.ratio}× plain)`,
          probes: loaded.probes,
          p50: loaded.p50,
          p99: loaded.p99,
          batches: underWorst.batches(),
        },
        {
          while: `worst refused: ${worstRefused.shape.name} (${worstRefused.ratio}× plain)`,
          probes: loadedRefused.probes,
          p50: loadedRefused.p50,
          p99: loadedRefused.p99,
          batches: underRefused.batches(),
        },
      ],
      { worst: worst.shape.name, worstToPlain: worst.ratio, healthP99Written: loaded.p99, healthP99Refused: loadedRefused.p99, goals: GOALS },
    );
    process.stdout.write(`\nload average (1, 5, 15 min) before: ${loadBefore.join(', ')}; after: ${loadavg().map((l) => round(l, 2)).join(', ')} (cores: 2)\n`);
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

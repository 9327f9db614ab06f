import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import IORedis from 'ioredis';
import { ApiClient } from '../demo/api-client';
import { dropDatabases, ensureDatabase, runMigrations, splitDatabaseUrl } from '@app/persistence';

/** A throwaway Lan Tỏa (API + worker from dist/) on its own database and Redis prefix. */
export interface BenchSystem {
  baseUrl: string;
  /** Process ids of the API and the worker, to read their memory. */
  pids: { api: number; worker: number };
  databaseUrl: string;
  redisPrefix: string;
  stop(): Promise<void>;
}

export const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built apps against a fresh database; limits are raised so the benchmark measures work, not refusals. */
export async function startBenchSystem(
  name: string,
  extraEnv: Record<string, string> = {},
  apiNodeArgs: string[] = [],
): Promise<BenchSystem> {
  const stamp = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = new URL(base);
  url.pathname = `/lantoa_bench_${name}_${stamp}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  const port = await freePort();
  const redisPrefix = `lantoa-bench-${stamp}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOGIN_RATE_LIMIT: '1000000',
    LOGIN_ACCOUNT_RATE_LIMIT: '1000000',
    API_RATE_LIMIT: '1000000000',
    ...extraEnv,
  };
  const children: ChildProcess[] = [
    spawn(process.execPath, [...apiNodeArgs, 'dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
    spawn(process.execPath, ['dist/apps/worker/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
  ];
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl);
  return {
    baseUrl,
    pids: { api: children[0].pid as number, worker: children[1].pid as number },
    databaseUrl,
    redisPrefix,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      await dropDatabases(splitDatabaseUrl(databaseUrl).maintenanceUrl, [splitDatabaseUrl(databaseUrl).name]);
      await deleteRedisPrefix(env.REDIS_URL as string, redisPrefix);
    },
  };
}

async function waitForHealth(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`system did not become healthy: ${last}`);
}

async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

/** JSON over HTTP with a bearer token (the demo's client); throws on an unexpected status. */
export function call<T>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  return new ApiClient(baseUrl).call<T>(method, path, token, body);
}

export function login(baseUrl: string, username: string, password: string): Promise<string> {
  return new ApiClient(baseUrl).login(username, password);
}

/** Latency percentiles of a list of milliseconds. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)) };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Prints the figures as a table and as one JSON line (for machines). */
export function report(title: string, rows: Record<string, unknown>[], json: unknown): void {
  process.stdout.write(`\n${title}\n`);
  console.table(rows);
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

/** Resident memory of a process in MiB (Linux). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kib / 1024);
}

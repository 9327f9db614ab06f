// Global setup and teardown run outside jest's module mapper; resolve @app/* through tsconfig paths.
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { runMigrations } from '@app/persistence';
import { databasePrefix, databaseUrlFor, maintenanceUrlOf, publishTestRun } from '@app/testing';

/**
 * Creates this run's migrated template database; each test file then copies it. The
 * services are the machine's real PostgreSQL and Redis (TEST_DATABASE_URL / TEST_REDIS_URL).
 */
export default async function globalSetup(): Promise<void> {
  const baseDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  await assertReachable(baseDatabaseUrl, redisUrl);
  const templateDatabase = `${databasePrefix(runId)}template`;
  const admin = new Client({ connectionString: maintenanceUrlOf(baseDatabaseUrl) });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  await admin.end();
  await runMigrations(databaseUrlFor(baseDatabaseUrl, templateDatabase));
  publishTestRun({ runId, templateDatabase, baseDatabaseUrl, redisUrl });
}

async function assertReachable(databaseUrl: string, redisUrl: string): Promise<void> {
  const pg = new Client({ connectionString: maintenanceUrlOf(databaseUrl), connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
  } catch (error) {
    throw new Error(`Tests need PostgreSQL at ${databaseUrl} (${(error as Error).message}); .ci/run starts it.`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Tests need Redis at ${redisUrl} (${(error as Error).message}); .ci/run starts it.`);
  } finally {
    redis.disconnect();
  }
}

// Global setup and teardown run outside jest's module mapper; resolve @app/* through tsconfig paths.
import 'tsconfig-paths/register';
import { Client } from 'pg';
import IORedis from 'ioredis';
import { dropDatabases } from '@app/persistence';
import { currentTestRun, databasePrefix, maintenanceUrlOf, redisPrefix } from '@app/testing';

/** Drops every database and Redis key this run created, whatever the tests left behind. */
export default async function globalTeardown(): Promise<void> {
  const run = currentTestRun();
  const maintenanceUrl = maintenanceUrlOf(run.baseDatabaseUrl);
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
    [databasePrefix(run.runId)],
  );
  await client.end();
  await dropDatabases(
    maintenanceUrl,
    rows.map((row) => row.datname),
  );
  const redis = new IORedis(run.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix(run.runId)}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

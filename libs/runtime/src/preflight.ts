import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { describeUnreachable, redactUrl } from '@app/persistence';
import { assertNoEviction, createRedis, waitForRedis } from '@app/queue-contracts';
import { isDatabaseMigrated } from './preflight.repository';

/** An error whose message is the one line an operator needs; main() prints it without a stack. */
export class PreflightError extends Error {
  readonly preflight = true;
}

/**
 * Checks, before Nest starts, that PostgreSQL answers with a migrated database and that
 * Redis answers and will not evict keys. Each failure becomes one line saying what to do.
 */
export async function preflight(config: AppConfig): Promise<void> {
  await checkDatabase(config.databaseUrl);
  await checkRedis(config.redisUrl);
}

async function checkDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    if (!(await isDatabaseMigrated(client))) {
      throw new PreflightError(`Database at ${redactUrl(url)} has no schema yet. Fix: npm run migration:run.`);
    }
  } catch (error) {
    if (error instanceof PreflightError) throw error;
    throw new PreflightError(describeUnreachable('PostgreSQL', url, error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const redis = createRedis(url, { retryStrategy: () => null, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await waitForRedis(redis, 3000);
    await assertNoEviction(redis);
  } catch (error) {
    const message = (error as Error).message ?? '';
    throw new PreflightError(
      message.includes('maxmemory-policy') ? message : describeUnreachable('Redis', url, error),
    );
  } finally {
    redis.disconnect();
  }
}

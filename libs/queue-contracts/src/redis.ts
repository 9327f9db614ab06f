import IORedis, { Redis, RedisOptions } from 'ioredis';

/** Token for the shared, fail-fast Redis connection (rate limits, heartbeats, queue producers). */
export const REDIS = Symbol('REDIS');

/**
 * A connection for request paths: commands fail at once while Redis is away instead of
 * waiting in an offline queue, so an accepted write never hangs on Redis.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    ...options,
  });
}

/** A connection for BullMQ workers, which block on Redis and must retry forever. */
export function createWorkerRedis(url: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableOfflineQueue: true });
}

/** Refuses a Redis that may evict keys: BullMQ would silently lose jobs. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply?.[1];
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy}", but Lan Tỏa needs "noeviction" ` +
        `(run: redis-cli config set maxmemory-policy noeviction).`,
    );
  }
}

/** Waits until a connection is ready, or fails after the timeout. */
export async function waitForRedis(redis: Redis, timeoutMs = 5000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(lastError ?? new Error('timed out'));
    }, timeoutMs);
    let lastError: Error | undefined;
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      lastError = error;
    };
    const cleanup = () => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
    };
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

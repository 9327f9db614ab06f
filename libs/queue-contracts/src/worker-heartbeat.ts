import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS } from './redis';

export const HEARTBEAT_INTERVAL_MS = 5000;
const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** Workers stamp a sorted set every few seconds; health counts the recent stamps. */
@Injectable()
export class WorkerHeartbeat {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get key(): string {
    return `${this.config.redisPrefix}:workers:heartbeat`;
  }

  async beat(workerId: string): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(this.key, now, workerId)
      .zremrangebyscore(this.key, 0, now - HEARTBEAT_STALE_MS)
      .exec();
  }

  async stop(workerId: string): Promise<void> {
    await this.redis.zrem(this.key, workerId);
  }

  /** How many workers stamped recently. */
  async liveWorkers(): Promise<number> {
    return this.redis.zcount(this.key, Date.now() - HEARTBEAT_STALE_MS, '+inf');
  }
}

import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS } from '@app/queue-contracts';
import { RateDecision } from './rate-limiter.service';

interface UserCount {
  window: number;
  /** The count Redis last reported for this minute, from every API instance. */
  shared: number;
  /** Requests counted here and not yet added to Redis. */
  pending: number;
}

const WINDOW_MS = 60_000;
const FLUSH_EVERY_MS = 100;

/**
 * The per-user API quota (API_RATE_LIMIT requests a minute). Requests are counted in
 * memory and added to Redis every 100 ms in one pipeline for all users, so a request
 * costs no Redis round trip while all API instances still share one count per minute.
 * Within one instance the limit is exact; across instances it may be overshot by what
 * the others accepted in their last 100 ms. When Redis is away the local count goes on.
 */
@Injectable()
export class ApiQuotaService implements OnModuleDestroy {
  private readonly counts = new Map<string, UserCount>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one request of the user unless the quota for this minute is used up. */
  take(userId: string, now = Date.now()): RateDecision {
    const window = Math.floor(now / WINDOW_MS);
    let count = this.counts.get(userId);
    if (!count || count.window !== window) {
      count = { window, shared: 0, pending: 0 };
      this.counts.set(userId, count);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000));
    if (count.shared + count.pending >= this.config.apiRateLimitPerUser) return { allowed: false, retryAfterSeconds };
    count.pending++;
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
    return { allowed: true, retryAfterSeconds };
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    await this.flush();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const current = Math.floor(Date.now() / WINDOW_MS);
    for (const [userId, count] of this.counts) if (count.window < current) this.counts.delete(userId);
    const batch = [...this.counts.entries()].filter(([, count]) => count.pending > 0);
    if (batch.length === 0) return;
    const sent = batch.map(([, count]) => count.pending);
    batch.forEach(([, count]) => (count.pending = 0));
    const pipeline = this.redis.pipeline();
    batch.forEach(([userId, count], i) => {
      const key = `${this.config.redisPrefix}:rate:api-user:${userId}:${count.window}`;
      pipeline.incrby(key, sent[i]).pexpire(key, 2 * WINDOW_MS);
    });
    try {
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach(([, count], i) => {
        const [error, total] = replies[2 * i] ?? [];
        if (!error && typeof total === 'number') count.shared = Math.max(count.shared, total);
      });
    } catch {
      // Redis away: give the requests back to the local count so the limit still holds here.
      batch.forEach(([, count], i) => (count.pending += sent[i]));
    }
  }
}

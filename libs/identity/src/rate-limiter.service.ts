import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { REDIS } from '@app/queue-contracts';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

// INCR and the first PEXPIRE in one step, so a crash never leaves a counter without expiry.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/** Fixed one-minute windows counted in Redis, shared by every API instance. */
@Injectable()
export class RateLimiterService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one hit against `bucket` and says whether it is within `limit` per minute. */
  async hit(bucket: string, limit: number): Promise<RateDecision> {
    const key = `${this.config.redisPrefix}:rate:${bucket}`;
    // EVALSHA after the first call: the script is not resent with every request.
    const redis = this.redis as Redis & { lantoaRateHit?: (key: string, windowMs: number) => Promise<[number, number]> };
    if (!redis.lantoaRateHit) redis.defineCommand('lantoaRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    const [count, ttl] = await (redis.lantoaRateHit as (key: string, windowMs: number) => Promise<[number, number]>)(key, 60_000);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
  }

  /** Forgets a bucket (a successful login clears its account's failures). */
  async reset(bucket: string): Promise<void> {
    await this.redis.del(`${this.config.redisPrefix}:rate:${bucket}`);
  }
}

import { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { ApiQuotaService } from './api-quota.service';

/** A Redis stand-in for the pipeline calls only; the e2e tests run the real one. */
function fakeRedis(totals: Map<string, number>, fail = false) {
  return {
    pipeline() {
      const ops: [string, number][] = [];
      const chain = {
        incrby(key: string, by: number) {
          ops.push([key, by]);
          return chain;
        },
        pexpire() {
          return chain;
        },
        async exec() {
          if (fail) throw new Error('redis away');
          return ops.flatMap(([key, by]) => {
            totals.set(key, (totals.get(key) ?? 0) + by);
            return [
              [null, totals.get(key)],
              [null, 1],
            ];
          });
        },
      };
      return chain;
    },
  } as unknown as Redis;
}

const config = { redisPrefix: 't', apiRateLimitPerUser: 3 } as AppConfig;
const minute = (n: number) => n * 60_000;

describe('ApiQuotaService', () => {
  it('allows exactly the limit per minute per user, then refuses with the seconds to wait', () => {
    const quota = new ApiQuotaService(fakeRedis(new Map()), config);
    const at = minute(100) + 45_000;
    expect([1, 2, 3, 4].map(() => quota.take('u1', at).allowed)).toEqual([true, true, true, false]);
    expect(quota.take('u1', at).retryAfterSeconds).toBe(15);
    expect(quota.take('u2', at).allowed).toBe(true);
  });

  it('starts afresh in the next minute', () => {
    const quota = new ApiQuotaService(fakeRedis(new Map()), config);
    [1, 2, 3].forEach(() => quota.take('u1', minute(5)));
    expect(quota.take('u1', minute(5) + 59_999).allowed).toBe(false);
    expect(quota.take('u1', minute(6)).allowed).toBe(true);
  });

  it('shares the count with other instances through Redis', async () => {
    const totals = new Map<string, number>();
    const now = Date.now();
    const a = new ApiQuotaService(fakeRedis(totals), config);
    const b = new ApiQuotaService(fakeRedis(totals), config);
    expect(a.take('u1', now).allowed).toBe(true);
    expect(a.take('u1', now).allowed).toBe(true);
    await a.onModuleDestroy();
    expect(b.take('u1', now).allowed).toBe(true);
    await b.onModuleDestroy();
    // b now knows of a's two requests and its own: the quota of 3 is used up.
    expect(b.take('u1', now).allowed).toBe(false);
  });

  it('keeps counting locally when Redis is away', async () => {
    const quota = new ApiQuotaService(fakeRedis(new Map(), true), config);
    const now = Date.now();
    [1, 2].forEach(() => quota.take('u1', now));
    await quota.onModuleDestroy();
    expect(quota.take('u1', now).allowed).toBe(true);
    expect(quota.take('u1', now).allowed).toBe(false);
  });
});

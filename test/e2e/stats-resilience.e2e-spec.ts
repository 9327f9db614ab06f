import IORedis from 'ioredis';
import { FiguresRefresher } from '@app/stats';
import { FiguresWorker } from '../../apps/worker/src/figures-worker';
import { bearer, createUnit, eventually, seedAdmin, startTestSystem, TestSystem } from '../support';
import { person } from '../support/takedowns';

/** Redis loses everything while jobs are queued: the records in PostgreSQL bring the figures back. */
describe('figures after Redis is flushed', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ figures: true });
  });
  afterAll(() => system.close());

  it('comes out exact once the sweeper and the schedules are back', async () => {
    const { token: admin, rootUnitId } = await seedAdmin(system);
    const unit = (await createUnit(system, 'Chi bộ', rootUnitId)).id;
    const member = await person(system, unit, ['collaborator']);
    const secretariat = await person(system, unit, ['secretariat']);
    for (let i = 0; i < 10; i++) {
      await system.http
        .post('/api/v1/actions')
        .set(bearer(member.token))
        .send({ type: 'share', url: `https://facebook.com/p/${i}`, reach: 10 + i, occurredAt: '2024-05-01T08:00:00+07:00' })
        .expect(201);
    }
    for (let i = 0; i < 6; i++) {
      await system.http
        .post('/api/v1/reports')
        .set(bearer(secretariat.token))
        .send({ url: `https://facebook.com/trang-${i % 4}`, category: 'scam', reportedAt: '2024-06-01T08:00:00+07:00' })
        .expect(201);
    }

    // Everything BullMQ held, queued report links and the figures' schedules included, is gone.
    const redis = new IORedis(system.config.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${system.config.redisPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();

    // What the worker's timers do every 15 s, done now: re-add unfinished jobs, re-create the schedules.
    await system.runner!.sweep(0);
    await system.app.get(FiguresWorker).register();

    // Done means: no job left, then every change recorded before that moment folded in.
    await eventually(
      () => system.db.query(`SELECT count(*)::int AS pending FROM jobs WHERE status IN ('queued', 'running')`),
      (rows: { pending: number }[]) => rows[0].pending === 0,
      30_000,
    );
    const idleAt = new Date().toISOString();
    const stats = await eventually(
      () => system.http.get('/api/v1/stats/yearly').query({ year: 2024, orgUnitId: unit }).set(bearer(admin)),
      (response) => response.body.asOf > idleAt,
      30_000,
    );
    expect(stats.body).toMatchObject({ shares: 10, reach: 145, reportsFiled: 6, pagesReported: 4 });
    expect(await system.app.get(FiguresRefresher).reconcile(1)).toBe(0);
  }, 60_000);
});

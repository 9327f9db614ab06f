import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { APP_CONFIG } from '@app/config';
import { JobRunner } from '../../apps/worker/src/job-runner';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { JobProducer } from '@app/queue-contracts';
import { ADMIN, bearer, createUnit, createUser, eventually, login, seedAdmin, startTestSystem, TestSystem } from '../support';

const ROWS = 150;
const HEADER = 'username,fullName,orgUnitCode,roles,password';

interface JobRow {
  status: string;
  progress: { done?: number; total?: number };
  result: { created: number; unchanged: number; failed: number } | null;
  attempts: number;
}

describe('worker shutdown during an import', () => {
  let system: TestSystem;
  let pg: Client;

  beforeAll(async () => {
    system = await startTestSystem();
    // A connection of our own, to look at the database after the app has closed its pool.
    pg = new Client({ connectionString: system.config.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg.end();
    await system.close();
  });

  const jobRow = async (id: string): Promise<JobRow> =>
    (await pg.query(`SELECT status, progress, result, attempts FROM jobs WHERE id = $1`, [id])).rows[0] as JobRow;

  async function importedUsers(): Promise<{ total: number; distinct: number }> {
    const { rows } = await pg.query(
      `SELECT count(*)::int AS total, count(DISTINCT lower(username))::int AS "distinct" FROM users WHERE username LIKE 'shut.%'`,
    );
    return rows[0] as { total: number; distinct: number };
  }

  it('re-runs a job a crashed worker left running, creating only the rows it had not reached', async () => {
    const admin = await seedAdmin(system);
    const unit = await createUnit(system, 'Chi bộ Sự cố', admin.rootUnitId, 'CRASH');
    const me = await system.http.get('/api/v1/me').set(bearer(admin.token));
    const names = Array.from({ length: 30 }, (_, i) => `crash.${String(i).padStart(2, '0')}`);
    const csv = [HEADER, ...names.map((name) => `${name},Người dùng ${name},CRASH,collaborator,password-123`)].join('\n');
    // The state a worker dies in: the job row claimed, a third of the rows imported, Redis holding nothing.
    const job = await system.db.transaction((m) => system.app.get(JobProducer).record(m, 'users.import', { csv }, me.body.id));
    await system.db.query(
      `UPDATE jobs SET status = 'running', attempts = 1, started_at = now(), progress = '{"done": 10, "total": 30}' WHERE id = $1`,
      [job.id],
    );
    for (const name of names.slice(0, 10)) await createUser(system, unit.id, ['collaborator'], name);

    expect(await system.runner!.sweep(0)).toBeGreaterThanOrEqual(1);
    const done = await eventually(() => jobRow(job.id), (row) => row.status === 'done', 30_000);
    expect(done).toMatchObject({
      status: 'done',
      attempts: 2,
      progress: { done: 30, total: 30 },
      result: { created: 20, unchanged: 10, failed: 0, errors: [] },
    });
    const { rows } = await pg.query(
      `SELECT count(*)::int AS total, count(DISTINCT lower(username))::int AS "distinct" FROM users WHERE username LIKE 'crash.%'`,
    );
    expect(rows[0]).toEqual({ total: 30, distinct: 30 });
  });

  it('lets an import in flight finish when the app closes, and leaves nothing for the next worker', async () => {
    const admin = { token: await login(system.http, 'admin', ADMIN.password) };
    const root = (await system.http.get('/api/v1/me').set(bearer(admin.token))).body.orgUnitId as string;
    await createUnit(system, 'Chi bộ Một', root, 'CB1');
    const rows = Array.from({ length: ROWS }, (_, i) => `shut.${String(i).padStart(3, '0')},Người ${i},CB1,collaborator,password-${i}`);
    const accepted = await system.http
      .post('/api/v1/users/import')
      .set(bearer(admin.token))
      .attach('file', Buffer.from([HEADER, ...rows].join('\n')), 'users.csv');
    expect(accepted.status).toBe(202);
    const jobId = accepted.body.jobId as string;

    // Mid-run: started, some progress recorded, not finished.
    const midway = await eventually(
      () => jobRow(jobId),
      (job) => job.status !== 'queued' && (job.progress.done ?? 0) >= 25,
      30_000,
    );
    expect(midway.status).toBe('running');
    expect(midway.progress.done).toBeLessThan(ROWS);

    await system.app.close();

    // A graceful stop lets the in-flight job finish: nothing half-done is left behind.
    const afterStop = await jobRow(jobId);
    expect(afterStop.status).toBe('done');
    expect(afterStop.result).toMatchObject({ created: ROWS, unchanged: 0, failed: 0 });
    expect(await importedUsers()).toEqual({ total: ROWS, distinct: ROWS });
    const [{ payload }] = (await pg.query(`SELECT payload FROM jobs WHERE id = $1`, [jobId])).rows as { payload: unknown }[];
    expect(payload).toEqual({});

    // A worker started afterwards on the same database and Redis finds nothing left to do.
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(system.config)
      .compile();
    await moduleRef.init();
    try {
      await moduleRef.get(JobRunner).sweep(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await jobRow(jobId)).toMatchObject({ status: 'done', attempts: 1 });
      expect(await importedUsers()).toEqual({ total: ROWS, distinct: ROWS });
    } finally {
      await moduleRef.close();
    }
  }, 120_000);
});

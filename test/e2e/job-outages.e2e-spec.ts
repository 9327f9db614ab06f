import { JobProducer, JobRecordsService, PermanentJobError, RecordedJob } from '@app/queue-contracts';
import { PageRecheckProcessor } from '../../apps/worker/src/processors/page-recheck.processor';
import { eventually, startTestSystem, TestSystem } from '../support';

interface JobRow {
  status: string;
  error: string | null;
  waitsMinutes: number | null;
}

/**
 * A job's quick retries (five, over about 15 s) can run out while PostgreSQL or a disk is
 * away for longer. Such a job must wait and run later, not fail for good; only a
 * PermanentJobError ends one as failed.
 */
describe('jobs through an outage longer than their quick retries', () => {
  let system: TestSystem;
  let producer: JobProducer;
  let recheck: PageRecheckProcessor;

  beforeAll(async () => {
    system = await startTestSystem();
    producer = system.app.get(JobProducer);
    recheck = system.app.get(PageRecheckProcessor);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => system.close());

  const row = async (id: string): Promise<JobRow> =>
    (
      (await system.db.query(
        `SELECT status, error, round(extract(epoch FROM retry_after - now()) / 60)::int AS "waitsMinutes" FROM jobs WHERE id = $1`,
        [id],
      )) as JobRow[]
    )[0];

  /** A recorded job handed to BullMQ with a single attempt, so that its retries run out at once. */
  async function runWithOneAttempt(): Promise<RecordedJob> {
    const job = await system.db.transaction((m) => producer.record(m, 'pages.recheck', {}, null));
    await producer.queue('takedown').add(job.name, { jobId: job.id }, { jobId: job.id, attempts: 1 });
    return job;
  }

  const outage = () => jest.spyOn(recheck, 'handle').mockRejectedValue(new Error('Connection terminated unexpectedly'));

  it('waits, queued with its error, until retry_after; then the sweeper runs it again despite BullMQ holding it as failed', async () => {
    outage();
    const job = await runWithOneAttempt();
    const waiting = await eventually(() => row(job.id), (r) => r.status === 'queued' && r.error !== null, 20_000);
    // One attempt made, less than a round of quick retries: the shortest pause.
    expect(waiting).toEqual({ status: 'queued', error: 'Connection terminated unexpectedly', waitsMinutes: 1 });
    expect(await (await producer.queue('takedown').getJob(job.id))?.isFailed()).toBe(true);

    jest.restoreAllMocks();
    expect(await system.runner!.sweep(0)).toBe(0);
    await system.db.query(`UPDATE jobs SET retry_after = now() - interval '1 second' WHERE id = $1`, [job.id]);
    expect(await system.runner!.sweep(0)).toBe(1);
    const done = await eventually(() => row(job.id), (r) => r.status === 'done', 20_000);
    expect(done).toMatchObject({ status: 'done', waitsMinutes: null });
  });

  it('waits longer after each round of retries, an hour at most', async () => {
    const job = await system.db.transaction((m) => producer.record(m, 'pages.recheck', {}, null));
    const records = system.app.get(JobRecordsService);
    const afterAttempts = async (attempts: number) => {
      await system.db.query(`UPDATE jobs SET attempts = $2, status = 'running' WHERE id = $1`, [job.id, attempts]);
      await records.postpone(job.id, 'disk away');
      return (await row(job.id)).waitsMinutes;
    };
    expect(await afterAttempts(5)).toBe(2);
    expect(await afterAttempts(10)).toBe(4);
    expect(await afterAttempts(15)).toBe(8);
    expect(await afterAttempts(50)).toBe(60);
  });

  it('is brought back by the sweeper when even its failure could not be written', async () => {
    outage();
    jest.spyOn(JobRecordsService.prototype, 'postpone').mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const job = await runWithOneAttempt();
    await eventually(
      async () => (await producer.queue('takedown').getJob(job.id))?.isFailed(),
      (failed) => failed === true,
      20_000,
    );
    expect((await row(job.id)).status).toBe('running');

    jest.restoreAllMocks();
    expect(await system.runner!.sweep(0)).toBe(1);
    expect((await eventually(() => row(job.id), (r) => r.status === 'done', 20_000)).status).toBe('done');
  });

  it('ends as failed on a PermanentJobError, and the sweeper leaves it alone', async () => {
    jest.spyOn(recheck, 'handle').mockRejectedValue(new PermanentJobError('nothing to do with this payload'));
    const job = await system.db.transaction((m) => producer.record(m, 'pages.recheck', {}, null));
    await producer.dispatch(job);
    const failed = await eventually(() => row(job.id), (r) => r.status === 'failed', 20_000);
    expect(failed).toEqual({ status: 'failed', error: 'nothing to do with this payload', waitsMinutes: null });
    jest.restoreAllMocks();
    expect(await system.runner!.sweep(0)).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  assertHandlersComplete,
  assertNoEviction,
  HEARTBEAT_INTERVAL_MS,
  JOB_HANDLERS,
  JOB_NAMES,
  JobHandler,
  JobName,
  JobProducer,
  JobRecordsService,
  PermanentJobError,
  QUEUE_NAMES,
  QueuedJobData,
  REDIS,
  WorkerHeartbeat,
} from '@app/queue-contracts';
import { QueueHandlers, RunningWorker, startWorker } from './start-worker';

const SWEEP_INTERVAL_MS = 15_000;
const CONCURRENCY = 4;

/**
 * Drains every queue: loads the job row, skips it if already finished, runs its handler,
 * records the result. Also stamps a heartbeat and re-adds jobs Redis never got or lost.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly handlers: Map<JobName, JobHandler>;
  private readonly workers: RunningWorker<QueuedJobData>[] = [];
  private timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_HANDLERS) handlers: JobHandler[],
    @Inject(REDIS) private readonly redis: Redis,
    private readonly records: JobRecordsService,
    private readonly producer: JobProducer,
    private readonly heartbeat: WorkerHeartbeat,
  ) {
    this.handlers = assertHandlersComplete(handlers);
  }

  async onApplicationBootstrap(): Promise<void> {
    await assertNoEviction(this.redis);
    for (const queue of QUEUE_NAMES) {
      const running = startWorker(queue, this.byName(), {
        config: this.config,
        concurrency: CONCURRENCY,
        logger: this.logger,
        label: 'worker',
        onUnknown: (job) => Promise.reject(new UnrecoverableError(`no handler for ${job.name}`)),
      });
      running.worker.on('failed', (job, error) => void this.onFailed(job, error));
      this.workers.push(running);
    }
    await this.beat();
    this.timers = [
      setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS),
      setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS),
    ];
    this.logger.log({ workerId: this.workerId, queues: QUEUE_NAMES }, 'worker started');
  }

  /** Lets in-flight jobs finish; jobs not started stay queued for the next worker. */
  async onApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearInterval);
    await Promise.all(this.workers.map((running) => running.close()));
    await this.heartbeat.stop(this.workerId).catch(() => undefined);
  }

  /** Re-adds unfinished jobs; safe to call from every worker at once. */
  async sweep(graceMs?: number): Promise<number> {
    try {
      const count = await this.producer.sweep(graceMs);
      if (count > 0) this.logger.log({ count }, 're-enqueued jobs that Redis did not hold');
      return count;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'sweep failed');
      return 0;
    }
  }

  /**
   * Every queue's loop takes every job name: the job row names the work, and the queue is
   * only its transport, so a job added on another queue by an older producer still runs.
   */
  private byName(): QueueHandlers<JobName, QueuedJobData> {
    const entries = JOB_NAMES.map((name) => [name, (job: Job<QueuedJobData>) => this.process(name, job)]);
    return Object.fromEntries(entries) as QueueHandlers<JobName, QueuedJobData>;
  }

  private async process(name: JobName, job: Job<QueuedJobData>): Promise<void> {
    const handler = this.handlers.get(name) as JobHandler;
    const started = await this.records.start(job.data.jobId);
    if (!started) return; // finished by an earlier delivery
    try {
      const result = await handler.handle({
        ...started,
        reportProgress: (done, total) => this.records.reportProgress(started.id, done, total),
      });
      await this.records.finish(started.id, started.name, result);
    } catch (error) {
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  private async onFailed(job: Job<QueuedJobData> | undefined, error: Error): Promise<void> {
    if (!job) return;
    const permanent = error instanceof UnrecoverableError;
    const final = permanent || job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn({ jobId: job.data.jobId, name: job.name, attempt: job.attemptsMade, final, err: error.message }, 'job failed');
    if (!final) return;
    // Should this write fail too (the database is away), the row stays unfinished and the sweeper brings the job back.
    const ended = permanent
      ? this.records.fail(job.data.jobId, job.name as JobName, error.message)
      : this.records.postpone(job.data.jobId, error.message);
    await ended.catch(() => undefined);
  }

  private async beat(): Promise<void> {
    await this.heartbeat.beat(this.workerId).catch(() => undefined);
  }
}

import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QUEUE_NAMES, QueueName, QueuedJobData } from './job-contracts';
import { JobRecordsRepository } from './job-records.repository';
import { REDIS } from './redis';

/** A job recorded in a transaction, waiting to be handed to BullMQ after commit. */
export interface RecordedJob {
  id: string;
  name: JobName;
}

const DISPATCH_TIMEOUT_MS = 1000;

/**
 * The only place that adds to BullMQ. A job is first recorded in PostgreSQL inside the
 * caller's transaction; dispatch after commit is best effort and the sweeper re-adds
 * whatever Redis never got or lost. The BullMQ job id is the row id, so re-adding a job
 * that is still queued or running is a no-op.
 */
@Injectable()
export class JobProducer implements OnModuleDestroy {
  private readonly logger = new Logger(JobProducer.name);
  private readonly queues = new Map<QueueName, Queue<QueuedJobData>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) redis: Redis,
    private readonly jobs: JobRecordsRepository,
  ) {
    for (const name of QUEUE_NAMES) {
      this.queues.set(name, new Queue<QueuedJobData>(name, { connection: redis, prefix: config.redisPrefix }));
    }
  }

  /** Records a job in the given transaction; call {@link dispatch} once it has committed. */
  async record<N extends JobName>(
    manager: EntityManager,
    name: N,
    payload: JobPayloads[N],
    createdBy: string | null,
  ): Promise<RecordedJob> {
    const id = await this.jobs.insert(manager, name, payload, createdBy);
    return { id, name };
  }

  /** Hands committed jobs to BullMQ. Never throws: a job Redis did not take is re-added by {@link sweep}. */
  async dispatch(...jobs: RecordedJob[]): Promise<void> {
    for (const job of jobs) {
      try {
        await withTimeout(this.add(job), DISPATCH_TIMEOUT_MS);
      } catch (error) {
        this.logger.warn({ jobId: job.id, err: (error as Error).message }, 'job left for the sweeper');
      }
    }
  }

  /**
   * Re-adds every unfinished job older than the grace period whose pause after failed
   * retries (`retry_after`) is over; returns how many were re-added.
   */
  async sweep(graceMs = 30_000): Promise<number> {
    const stale: RecordedJob[] = await this.jobs.listStale(graceMs);
    for (const job of stale) await this.readd(job);
    return stale.length;
  }

  /** The BullMQ queue, for the worker and health checks. */
  queue(name: QueueName): Queue<QueuedJobData> {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /**
   * BullMQ keeps a failed job under its id (removeOnFail), and adding that id again does
   * nothing; the row still unfinished says it is to run, so the failed entry goes first.
   */
  private async readd(job: RecordedJob): Promise<void> {
    const existing = await this.queue(JOB_QUEUE[job.name]).getJob(job.id);
    if (existing && (await existing.isFailed())) await existing.remove();
    await this.add(job);
  }

  private async add(job: RecordedJob): Promise<void> {
    await this.queue(JOB_QUEUE[job.name]).add(job.name, { jobId: job.id }, { ...DEFAULT_JOB_OPTIONS, jobId: job.id });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

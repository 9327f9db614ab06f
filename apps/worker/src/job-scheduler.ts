import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  createWorkerRedis,
  JOB_SCHEDULES,
  JobProducer,
  RecordedJob,
  REDIS,
  SCHEDULE_QUEUE,
  ScheduledJobName,
} from '@app/queue-contracts';

const SCHEDULED = Object.keys(JOB_SCHEDULES) as ScheduledJobName[];

/**
 * Starts the jobs of {@link JOB_SCHEDULES} on their clocks. At boot every worker upserts
 * the same BullMQ job schedulers (by job name), so any number of workers keep exactly one
 * schedule each. A tick does not run the job itself: it records a job row and dispatches
 * it like a write would, so the job is retried, swept and visible as every other job.
 * Ticks travel on their own queue because the JobRunner's queues carry only job-row ids.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobScheduler.name);
  private queue?: Queue;
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(SCHEDULE_QUEUE, { connection: this.redis, prefix: this.config.redisPrefix });
    await this.register();
    this.connection = createWorkerRedis(this.config.redisUrl);
    this.worker = new Worker(SCHEDULE_QUEUE, (job) => this.onTick(job), {
      connection: this.connection,
      prefix: this.config.redisPrefix,
      concurrency: 1,
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'schedule worker connection error'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.connection?.disconnect();
  }

  /** Creates or updates every schedule, and removes schedules no longer in the contract. Idempotent. */
  async register(): Promise<void> {
    const queue = this.requireQueue();
    for (const name of SCHEDULED) {
      await queue.upsertJobScheduler(
        name,
        { pattern: JOB_SCHEDULES[name].pattern, tz: this.config.orgTimezone },
        { name, data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 100 } },
      );
    }
    for (const scheduler of await queue.getJobSchedulers()) {
      if (!SCHEDULED.includes(scheduler.key as ScheduledJobName)) await queue.removeJobScheduler(scheduler.key);
    }
  }

  /** The schedulers BullMQ holds, for tests and operators. */
  schedules() {
    return this.requireQueue().getJobSchedulers();
  }

  /** One tick of a schedule: records the job row and hands it to BullMQ (the sweeper covers a lost add). */
  async tick(name: ScheduledJobName): Promise<RecordedJob> {
    const job = await this.db.transaction((m) => this.producer.record(m, name, {}, null));
    await this.producer.dispatch(job);
    return job;
  }

  private async onTick(job: Job): Promise<void> {
    if (!SCHEDULED.includes(job.name as ScheduledJobName)) {
      this.logger.warn({ name: job.name }, 'tick of an unknown schedule ignored');
      return;
    }
    await this.tick(job.name as ScheduledJobName);
  }

  private requireQueue(): Queue {
    if (!this.queue) throw new Error('the job scheduler has not started');
    return this.queue;
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  JOB_SCHEDULES,
  JobProducer,
  RecordedJob,
  REDIS,
  SCHEDULE_QUEUE,
  SCHEDULE_TICK_OPTIONS,
  ScheduledJobName,
} from '@app/queue-contracts';
import { QueueHandlers, RunningWorker, startWorker } from './start-worker';

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
  private running?: RunningWorker<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: JobProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(SCHEDULE_QUEUE, { connection: this.redis, prefix: this.config.redisPrefix });
    await this.register();
    this.running = startWorker(SCHEDULE_QUEUE, this.ticks(), {
      config: this.config,
      concurrency: 1,
      logger: this.logger,
      label: 'schedule worker',
      onUnknown: async (job) => this.logger.warn({ name: job.name }, 'tick of an unknown schedule ignored'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.close();
    await this.queue?.close();
  }

  /** Creates or updates every schedule, and removes schedules no longer in the contract. Idempotent. */
  async register(): Promise<void> {
    const queue = this.requireQueue();
    for (const name of SCHEDULED) {
      await queue.upsertJobScheduler(
        name,
        { pattern: JOB_SCHEDULES[name].pattern, tz: this.config.orgTimezone },
        { name, data: {}, opts: SCHEDULE_TICK_OPTIONS },
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

  private ticks(): QueueHandlers<ScheduledJobName, unknown> {
    const entries = SCHEDULED.map((name) => [name, async () => void (await this.tick(name))]);
    return Object.fromEntries(entries) as QueueHandlers<ScheduledJobName, unknown>;
  }

  private requireQueue(): Queue {
    if (!this.queue) throw new Error('the job scheduler has not started');
    return this.queue;
  }
}

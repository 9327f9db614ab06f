import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FIGURE_JOBS, FIGURE_TICK_OPTIONS, FigureJobName, FIGURES_QUEUE, REDIS } from '@app/queue-contracts';
import { FiguresRefresher } from '@app/stats';
import { FoldPacer } from './fold-pacer';
import { QueueHandlers, RunningWorker, startWorker } from './start-worker';

const REREGISTER_EVERY_MS = 15_000;
/** A fold that took T ms is followed by up to 19·T of rest while writes keep coming: folds take at most a twentieth of the time. */
const REST_PER_FOLD = 19;

/**
 * Keeps the figures fresh: a job scheduler ticks `figures.refresh` every FIGURES_REFRESH_MS (1 s) and
 * `figures.reconcile` every ten minutes. Every worker upserts the same schedulers at boot
 * and again every 15 s, so a Redis that lost them (flushed, restarted) gets them back;
 * nothing is lost meanwhile because the changes wait in PostgreSQL.
 */
@Injectable()
export class FiguresWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FiguresWorker.name);
  private queue?: Queue;
  private running?: RunningWorker<unknown>;
  private timer?: NodeJS.Timeout;
  private readonly pacer = new FoldPacer(REST_PER_FOLD);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly refresher: FiguresRefresher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.figuresRefreshMs === 0) {
      this.logger.warn('FIGURES_REFRESH_MS=0: figures are not refreshed by this worker');
      return;
    }
    this.queue = new Queue(FIGURES_QUEUE, { connection: this.redis, prefix: this.config.redisPrefix });
    await this.register().catch((error: Error) => this.logger.warn({ err: error.message }, 'figure schedules not registered yet'));
    this.running = startWorker(FIGURES_QUEUE, this.clockwork(), {
      config: this.config,
      concurrency: 1,
      logger: this.logger,
      label: 'figures worker',
      onUnknown: async (job) => this.logger.warn({ name: job.name }, 'unknown figures job ignored'),
    });
    this.timer = setInterval(() => void this.register().catch(() => undefined), REREGISTER_EVERY_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.close();
    await this.queue?.close();
  }

  /** Creates or updates both schedulers; idempotent across workers. */
  async register(): Promise<void> {
    const queue = this.queue as Queue;
    for (const [name, clock] of Object.entries(FIGURE_JOBS)) {
      const repeat = 'every' in clock ? { every: this.config.figuresRefreshMs } : { pattern: clock.pattern, tz: this.config.orgTimezone };
      await queue.upsertJobScheduler(name, repeat, { name, data: {}, opts: FIGURE_TICK_OPTIONS });
    }
  }

  private clockwork(): QueueHandlers<FigureJobName, unknown> {
    return {
      'figures.refresh': () => this.refresh(),
      'figures.reconcile': async () => void (await this.refresher.reconcile()),
    };
  }

  /**
   * Rests while writes keep coming; once they stop for a tick, the last of them are folded
   * at once rather than after the rest. Skipped ticks lose nothing: the changes wait in
   * PostgreSQL for the next fold.
   */
  private async refresh(): Promise<void> {
    if (!this.pacer.mayFold(Date.now()) && !(await this.writesHaveStopped())) return;
    const startedAt = Date.now();
    try {
      await this.refresher.drain();
    } finally {
      this.pacer.folded(startedAt, Date.now());
    }
  }

  private async writesHaveStopped(): Promise<boolean> {
    const age = await this.refresher.newestChangeAge();
    return age !== null && age >= this.config.figuresRefreshMs;
  }
}

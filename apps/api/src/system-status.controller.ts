import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Actor } from '@app/access';
import { ApiAnswers, SIGNED_IN, SystemStatusSchema } from '@app/contracts';
import { JobProducer, JobRecordsService, QUEUE_NAMES } from '@app/queue-contracts';
import { StatsService } from '@app/stats';
import { ADMIN_QUEUES_COOKIE, AdminQueuesSessions } from './admin-queues';
import { HealthController } from './health.controller';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/** The running build: the package version, read once, and the commit a deploy may name (GIT_COMMIT). */
const VERSION = {
  version: packageVersion(),
  commit: process.env.GIT_COMMIT?.trim().slice(0, 40) || null,
};

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(process.cwd(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The admin console's view of the running system, and the key to Bull Board. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class SystemStatusController {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly producer: JobProducer,
    private readonly jobRecords: JobRecordsService,
    private readonly stats: StatsService,
    private readonly sessions: AdminQueuesSessions,
  ) {}

  @Requires('system:read')
  @Get('system')
  @ApiAnswers({
    summary: 'What /health knows, the jobs per queue and per job name, the figures’ lag and the version',
    type: SystemStatusSchema,
    errors: SIGNED_IN,
  })
  async status() {
    const [health, queues, byName, figures] = await Promise.all([
      // The same report as GET /health: one place decides what "healthy" means.
      this.moduleRef.get(HealthController, { strict: false }).report(),
      this.queueCounts(),
      this.jobRecords.countByName(),
      this.stats.figuresLag(),
    ]);
    return { version: VERSION, health, jobs: { queues, byName }, figures };
  }

  /**
   * Opens Bull Board for ten minutes in this browser: an HttpOnly, SameSite=Strict cookie
   * scoped to /admin/queues, so no token ever travels in a URL.
   */
  @Requires('admin-queues:open')
  @Post('queues/session')
  @HttpCode(204)
  @ApiAnswers({
    summary: 'Open Bull Board (/admin/queues) for 10 minutes: sets an HttpOnly session cookie',
    status: 204,
    description: 'The cookie lantoa_admin_queues is set (HttpOnly, SameSite=Strict, Path=/admin/queues)',
    errors: SIGNED_IN,
  })
  async openQueues(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    void reply.setCookie(ADMIN_QUEUES_COOKIE, await this.sessions.issue(actor.id), this.sessions.cookie(request));
  }

  // Redis down is health's news (it says so); the counts then read as zero rather than fail the page.
  private queueCounts() {
    return Promise.all(
      QUEUE_NAMES.map(async (queue) => {
        const counts = await within(this.producer.queue(queue).getJobCounts('waiting', 'active', 'delayed', 'failed')).catch(
          () => ({}) as Record<string, number>,
        );
        return {
          queue,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        };
      }),
    );
  }
}

const COUNTS_TIMEOUT_MS = 1500;

function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), COUNTS_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Redis } from 'ioredis';
import { HealthViewSchema } from '@app/contracts';
import { DatabaseProbeRepository } from '@app/persistence';
import { REDIS, WorkerHeartbeat } from '@app/queue-contracts';
import { Public } from './http/access.decorators';

type Check = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  database: Check;
  redis: Check;
  workers: number;
}

const CHECK_TIMEOUT_MS = 1500;

/** Liveness of what the figures depend on: PostgreSQL, Redis and at least one worker. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseProbeRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly heartbeat: WorkerHeartbeat,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether PostgreSQL, Redis and at least one worker answer (also at /health)' })
  @ApiResponse({ status: 200, type: HealthViewSchema, description: 'All answer' })
  @ApiResponse({ status: 503, type: HealthViewSchema, description: 'Something is down: the report says what' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.report();
    if (report.status !== 'ok') void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  async report(): Promise<HealthReport> {
    const [database, redis, workers] = await Promise.all([
      probe(() => this.database.ping()),
      probe(() => this.redis.ping()),
      within(this.heartbeat.liveWorkers()).catch(() => 0),
    ]);
    const ok = database === 'up' && redis === 'up' && workers > 0;
    return { status: ok ? 'ok' : 'unavailable', database, redis, workers };
  }
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await within(check());
    return 'up';
  } catch {
    return 'down';
  }
}

function within<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

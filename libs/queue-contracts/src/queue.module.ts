import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobProducer } from './job-producer';
import { JobRecordsRepository } from './job-records.repository';
import { JobRecordsService } from './job-records.service';
import { JobEntity } from './job.entity';
import { createRedis, REDIS, waitForRedis } from './redis';
import { WorkerHeartbeat } from './worker-heartbeat';

/** The shared Redis connection, the job producer and the job rows. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([JobEntity])],
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      // Wait for the first connection so boot checks can use it; a Redis that is down is
      // no reason to refuse writes, so a timeout here is not fatal.
      useFactory: async (config: AppConfig) => {
        const redis = createRedis(config.redisUrl);
        redis.on('error', () => undefined);
        await waitForRedis(redis).catch(() => undefined);
        return redis;
      },
    },
    JobProducer,
    JobRecordsService,
    JobRecordsRepository,
    WorkerHeartbeat,
  ],
  exports: [REDIS, JobProducer, JobRecordsService, WorkerHeartbeat],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

import { Module } from '@nestjs/common';
import { LoggingModule } from '@app/runtime';
import { WorkerModule } from './worker.module';

/** The worker process: its module plus structured logging (tests reuse WorkerModule beside the API). */
@Module({ imports: [LoggingModule, WorkerModule] })
export class WorkerAppModule {}

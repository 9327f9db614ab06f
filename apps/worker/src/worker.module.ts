import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { TasksModule } from '@app/tasks';
import { JOB_HANDLERS, QueueModule } from '@app/queue-contracts';
import { JobRunner } from './job-runner';
import { TaskFanOutProcessor } from './processors/task-fan-out.processor';
import { UserImportProcessor } from './processors/user-import.processor';

const PROCESSORS = [UserImportProcessor, TaskFanOutProcessor];

/** The worker: no HTTP, only job processors over the same libraries as the API. */
@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    QueueModule,
    AccessModule,
    AuditModule,
    OrganisationModule,
    IdentityModule,
    TasksModule,
  ],
  providers: [
    ...PROCESSORS,
    { provide: JOB_HANDLERS, inject: PROCESSORS, useFactory: (...handlers: unknown[]) => handlers },
    JobRunner,
  ],
  exports: [JobRunner],
})
export class WorkerModule {}

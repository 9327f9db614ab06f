import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { JOB_HANDLERS, QueueModule } from '@app/queue-contracts';
import { JobRunner } from './job-runner';
import { UserImportProcessor } from './processors/user-import.processor';

const PROCESSORS = [UserImportProcessor];

/** The worker: no HTTP, only job processors over the same libraries as the API. */
@Module({
  imports: [ConfigModule, PersistenceModule, QueueModule, AccessModule, AuditModule, OrganisationModule, IdentityModule],
  providers: [
    ...PROCESSORS,
    { provide: JOB_HANDLERS, inject: PROCESSORS, useFactory: (...handlers: unknown[]) => handlers },
    JobRunner,
  ],
  exports: [JobRunner],
})
export class WorkerModule {}

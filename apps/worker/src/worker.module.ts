import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { IdentityModule } from '@app/identity';
import { OrganisationModule } from '@app/organisation';
import { PersistenceModule } from '@app/persistence';
import { StatsModule } from '@app/stats';
import { TakedownsModule } from '@app/takedowns';
import { TasksModule } from '@app/tasks';
import { NotificationsModule } from '@app/notifications';
import { JOB_HANDLERS, QueueModule } from '@app/queue-contracts';
import { ReportingModule } from '@app/reporting';
import { FiguresWorker } from './figures-worker';
import { JobRunner } from './job-runner';
import { JobScheduler } from './job-scheduler';
import { PagePackageProcessor } from './processors/page-package.processor';
import { PageRecheckProcessor } from './processors/page-recheck.processor';
import { ReportLinkProcessor } from './processors/report-link.processor';
import { StatsExpireExportsProcessor } from './processors/stats-expire-exports.processor';
import { StatsExportProcessor } from './processors/stats-export.processor';
import { TaskFanOutProcessor } from './processors/task-fan-out.processor';
import { NewAssignmentsPushProcessor } from './processors/new-assignments-push.processor';
import { UserImportProcessor } from './processors/user-import.processor';

const PROCESSORS = [
  UserImportProcessor,
  TaskFanOutProcessor,
  ReportLinkProcessor,
  PagePackageProcessor,
  PageRecheckProcessor,
  StatsExportProcessor,
  StatsExpireExportsProcessor,
  NewAssignmentsPushProcessor,
];

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
    TakedownsModule,
    StatsModule,
    ReportingModule,
    NotificationsModule,
  ],
  providers: [
    ...PROCESSORS,
    { provide: JOB_HANDLERS, inject: PROCESSORS, useFactory: (...handlers: unknown[]) => handlers },
    JobRunner,
    JobScheduler,
    FiguresWorker,
  ],
  exports: [JobRunner, JobScheduler, FiguresWorker],
})
export class WorkerModule {}

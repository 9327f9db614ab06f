import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { FigureChangesModule } from '@app/stats';
import { TasksModule } from '@app/tasks';
import { EvidenceRepository } from './evidence.repository';
import { EvidenceService } from './evidence.service';
import { EvidenceStorage, LocalEvidenceStorage } from './evidence-storage';
import { PageCasesRepository } from './page-cases.repository';
import { PageCasesService } from './page-cases.service';
import { PagePackagesRepository } from './page-packages.repository';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { TakedownPackagesService } from './takedown-packages.service';

/** Harmful-page reports, page cases and their review, evidence, takedown packages. */
@Module({
  imports: [AccessModule, AuditModule, FigureChangesModule, TasksModule],
  providers: [
    ReportsRepository,
    PageCasesRepository,
    PagePackagesRepository,
    EvidenceRepository,
    ReportsService,
    PageCasesService,
    EvidenceService,
    TakedownPackagesService,
    {
      provide: EvidenceStorage,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalEvidenceStorage(config.storageDir),
    },
  ],
  exports: [ReportsService, PageCasesService, EvidenceService, TakedownPackagesService, EvidenceStorage],
})
export class TakedownsModule {}

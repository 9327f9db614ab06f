import { Module } from '@nestjs/common';
import { AccessModule } from '@app/access';
import { AuditModule } from '@app/audit';
import { StatsModule } from '@app/stats';
import { ReportTemplatesRepository } from './report-templates.repository';
import { ReportTemplatesService } from './report-templates.service';
import { StatsExportsRepository } from './stats-exports.repository';
import { StatsExportsService } from './stats-exports.service';

/** Yearly exports (XLSX, DOCX) and the editable wording of the year-end summary. */
@Module({
  imports: [AccessModule, AuditModule, StatsModule],
  providers: [ReportTemplatesService, ReportTemplatesRepository, StatsExportsService, StatsExportsRepository],
  exports: [ReportTemplatesService, StatsExportsService],
})
export class ReportingModule {}

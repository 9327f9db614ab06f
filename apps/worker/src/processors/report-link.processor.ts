import { Injectable } from '@nestjs/common';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { ReportsService } from '@app/takedowns';

/** Links a report to the case of its canonical page, creating the case on the first report; safe to run twice. */
@Injectable()
export class ReportLinkProcessor implements JobHandler<'reports.link'> {
  readonly jobName = 'reports.link' as const;

  constructor(private readonly reports: ReportsService) {}

  handle(execution: JobExecution<'reports.link'>): Promise<JobResults['reports.link']> {
    return this.reports.link(execution);
  }
}

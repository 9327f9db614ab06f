import { Injectable } from '@nestjs/common';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { StatsExportsService } from '@app/reporting';

/** Deletes export files past EXPORT_RETENTION_DAYS; safe to run twice. */
@Injectable()
export class StatsExpireExportsProcessor implements JobHandler<'stats.expire-exports'> {
  readonly jobName = 'stats.expire-exports' as const;

  constructor(private readonly exports: StatsExportsService) {}

  handle(_execution: JobExecution<'stats.expire-exports'>): Promise<JobResults['stats.expire-exports']> {
    return this.exports.expire();
  }
}

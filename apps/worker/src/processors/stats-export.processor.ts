import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/identity';
import { JobExecution, JobHandler, JobResults, PermanentJobError } from '@app/queue-contracts';
import { StatsExportsService } from '@app/reporting';

/** Runs `stats.export` as the user who asked for it, with their scope as it is now. */
@Injectable()
export class StatsExportProcessor implements JobHandler<'stats.export'> {
  readonly jobName = 'stats.export' as const;

  constructor(
    private readonly exports: StatsExportsService,
    private readonly users: UsersService,
  ) {}

  async handle(execution: JobExecution<'stats.export'>): Promise<JobResults['stats.export']> {
    const requester = execution.createdBy ? await this.users.actorOf(execution.createdBy) : null;
    if (!requester) throw new PermanentJobError('the user who asked for this export is no longer active');
    return this.exports.run(execution, requester);
  }
}

import { Injectable } from '@nestjs/common';
import { UsersService } from '@app/identity';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { TakedownPackagesService } from '@app/takedowns';

/**
 * Builds the takedown package of a case that reached removal_requested for the reviewer who
 * moved it there, with their scope as it is now (ADR 013); running twice rebuilds it.
 */
@Injectable()
export class PagePackageProcessor implements JobHandler<'pages.package'> {
  readonly jobName = 'pages.package' as const;

  constructor(
    private readonly packages: TakedownPackagesService,
    private readonly users: UsersService,
  ) {}

  async handle(execution: JobExecution<'pages.package'>): Promise<JobResults['pages.package']> {
    const requester = execution.createdBy ? await this.users.actorOf(execution.createdBy) : null;
    return this.packages.build(execution, requester);
  }
}

import { Injectable } from '@nestjs/common';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { TakedownPackagesService } from '@app/takedowns';

/** Builds the takedown package of a case that reached removal_requested; running twice rebuilds it. */
@Injectable()
export class PagePackageProcessor implements JobHandler<'pages.package'> {
  readonly jobName = 'pages.package' as const;

  constructor(private readonly packages: TakedownPackagesService) {}

  handle(execution: JobExecution<'pages.package'>): Promise<JobResults['pages.package']> {
    return this.packages.build(execution);
  }
}

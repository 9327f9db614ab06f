import { Injectable } from '@nestjs/common';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { PageCasesService } from '@app/takedowns';

/** Marks cases whose removal request has waited too long as due for a re-check; safe to run twice. */
@Injectable()
export class PageRecheckProcessor implements JobHandler<'pages.recheck'> {
  readonly jobName = 'pages.recheck' as const;

  constructor(private readonly cases: PageCasesService) {}

  handle(_execution: JobExecution<'pages.recheck'>): Promise<JobResults['pages.recheck']> {
    return this.cases.markDueForRecheck();
  }
}

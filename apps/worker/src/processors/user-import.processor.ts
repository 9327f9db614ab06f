import { Injectable } from '@nestjs/common';
import { UserImportService, UsersService } from '@app/identity';
import { JobExecution, JobHandler, JobResults, PermanentJobError } from '@app/queue-contracts';

/** Runs `users.import` as the user who uploaded the file, with their scope as it is now. */
@Injectable()
export class UserImportProcessor implements JobHandler<'users.import'> {
  readonly jobName = 'users.import' as const;

  constructor(
    private readonly imports: UserImportService,
    private readonly users: UsersService,
  ) {}

  async handle(execution: JobExecution<'users.import'>): Promise<JobResults['users.import']> {
    const caller = execution.createdBy ? await this.users.actorOf(execution.createdBy) : null;
    if (execution.createdBy && !caller) {
      throw new PermanentJobError('the user who started this import is no longer active');
    }
    return this.imports.run(execution, caller);
  }
}

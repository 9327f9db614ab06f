import { Injectable } from '@nestjs/common';
import { NewAssignmentPushService } from '@app/notifications';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';

/** Tells people about their new assignments by Web Push; safe to run twice. */
@Injectable()
export class NewAssignmentsPushProcessor implements JobHandler<'notifications.new-assignments'> {
  readonly jobName = 'notifications.new-assignments' as const;

  constructor(private readonly push: NewAssignmentPushService) {}

  handle(execution: JobExecution<'notifications.new-assignments'>): Promise<JobResults['notifications.new-assignments']> {
    return this.push.send(execution);
  }
}

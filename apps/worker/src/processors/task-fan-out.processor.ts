import { Injectable } from '@nestjs/common';
import { JobExecution, JobHandler, JobResults } from '@app/queue-contracts';
import { TasksService } from '@app/tasks';

/** Fans a task out to one assignment per recipient; safe to run twice. */
@Injectable()
export class TaskFanOutProcessor implements JobHandler<'tasks.fan-out'> {
  readonly jobName = 'tasks.fan-out' as const;

  constructor(private readonly tasks: TasksService) {}

  handle(execution: JobExecution<'tasks.fan-out'>): Promise<JobResults['tasks.fan-out']> {
    return this.tasks.fanOut(execution);
  }
}

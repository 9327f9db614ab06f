import { DomainError } from '@app/contracts';

export enum TaskErrorCode {
  NotFound = 'NOT_FOUND',
  NoAssignees = 'NO_ASSIGNEES',
  InvalidUrl = 'INVALID_URL',
  TaskClosed = 'TASK_CLOSED',
  InvalidTransition = 'INVALID_TRANSITION',
}

/** Errors of tasks and assignments; the API maps each code to a status. */
export class TaskError extends DomainError<TaskErrorCode> {}

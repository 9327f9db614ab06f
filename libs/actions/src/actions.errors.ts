import { DomainError } from '@app/contracts';

export enum ActionErrorCode {
  InvalidAction = 'INVALID_ACTION',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** The database could not take the write now (connection lost, pool exhausted); sending it again is safe with a key. */
  NotWritten = 'NOT_WRITTEN',
}

/** Errors of action logging; the API maps each code to a status. */
export class ActionError extends DomainError<ActionErrorCode> {}

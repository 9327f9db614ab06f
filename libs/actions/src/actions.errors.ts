export enum ActionErrorCode {
  InvalidAction = 'INVALID_ACTION',
  IdempotencyConflict = 'IDEMPOTENCY_CONFLICT',
}

/** Errors of action logging; the API maps each code to a status. */
export class ActionError extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

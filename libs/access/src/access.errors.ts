export enum AccessErrorCode {
  /** Outside the caller's scope, or does not exist: the two answer alike. */
  NotFound = 'NOT_FOUND',
  /** In scope, but the caller's roles do not allow this. */
  Forbidden = 'FORBIDDEN',
}

/** Raised by the policy layer; the API maps NotFound to 404 and Forbidden to 403. */
export class AccessError extends Error {
  constructor(
    readonly code: AccessErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

import { DomainError } from '@app/contracts';

export enum AccessErrorCode {
  /** Outside the caller's scope, or does not exist: the two answer alike. */
  NotFound = 'NOT_FOUND',
  /** In scope, but the caller's roles do not allow this. */
  Forbidden = 'FORBIDDEN',
  /** The caller sent more requests this minute than API_RATE_LIMIT_PER_USER allows. */
  QuotaExceeded = 'QUOTA_EXCEEDED',
}

/** Raised by the policy layer and the request guard; the API maps each code to a status. */
export class AccessError extends DomainError<AccessErrorCode> {}

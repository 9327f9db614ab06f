import { DomainError } from '@app/contracts';

/** What went wrong in the takedowns context; each code has exactly one HTTP status in the API filter. */
export enum TakedownErrorCode {
  /** A report, page case, evidence file or package that does not exist or lies outside the caller's scope. */
  NotFound = 'NOT_FOUND',
  /** The case's workflow does not allow this status change from where it stands. */
  InvalidTransition = 'INVALID_TRANSITION',
  /** An evidence file that is not a PNG, JPEG or PDF by its first bytes. */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** An evidence file over the size limit. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** An Idempotency-Key already used for a different report. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
}

/** Errors of reports, page cases, evidence and takedown packages; the API maps each code to a status. */
export class TakedownError extends DomainError<TakedownErrorCode> {}

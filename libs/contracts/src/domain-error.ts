/** What some refusals carry besides their message. */
export interface DomainErrorDetails {
  /** With a duplicate: the record that already exists, so the caller can open it. */
  existingId?: string;
  /** With a limit reached: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;
  /** The failure underneath (a lost connection), kept for the log, never shown. */
  cause?: unknown;
}

/**
 * The one base of every context's error, as twenty's `CustomException<Code>`: a code the
 * API maps to exactly one status, the message the caller reads, and the field to blame.
 * Each context's error is one line, `class TaskError extends DomainError<TaskErrorCode> {}`.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  readonly existingId?: string;
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
    details: DomainErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.existingId = details.existingId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

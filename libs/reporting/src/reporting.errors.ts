import { DomainError } from '@app/contracts';

/** What went wrong in the reporting context; each code has exactly one HTTP status in the API filter. */
export enum ReportingErrorCode {
  /** An export file that does not exist, or that the caller did not ask for. */
  NotFound = 'NOT_FOUND',
  /** A summary template naming placeholders that do not exist, or with unbalanced sections. */
  InvalidTemplate = 'INVALID_TEMPLATE',
}

/** Errors of exports and report templates; the API maps each code to a status. */
export class ReportingError extends DomainError<ReportingErrorCode> {}

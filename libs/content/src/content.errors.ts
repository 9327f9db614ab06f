import { DomainError } from '@app/contracts';

export enum ContentErrorCode {
  DuplicateUrl = 'DUPLICATE_URL',
  InvalidUrl = 'INVALID_URL',
  NotFound = 'NOT_FOUND',
}

/** Errors of the content registry; the API maps each code to a status. */
export class ContentError extends DomainError<ContentErrorCode> {}

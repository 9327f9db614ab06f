export enum ContentErrorCode {
  DuplicateUrl = 'DUPLICATE_URL',
  InvalidUrl = 'INVALID_URL',
  NotFound = 'NOT_FOUND',
}

/** Errors of the content registry; the API maps each code to a status. */
export class ContentError extends Error {
  constructor(
    readonly code: ContentErrorCode,
    message: string,
    readonly field?: string,
    /** The content that already has this URL (with DuplicateUrl). */
    readonly existingId?: string,
  ) {
    super(message);
  }
}

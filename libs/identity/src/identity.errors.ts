import { DomainError } from '@app/contracts';

export enum IdentityErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  InvalidToken = 'INVALID_TOKEN',
  RefreshTokenReused = 'REFRESH_TOKEN_REUSED',
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  RateLimiterUnavailable = 'RATE_LIMITER_UNAVAILABLE',
  UsernameTaken = 'USERNAME_TAKEN',
  TeamNameTaken = 'TEAM_NAME_TAKEN',
  InvalidImportFile = 'INVALID_IMPORT_FILE',
}

/** Errors of people, sign-in and teams; the API maps each code to a status. */
export class IdentityError extends DomainError<IdentityErrorCode> {}

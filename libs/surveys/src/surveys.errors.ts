import { DomainError } from '@app/contracts';

export enum SurveyErrorCode {
  /** endsOn before startsOn. */
  InvalidDates = 'INVALID_DATES',
  /** A question that cannot be answered as written (a choice without 2-20 options, a text with options). */
  InvalidQuestion = 'INVALID_QUESTION',
  /** An answer naming no question of the survey, or not fitting its question. */
  InvalidAnswer = 'INVALID_ANSWER',
  /** A questionnaire for a unit (in the caller's scope) that does not take part in the survey. */
  UnitNotParticipating = 'UNIT_NOT_PARTICIPATING',
  /** An Idempotency-Key used before with a different request. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
}

/** Errors of surveys and questionnaires; the API maps each code to a status. */
export class SurveyError extends DomainError<SurveyErrorCode> {}

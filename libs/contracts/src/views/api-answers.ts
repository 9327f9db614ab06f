import { applyDecorators, Type } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiErrorSchema } from './api-error.dto';

/** The error statuses the API answers, with what each means in this contract. */
export const ERROR_MEANINGS = {
  400: 'Bad input: the message names the field',
  401: 'Missing, invalid or expired credentials',
  403: 'The caller’s roles or scope do not allow this',
  404: 'Not found, or outside the caller’s scope',
  409: 'Conflicts with the current state (a duplicate, a closed task, a transition not allowed)',
  413: 'The body or file is too large',
  415: 'The body’s media type is not accepted',
  422: 'The Idempotency-Key was used before with another body',
  429: 'Too many requests: wait for Retry-After',
  503: 'A dependency is down: nothing was written, send it again',
} as const;

export type ErrorStatus = keyof typeof ERROR_MEANINGS;

/** Every signed-in route: no or a bad token, roles that may not, the per-user rate limit. */
export const SIGNED_IN: readonly ErrorStatus[] = [401, 403, 429];
/** A route every role may call (GET /me, my assignments, my progress): no 403. */
export const SIGNED_IN_ANY_ROLE: readonly ErrorStatus[] = [401, 429];
/** A JSON body: refused when malformed, too large, or not JSON. */
export const JSON_BODY: readonly ErrorStatus[] = [400, 413, 415];
/** A record addressed by its id in the path. */
export const BY_ID: readonly ErrorStatus[] = [400, 404];
/** Query parameters (filters, cursor, limit). */
export const QUERY: readonly ErrorStatus[] = [400];

export interface Answers {
  summary: string;
  /** The success body's schema; a list of one class for an array. */
  type?: Type<unknown> | [Type<unknown>];
  /** The success status (default 200). */
  status?: number;
  description?: string;
  /** Every error status the operation can answer (all with the ApiError body). */
  errors: readonly ErrorStatus[];
}

/** The summary, the success body and every error of an operation, in one decorator. */
export function ApiAnswers(answers: Answers): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary: answers.summary }),
    ApiResponse({ status: answers.status ?? 200, type: answers.type, description: answers.description ?? 'Success' }),
    ...errorResponses(answers.errors),
  );
}

/**
 * The same for an operation answering a file: the success body is binary in the media
 * types given (and errors are still JSON).
 */
export function ApiFileAnswers(answers: Omit<Answers, 'type'> & { mediaTypes: readonly string[] }): MethodDecorator {
  const binary = { schema: { type: 'string', format: 'binary' } };
  return applyDecorators(
    ApiOperation({ summary: answers.summary }),
    ApiResponse({
      status: answers.status ?? 200,
      description: answers.description ?? 'The file, as an attachment',
      content: Object.fromEntries(answers.mediaTypes.map((type) => [type, binary])),
    }),
    ...errorResponses(answers.errors),
  );
}

function errorResponses(statuses: readonly ErrorStatus[]): MethodDecorator[] {
  const distinct = [...new Set(statuses)].sort((a, b) => a - b);
  return distinct.map((status) => ApiResponse({ status, type: ApiErrorSchema, description: ERROR_MEANINGS[status] }));
}

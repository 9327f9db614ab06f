import type { TFunction } from 'i18next';
import { ApiCallError } from '../../api-client/client';
import { refusalText } from '../../lib/problem-text';

/** The sentence a person reads for a failed call: the API's refusal in their language, or a network failure. */
export function failureText(t: TFunction, error: unknown): string {
  if (error instanceof ApiCallError) return refusalText(t, { status: error.status, field: error.body?.field });
  return t('problem.other');
}

/** The record a 409 names as already existing (a duplicate URL), or null for any other failure. */
export function existingIdOf(error: unknown): string | null {
  return error instanceof ApiCallError && error.status === 409 ? (error.body?.existingId ?? null) : null;
}


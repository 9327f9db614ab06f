import type { TFunction } from 'i18next';
import { ApiCallError } from '../api-client/client';

/** Whether the API answered 404: the id names nothing, or nothing in the reader's scope. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiCallError && error.status === 404;
}

/** react-query's retry for a read of one record: a 404 is an answer to show, not a failure to try again. */
export function retryUnlessNotFound(failures: number, error: unknown): boolean {
  return !isNotFound(error) && failures < 2;
}

/**
 * The sentence for a refused desk call, in the reader's language (the API's own message is
 * English, for developers). An area's `specific` answers first for what only it knows (a
 * duplicate, a closed task); then the network, a 404, a 403, a field at fault, anything else.
 */
export function deskProblem(t: TFunction, error: unknown, specific: (error: ApiCallError) => string | null = () => null): string {
  if (!(error instanceof ApiCallError)) return t('desk.shell.problem.other');
  const own = specific(error);
  if (own !== null) return own;
  if (error.status === 0) return t('desk.shell.problem.network');
  if (error.status === 404) return t('desk.shell.problem.notFound');
  if (error.status === 403) return t('desk.shell.problem.forbidden');
  if (error.status === 400 && error.body?.field) return t('desk.shell.problem.invalid', { field: error.body.field });
  return t('desk.shell.problem.other');
}

import type { TFunction } from 'i18next';
import { ApiCallError } from '../../api-client/client';

/**
 * The sentence for a refused call. Which roles a person may grant is the API's rule (libs/access):
 * the form offers every role, and a refusal is shown here with the API's own words.
 */
export function memberProblem(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiCallError)) return t('desk.members.problem.other');
  const message = error.body?.message ?? '';
  const field = error.body?.field;
  if (error.status === 0) return t('desk.members.problem.network');
  if (error.status === 404) return t('desk.members.problem.notFound');
  if (error.status === 403) return t(field === 'roles' ? 'desk.members.problem.forbiddenRoles' : 'desk.members.problem.forbidden', { message });
  if (error.status === 409) return t('desk.members.problem.taken');
  if (field === 'file' || error.status === 413 || error.status === 415) return t('desk.members.problem.file', { message });
  if (error.status === 400 && field) return t('desk.members.problem.invalid', { field, message });
  return t('desk.members.problem.other');
}

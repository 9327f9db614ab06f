import type { TFunction } from 'i18next';
import { ApiCallError } from '../../api-client/client';

/** The sentence for a refused call, in the person's language (the API's own message is English). */
export function surveyProblem(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiCallError)) return t('desk.surveys.problem.other');
  if (error.status === 0) return t('desk.surveys.problem.network');
  if (error.status === 404) return t('desk.surveys.problem.notFound');
  if (error.status === 403) return t('desk.surveys.problem.forbidden');
  const field = error.body?.field;
  if (error.status === 400 && field === 'orgUnitId') return t('desk.surveys.problem.notParticipating');
  if (error.status === 400 && field) return t('desk.surveys.problem.invalid', { field });
  return t('desk.surveys.problem.other');
}

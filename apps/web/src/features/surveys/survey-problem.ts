import type { TFunction } from 'i18next';
import { deskProblem } from '../../lib/api-problem';

/** A refused survey call: a unit that does not take part in it, else the desk's usual sentences. */
export function surveyProblem(t: TFunction, error: unknown): string {
  return deskProblem(t, error, (e) => (e.status === 400 && e.body?.field === 'orgUnitId' ? t('desk.surveys.problem.notParticipating') : null));
}

import type { TFunction } from 'i18next';
import { ApiCallError } from '../../api-client/client';

/**
 * The sentence for a refused change to a unit. The API names the field at fault; for a 409 on
 * `active` its message says whether the parent is the obstacle (reactivating) or what the unit
 * still holds (deactivating).
 */
export function unitProblemText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiCallError)) return t('desk.admin.units.refused.other');
  const field = error.body?.field;
  const message = error.body?.message ?? '';
  if (error.status === 409 && field === 'code') return t('desk.admin.units.refused.codeTaken');
  if (error.status === 409 && field === 'active') {
    return t(message.includes('parent') ? 'desk.admin.units.refused.parentInactive' : 'desk.admin.units.refused.busy');
  }
  if (error.status === 409 && field === 'parentId') {
    return t(message.includes('descendants') ? 'desk.admin.units.refused.cycle' : 'desk.admin.units.refused.parentInactive');
  }
  return t('desk.admin.units.refused.other');
}

import type { TFunction } from 'i18next';

/** What the API said about a refused entry: its status and, when it named one, the field. */
export interface Refusal {
  status: number;
  field?: string;
}

/**
 * The sentence shown to the person for a refusal, in their language. The API's own message is
 * English, for developers; shown as is it was the one English line on a Vietnamese screen.
 */
export function refusalText(t: TFunction, refusal: Refusal): string {
  if (refusal.field === 'url') return t('problem.url');
  if (refusal.field === 'file' || refusal.status === 413 || refusal.status === 415) return t('problem.file');
  if (refusal.field === 'taskId') return t('problem.task');
  return t('problem.other');
}

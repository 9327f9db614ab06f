import type { TFunction } from 'i18next';
import { formatDate } from '../../lib/format';

/** A survey's calendar dates (YYYY-MM-DD) as dd/mm/yyyy, read as dates and not shifted by a time zone. */
export function surveyDates(t: TFunction, startsOn: string, endsOn: string | null): string {
  const start = formatDate(`${startsOn}T00:00:00Z`, 'UTC');
  return endsOn ? t('desk.surveys.dates.range', { start, end: formatDate(`${endsOn}T00:00:00Z`, 'UTC') }) : t('desk.surveys.dates.from', { start });
}

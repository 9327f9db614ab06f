import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HistoryReport } from './history-timeline';

type CaseStatus = NonNullable<HistoryReport['pageCaseStatus']>;

// Dark shades on white: every badge's text passes WCAG AA contrast.
const COLOR: Record<CaseStatus, string> = {
  new: 'gray.8',
  verified: 'blue.8',
  rejected: 'gray.8',
  removal_requested: '#a33a00', // Mantine's orange 9 is 3.9:1 on white
  removed: '#1e6b2e', // Mantine's green 9 is 4.4:1
  still_online: 'red.9',
};

/**
 * Where a report's page case stands for me; "being matched" until the link job has run.
 * `plain` drops the "Tình trạng:" prefix, for a column already headed so.
 */
export function CaseStatusBadge({ report, plain = false }: { report: Pick<HistoryReport, 'pageCaseId' | 'pageCaseStatus'>; plain?: boolean }) {
  const { t } = useTranslation();
  const status = report.pageCaseId ? report.pageCaseStatus : null;
  return (
    <Badge variant="outline" tt="none" color={status ? COLOR[status] : 'gray.8'} style={{ maxWidth: '100%', height: 'auto', whiteSpace: 'normal' }}>
      {status ? (plain ? t(`caseStatus.${status}`) : t('history.caseStatus', { status: t(`caseStatus.${status}`) })) : t('history.linking')}
    </Badge>
  );
}

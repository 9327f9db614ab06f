import { Alert, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { CaseStatusBadge } from '../history/CaseStatusBadge';
import { findSentReport, type SentReport } from './sent-report';

/** The link job usually runs within seconds; after this the page stops asking and says so. */
const POLL_FOR_MS = 30_000;
const POLL_EVERY_MS = 2_000;

/**
 * The sent report's page case status, once the API linked it (asynchronously, by a job):
 * asked every 2 s for half a minute, then again whenever the person comes back to the app.
 */
export function SentReportStatus({ sent }: { sent: SentReport }) {
  const { t } = useTranslation();
  const [until] = useState(() => Date.now() + POLL_FOR_MS);
  const query = useQuery({
    queryKey: ['me', 'reports', 'sent', sent.sentAt],
    queryFn: async () => must(await api.GET('/api/v1/me/reports', { params: { query: { limit: 5 } } })),
    refetchInterval: (q) => {
      const report = q.state.data ? findSentReport(q.state.data.items, sent) : null;
      return report?.pageCaseStatus || Date.now() > until ? false : POLL_EVERY_MS;
    },
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });
  const report = query.data ? findSentReport(query.data.items, sent) : null;
  const linked = report?.pageCaseId != null && report.pageCaseStatus != null;
  return (
    <Alert color="green" role="status">
      <Text fw={600} mb={6}>
        {t('report.sent')}
      </Text>
      {linked ? (
        <CaseStatusBadge report={report} />
      ) : Date.now() > until ? (
        <Text size="sm">{t('report.linkSlow')}</Text>
      ) : (
        <Group gap="xs" wrap="nowrap">
          <Loader size="xs" aria-hidden />
          <Text size="sm">{t('report.linking')}</Text>
        </Group>
      )}
    </Alert>
  );
}

import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiCallError, must } from '../../api-client/client';
import { api } from '../../app/services';
import { DeskNotFound } from '../../app/DeskShell';
import { formatDateTime, formatNumber, safeHttpUrl, type Lang } from '../../lib/format';
import { CaseHistory } from './CaseHistory';
import { CaseStatusTag } from './CaseStatus';
import { EvidenceItem } from './EvidenceViewer';
import { fileNameOf, saveBlob } from '../../lib/download';
import type { PageCase } from './queue-filters';
import { useCaseHistory, useCaseReports, usePageCase, type CaseEvent } from './review-api';
import { TransitionForm } from './TransitionForm';

/** /desk/pages/:id: one case, its reports and evidence, its next moves and its history. */
export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const pageCase = usePageCase(id);
  const history = useCaseHistory(id);
  if (pageCase.isPending) return <Loader aria-label={t('common.loading')} />;
  if (pageCase.isError) {
    const missing = pageCase.error instanceof ApiCallError && (pageCase.error.status === 404 || pageCase.error.status === 400);
    return missing ? <DeskNotFound /> : <Alert color="red.8">{t('common.error')}</Alert>;
  }
  return (
    <Stack gap="lg">
      <Anchor component={Link} to=".." relative="path" size="sm" style={{ alignSelf: 'flex-start' }} py={10}>
        ← {t('desk.review.case.back')}
      </Anchor>
      <CaseSummary pageCase={pageCase.data} />
      <PackageDownload pageCase={pageCase.data} events={history.data ?? []} />
      <TransitionForm pageCase={pageCase.data} />
      <CaseReports id={id} />
      {history.data && <CaseHistory events={history.data} />}
    </Stack>
  );
}

function CaseSummary({ pageCase }: { pageCase: PageCase }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const fact = (label: string, value: string) => (
    <div>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text>{value}</Text>
    </div>
  );
  return (
    <Stack gap="sm" component="section" aria-labelledby="case-title">
      <Text size="sm" c="gray.7">
        {t('desk.review.case.title')}
      </Text>
      {/* The reported page's address, as text: it is a harmful page, not a link to follow from here. */}
      <Title order={1} size="h2" id="case-title" style={{ overflowWrap: 'anywhere' }}>
        {pageCase.canonicalUrl}
      </Title>
      <Group gap="sm">
        <CaseStatusTag status={pageCase.status} />
        <Badge variant="outline" color="gray.8" tt="none">
          {t(`category.${pageCase.category}`)}
        </Badge>
      </Group>
      {pageCase.dueForRecheck && <Alert color="red.8">{t('desk.review.case.due')}</Alert>}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {fact(t('desk.review.case.platform'), t(`platform.${pageCase.platform}`))}
        {fact(t('desk.review.queue.reports'), formatNumber(pageCase.reportCount, lang))}
        {fact(t('desk.review.case.reporters'), formatNumber(pageCase.reporterCount, lang))}
        {fact(t('desk.review.case.firstReported'), pageCase.firstReportedAt ? formatDateTime(pageCase.firstReportedAt) : '—')}
      </SimpleGrid>
    </Stack>
  );
}

/** The package exists once the tree's review reached removal_requested (GET answers 404 before). */
function PackageDownload({ pageCase, events }: { pageCase: PageCase; events: CaseEvent[] }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!events.some((event) => event.toStatus === 'removal_requested')) return null;
  const download = async () => {
    setBusy(true);
    setFailed(false);
    try {
      const answer = await api.GET('/api/v1/pages/{id}/package', { params: { path: { id: pageCase.id } }, parseAs: 'blob' });
      const blob = must(answer) as Blob;
      saveBlob(blob, fileNameOf(answer.response.headers.get('content-disposition'), `ho-so-go-bo-trang-${pageCase.id}.docx`));
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button color="blue.8" onClick={() => void download()} loading={busy}>
          {t('desk.review.case.package')}
        </Button>
        <Text size="sm" c="gray.7">
          {t('desk.review.case.packageHint')}
        </Text>
      </Group>
      {failed && <Alert color="red.8">{t('desk.review.case.packageFailed')}</Alert>}
    </Stack>
  );
}

function CaseReports({ id }: { id: string }) {
  const { t } = useTranslation();
  const { list, details } = useCaseReports(id);
  return (
    <Stack gap="sm" component="section" aria-labelledby="case-reports">
      <Title order={2} size="h3" id="case-reports">
        {t('desk.review.case.reports')}
      </Title>
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.isError ? (
        <Alert color="red.8">{t('common.error')}</Alert>
      ) : list.data.length === 0 ? (
        <Text c="gray.7">{t('desk.review.case.noReports')}</Text>
      ) : (
        list.data.map((report, i) => <ReportCard key={report.id} report={report} evidence={details[i]?.data?.evidence} />)
      )}
    </Stack>
  );
}

type ReportRow = NonNullable<ReturnType<typeof useCaseReports>['list']['data']>[number];
type EvidenceRows = NonNullable<ReturnType<typeof useCaseReports>['details'][number]['data']>['evidence'];

function ReportCard({ report, evidence }: { report: ReportRow; evidence: EvidenceRows | undefined }) {
  const { t } = useTranslation();
  const safe = safeHttpUrl(report.url);
  return (
    <Card withBorder padding="sm" component="article" aria-label={t('desk.review.case.reportedAt', { at: formatDateTime(report.createdAt) })}>
      <Stack gap="xs">
        <Group gap="sm" justify="space-between">
          <Text fw={600}>{t(`category.${report.category}`)}</Text>
          <Text size="sm" c="gray.7">
            {t('desk.review.case.reportedAt', { at: formatDateTime(report.createdAt) })}
          </Text>
        </Group>
        {safe ? (
          <Anchor href={safe} target="_blank" rel="noopener noreferrer nofollow" size="sm" style={{ overflowWrap: 'anywhere' }}>
            {report.url}
          </Anchor>
        ) : (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {report.url}
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={report.description ? undefined : 'gray.7'}>
          {report.description ?? t('desk.review.case.noDescription')}
        </Text>
        <Text size="sm" fw={600}>
          {t('desk.review.case.evidence')}
        </Text>
        {evidence === undefined ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : evidence.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('desk.review.case.noEvidence')}
          </Text>
        ) : (
          evidence.map((file, i) => <EvidenceItem key={file.id} evidence={file} n={i + 1} />)
        )}
      </Stack>
    </Card>
  );
}

import { Alert, Anchor, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatDateTime, formatNumber, safeHttpUrl, type Lang } from '../../lib/format';
import { useSession } from '../session/useSession';
import { CaseStatusBadge } from './CaseStatusBadge';
import { mergeHistory, type HistoryEntry, type HistoryReport } from './history-timeline';

const PAGE_SIZE = 20;
/** A report is linked by a job within seconds; the list asks again meanwhile, but not for ever. */
const LINK_WAIT_MS = 2 * 60_000;
const LINK_POLL_MS = 5_000;

function useMyActions(userId: string) {
  return useInfiniteQuery({
    queryKey: ['me', 'history', 'actions', userId],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET('/api/v1/actions', { params: { query: { userId, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

function useMyReports() {
  return useInfiniteQuery({
    queryKey: ['me', 'history', 'reports'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET('/api/v1/me/reports', { params: { query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Refreshed while a recent report waits for its page case, so its status appears by itself.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some(awaitsLink)) ? LINK_POLL_MS : false),
  });
}

function awaitsLink(report: HistoryReport): boolean {
  return report.pageCaseId === null && Date.now() - Date.parse(report.createdAt) < LINK_WAIT_MS;
}

/** The titles of the tasks the shown rows name, one cached request per task. */
function useTaskTitles(entries: HistoryEntry[]): Map<string, string> {
  const ids = [...new Set(entries.flatMap((e) => (e.kind === 'action' ? e.action.taskId : e.report.taskId) ?? []))];
  const answers = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['tasks', id],
      queryFn: async () => must(await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  return new Map(answers.flatMap((answer) => (answer.data ? [[answer.data.id, answer.data.title] as const] : [])));
}

/** The row's link, as text; it is a link only when it is http(s). */
function RowUrl({ url }: { url: string | null }) {
  const { t } = useTranslation();
  if (!url) return <Text size="sm" c="gray.7">{t('history.noUrl')}</Text>;
  const safe = safeHttpUrl(url);
  const style = { overflowWrap: 'anywhere' as const };
  if (!safe) return <Text size="sm" style={style}>{url}</Text>;
  return (
    // A block with padding: the whole line is a target at least 44 px tall.
    <Anchor href={safe} target="_blank" rel="noopener noreferrer" size="sm" display="block" py={12} style={style}>
      {url}
    </Anchor>
  );
}

function HistoryRow({ entry, taskTitles }: { entry: HistoryEntry; taskTitles: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const record = entry.kind === 'action' ? entry.action : entry.report;
  const taskId = record.taskId;
  const kind = entry.kind === 'action' ? t(`actionType.${entry.action.type}`) : t('history.reportKind');
  const titleId = `history-${entry.key}`;
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={titleId}>
      <Stack gap={2}>
        <Text size="sm" c="gray.7">
          <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        </Text>
        <Text fw={600} id={titleId}>
          {kind} · {t(`platform.${record.platform}`)}
        </Text>
        <RowUrl url={record.url} />
        {entry.kind === 'action' ? (
          <Text size="sm">{t('history.reach', { value: formatNumber(entry.action.reach, lang) })}</Text>
        ) : (
          <Group gap="xs">
            <Text size="sm">{t(`category.${entry.report.category}`)}</Text>
            <CaseStatusBadge report={entry.report} />
          </Group>
        )}
        {taskId && (
          <Text size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
            {t('history.task', { title: taskTitles.get(taskId) ?? t('history.taskUnknown', { id: taskId }) })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function MyHistory({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const actions = useMyActions(userId);
  const reports = useMyReports();
  const timeline = mergeHistory(
    { items: actions.data?.pages.flatMap((p) => p.items) ?? [], more: actions.hasNextPage || actions.isPending },
    { items: reports.data?.pages.flatMap((p) => p.items) ?? [], more: reports.hasNextPage || reports.isPending },
  );
  const taskTitles = useTaskTitles(timeline.entries);
  const pending = actions.isPending || reports.isPending;
  // Offline, TanStack Query holds the first load (paused) until the network is back.
  const offline = [actions, reports].some((list) => list.isPending && list.fetchStatus !== 'fetching');
  const more = actions.hasNextPage || reports.hasNextPage;
  const loadingMore = actions.isFetchingNextPage || reports.isFetchingNextPage;

  function loadMore() {
    if (timeline.next.actions) void actions.fetchNextPage();
    if (timeline.next.reports) void reports.fetchNextPage();
  }

  return (
    <Stack>
      <Title order={1} size="h3">
        {t('history.title')}
      </Title>
      {pending && !offline && <Loader aria-label={t('common.loading')} />}
      {offline && <Alert color="yellow">{t('common.offlineNoData')}</Alert>}
      {(actions.isError || reports.isError) && (
        <Alert color="red" role="alert">
          {t('common.error')}
        </Alert>
      )}
      {!pending && timeline.entries.length === 0 && !more && <Text>{t('history.empty')}</Text>}
      {timeline.entries.length > 0 && (
        <Stack gap="xs" component="section" aria-label={t('history.title')}>
          {timeline.entries.map((entry) => (
            <HistoryRow key={entry.key} entry={entry} taskTitles={taskTitles} />
          ))}
        </Stack>
      )}
      {!pending && more && (
        <Button variant="light" mih={44} onClick={loadMore} loading={loadingMore}>
          {t('history.loadMore')}
        </Button>
      )}
      {!pending && !more && timeline.entries.length > 0 && (
        <Text size="sm" c="gray.7" ta="center">
          {t('history.end')}
        </Text>
      )}
    </Stack>
  );
}

/** My actions and reports, newest first, with each report's page case status. */
export default function HistoryPage() {
  const state = useSession();
  if (state.status === 'signed-out') return null;
  return <MyHistory userId={state.user.id} />;
}

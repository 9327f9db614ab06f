import { Alert, Anchor, Box, Button, Group, Loader, Paper, Progress, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { formatDateTime, formatNumber, type Lang } from '../../lib/format';
import { StatusBadge } from './StatusBadge';
import { pendingListText, percentOf, taskProblem, waitingOf, type PendingAssignee, type ProgressCounts, type Task } from './task-desk';
import { MoreButton } from '../../ui/MoreButton';
import { ScrollTable } from '../../ui/ScrollTable';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { isNotFound, retryUnlessNotFound } from '../../lib/api-problem';

/** How often an open task's figures are read again, so the page follows people acting without a reload. */
const POLL_MS = 4000;

type UnitRow = Schemas['TaskUnitProgress'];
/** A unit drilled into, and the name of the one it was opened from (the way back). */
type Visited = { id: string; from: string };

/** /desk/tasks/:id: totals, assigned/done/declined per unit with bars, who has not acted yet, and closing the task. */
export function TaskProgress() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const task = useQuery({
    queryKey: ['desk-task', id],
    queryFn: async () => must(await api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (query.state.data?.status === 'closed' ? false : POLL_MS),
    retry: retryUnlessNotFound,
  });
  if (task.isPending) return <Loader aria-label={t('common.loading')} />;
  if (task.isError) {
    if (isNotFound(task.error)) return <DeskNotFound />;
    return <Alert color="red">{taskProblem(t, task.error)}</Alert>;
  }
  return <ProgressOf task={task.data} />;
}

function ProgressOf({ task }: { task: Task }) {
  const { t } = useTranslation();
  const [trail, setTrail] = useState<Visited[]>([]);
  const unitId = trail.at(-1)?.id;
  const polling = task.status === 'open' ? POLL_MS : false;
  const units = useInfiniteQuery({
    queryKey: ['desk-task', task.id, 'units', unitId ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/tasks/{id}/progress/units', {
          params: { path: { id: task.id }, query: { orgUnitId: unitId, cursor: pageParam, limit: 200 } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: polling,
  });
  // Only the secretariat of the task's own units may follow it (GET /tasks also shows tasks from above).
  if (units.isError && isNotFound(units.error) && !unitId) return <DeskNotFound />;
  const first = units.data?.pages[0];
  return (
    <Stack>
      <TaskHeading task={task} />
      {task.fanOutStatus === 'pending' && (
        <Text c="gray.7" role="status">
          {t('desk.assigning.progress.fanOutPending')}
        </Text>
      )}
      {units.isPending && <Loader aria-label={t('common.loading')} />}
      {units.isError && <Alert color="red">{taskProblem(t, units.error)}</Alert>}
      {first && (
        <>
          <Totals counts={first.total} />
          <Title order={2}>{t('desk.assigning.progress.byUnit')}</Title>
          {trail.length > 0 && (
            <Anchor component="button" type="button" c="blue.8" onClick={() => setTrail(trail.slice(0, -1))} style={{ alignSelf: 'flex-start' }}>
              ← {t('desk.assigning.progress.back', { name: trail.at(-1)?.from ?? '' })}
            </Anchor>
          )}
          <UnitTable
            shown={first}
            rows={(units.data?.pages ?? []).flatMap((page) => page.items)}
            onOpen={(row) => setTrail([...trail, { id: row.orgUnitId, from: first.name }])}
          />
          <MoreButton pages={units} />
        </>
      )}
      <PendingList task={task} unitId={unitId} polling={polling} />
      <CloseTask task={task} />
    </Stack>
  );
}

function TaskHeading({ task }: { task: Task }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Group gap="sm" align="center" wrap="wrap">
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {task.title}
        </Title>
        <StatusBadge task={task} />
      </Group>
      <Text size="sm" c="gray.7">
        {t(`taskKind.${task.kind}`)} ·{' '}
        {task.dueAt ? t('desk.assigning.progress.due', { date: formatDateTime(task.dueAt) }) : t('desk.assigning.progress.noDue')} ·{' '}
        {t('desk.assigning.progress.createdAt', { date: formatDateTime(task.createdAt) })}
      </Text>
      {task.status === 'closed' && task.closedAt && (
        <Text size="sm" c="gray.7">
          {t('desk.assigning.progress.closed', { date: formatDateTime(task.closedAt) })}
        </Text>
      )}
      <Text size="xs" c="gray.7">
        {task.status === 'open' ? t('desk.assigning.progress.live') : null}
      </Text>
    </Stack>
  );
}

function Totals({ counts }: { counts: ProgressCounts }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const figures = [
    ['assigned', counts.assigned, 'blue.8'],
    ['done', counts.done, 'teal.9'],
    ['declined', counts.declined, 'red.8'],
    ['waiting', waitingOf(counts), 'gray.7'],
  ] as const;
  return (
    <section aria-label={t('desk.assigning.progress.totals')}>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {figures.map(([key, value, color]) => (
          <Paper key={key} withBorder p="sm">
            <Text size="sm" c="gray.7">
              {t(`desk.assigning.progress.${key}`)}
            </Text>
            <Text fw={700} fz="xl" c={color} data-figure={key}>
              {formatNumber(value, lang)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}

/** The bar of one row: done, declined, not yet, each a share of those given the task. */
function CountsBar({ counts }: { counts: ProgressCounts }) {
  return (
    // The figures stand in the row's cells; the bar repeats them for the eye only.
    <Progress.Root size="md" mt={6} aria-hidden="true" style={{ minWidth: 80 }}>
      <Progress.Section value={percentOf(counts.done, counts.assigned)} color="teal.9" />
      <Progress.Section value={percentOf(counts.declined, counts.assigned)} color="red.8" />
      <Progress.Section value={percentOf(waitingOf(counts), counts.assigned)} color="gray.4" />
    </Progress.Root>
  );
}

function UnitTable({
  shown,
  rows,
  onOpen,
}: {
  shown: Schemas['TaskUnitProgressPage'];
  rows: UnitRow[];
  onOpen(row: UnitRow): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const cells = (counts: ProgressCounts) => (
    <>
      <Table.Td ta="right">{formatNumber(counts.assigned, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(counts.done, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(counts.declined, lang)}</Table.Td>
      <Table.Td ta="right">{formatNumber(waitingOf(counts), lang)}</Table.Td>
    </>
  );
  if (rows.length === 0 && shown.direct.assigned === 0) return <Text c="gray.7">{t('desk.assigning.progress.noUnits')}</Text>;
  return (
    <Stack gap="xs">
      <BarLegend />
      <ScrollTable minWidth={320} label={t('desk.assigning.progress.byUnit')}>
        <Table striped fz="sm" horizontalSpacing="xs" aria-label={t('desk.assigning.progress.byUnit')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desk.assigning.progress.unit')}</Table.Th>
              <Table.Th ta="right">{t('desk.assigning.progress.assigned')}</Table.Th>
              <Table.Th ta="right">{t('desk.assigning.progress.done')}</Table.Th>
              <Table.Th ta="right">{t('desk.assigning.progress.declined')}</Table.Th>
              <Table.Th ta="right">{t('desk.assigning.progress.waiting')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.orgUnitId} data-unit={row.orgUnitId}>
                <Table.Td>
                  <UnstyledButton
                    onClick={() => onOpen(row)}
                    aria-label={t('desk.assigning.progress.drill', { name: row.name })}
                    c="blue.8"
                    td="underline"
                    style={{ overflowWrap: 'anywhere' }}
                  >
                    {row.name}
                  </UnstyledButton>
                  <CountsBar counts={row} />
                </Table.Td>
                {cells(row)}
              </Table.Tr>
            ))}
            {shown.direct.assigned > 0 && (
              <Table.Tr data-unit="direct">
                <Table.Td>
                  <Text size="sm">{t('desk.assigning.progress.direct', { name: shown.name })}</Text>
                  <CountsBar counts={shown.direct} />
                </Table.Td>
                {cells(shown.direct)}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/** What the bars' colours stand for. */
function BarLegend() {
  const { t } = useTranslation();
  const keys = [
    ['done', 'teal.9'],
    ['declined', 'red.8'],
    ['waiting', 'gray.4'],
  ] as const;
  return (
    <Group gap="md" aria-hidden="true">
      {keys.map(([key, color]) => (
        <Group key={key} gap={6} wrap="nowrap">
          <Box w={12} h={12} bg={color} style={{ borderRadius: 2 }} />
          <Text size="sm" c="gray.7">
            {t(`desk.assigning.progress.${key}`)}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/** Every pending assignee of the subtree, all pages: what "copy the list" copies. */
async function allPending(taskId: string, unitId: string | undefined): Promise<PendingAssignee[]> {
  const rows: PendingAssignee[] = [];
  let cursor: string | undefined;
  do {
    const page = must(
      await api.GET('/api/v1/tasks/{id}/pending', { params: { path: { id: taskId }, query: { orgUnitId: unitId, cursor, limit: 200 } } }),
    );
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

function PendingList({ task, unitId, polling }: { task: Task; unitId: string | undefined; polling: number | false }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  const pending = useInfiniteQuery({
    queryKey: ['desk-task', task.id, 'pending', unitId ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/tasks/{id}/pending', {
          params: { path: { id: task.id }, query: { orgUnitId: unitId, cursor: pageParam, limit: 100 } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: polling,
  });
  const rows = pending.data?.pages.flatMap((page) => page.items) ?? [];

  async function copy() {
    try {
      const everyone = await allPending(task.id, unitId);
      await navigator.clipboard.writeText(pendingListText(everyone));
      setCopied(t('desk.assigning.progress.copied', { people: formatNumber(everyone.length, i18n.language as Lang) }));
    } catch {
      setCopied(t('desk.assigning.progress.copyFailed'));
    }
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('desk.assigning.progress.pending')}</Title>
        {rows.length > 0 && (
          <Button variant="default" onClick={() => void copy()}>
            {t('desk.assigning.progress.copy')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="teal.9" role="status" aria-live="polite">
        {copied}
      </Text>
      {pending.isPending && <Loader aria-label={t('common.loading')} />}
      {pending.isError && <Alert color="red">{taskProblem(t, pending.error)}</Alert>}
      {pending.isSuccess && rows.length === 0 && <Text c="gray.7">{t('desk.assigning.progress.pendingEmpty')}</Text>}
      {rows.length > 0 && (
        <ScrollTable minWidth={320} label={t('desk.assigning.progress.pending')}>
          <Table striped aria-label={t('desk.assigning.progress.pending')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.assigning.progress.person')}</Table.Th>
                <Table.Th>{t('desk.assigning.progress.unit')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.assignmentId}>
                  <Table.Td>{row.fullName}</Table.Td>
                  <Table.Td>{row.unitName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <MoreButton pages={pending} />
    </Stack>
  );
}

/** "Đóng nhiệm vụ", after a confirmation: what is not done yet stops counting. */
function CloseTask({ task }: { task: Task }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const closing = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/tasks/{id}/close', { params: { path: { id: task.id } } })),
    onSuccess: (closed) => {
      queryClient.setQueryData(['desk-task', task.id], closed);
      void queryClient.invalidateQueries({ queryKey: ['desk-tasks'] });
      close();
    },
  });
  if (task.status === 'closed') return null;
  return (
    <>
      <Button color="red.8" variant="outline" onClick={open} style={{ alignSelf: 'flex-start' }}>
        {t('desk.assigning.progress.close')}
      </Button>
      <ConfirmDialog
        opened={opened}
        onClose={close}
        title={t('desk.assigning.progress.close')}
        text={t('desk.assigning.progress.closeConfirm')}
        confirmLabel={t('desk.assigning.progress.closeYes')}
        onConfirm={() => closing.mutate()}
        pending={closing.isPending}
        error={closing.isError ? taskProblem(t, closing.error) : null}
      />
    </>
  );
}

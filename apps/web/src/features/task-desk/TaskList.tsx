import { Alert, Anchor, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatDateTime, formatNumber, type Lang } from '../../lib/format';
import { StatusBadge } from './StatusBadge';
import { taskProblem, type Task } from './task-desk';
import { MoreButton } from '../../ui/MoreButton';
import { ScrollTable } from '../../ui/ScrollTable';

type Show = 'all' | 'open' | 'overdue' | 'closed';

/** What each choice of the filter asks GET /tasks for. */
const QUERY_OF: Record<Show, { status?: 'open' | 'closed'; overdue?: boolean }> = {
  all: {},
  open: { status: 'open' },
  overdue: { overdue: true },
  closed: { status: 'closed' },
};

/** /desk/tasks: the tasks of the reader's units, newest first, overdue ones marked. */
export function TaskList() {
  const { t } = useTranslation();
  const [show, setShow] = useState<Show>('all');
  const tasks = useInfiniteQuery({
    queryKey: ['desk-tasks', show],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      // managed: the tasks of the reader's own units, the ones whose progress the desk opens.
      must(await api.GET('/api/v1/tasks', { params: { query: { ...QUERY_OF[show], managed: true, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const managed = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('desk.assigning.list.title')}</Title>
        <Button component={Link} to="new">
          {t('desk.assigning.list.create')}
        </Button>
      </Group>
      <NativeSelect
        label={t('desk.assigning.list.filter')}
        value={show}
        onChange={(event) => setShow(event.currentTarget.value as Show)}
        data={(['all', 'open', 'overdue', 'closed'] as const).map((value) => ({ value, label: t(`desk.assigning.list.${value}`) }))}
        maw={240}
      />
      {tasks.isPending && <Loader aria-label={t('common.loading')} />}
      {tasks.isError && <Alert color="red">{taskProblem(t, tasks.error)}</Alert>}
      {tasks.isSuccess && managed.length === 0 && <Text c="gray.7">{t('desk.assigning.list.empty')}</Text>}
      {managed.length > 0 && <TaskTable tasks={managed} />}
      <MoreButton pages={tasks} />
    </Stack>
  );
}

function TaskTable({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  return (
    <ScrollTable minWidth={520} label={t('desk.assigning.list.title')}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('desk.assigning.list.task')}</Table.Th>
            <Table.Th>{t('desk.assigning.list.due')}</Table.Th>
            <Table.Th>{t('desk.assigning.list.progress')}</Table.Th>
            <Table.Th>{t('desk.assigning.list.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id}>
              <Table.Td>
                <Anchor component={Link} to={task.id} c="blue.8" style={{ overflowWrap: 'anywhere' }}>
                  {task.title}
                </Anchor>
                <Text size="sm" c="gray.7">
                  {t(`taskKind.${task.kind}`)}
                </Text>
              </Table.Td>
              <Table.Td>{task.dueAt ? formatDateTime(task.dueAt) : t('desk.assigning.list.noDue')}</Table.Td>
              <Table.Td>
                {formatNumber(task.doneCount, lang)} / {formatNumber(task.assignmentCount, lang)}
              </Table.Td>
              <Table.Td>
                <StatusBadge task={task} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

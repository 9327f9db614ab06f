import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatDate, safeHttpUrl, firstHttpUrl } from '../../lib/format';
import { sortAssignments, type Assignment } from './sort-assignments';

/** The URL the person just copied, if the browser lets us read it (a tap is the gesture it needs). */
async function clipboardUrl(): Promise<string | null> {
  try {
    return firstHttpUrl(await navigator.clipboard.readText());
  } catch {
    return null;
  }
}

function TaskCard({ assignment }: { assignment: Assignment }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const task = assignment.task;
  if (!task) return null;
  const link = safeHttpUrl(task.targetUrl);
  const open = assignment.status === 'assigned' && task.status === 'open';

  // Tap 1 of 2: the log form opens with the link from the clipboard (or the task's own), tap 2 sends.
  async function shared() {
    const url = (await clipboardUrl()) ?? link ?? '';
    if (task!.kind === 'report_page') return void navigate(`/report?${new URLSearchParams({ taskId: task!.id, url })}`);
    const type = task!.kind === 'interact' ? 'reaction' : 'share';
    void navigate(`/log?${new URLSearchParams({ type, taskId: task!.id, url })}`);
  }

  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`task-${assignment.id}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600} id={`task-${assignment.id}`} style={{ overflowWrap: 'anywhere' }}>
            {task.title}
          </Text>
          {assignment.overdue && open ? (
            <Badge color="red.8" variant="filled" style={{ flexShrink: 0 }}>{t('tasks.overdue')}</Badge>
          ) : !open ? (
            <Badge color="gray.7" variant="light" style={{ flexShrink: 0 }}>{t(`tasks.status.${assignment.status === 'assigned' ? 'closed' : assignment.status}`)}</Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          {t(`taskKind.${task.kind}`)} · {task.dueAt ? t('tasks.due', { date: formatDate(task.dueAt) }) : t('tasks.noDue')}
        </Text>
        {task.instructions && (
          // Typed by a person: rendered as text, never as HTML.
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {task.instructions}
          </Text>
        )}
        <Group gap="sm">
          {link && (
            <Anchor href={link} target="_blank" rel="noopener noreferrer" size="sm">
              {t('tasks.openContent')}
            </Anchor>
          )}
          {open && (
            <Button size="sm" ml="auto" onClick={() => void shared()}>
              {task.kind === 'report_page' ? t('tasks.reported') : t('tasks.shared')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export default function TasksPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['me', 'assignments'],
    queryFn: async () => must(await api.GET('/api/v1/me/assignments', { params: { query: { limit: 100 } } })),
  });
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('tasks.title')}
      </Title>
      {query.isPending && query.fetchStatus !== 'idle' && <Loader aria-label={t('common.loading')} />}
      {query.isPending && query.fetchStatus === 'idle' && <Alert color="yellow">{t('common.offlineNoData')}</Alert>}
      {query.isError && <Alert color="red">{t('common.error')}</Alert>}
      {query.data && query.data.items.length === 0 && <Text>{t('tasks.empty')}</Text>}
      {query.data && sortAssignments(query.data.items).map((a) => <TaskCard key={a.id} assignment={a} />)}
    </Stack>
  );
}

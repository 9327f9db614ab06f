import { Alert, Anchor, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { formatDate, safeHttpUrl, firstHttpUrl } from '../../lib/format';
import { PushOptIn } from '../notifications/PushOptIn';
import { useSession } from '../session/useSession';
import { myAssignmentsQuery } from './my-assignments';
import { markSeen, seenMark, unseenAssignments } from './seen-assignments';
import { sortAssignments, type Assignment } from './sort-assignments';

/** The URL the person just copied, if the browser lets us read it (a tap is the gesture it needs). */
async function clipboardUrl(): Promise<string | null> {
  try {
    return firstHttpUrl(await navigator.clipboard.readText());
  } catch {
    return null;
  }
}

type TaskKind = NonNullable<Assignment['task']>['kind'];

/** What doing a task is logged as, and what its button says ("Đã chia sẻ" on an interact task misled people). */
const ACTION_OF_KIND: Partial<Record<TaskKind, 'reaction' | 'post'>> = { interact: 'reaction', write: 'post' };
const DONE_LABEL: Partial<Record<TaskKind, string>> = { interact: 'tasks.interacted', write: 'tasks.posted', report_page: 'tasks.reported' };

function TaskCard({ assignment, isNew }: { assignment: Assignment; isNew: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const task = assignment.task;
  if (!task) return null;
  const link = safeHttpUrl(task.targetUrl);
  const open = assignment.status === 'assigned' && task.status === 'open';

  // Tap 1 of 2: the log form opens with the link from the clipboard (or the task's own), tap 2 sends.
  async function shared() {
    // A report task names the page to report; whatever the clipboard holds is not that page.
    if (task!.kind === 'report_page') {
      const url = link ?? (await clipboardUrl()) ?? '';
      return void navigate(`/report?${new URLSearchParams({ taskId: task!.id, url })}`);
    }
    const url = (await clipboardUrl()) ?? link ?? '';
    void navigate(`/log?${new URLSearchParams({ type: ACTION_OF_KIND[task!.kind] ?? 'share', taskId: task!.id, url })}`);
  }

  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={`task-${assignment.id}`}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600} id={`task-${assignment.id}`} style={{ overflowWrap: 'anywhere' }}>
            {task.title}
          </Text>
          {isNew && (
            <Badge color="blue.8" variant="filled" style={{ flexShrink: 0 }}>
              {t('tasks.new')}
            </Badge>
          )}
          {assignment.overdue && open ? (
            <Badge color="red.8" variant="filled" style={{ flexShrink: 0 }}>{t('tasks.overdue')}</Badge>
          ) : !open ? (
            // Filled in a dark shade: white on it passes AA contrast at the badge's small size.
            <Badge color={assignment.status === 'done' ? 'teal.9' : 'gray.7'} variant="filled" style={{ flexShrink: 0 }}>
              {t(`tasks.status.${assignment.status === 'assigned' ? 'closed' : assignment.status}`)}
            </Badge>
          ) : null}
        </Group>
        {/* gray.7, not "dimmed": Mantine's dimmed grey on white is below AA contrast. */}
        <Text size="sm" c="gray.7">
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
              {t(DONE_LABEL[task.kind] ?? 'tasks.shared')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * Each opening of the tasks screen (a new location, also a tap on its own footer link) marks
 * what it shows as seen. The cards keep "Mới" for this visit: the mark from before it, kept
 * in state, decides which are new, including those that arrive while the screen is open.
 */
function useSeenOnOpen(userId: string | null, items: Assignment[] | undefined): Set<string> {
  const location = useLocation();
  const [visit, setVisit] = useState<{ key: string; before: string | null } | null>(null);
  useEffect(() => {
    if (!userId || !items || visit?.key === location.key) return;
    setVisit({ key: location.key, before: seenMark(userId) });
    markSeen(userId, items);
  }, [userId, items, location.key, visit?.key]);
  if (!items || !visit) return new Set();
  return new Set(unseenAssignments(items, visit.before).map((a) => a.id));
}

export default function TasksPage() {
  const { t } = useTranslation();
  const session = useSession();
  const userId = session.status === 'signed-out' ? null : session.user.id;
  const query = useQuery(myAssignmentsQuery);
  const fresh = useSeenOnOpen(userId, query.data?.items);
  return (
    // A readable column on a wide screen; the whole width on a phone.
    <Stack maw={760} mx="auto" w="100%">
      <Title order={1} size="h3">
        {t('tasks.title')}
      </Title>
      {userId && <PushOptIn userId={userId} />}
      {query.isPending && query.fetchStatus === 'fetching' && <Loader aria-label={t('common.loading')} />}
      {/* Offline the query is paused, not idle: without this a reload offline showed a spinner for good. */}
      {query.isPending && query.fetchStatus !== 'fetching' && <Alert color="yellow">{t('common.offlineNoData')}</Alert>}
      {query.isError && <Alert color="red">{t('common.error')}</Alert>}
      {query.data && query.data.items.length === 0 && <Text>{t('tasks.empty')}</Text>}
      {query.data && sortAssignments(query.data.items).map((a) => <TaskCard key={a.id} assignment={a} isNew={fresh.has(a.id)} />)}
    </Stack>
  );
}

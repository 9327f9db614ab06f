import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNetwork } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queueStore } from '../../app/services';
import { formatDateTime } from '../../lib/format';
import { refusalText } from '../../lib/problem-text';
import type { QueuedEntry } from './queue-store';
import { syncNow, useQueue } from './useQueue';

function FailedEntry({ entry }: { entry: QueuedEntry }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(entry.body.url ?? '');
  async function retry() {
    const body = { ...entry.body, url: url.trim() || undefined };
    await queueStore.put({ ...entry, body, state: 'waiting', problem: undefined } as QueuedEntry);
    void syncNow();
  }
  return (
    <Stack gap={6}>
      {entry.problem && <Alert color="red">{refusalText(t, entry.problem)}</Alert>}
      <TextInput label={t('log.url')} value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
      <Group>
        <Button size="sm" onClick={() => void retry()}>{t('queue.retry')}</Button>
        <Button size="sm" variant="outline" color="red" onClick={() => void queueStore.remove(entry.clientId)}>{t('queue.discard')}</Button>
      </Group>
    </Stack>
  );
}

export default function QueuePage({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { entries } = useQueue(userId);
  // Re-rendered when the connection comes and goes, so the button and the note follow it.
  const { online } = useNetwork();
  return (
    <Stack maw={760} mx="auto" w="100%">
      <Title order={1} size="h3">{t('queue.title')}</Title>
      {entries.length === 0 && <Text>{t('queue.empty')}</Text>}
      {entries.length > 0 && !online && <Alert color="yellow">{t('queue.offlineNote')}</Alert>}
      {entries.length > 0 && (
        <Button onClick={() => void syncNow()} disabled={!online}>{t('queue.syncNow')}</Button>
      )}
      {entries.map((entry) => (
        <Card key={entry.clientId} withBorder padding="sm" component="article">
          <Text fw={600}>{entry.kind === 'report' ? t('report.title') : t(`actionType.${entry.body.type}`)}</Text>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{entry.body.url}</Text>
          <Text size="sm" c="gray.7">{formatDateTime(entry.queuedAt)}</Text>
          {entry.state === 'failed' && <FailedEntry entry={entry} />}
        </Card>
      ))}
    </Stack>
  );
}

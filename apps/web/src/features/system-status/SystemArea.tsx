import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { formatDateTime, formatNumber, type Lang } from '../../lib/format';

type Status = Schemas['SystemStatus'];
const REFRESH_MS = 10_000;
/** Where the API mounts Bull Board; the session route's cookie opens it. */
const BULL_BOARD_URL = '/admin/queues';

/** System status at /desk/system (admins). */
export default function SystemArea() {
  return (
    <Routes>
      <Route index element={<SystemScreen />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}

function SystemScreen() {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: ['desk', 'system'],
    queryFn: async () => must(await api.GET('/api/v1/admin/system')),
    refetchInterval: REFRESH_MS,
    staleTime: 0,
  });
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('desk.admin.system.title')}</Title>
          <Text size="sm" c="gray.7">
            {t('desk.admin.system.refreshing')}
          </Text>
        </div>
        <OpenBullBoard />
      </Group>
      {status.isPending && <Loader aria-label={t('common.loading')} />}
      {status.isError && <Alert color="red">{t('desk.admin.failed')}</Alert>}
      {status.data && <StatusView status={status.data} />}
    </Stack>
  );
}

/**
 * Opens Bull Board in a new tab: the session route sets its HttpOnly cookie first, so no token
 * goes in the URL. The tab is opened before the call (a popup opened after an await is blocked)
 * and pointed at the board once the cookie is set.
 */
function OpenBullBoard() {
  const { t } = useTranslation();
  const open = useMutation({
    mutationFn: async (tab: Window | null) => {
      const answer = await api.POST('/api/v1/admin/queues/session');
      if (!answer.response.ok) throw new Error(`HTTP ${answer.response.status}`);
      return tab;
    },
    onSuccess: (tab) => {
      if (tab) {
        // The board needs nothing from this tab: cut the link back to it.
        tab.opener = null;
        tab.location.href = BULL_BOARD_URL;
      } else window.open(BULL_BOARD_URL, '_blank', 'noopener');
    },
    onError: (_error, tab) => tab?.close(),
  });
  return (
    <Stack gap={4} align="flex-start">
      <Button onClick={() => open.mutate(window.open('about:blank', '_blank'))} loading={open.isPending}>
        {t('desk.admin.system.openBoard')}
      </Button>
      <Text size="xs" c="gray.7">
        {t('desk.admin.system.boardHint')}
      </Text>
      {open.isError && (
        <Text size="sm" c="red.8" role="alert">
          {t('desk.admin.system.boardFailed')}
        </Text>
      )}
    </Stack>
  );
}

function StatusView({ status }: { status: Status }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const { health, figures, version } = status;
  const check = (up: boolean) => (
    <Badge color={up ? 'teal.9' : 'red.8'} variant="filled">
      {t(up ? 'desk.admin.system.up' : 'desk.admin.system.down')}
    </Badge>
  );
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="system-health">
          <Title order={2} size="h4" id="system-health">
            {t('desk.admin.system.health')}
          </Title>
          <Text fw={700} c={health.status === 'ok' ? 'teal.9' : 'red.8'} mb="xs">
            {t(health.status === 'ok' ? 'desk.admin.system.healthOk' : 'desk.admin.system.healthDown')}
          </Text>
          <Group justify="space-between">
            <Text>{t('desk.admin.system.database')}</Text>
            {check(health.database === 'up')}
          </Group>
          <Group justify="space-between">
            <Text>{t('desk.admin.system.redis')}</Text>
            {check(health.redis === 'up')}
          </Group>
          <Group justify="space-between">
            <Text>{t('desk.admin.system.workers')}</Text>
            <Text fw={700}>{formatNumber(health.workers, lang)}</Text>
          </Group>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="system-figures">
          <Title order={2} size="h4" id="system-figures">
            {t('desk.admin.system.figures')}
          </Title>
          <Text>{t('desk.admin.system.asOf', { when: formatDateTime(figures.asOf) })}</Text>
          <Text fw={700}>{t('desk.admin.system.lag', { seconds: formatNumber(figures.lagSeconds, lang) })}</Text>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="system-version">
          <Title order={2} size="h4" id="system-version">
            {t('desk.admin.system.version')}
          </Title>
          <Text fw={700}>{version.version}</Text>
          {version.commit && (
            <Text size="sm" ff="monospace">
              {t('desk.admin.system.commit', { commit: version.commit.slice(0, 12) })}
            </Text>
          )}
        </Paper>
      </SimpleGrid>
      <QueueTable status={status} lang={lang} />
      <JobNameTable status={status} lang={lang} />
    </>
  );
}

function QueueTable({ status, lang }: { status: Status; lang: Lang }) {
  const { t } = useTranslation();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <section aria-labelledby="system-queues">
      <Title order={2} size="h4" id="system-queues" mb="xs">
        {t('desk.admin.system.queues')}
      </Title>
      <Table striped withTableBorder fz="sm" horizontalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desk.admin.system.queue')}</Table.Th>
              <Table.Th ta="right">{t('desk.admin.system.waiting')}</Table.Th>
              <Table.Th ta="right">{t('desk.admin.system.active')}</Table.Th>
              <Table.Th ta="right">{t('desk.admin.system.delayed')}</Table.Th>
              <Table.Th ta="right">{t('desk.admin.system.failed')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.jobs.queues.map((queue) => (
              <Table.Tr key={queue.queue}>
                <Table.Td ff="monospace">{queue.queue}</Table.Td>
                <Table.Td ta="right">{n(queue.waiting)}</Table.Td>
                <Table.Td ta="right">{n(queue.active)}</Table.Td>
                <Table.Td ta="right">{n(queue.delayed)}</Table.Td>
                <Table.Td ta="right" c={queue.failed > 0 ? 'red.8' : undefined} fw={queue.failed > 0 ? 700 : undefined}>
                  {n(queue.failed)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
      </Table>
    </section>
  );
}

function JobNameTable({ status, lang }: { status: Status; lang: Lang }) {
  const { t } = useTranslation();
  const n = (value: number) => formatNumber(value, lang);
  return (
    <section aria-labelledby="system-job-names">
      <Title order={2} size="h4" id="system-job-names" mb="xs">
        {t('desk.admin.system.byName')}
      </Title>
      {status.jobs.byName.length === 0 ? (
        <Text>{t('desk.admin.system.noJobs')}</Text>
      ) : (
        <Table striped withTableBorder fz="sm" horizontalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.admin.system.jobName')}</Table.Th>
                <Table.Th ta="right">{t('desk.admin.system.queued')}</Table.Th>
                <Table.Th ta="right">{t('desk.admin.system.running')}</Table.Th>
                <Table.Th ta="right">{t('desk.admin.system.failed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.jobs.byName.map((row) => (
                <Table.Tr key={`${row.queue}/${row.name}`}>
                  <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {row.name}
                  </Table.Td>
                  <Table.Td ta="right">{n(row.queued)}</Table.Td>
                  <Table.Td ta="right">{n(row.running)}</Table.Td>
                  <Table.Td ta="right" c={row.failed > 0 ? 'red.8' : undefined} fw={row.failed > 0 ? 700 : undefined}>
                    {n(row.failed)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
        </Table>
      )}
    </section>
  );
}

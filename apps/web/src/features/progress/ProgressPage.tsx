import { Alert, Loader, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, type Lang } from '../../lib/format';
import { orgYear } from '../../lib/org-time';
import { pacePerWeek } from './pace';
import { Stat } from '../../ui/Stat';

export default function ProgressPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  // The organisation's year: 23:50 on 31 December in Hà Nội still counts in that year.
  const year = orgYear();
  const query = useQuery({ queryKey: ['me', 'progress', year], queryFn: async () => must(await api.GET('/api/v1/me/progress', { params: { query: { year } } })) });
  // Offline the query is paused (not idle): it says so rather than spinning.
  if (query.isPending) return query.fetchStatus === 'fetching' ? <Loader aria-label={t('common.loading')} /> : <Alert color="yellow">{t('common.offlineNoData')}</Alert>;
  if (query.isError) return <Alert color="red">{t('common.error')}</Alert>;
  const p = query.data;
  return (
    <Stack>
      <Title order={1} size="h3">{t('progress.title', { year: p.year })}</Title>
      <SimpleGrid cols={2}>
        <Stat label={t('progress.mine')} value={formatNumber(p.actions, lang)} />
        <Stat label={t('progress.target')} value={p.perMember === null ? '—' : formatNumber(p.perMember, lang)} />
        <Stat label={t('progress.remaining')} value={p.remaining === null ? '—' : formatNumber(p.remaining, lang)} />
        <Stat label={t('progress.pace')} value={p.remaining === null ? '—' : formatNumber(pacePerWeek(p.remaining, p.year), lang)} />
      </SimpleGrid>
      {p.perMember !== null ? (
        <Progress value={Math.min(100, (p.actions / Math.max(1, p.perMember)) * 100)} aria-label={t('progress.mine')} size="lg" />
      ) : (
        <Text>{t('progress.noTarget')}</Text>
      )}
    </Stack>
  );
}

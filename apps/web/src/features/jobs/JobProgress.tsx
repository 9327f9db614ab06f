import { Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber, type Lang } from '../../lib/format';
import type { Job } from './useJob';

/** A job's progress as a bar and a line of text that a screen reader announces as it changes. */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const { t, i18n } = useTranslation();
  const done = job.progress.done ?? 0;
  const total = job.progress.total ?? 0;
  const percent = job.status === 'done' ? 100 : total > 0 ? Math.round((done / total) * 100) : 0;
  const text =
    job.status === 'failed'
      ? t('desk.shell.job.failed', { error: job.error ?? '' })
      : job.status === 'done'
        ? t('desk.shell.job.done')
        : job.status === 'running'
          ? t('desk.shell.job.running', { done: formatNumber(done, i18n.language as Lang), total: formatNumber(total, i18n.language as Lang) })
          : t('desk.shell.job.queued');
  return (
    <Stack gap={4}>
      <Progress value={percent} color={job.status === 'failed' ? 'red.8' : 'blue.8'} aria-label={label} animated={job.status === 'running'} />
      <Text size="sm" c={job.status === 'failed' ? 'red.8' : 'gray.7'} role="status" aria-live="polite">
        {text}
      </Text>
    </Stack>
  );
}

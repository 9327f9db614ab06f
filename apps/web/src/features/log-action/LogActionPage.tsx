import { Alert, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import type { Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { firstHttpUrl, nfc, numberSeparators, type Lang } from '../../lib/format';
import { refusalText } from '../../lib/problem-text';
import { detectPlatform } from './detect-platform';
import { sharedLinkOf } from './shared-link';
import { logAction, type LogOutcome } from './log-entry';

type ActionType = Schemas['LogActionDto']['type'];
type PlatformName = NonNullable<Schemas['LogActionDto']['platform']>;
const TYPES: ActionType[] = ['share', 'comment', 'reaction', 'post'];
const PLATFORMS: PlatformName[] = ['facebook', 'zalo', 'tiktok', 'youtube', 'x', 'instagram', 'telegram', 'website', 'other'];

/**
 * The log form; /share (the manifest's share target) opens it with the shared link filled in.
 * Every arrival is a fresh form, even a tap on "Ghi nhận" while the last entry's confirmation
 * is still shown: the form used to stay disabled, holding the previous link.
 */
export default function LogActionPage() {
  return <LogActionForm key={useLocation().key} />;
}

function LogActionForm() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const sharedUrl = sharedLinkOf(params) ?? '';
  const [type, setType] = useState<ActionType>((TYPES as string[]).includes(params.get('type') ?? '') ? (params.get('type') as ActionType) : 'share');
  const [url, setUrl] = useState(sharedUrl);
  const [reach, setReach] = useState<number | string>('');
  const [chosenPlatform, setChosenPlatform] = useState<PlatformName | null>(null);
  const [taskId, setTaskId] = useState<string | null>(params.get('taskId'));
  const [result, setResult] = useState<LogOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const sent = result !== null && result.outcome !== 'refused';
  useEffect(() => {
    if (!sent) return;
    // Back to the tasks a moment after the confirmation; not if the person already went elsewhere.
    const timer = setTimeout(() => void navigate('/'), 1200);
    return () => clearTimeout(timer);
  }, [sent, navigate]);
  const detected = useMemo(() => (url.trim() ? detectPlatform(url.trim()) : null), [url]);
  const needsUrl = type === 'share' || type === 'post';
  const tasks = useQuery({
    queryKey: ['me', 'assignments', 'open'],
    queryFn: async () => (await api.GET('/api/v1/me/assignments', { params: { query: { status: 'assigned', limit: 100 } } })).data?.items ?? [],
  });

  async function paste() {
    try {
      const pasted = firstHttpUrl(await navigator.clipboard.readText());
      if (pasted) setUrl(pasted);
    } catch {
      // The browser refused the clipboard: the person pastes into the field instead.
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const platform = detected?.platform ?? chosenPlatform ?? undefined;
    const outcome = await logAction({
      type,
      ...(url.trim() ? { url: nfc(url) } : {}),
      ...(platform ? { platform } : {}),
      ...(typeof reach === 'number' ? { reach } : {}),
      ...(taskId ? { taskId } : {}),
    });
    setBusy(false);
    setResult(outcome);
  }

  const urlError = detected && !detected.valid ? t('log.invalidUrl') : result?.outcome === 'refused' && result.problem.field === 'url' ? refusalText(t, result.problem) : null;

  return (
    <Stack component="form" onSubmit={submit} maw={760} mx="auto" w="100%">
      <Title order={1} size="h3">
        {t('log.title')}
      </Title>
      <SegmentedControl
        aria-label={t('log.type')}
        value={type}
        onChange={(value) => setType(value as ActionType)}
        data={TYPES.map((value) => ({ value, label: t(`actionType.${value}`) }))}
        fullWidth
      />
      <TextInput
        label={t('log.url')}
        type="url"
        inputMode="url"
        required={needsUrl}
        value={url}
        onChange={(e) => setUrl(e.currentTarget.value)}
        error={urlError}
        rightSectionWidth={80}
        rightSection={
          <Button size="compact-sm" variant="light" onClick={() => void paste()}>
            {t('log.paste')}
          </Button>
        }
      />
      {detected?.valid && detected.platform && <Text size="sm">{t('log.platform', { name: t(`platform.${detected.platform}`) })}</Text>}
      {(!detected?.platform || !detected.valid) && (
        <Select
          label={t('log.choosePlatform')}
          required={!detected?.platform}
          value={chosenPlatform}
          onChange={(value) => setChosenPlatform(value as PlatformName | null)}
          data={PLATFORMS.map((value) => ({ value, label: t(`platform.${value}`) }))}
        />
      )}
      {type === 'share' && <NumberInput label={t('log.reach')} min={0} max={10_000_000} allowDecimal={false} {...numberSeparators(i18n.language as Lang)} value={reach} onChange={setReach} />}
      <Select
        label={t('log.task')}
        clearable
        value={taskId}
        onChange={setTaskId}
        placeholder={t('log.noTask')}
        data={(tasks.data ?? []).filter((a) => a.task).map((a) => ({ value: a.taskId, label: a.task!.title }))}
      />
      {result?.outcome === 'refused' && result.problem.field !== 'url' && <Alert color="red" role="alert">{refusalText(t, result.problem)}</Alert>}
      {result?.outcome === 'sent' && <Alert color="green" role="status">{t('log.sent')}</Alert>}
      {result?.outcome === 'queued' && <Alert color="yellow" role="status">{t('log.queued')}</Alert>}
      <Group grow>
        <Button type="submit" size="md" loading={busy} disabled={result?.outcome === 'sent' || result?.outcome === 'queued'}>
          {t('log.submit')}
        </Button>
      </Group>
    </Stack>
  );
}

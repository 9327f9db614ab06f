import { Button, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { nextStatuses } from '@app/page-case-workflow';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiCallError, must } from '../../api-client/client';
import { api } from '../../app/services';
import { nfc } from '../../lib/format';
import { refusalText } from '../../lib/problem-text';
import type { CaseStatus, PageCase } from './queue-filters';
import { PAGES_KEY } from './review-api';

/** 409: someone moved the case meanwhile (its new status is loaded again); else the API's refusal, or a failure. */
function refusalOf(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiCallError) || error.status === 0 || error.status >= 500) return t('common.error');
  if (error.status === 409) return t('desk.review.move.stale');
  return refusalText(t, { status: error.status, field: error.body?.field });
}

/** Offers only the moves the workflow allows from where the case stands now (the API's own rule). */
export function TransitionForm({ pageCase }: { pageCase: PageCase }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const options = nextStatuses(pageCase.status);
  const [to, setTo] = useState<CaseStatus | null>(null);
  const [note, setNote] = useState('');
  const [platformRef, setPlatformRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = to !== null && options.includes(to) ? to : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setMessage(null);
    try {
      const body = { status: chosen, ...(nfc(note) ? { note: nfc(note) } : {}), ...(nfc(platformRef) ? { platformRef: nfc(platformRef) } : {}) };
      const moved = must(await api.PATCH('/api/v1/pages/{id}', { params: { path: { id: pageCase.id } }, body }));
      setMessage({ ok: true, text: t('desk.review.move.done', { status: t(`caseStatus.${moved.status}`) }) });
      setTo(null);
      setNote('');
      setPlatformRef('');
    } catch (error) {
      setMessage({ ok: false, text: refusalOf(t, error) });
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: PAGES_KEY });
    }
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="case-move">
      <Title order={2} size="h3" id="case-move">
        {t('desk.review.move.title')}
      </Title>
      <Text>{t('desk.review.move.now', { status: t(`caseStatus.${pageCase.status}`) })}</Text>
      {message && (
        <Text role="status" c={message.ok ? 'teal.9' : 'red.8'}>
          {message.text}
        </Text>
      )}
      {options.length === 0 ? (
        <Text c="gray.7">{t('desk.review.move.final')}</Text>
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <Stack gap="sm" maw={560}>
            <Radio.Group label={t('desk.review.move.to')} value={chosen} onChange={(value) => setTo(value as CaseStatus)} required>
              <Stack gap="xs" mt={4}>
                {options.map((status) => (
                  <Radio key={status} value={status} label={t(`caseStatus.${status}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <Textarea label={t('desk.review.move.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} />
            <TextInput
              label={t('desk.review.move.platformRef')}
              description={
                <Text span size="xs" c="gray.7">
                  {t('desk.review.move.platformRefHint')}
                </Text>
              }
              value={platformRef}
              onChange={(e) => setPlatformRef(e.currentTarget.value)}
            />
            <Button type="submit" color="blue.8" disabled={!chosen} loading={busy} style={{ alignSelf: 'flex-start' }}>
              {t('desk.review.move.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

import { Alert, Button, FileButton, FileInput, Progress, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Schemas } from '../../api-client/client';
import { firstHttpUrl, nfc } from '../../lib/format';
import { refusalText } from '../../lib/problem-text';
import { detectPlatform } from '../log-action/detect-platform';
import { logReport, type LogOutcome } from '../log-action/log-entry';
import type { SentReport } from './sent-report';
import { SentReportStatus } from './SentReportStatus';

type Category = Schemas['CreateReportDto']['category'];
const CATEGORIES: Category[] = ['false_information', 'scam', 'impersonation', 'incitement', 'hate', 'other'];

export default function ReportPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [url, setUrl] = useState(firstHttpUrl(params.get('url')) ?? '');
  const [category, setCategory] = useState<Category | null>(null);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<LogOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<SentReport | null>(null);
  const detected = url.trim() ? detectPlatform(url.trim()) : null;
  const taskId = params.get('taskId');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!category) return;
    setBusy(true);
    setSent(null);
    const sending: SentReport = { url: nfc(url), category, sentAt: Date.now() };
    const evidence = photos.map((file) => ({ name: file.name, type: file.type, blob: file as Blob }));
    const outcome = await logReport(
      { url: nfc(url), category, ...(description.trim() ? { description: nfc(description) } : {}), ...(taskId ? { taskId } : {}) },
      evidence,
      setProgress,
    );
    setBusy(false);
    setResult(outcome);
    if (outcome.outcome === 'sent') setSent(sending);
    if (outcome.outcome !== 'refused') {
      setUrl('');
      setDescription('');
      setPhotos([]);
      setCategory(null);
    }
  }

  return (
    // A readable column on a wide screen, as the other forms; the whole width on a phone.
    <Stack component="form" onSubmit={submit} maw={760} mx="auto" w="100%">
      <Title order={1} size="h3">
        {t('report.title')}
      </Title>
      <TextInput label={t('report.url')} placeholder="https://…" type="url" inputMode="url" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={detected && !detected.valid ? t('log.invalidUrl') : null} />
      <Select label={t('report.category')} placeholder={t('report.categoryPlaceholder')} required value={category} onChange={(v) => setCategory(v as Category | null)} data={CATEGORIES.map((value) => ({ value, label: t(`category.${value}`) }))} />
      <Textarea label={t('report.description')} autosize minRows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      <FileInput
        label={t('report.evidence')}
        description={t('report.evidenceHint')}
        placeholder={t('report.evidencePlaceholder')}
        multiple
        clearable
        accept="image/*,application/pdf"
        value={photos}
        onChange={setPhotos}
      />
      {/* A second input opens the camera directly on phones (capture); a real button, so a keyboard reaches it too. */}
      <FileButton accept="image/*" capture="environment" onChange={(file) => file && setPhotos([...photos, file])}>
        {(props) => (
          <Button variant="light" {...props}>
            {t('report.camera')}
          </Button>
        )}
      </FileButton>
      {progress !== null && busy && <Progress value={progress * 100} aria-label={t('report.uploading')} />}
      {result?.outcome === 'refused' && <Alert color="red" role="alert">{refusalText(t, result.problem)}</Alert>}
      {result?.outcome === 'sent' && sent && <SentReportStatus key={sent.sentAt} sent={sent} />}
      {result?.outcome === 'queued' && <Alert color="yellow" role="status">{t('log.queued')}</Alert>}
      {/* A report made for a task: the way back to the list, where the task now shows done. */}
      {taskId && result && result.outcome !== 'refused' && (
        <Button component={Link} to="/" variant="default" size="md">
          {t('report.backToTasks')}
        </Button>
      )}
      <Button type="submit" size="md" loading={busy}>
        {t('report.submit')}
      </Button>
    </Stack>
  );
}

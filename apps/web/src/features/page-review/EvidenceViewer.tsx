import { Alert, Box, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, type Lang } from '../../lib/format';
import type { Evidence } from './review-api';

/**
 * One evidence file, opened on request. The file is served only with the bearer token, so it is
 * fetched into a Blob and shown from a blob: URL: an image inline, a PDF in the browser's viewer.
 */
export function EvidenceItem({ evidence, n }: { evidence: Evidence; n: number }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const kind = t(`desk.review.case.evidenceKind.${evidence.mediaType}`);
  const size = Math.max(1, Math.round(evidence.size / 1024));
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button variant="default" onClick={() => setOpen((was) => !was)} aria-expanded={open}>
          {open ? t('desk.review.case.closeEvidence') : t('desk.review.case.openEvidence', { n })}
        </Button>
        <Text size="sm" c="gray.7">
          {t('desk.review.case.evidenceSize', { kind, size: formatNumber(size, i18n.language as Lang) })}
        </Text>
      </Group>
      {open && <EvidenceFile evidence={evidence} n={n} />}
    </Stack>
  );
}

function EvidenceFile({ evidence, n }: { evidence: Evidence; n: number }) {
  const { t } = useTranslation();
  const file = useEvidenceUrl(evidence);
  if (file.failed) return <Alert color="red.8">{t('desk.review.case.evidenceFailed')}</Alert>;
  if (!file.url) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (evidence.mediaType === 'application/pdf') {
    return <iframe src={file.url} title={t('desk.review.case.evidencePdf', { n })} style={{ width: '100%', height: 560, border: '1px solid #ced4da' }} />;
  }
  return (
    <Box w="100%">
      <img
        src={file.url}
        alt={t('desk.review.case.evidenceAlt', { n })}
        style={{ display: 'block', maxWidth: '100%', maxHeight: 480, width: 'auto', height: 'auto', border: '1px solid #ced4da' }}
      />
    </Box>
  );
}

/** A blob: URL of the evidence file while it is shown, revoked when it is closed. */
function useEvidenceUrl(evidence: Evidence): { url: string | null; failed: boolean } {
  const blob = useQuery({
    queryKey: ['desk', 'evidence', evidence.id],
    queryFn: async () => {
      const data = must(
        await api.GET('/api/v1/reports/{id}/evidence/{evidenceId}', {
          params: { path: { id: evidence.reportId, evidenceId: evidence.id } },
          parseAs: 'blob',
        }),
      ) as Blob;
      // The stored type, so the browser opens a PDF in its viewer whatever the answer's headers said.
      return new Blob([data], { type: evidence.mediaType });
    },
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob.data) return;
    const made = URL.createObjectURL(blob.data);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob.data]);
  return { url, failed: blob.isError };
}

import { Alert, Anchor, Button, FileInput, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, type Lang } from '../../lib/format';
import { JobProgress } from '../jobs/JobProgress';
import { useJob } from '../jobs/useJob';
import { saveText } from '../../lib/download';
import { importResultOf, rejectedRowsCsv, templateCsv, type ImportResult } from './import-csv';
import { memberProblem } from './member-problem';
import { ScrollTable } from '../../ui/ScrollTable';
import { Stat } from '../../ui/Stat';

/**
 * Members from a CSV file: the upload starts a job, its bar follows GET /jobs/:id, and its result
 * lists each refused row with the reason, as a file to fix and import again.
 */
export function MemberImport() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: async (csv: File) => {
      const form = new FormData();
      form.append('file', csv, csv.name);
      return must(await api.POST('/api/v1/users/import', { body: { file: '' }, bodySerializer: () => form }));
    },
  });
  const job = useJob(upload.data?.jobId ?? null);
  const result = job.data?.status === 'done' ? importResultOf(job.data.result) : null;
  useEffect(() => {
    if (result) void queryClient.invalidateQueries({ queryKey: ['users'] });
  }, [result, queryClient]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate(file);
  };
  const again = () => {
    upload.reset();
    setFile(null);
  };
  return (
    <Stack maw={960}>
      <Anchor component={Link} to="/desk/members" c="blue.8" size="sm">
        ← {t('desk.members.detail.back')}
      </Anchor>
      <Title order={1}>{t('desk.members.import.heading')}</Title>
      <Text size="sm">{t('desk.members.import.help')}</Text>
      <Group>
        <Button variant="default" onClick={() => saveText('mau-nhap-thanh-vien.csv', templateCsv())}>
          {t('desk.members.import.template')}
        </Button>
      </Group>
      {!upload.data && (
        <Stack component="form" onSubmit={submit} gap="sm">
          <FileInput label={t('desk.members.import.file')} placeholder={t('desk.members.import.filePlaceholder')} accept=".csv,text/csv" value={file} onChange={setFile} clearable required />
          {upload.isError && (
            <Alert color="red" role="alert">
              {memberProblem(t, upload.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              {t('desk.members.import.upload')}
            </Button>
          </Group>
        </Stack>
      )}
      {job.data && <JobProgress job={job.data} label={t('desk.members.import.progress')} />}
      {result && <ImportOutcome result={result} />}
      {upload.data && (job.data?.status === 'done' || job.data?.status === 'failed') && (
        <Group>
          <Button variant="default" onClick={again}>
            {t('desk.members.import.again')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function ImportOutcome({ result }: { result: ImportResult }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const reasonOf = (row: ImportResult['errors'][number]) => `${reasonText(t, row.field)} (${row.message})`;
  const download = () => saveText('cac-dong-bi-tu-choi.csv', rejectedRowsCsv(result.errors, reasonOf, 'reason'));
  return (
    <Stack component="section" aria-labelledby="import-result">
      <Title order={2} size="h3" id="import-result">
        {t('desk.members.import.resultHeading')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label={t('desk.members.import.created')} value={formatNumber(result.created, lang)} />
        <Stat label={t('desk.members.import.unchanged')} value={formatNumber(result.unchanged, lang)} />
        <Stat label={t('desk.members.import.failed')} value={formatNumber(result.failed, lang)} />
      </SimpleGrid>
      {result.errors.length === 0 ? (
        <Text c="teal.9">{t('desk.members.import.noRejected')}</Text>
      ) : (
        <>
          <Title order={3} size="h4">
            {t('desk.members.import.rejectedHeading')}
          </Title>
          <Group>
            <Button onClick={download}>{t('desk.members.import.download')}</Button>
          </Group>
          <Text size="sm" c="gray.7">
            {t('desk.members.import.downloadHelp')}
          </Text>
          <ScrollTable minWidth={560} label={t('desk.members.import.rejectedHeading')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th ta="right">{t('desk.members.import.row')}</Table.Th>
                  <Table.Th>{t('desk.members.import.username')}</Table.Th>
                  <Table.Th>{t('desk.members.import.field')}</Table.Th>
                  <Table.Th>{t('desk.members.import.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((row) => (
                  <Table.Tr key={row.row}>
                    <Table.Td ta="right">{formatNumber(row.row, lang)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{row.username ?? '—'}</Table.Td>
                    <Table.Td>{row.field}</Table.Td>
                    <Table.Td>
                      {reasonText(t, row.field)}
                      <Text size="xs" c="gray.7">
                        {row.message}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Stack>
  );
}

const EXPLAINED = ['username', 'fullName', 'orgUnitCode', 'roles', 'password'];

/** The reason in the reader's language, by the column the import blamed (its own words are English). */
function reasonText(t: TFunction, field: string): string {
  return t(`desk.members.import.reasons.${EXPLAINED.includes(field) ? field : 'other'}`);
}


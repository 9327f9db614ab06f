import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { DeskNotFound } from '../../app/DeskShell';
import { nfc } from '../../lib/format';
import { orgToday, orgYear } from '../../lib/org-time';
import { failureText } from '../content-registry/refusal';
import { MoreButton } from '../../ui/MoreButton';

type NewDirective = Schemas['CreateDirectiveDto'];

const DIRECTIVES_KEY = ['desk', 'directives'] as const;
const PAGE_SIZE = 50;

/** The directives register (/desk/directives): record a directive, see those of a year. */
export default function DirectivesArea() {
  return (
    <Routes>
      <Route index element={<DirectivesPage />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}

function DirectivesPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(orgYear);
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={1}>{t('desk.registry.directives.title')}</Title>
      <RecordDirective onRecorded={(issuedOn) => setYear(Number(issuedOn.slice(0, 4)))} />
      <DirectivesOfYear year={year} onYear={setYear} />
    </Stack>
  );
}

function useRecordDirective() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: NewDirective) => must(await api.POST('/api/v1/directives', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: DIRECTIVES_KEY }),
  });
}

/** The form; after a save it empties, and the list shows the year the directive was issued in. */
function RecordDirective({ onRecorded }: { onRecorded(issuedOn: string): void }) {
  const { t } = useTranslation();
  const record = useRecordDirective();
  const [number, setNumber] = useState('');
  const [title, setTitle] = useState('');
  const [issuedOn, setIssuedOn] = useState(orgToday);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: NewDirective = { title: nfc(title), issuedOn, ...(nfc(number) ? { number: nfc(number) } : {}) };
    record.mutate(body, {
      onSuccess: (directive) => {
        setNumber('');
        setTitle('');
        onRecorded(directive.issuedOn);
      },
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="directive-new">
      <Title order={2} size="h4" id="directive-new" mb="sm">
        {t('desk.registry.directives.addTitle')}
      </Title>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group grow align="flex-start" preventGrowOverflow={false} wrap="wrap">
            <TextInput
              miw={200}
              label={t('desk.registry.directives.number')}
              description={t('desk.registry.directives.numberHint')}
              maxLength={100}
              value={number}
              onChange={(event) => setNumber(event.currentTarget.value)}
            />
            <TextInput
              miw={200}
              label={t('desk.registry.directives.issuedOn')}
              type="date"
              required
              value={issuedOn}
              onChange={(event) => setIssuedOn(event.currentTarget.value)}
            />
          </Group>
          <TextInput
            label={t('desk.registry.directives.docTitle')}
            required
            maxLength={500}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          {record.isError && (
            <Alert color="red" variant="light" role="alert">
              {t('desk.registry.directives.refused', { error: failureText(t, record.error) })}
            </Alert>
          )}
          {record.isSuccess && (
            <Alert color="teal" variant="outline" role="status">
              <Text c="teal.9" size="sm">
                {t('desk.registry.directives.saved', { title: record.data.title })}
              </Text>
            </Alert>
          )}
          <Button type="submit" loading={record.isPending} w="fit-content">
            {t('desk.registry.directives.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

function useDirectives(year: number) {
  return useInfiniteQuery({
    queryKey: [...DIRECTIVES_KEY, year],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET('/api/v1/directives', {
          params: { query: { year, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

function DirectivesOfYear({ year, onYear }: { year: number; onYear(year: number): void }) {
  const { t } = useTranslation();
  const directives = useDirectives(year);
  const items = directives.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="directive-list">
      <Title order={2} size="h4" id="directive-list">
        {t('desk.registry.directives.listTitle')}
      </Title>
      <NumberInput
        w={160}
        label={t('desk.registry.directives.year')}
        min={2000}
        max={2100}
        allowDecimal={false}
        thousandSeparator=""
        value={year}
        onChange={(value) => typeof value === 'number' && value >= 2000 && value <= 2100 && onYear(value)}
      />
      {directives.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {directives.isError && (
        <Alert color="red" variant="light">
          {t('desk.registry.directives.failed', { error: failureText(t, directives.error) })}
        </Alert>
      )}
      {directives.isSuccess && items.length === 0 && <Text c="gray.7">{t('desk.registry.directives.empty')}</Text>}
      {items.length > 0 && (
        // No horizontal scroll: at 360 px the title wraps, so the table stays readable and needs no focus to scroll.
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desk.registry.directives.columns.issuedOn')}</Table.Th>
              <Table.Th>{t('desk.registry.directives.columns.number')}</Table.Th>
              <Table.Th>{t('desk.registry.directives.columns.title')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((directive) => (
              <Table.Tr key={directive.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{calendarDate(directive.issuedOn)}</Table.Td>
                <Table.Td>{directive.number ?? <Text span c="gray.7">{t('desk.registry.directives.noNumber')}</Text>}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{directive.title}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <MoreButton pages={directives} />
    </Stack>
  );
}

/** A calendar date (YYYY-MM-DD, already the organisation's day) as dd/mm/yyyy; no zone to convert. */
function calendarDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { canTransition } from '@app/page-case-workflow';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime, formatNumber, type Lang } from '../../lib/format';
import { CaseStatusTag } from './CaseStatus';
import {
  CASE_CATEGORIES,
  CASE_STATUSES,
  filtersFrom,
  paramsOf,
  yearsOffered,
  type PageCase,
  type QueueFilters,
} from './queue-filters';
import { moveCases, PAGES_KEY, useCaseQueue, type MoveResult } from './review-api';
import { MoreButton } from '../../ui/MoreButton';
import { ScrollTable } from '../../ui/ScrollTable';

/** /desk/pages: the cases to review, filtered, with several verified or rejected in one go. */
export default function ReviewQueue() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const queue = useCaseQueue(filters);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const cases = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const change = (next: Partial<QueueFilters>) => {
    setSelected(new Set());
    setParams(paramsOf({ ...filters, ...next }), { replace: true });
  };
  return (
    <Stack gap="md">
      <Title order={1}>{t('desk.review.title')}</Title>
      <QueueFilterBar filters={filters} onChange={change} />
      <BulkBar selected={selected} onDone={() => setSelected(new Set())} />
      {queue.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : queue.isError ? (
        <Alert color="red.8">{t('common.error')}</Alert>
      ) : cases.length === 0 ? (
        <Text c="gray.7">{t('desk.review.queue.empty')}</Text>
      ) : (
        <CaseTable cases={cases} selected={selected} onSelect={setSelected} />
      )}
      <MoreButton pages={queue} />
    </Stack>
  );
}

function QueueFilterBar({ filters, onChange }: { filters: QueueFilters; onChange(next: Partial<QueueFilters>): void }) {
  const { t } = useTranslation();
  const any = { value: '', label: t('desk.review.queue.any') };
  return (
    <Group component="fieldset" aria-label={t('desk.review.queue.filters')} align="flex-end" gap="md" style={{ border: 0, padding: 0, margin: 0 }}>
      <Select
        label={t('desk.review.queue.status')}
        data={[any, ...CASE_STATUSES.map((s) => ({ value: s, label: t(`caseStatus.${s}`) }))]}
        value={filters.status ?? ''}
        onChange={(value) => onChange({ status: (value || null) as QueueFilters['status'] })}
        allowDeselect={false}
        w={200}
      />
      <Select
        label={t('desk.review.queue.category')}
        data={[any, ...CASE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))]}
        value={filters.category ?? ''}
        onChange={(value) => onChange({ category: (value || null) as QueueFilters['category'] })}
        allowDeselect={false}
        w={200}
      />
      <Select
        label={t('desk.review.queue.year')}
        data={[any, ...yearsOffered().map((y) => ({ value: String(y), label: String(y) }))]}
        value={filters.year === null ? '' : String(filters.year)}
        onChange={(value) => onChange({ year: value ? Number(value) : null })}
        allowDeselect={false}
        w={140}
      />
      <Switch
        label={t('desk.review.queue.due')}
        checked={filters.due}
        onChange={(event) => onChange({ due: event.currentTarget.checked })}
        py={10}
      />
    </Group>
  );
}

/** Only a new case can be verified or rejected, so only new cases can be selected. */
const canBulkMove = (pageCase: PageCase) => canTransition(pageCase.status, 'verified') && canTransition(pageCase.status, 'rejected');

function CaseTable({ cases, selected, onSelect }: { cases: PageCase[]; selected: ReadonlySet<string>; onSelect(next: ReadonlySet<string>): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelect(next);
  };
  return (
    <ScrollTable minWidth={860} label={t('desk.review.title')}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Caption style={{ color: 'var(--mantine-color-gray-7)' }}>{t('desk.review.queue.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('desk.review.queue.select')}</Table.Th>
            <Table.Th>{t('desk.review.queue.page')}</Table.Th>
            <Table.Th>{t('desk.review.queue.category')}</Table.Th>
            <Table.Th>{t('desk.review.queue.status')}</Table.Th>
            <Table.Th ta="right">{t('desk.review.queue.reports')}</Table.Th>
            <Table.Th>{t('desk.review.queue.lastChange')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cases.map((pageCase) => (
            <Table.Tr key={pageCase.id}>
              <Table.Td>
                <Checkbox
                  aria-label={t('desk.review.queue.selectCase', { url: pageCase.canonicalUrl })}
                  title={canBulkMove(pageCase) ? undefined : t('desk.review.queue.bulkOnlyNew')}
                  checked={selected.has(pageCase.id)}
                  disabled={!canBulkMove(pageCase)}
                  onChange={(event) => toggle(pageCase.id, event.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Td style={{ maxWidth: 380 }}>
                {/* The case page is the link; the reported page itself is only ever shown as text. */}
                <Anchor component={Link} to={pageCase.id} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {pageCase.canonicalUrl}
                </Anchor>
                {pageCase.dueForRecheck && (
                  <Badge variant="outline" color="red.9" tt="none" ml="xs">
                    {t('desk.review.queue.dueBadge')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t(`category.${pageCase.category}`)}</Table.Td>
              <Table.Td>
                <CaseStatusTag status={pageCase.status} plain />
              </Table.Td>
              <Table.Td ta="right">{formatNumber(pageCase.reportCount, lang)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(pageCase.statusChangedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function BulkBar({ selected, onDone }: { selected: ReadonlySet<string>; onDone(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'verified' | 'rejected' | null>(null);
  const [outcome, setOutcome] = useState<MoveResult[] | null>(null);
  const [failed, setFailed] = useState(false);
  const move = async (to: 'verified' | 'rejected') => {
    setBusy(to);
    setFailed(false);
    try {
      setOutcome(await moveCases([...selected], to));
      onDone();
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: PAGES_KEY });
    }
  };
  const changed = outcome?.filter((r) => r.outcome === 'changed').length ?? 0;
  return (
    <Stack gap="xs">
      <Group gap="sm" role="group" aria-label={t('desk.review.queue.bulkLabel')}>
        <Text size="sm">{t('desk.review.queue.selected', { count: selected.size })}</Text>
        <Button color="blue.8" disabled={selected.size === 0 || busy !== null} loading={busy === 'verified'} onClick={() => void move('verified')}>
          {t('desk.review.queue.verify')}
        </Button>
        <Button color="red.8" variant="outline" disabled={selected.size === 0 || busy !== null} loading={busy === 'rejected'} onClick={() => void move('rejected')}>
          {t('desk.review.queue.reject')}
        </Button>
      </Group>
      {outcome && (
        <Text size="sm" role="status" c={changed === outcome.length ? 'teal.9' : 'red.8'}>
          {t('desk.review.queue.bulkDone', { changed, refused: outcome.length - changed })}
        </Text>
      )}
      {failed && <Alert color="red.8">{t('common.error')}</Alert>}
    </Stack>
  );
}

import { Alert, Anchor, Button, Group, Loader, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useSearchParams } from 'react-router';
import { ApiCallError, must, type Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { formatDateTime, nfc } from '../../lib/format';
import { adminVi } from '../../i18n/desk/admin';
import { AuditDiff } from './AuditDiff';

type Entry = Schemas['AuditEntryView'];

/** The filters the screen keeps in its URL, so a filtered view survives a reload or a shared link. */
const FILTERS = ['actorId', 'entityType', 'action', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const ENTITY_TYPES = Object.keys(adminVi.audit.entities);
const PAGE_SIZE = 50;

/** The audit log at /desk/audit (admins). */
export default function AuditArea() {
  return (
    <Routes>
      <Route index element={<AuditScreen />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}

function AuditScreen() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: Filters = Object.fromEntries(FILTERS.flatMap((key) => (params.get(key) ? [[key, params.get(key) as string]] : [])));
  const entries = useAuditEntries(filters);
  const apply = (next: Filters) => setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value)) as Record<string, string>);
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="md">
      <Title order={1}>{t('desk.admin.audit.title')}</Title>
      <FilterBar key={params.toString()} filters={filters} onApply={apply} />
      {entries.isPending && <Loader aria-label={t('common.loading')} />}
      {entries.isError && <Alert color="red">{filterProblem(t, entries.error)}</Alert>}
      {entries.isSuccess && items.length === 0 && <Text>{t('desk.admin.audit.empty')}</Text>}
      {items.length > 0 && <AuditTable entries={items} onActor={(actorId) => apply({ ...filters, actorId })} />}
      {entries.hasNextPage && (
        <Group>
          <Button variant="default" loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
            {t('desk.admin.audit.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function useAuditEntries(filters: Filters) {
  return useInfiniteQuery({
    queryKey: ['desk', 'audit', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET('/api/v1/audit', { params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

function filterProblem(t: ReturnType<typeof useTranslation>['t'], error: unknown): string {
  if (error instanceof ApiCallError && error.status === 400 && error.body?.field) {
    return t('desk.admin.audit.badFilter', { field: fieldLabel(t, error.body.field) });
  }
  return t('desk.admin.failed');
}

function fieldLabel(t: ReturnType<typeof useTranslation>['t'], field: string): string {
  const labels: Record<string, string> = {
    actorId: t('desk.admin.audit.actor'),
    entityType: t('desk.admin.audit.entity'),
    action: t('desk.admin.audit.action'),
    from: t('desk.admin.audit.from'),
    to: t('desk.admin.audit.to'),
  };
  return labels[field] ?? field;
}

function FilterBar({ filters, onApply }: { filters: Filters; onApply(filters: Filters): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(filters);
  const set = (key: keyof Filters) => (value: string | null) => setDraft({ ...draft, [key]: value ?? undefined });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...draft, action: draft.action === undefined ? undefined : nfc(draft.action) });
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-label={t('desk.admin.audit.filters')}>
      <Group align="flex-end" gap="sm">
        <ActorPicker value={draft.actorId ?? null} onChange={set('actorId')} />
        <Select
          label={t('desk.admin.audit.entity')}
          placeholder={t('desk.admin.audit.anyEntity')}
          data={ENTITY_TYPES.map((type) => ({ value: type, label: t(`desk.admin.audit.entities.${type}`) }))}
          value={draft.entityType ?? null}
          onChange={set('entityType')}
          clearable
          clearButtonProps={{ 'aria-label': t('desk.admin.audit.clearEntity') }}
          w={{ base: '100%', sm: 200 }}
        />
        <TextInput
          label={t('desk.admin.audit.action')}
          placeholder={t('desk.admin.audit.actionHint')}
          value={draft.action ?? ''}
          onChange={(e) => set('action')(e.currentTarget.value)}
          w={{ base: '100%', sm: 200 }}
        />
        <TextInput type="date" label={t('desk.admin.audit.from')} value={draft.from ?? ''} onChange={(e) => set('from')(e.currentTarget.value)} w={{ base: '100%', xs: 170 }} />
        <TextInput type="date" label={t('desk.admin.audit.to')} value={draft.to ?? ''} onChange={(e) => set('to')(e.currentTarget.value)} w={{ base: '100%', xs: 170 }} />
        <Group gap="xs">
          <Button type="submit">{t('desk.admin.audit.apply')}</Button>
          <Button variant="default" onClick={() => onApply({})}>
            {t('desk.admin.audit.clear')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}

function AuditTable({ entries, onActor }: { entries: Entry[]; onActor(actorId: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table striped verticalSpacing="xs" horizontalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('desk.admin.audit.whenWho')}</Table.Th>
            <Table.Th>{t('desk.admin.audit.whatOn')}</Table.Th>
            <Table.Th>{t('desk.admin.audit.details')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Fragment key={entry.id}>
              <Table.Tr>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(entry.createdAt)}
                  </Text>
                  <ActorName actorId={entry.actorId} onActor={onActor} />
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {entry.action}
                  </Text>
                  <Text size="sm">
                    {entityLabel(t, entry.entityType)}
                    {entry.entityId ? ` #${entry.entityId}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    h={36}
                    aria-expanded={open === entry.id}
                    aria-label={t(open === entry.id ? 'desk.admin.audit.hideDiff' : 'desk.admin.audit.showDiff', { id: entry.id })}
                    onClick={() => setOpen(open === entry.id ? null : entry.id)}
                  >
                    {open === entry.id ? '▾' : '▸'} {t('desk.admin.audit.details')}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === entry.id && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <AuditDiff before={entry.before} after={entry.after} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
    </Table>
  );
}

function entityLabel(t: ReturnType<typeof useTranslation>['t'], type: string): string {
  return ENTITY_TYPES.includes(type) ? t(`desk.admin.audit.entities.${type}`) : type;
}

/** Picks the person whose writes to show, searched by name or username (GET /users?q). */
function ActorPicker({ value, onChange }: { value: string | null; onChange(actorId: string | null): void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const chosen = useUser(value);
  const wanted = nfc(search);
  const found = useQuery({
    queryKey: ['desk', 'audit', 'actor-search', wanted],
    enabled: wanted.length >= 2,
    queryFn: async () => must(await api.GET('/api/v1/users', { params: { query: { q: wanted, limit: 20 } } })).items,
    staleTime: 30_000,
  });
  const people = [...(chosen.data ? [chosen.data] : []), ...(found.data ?? []).filter((user) => user.id !== value)];
  return (
    <Select
      label={t('desk.admin.audit.actor')}
      placeholder={t('desk.admin.audit.actorHint')}
      nothingFoundMessage={wanted.length >= 2 && found.isSuccess ? t('desk.admin.audit.actorNothing') : undefined}
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('desk.admin.audit.clearActor') }}
      data={people.map((user) => ({ value: user.id, label: `${user.fullName} (${user.username})` }))}
      // The API has already matched the text, without accents; a second filter here would drop its near matches.
      filter={({ options }) => options}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      w={{ base: '100%', sm: 240 }}
    />
  );
}

function useUser(userId: string | null) {
  return useQuery({
    queryKey: ['desk', 'audit', 'actor', userId],
    enabled: userId !== null,
    queryFn: async () => must(await api.GET('/api/v1/users/{id}', { params: { path: { id: userId as string } } })),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The actor's name (admins see every user); a click narrows the log to them. */
function ActorName({ actorId, onActor }: { actorId: string | null; onActor(actorId: string): void }) {
  const { t } = useTranslation();
  const user = useUser(actorId);
  if (actorId === null) return <Text c="gray.7">{t('desk.admin.audit.system')}</Text>;
  return (
    <Anchor component="button" type="button" c="blue.8" size="sm" onClick={() => onActor(actorId)}>
      {user.data?.fullName ?? `#${actorId}`}
    </Anchor>
  );
}

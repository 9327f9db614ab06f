import { Alert, Button, Checkbox, Group, Loader, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { DeskNotFound } from '../../app/DeskShell';
import { formatDate, formatNumber, numberSeparators, type Lang } from '../../lib/format';
import { orgYear } from '../../lib/org-time';
import { failureText } from '../content-registry/refusal';
import { UnitPicker } from '../org-tree/UnitPicker';
import { useUnits } from '../org-tree/useUnits';

type Target = Schemas['TargetView'];
type ActionType = Target['actionTypes'][number];

const ACTION_TYPES: readonly ActionType[] = ['share', 'post', 'comment', 'reaction'];
const TARGETS_KEY = ['desk', 'targets'] as const;

/** The yearly targets (/desk/targets): pick a year, see its targets, set one for a unit's subtree. */
export default function TargetsArea() {
  return (
    <Routes>
      <Route index element={<TargetsPage />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}

function TargetsPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(orgYear);
  const targets = useTargets(year);
  return (
    <Stack gap="lg" maw={1000}>
      <Title order={1}>{t('desk.registry.targets.title')}</Title>
      <Text c="gray.7">{t('desk.registry.targets.intro')}</Text>
      <NumberInput
        w={160}
        label={t('desk.registry.targets.year')}
        min={2000}
        max={2100}
        allowDecimal={false}
        thousandSeparator=""
        value={year}
        onChange={(value) => typeof value === 'number' && value >= 2000 && value <= 2100 && setYear(value)}
      />
      <TargetsOfYear year={year} targets={targets} />
      {/* Keyed by year: a form half-filled for one year does not carry over to another. */}
      <SetTarget key={year} year={year} existing={targets.data ?? []} />
    </Stack>
  );
}

// A year holds at most one target per unit in scope: one page of 200 shows them all in practice.
function useTargets(year: number) {
  return useQuery({
    queryKey: [...TARGETS_KEY, year],
    queryFn: async () => must(await api.GET('/api/v1/targets', { params: { query: { year, limit: 200 } } })).items,
  });
}

function TargetsOfYear({ year, targets }: { year: number; targets: ReturnType<typeof useTargets> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const units = useUnits();
  const unitName = (id: string) => units.data?.find((unit) => unit.id === id)?.trail ?? id;
  return (
    <Stack gap="sm" component="section" aria-labelledby="targets-list">
      <Title order={2} size="h4" id="targets-list">
        {t('desk.registry.targets.listTitle', { year })}
      </Title>
      {targets.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {targets.isError && (
        <Alert color="red" variant="light">
          {t('desk.registry.targets.failed', { error: failureText(t, targets.error) })}
        </Alert>
      )}
      {targets.isSuccess && targets.data.length === 0 && <Text c="gray.7">{t('desk.registry.targets.empty')}</Text>}
      {targets.isSuccess && targets.data.length > 0 && (
        // No horizontal scroll: at 360 px the cells wrap (the update date is left out), so the table needs no focus to scroll.
        <Table striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('desk.registry.targets.columns.unit')}</Table.Th>
              <Table.Th ta="right">{t('desk.registry.targets.columns.perMember')}</Table.Th>
              <Table.Th>{t('desk.registry.targets.columns.actionTypes')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('desk.registry.targets.columns.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {targets.data.map((target) => (
              <Table.Tr key={target.id}>
                <Table.Td>{unitName(target.orgUnitId)}</Table.Td>
                <Table.Td ta="right" data-testid={`target-${target.orgUnitId}`}>
                  {formatNumber(target.perMember, lang)}
                </Table.Td>
                <Table.Td>{target.actionTypes.map((type) => t(`actionType.${type}`)).join(', ')}</Table.Td>
                <Table.Td visibleFrom="sm">{formatDate(target.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function useSetTarget(year: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['SetTargetDto']) =>
      must(await api.PUT('/api/v1/targets/{year}', { params: { path: { year } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: [...TARGETS_KEY, year] }),
  });
}

function SetTarget({ year, existing }: { year: number; existing: Target[] }) {
  const { t, i18n } = useTranslation();
  const save = useSetTarget(year);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [perMember, setPerMember] = useState<number | string>(100);
  const [types, setTypes] = useState<string[]>(['share', 'post']);
  const [missing, setMissing] = useState<'unit' | 'types' | null>(null);
  const replaces = unitId !== null && existing.some((target) => target.orgUnitId === unitId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (unitId === null) return setMissing('unit');
    if (types.length === 0) return setMissing('types');
    setMissing(null);
    save.mutate({
      orgUnitId: unitId,
      perMember: typeof perMember === 'number' ? perMember : Number(perMember),
      actionTypes: ACTION_TYPES.filter((type) => types.includes(type)),
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="target-set">
      <Title order={2} size="h4" id="target-set" mb="sm">
        {t('desk.registry.targets.setTitle', { year })}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <UnitPicker
            label={t('desk.registry.targets.unit')}
            value={unitId}
            onChange={setUnitId}
            required
            error={missing === 'unit' ? t('desk.registry.targets.needUnit') : undefined}
            description={replaces ? t('desk.registry.targets.replaces', { year }) : undefined}
          />
          <NumberInput
            w={{ base: '100%', sm: 320 }}
            label={t('desk.registry.targets.perMember')}
            required
            min={1}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            {...numberSeparators(i18n.language as Lang)}
            value={perMember}
            onChange={setPerMember}
          />
          <Checkbox.Group
            label={t('desk.registry.targets.actionTypes')}
            value={types}
            onChange={setTypes}
            error={missing === 'types' ? t('desk.registry.targets.needTypes') : undefined}
          >
            <Group gap="md" mt={6}>
              {ACTION_TYPES.map((type) => (
                <Checkbox key={type} value={type} label={t(`actionType.${type}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          {save.isError && (
            <Alert color="red" variant="light" role="alert">
              {t('desk.registry.targets.refused', { error: failureText(t, save.error) })}
            </Alert>
          )}
          {save.isSuccess && (
            <Alert color="teal" variant="outline" role="status">
              <Text c="teal.9" size="sm">
                {t('desk.registry.targets.saved', { year })}
              </Text>
            </Alert>
          )}
          <Button type="submit" loading={save.isPending} w="fit-content">
            {t('desk.registry.targets.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

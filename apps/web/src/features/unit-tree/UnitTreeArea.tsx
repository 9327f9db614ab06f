import { Alert, Badge, Box, Button, Group, Loader, Menu, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { must } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import type { PlacedUnit } from '../org-tree/unit-tree';
import { useUnits } from '../org-tree/useUnits';
import { UnitDialog, type UnitDialogState } from './UnitDialogs';

/** The admin's unit tree at /desk/units. */
export default function UnitTreeArea() {
  return (
    <Routes>
      <Route index element={<UnitTreeScreen />} />
      <Route path="*" element={<DeskNotFound />} />
    </Routes>
  );
}

function UnitTreeScreen() {
  const { t } = useTranslation();
  const units = useUnits();
  const [dialog, setDialog] = useState<UnitDialogState | null>(null);
  const children = useMemo(() => childrenByParent(units.data ?? []), [units.data]);
  return (
    <Stack gap="md" maw={900}>
      <Title order={1}>{t('desk.admin.units.title')}</Title>
      <Text c="gray.7">{t('desk.admin.units.intro')}</Text>
      <Group>
        <Button variant="light" onClick={() => setDialog({ kind: 'add', parent: null })}>
          {t('desk.admin.units.addRoot')}
        </Button>
      </Group>
      {units.isPending && <Loader aria-label={t('common.loading')} />}
      {units.isError && <Alert color="red">{t('desk.admin.failed')}</Alert>}
      {units.data?.length === 0 && <Text>{t('desk.admin.units.empty')}</Text>}
      {units.data && units.data.length > 0 && (
        <UnitList units={children.get(null) ?? []} childrenOf={children} onAct={setDialog} />
      )}
      {dialog && <UnitDialog state={dialog} units={units.data ?? []} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

/** The units under each parent, in the tree order useUnits gives; out-of-scope parents read as roots. */
function childrenByParent(units: readonly PlacedUnit[]): Map<string | null, PlacedUnit[]> {
  const map = new Map<string | null, PlacedUnit[]>();
  for (const unit of units) {
    const parent = unit.depth === 0 ? null : unit.parentId;
    map.set(parent, [...(map.get(parent) ?? []), unit]);
  }
  return map;
}

interface ListProps {
  units: PlacedUnit[];
  childrenOf: Map<string | null, PlacedUnit[]>;
  onAct(dialog: UnitDialogState): void;
}

function UnitList({ units, childrenOf, onAct }: ListProps) {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {units.map((unit) => (
        <UnitItem key={unit.id} unit={unit} childrenOf={childrenOf} onAct={onAct} />
      ))}
    </Box>
  );
}

function UnitItem({ unit, childrenOf, onAct }: Omit<ListProps, 'units'> & { unit: PlacedUnit }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const below = childrenOf.get(unit.id) ?? [];
  return (
    <li data-unit-id={unit.id}>
      <Group gap={4} wrap="nowrap" py={2} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
        {below.length > 0 ? (
          <UnstyledButton
            onClick={() => setOpen(!open)}
            aria-expanded={open}
            aria-label={t(open ? 'desk.admin.units.collapse' : 'desk.admin.units.expand', { name: unit.name })}
            w={44}
            h={44}
            style={{ textAlign: 'center', flexShrink: 0 }}
          >
            <span aria-hidden>{open ? '▾' : '▸'}</span>
          </UnstyledButton>
        ) : (
          <Box w={44} style={{ flexShrink: 0 }} />
        )}
        <Group gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={unit.depth === 0 ? 700 : 500} c={unit.active ? undefined : 'gray.7'} style={{ overflowWrap: 'anywhere' }}>
            {unit.name}
          </Text>
          {unit.code && (
            <Text size="sm" c="gray.7">
              {unit.code}
            </Text>
          )}
          {!unit.active && (
            <Badge color="gray" variant="outline" c="gray.8">
              {t('desk.admin.units.inactive')}
            </Badge>
          )}
        </Group>
        <UnitActions unit={unit} onAct={onAct} />
      </Group>
      {open && below.length > 0 && (
        <Box pl={{ base: 12, sm: 24 }}>
          <UnitList units={below} childrenOf={childrenOf} onAct={onAct} />
        </Box>
      )}
    </li>
  );
}

function UnitActions({ unit, onAct }: { unit: PlacedUnit; onAct(dialog: UnitDialogState): void }) {
  const { t } = useTranslation();
  const reactivate = useReactivate(unit.id);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="compact-sm"
          h={36}
          aria-label={t('desk.admin.units.actionsOf', { name: unit.name })}
          loading={reactivate.isPending}
          style={{ flexShrink: 0 }}
        >
          {t('desk.admin.units.actions')} <span aria-hidden>▾</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onAct({ kind: 'rename', unit })}>{t('desk.admin.units.rename')}</Menu.Item>
        <Menu.Item onClick={() => onAct({ kind: 'move', unit })}>{t('desk.admin.units.move')}</Menu.Item>
        {unit.active && <Menu.Item onClick={() => onAct({ kind: 'add', parent: unit })}>{t('desk.admin.units.addChild')}</Menu.Item>}
        {unit.active ? (
          <Menu.Item color="red.8" onClick={() => onAct({ kind: 'deactivate', unit })}>
            {t('desk.admin.units.deactivate')}
          </Menu.Item>
        ) : (
          <Menu.Item onClick={() => reactivate.mutate(undefined, { onError: (error) => onAct({ kind: 'refused', unit, error }) })}>
            {t('desk.admin.units.reactivate')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function useReactivate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => must(await api.PATCH('/api/v1/org-units/{id}', { params: { path: { id } }, body: { active: true } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org-units', 'all'] }),
  });
}

import { Alert, Button, Group, Loader, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, nfc, type Lang } from '../../lib/format';
import { subtreeOf, type PlacedUnit } from '../org-tree/unit-tree';
import { UnitPicker } from '../org-tree/UnitPicker';
import { unitProblemText } from './unit-problem';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** Which dialog is open, and on which unit. */
export type UnitDialogState =
  | { kind: 'rename'; unit: PlacedUnit }
  | { kind: 'add'; parent: PlacedUnit | null }
  | { kind: 'move'; unit: PlacedUnit }
  | { kind: 'deactivate'; unit: PlacedUnit }
  | { kind: 'refused'; unit: PlacedUnit; error: unknown };

interface Props {
  state: UnitDialogState;
  units: readonly PlacedUnit[];
  onClose(): void;
}

/** The one open dialog of the unit tree. */
export function UnitDialog({ state, units, onClose }: Props) {
  const { t } = useTranslation();
  switch (state.kind) {
    case 'rename':
      return <NameDialog title={t('desk.admin.units.renameTitle', { name: state.unit.name })} unit={state.unit} onClose={onClose} />;
    case 'add':
      return (
        <NameDialog
          title={state.parent ? t('desk.admin.units.addChildTitle', { name: state.parent.name }) : t('desk.admin.units.addRootTitle')}
          parent={state.parent}
          onClose={onClose}
        />
      );
    case 'move':
      return <MoveDialog unit={state.unit} units={units} onClose={onClose} />;
    case 'deactivate':
      return <DeactivateDialog unit={state.unit} onClose={onClose} />;
    case 'refused':
      return (
        <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('desk.admin.units.close') }} title={state.unit.name} centered>
          <Alert color="red">{unitProblemText(t, state.error)}</Alert>
        </Modal>
      );
  }
}

/** Saves a change to the tree, then refreshes every list of units (pickers too). */
function useTreeChange<T>(change: (input: T) => Promise<unknown>, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['org-units', 'all'] });
      onDone();
    },
  });
}

/** Renames a unit (`unit`), or adds one under `parent` (null: a new top unit). */
function NameDialog({ title, unit, parent, onClose }: { title: string; unit?: PlacedUnit; parent?: PlacedUnit | null; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(unit?.name ?? '');
  const [code, setCode] = useState(unit?.code ?? '');
  const save = useTreeChange(async () => {
    const body = { name: nfc(name.trim()), ...(code.trim() ? { code: code.trim() } : {}) };
    if (unit) return must(await api.PATCH('/api/v1/org-units/{id}', { params: { path: { id: unit.id } }, body }));
    return must(await api.POST('/api/v1/org-units', { body: { ...body, ...(parent ? { parentId: parent.id } : {}) } }));
  }, onClose);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) save.mutate(undefined);
  };
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('desk.admin.units.close') }} title={title} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label={t('desk.admin.units.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} data-autofocus />
          <TextInput label={t('desk.admin.units.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} maxLength={50} />
          {save.isError && <Alert color="red">{unitProblemText(t, save.error)}</Alert>}
          <DialogButtons label={t('desk.admin.units.save')} busy={save.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Moves a unit with its subtree under a new parent, after showing what the move carries along. */
function MoveDialog({ unit, units, onClose }: { unit: PlacedUnit; units: readonly PlacedUnit[]; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [parentId, setParentId] = useState<string | null>(null);
  const summary = useQuery({
    queryKey: ['org-units', 'subtree-summary', unit.id],
    queryFn: async () => must(await api.GET('/api/v1/org-units/{id}/subtree-summary', { params: { path: { id: unit.id } } })),
    staleTime: 0,
  });
  // Its own subtree cannot hold it, and a deactivated unit takes no child units.
  const exclude = new Set([...subtreeOf(units, unit.id).map((u) => u.id), ...units.filter((u) => !u.active).map((u) => u.id)]);
  if (unit.parentId) exclude.add(unit.parentId);
  const move = useTreeChange(
    async (to: string) => must(await api.PATCH('/api/v1/org-units/{id}', { params: { path: { id: unit.id } }, body: { parentId: to } })),
    onClose,
  );
  const lang = i18n.language as Lang;
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('desk.admin.units.close') }} title={t('desk.admin.units.moveTitle', { name: unit.name })} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (parentId) move.mutate(parentId);
        }}
      >
        <Stack>
          <UnitPicker label={t('desk.admin.units.newParent')} value={parentId} onChange={setParentId} exclude={exclude} required
            comboboxProps={{ withinPortal: true }}
            clearButtonProps={{ 'aria-label': t('desk.admin.units.clearParent') }}
          />
          {summary.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
          {summary.data && (
            <Alert color="blue" data-testid="move-preview">
              {t('desk.admin.units.carries', { units: formatNumber(summary.data.units, lang), members: formatNumber(summary.data.members, lang) })}
            </Alert>
          )}
          {move.isError && <Alert color="red">{unitProblemText(t, move.error)}</Alert>}
          <DialogButtons label={t('desk.admin.units.confirmMove')} busy={move.isPending} disabled={!parentId} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function DeactivateDialog({ unit, onClose }: { unit: PlacedUnit; onClose(): void }) {
  const { t } = useTranslation();
  const deactivate = useTreeChange(
    async () => must(await api.PATCH('/api/v1/org-units/{id}', { params: { path: { id: unit.id } }, body: { active: false } })),
    onClose,
  );
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={t('desk.admin.units.deactivateTitle', { name: unit.name })}
      text={t('desk.admin.units.deactivateText')}
      confirmLabel={t('desk.admin.units.confirmDeactivate')}
      onConfirm={() => deactivate.mutate(undefined)}
      pending={deactivate.isPending}
      error={deactivate.isError ? unitProblemText(t, deactivate.error) : null}
    />
  );
}

function DialogButtons({ label, busy, disabled, onCancel }: { label: string; busy: boolean; disabled?: boolean; onCancel(): void }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('desk.admin.units.cancel')}
      </Button>
      <Button type="submit" loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Group>
  );
}

import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { must, type Schemas } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { formatDateTime, nfc } from '../../lib/format';
import { UnitPicker } from '../org-tree/UnitPicker';
import { memberProblem } from './member-problem';
import { generatePassword } from './password';
import { PasswordOnce } from './PasswordOnce';
import { RoleChecks, type Role } from './roles';
import { useMember, type Member } from './useMembers';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { isNotFound } from '../../lib/api-problem';

/** One member's account: name, unit and roles; deactivation; a password reset shown once. */
export function MemberDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const member = useMember(id);
  if (isNotFound(member.error)) return <DeskNotFound />;
  if (member.isError) return <Alert color="red">{memberProblem(t, member.error)}</Alert>;
  if (!member.data) return <Loader aria-label={t('common.loading')} />;
  return <MemberAccount key={member.data.id} member={member.data} />;
}

function usePatchMember(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['UpdateUserDto']) => must(await api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['user', id], updated);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}

function MemberAccount({ member }: { member: Member }) {
  const { t } = useTranslation();
  return (
    <Stack maw={640}>
      <Anchor component={Link} to="/desk/members" c="blue.8" size="sm">
        ← {t('desk.members.detail.back')}
      </Anchor>
      <div>
        <Title order={1}>{member.fullName}</Title>
        <Text c="gray.7" size="sm">
          {member.username} · {t('desk.members.detail.createdAt', { at: formatDateTime(member.createdAt) })}
        </Text>
      </div>
      <EditMember member={member} />
      <AccountStatus member={member} />
      <ResetPassword member={member} />
    </Stack>
  );
}

function EditMember({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [fullName, setFullName] = useState(member.fullName);
  const [orgUnitId, setOrgUnitId] = useState<string | null>(member.orgUnitId);
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const patch = usePatchMember(member.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only what changed: a secretariat who renames a member does not re-grant roles they may not grant.
    const sameRoles = [...roles].sort().join() === [...member.roles].sort().join();
    const changes = {
      ...(nfc(fullName) !== member.fullName ? { fullName: nfc(fullName) } : {}),
      ...(orgUnitId && orgUnitId !== member.orgUnitId ? { orgUnitId } : {}),
      ...(sameRoles ? {} : { roles }),
    };
    if (Object.keys(changes).length > 0) patch.mutate(changes);
  };
  return (
    <Stack component="form" onSubmit={submit}>
      <TextInput label={t('desk.members.form.fullName')} value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} required maxLength={200} />
      <UnitPicker label={t('desk.members.form.unit')} value={orgUnitId} onChange={setOrgUnitId} required />
      <RoleChecks value={roles} onChange={setRoles} />
      {patch.isError && (
        <Alert color="red" role="alert">
          {memberProblem(t, patch.error)}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={patch.isPending}>
          {t('desk.members.detail.save')}
        </Button>
        {patch.isSuccess && (
          <Text c="teal.9" size="sm" role="status">
            {t('desk.members.detail.saved')}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function AccountStatus({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [confirming, { open, close }] = useDisclosure(false);
  const patch = usePatchMember(member.id);
  const setActive = (active: boolean) => patch.mutate({ active }, { onSuccess: close });
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="member-status">
      <Stack gap="xs">
        <Title order={2} size="h4" id="member-status">
          {t('desk.members.detail.statusHeading')}
        </Title>
        <Text size="sm">{member.active ? t('desk.members.detail.active') : t('desk.members.detail.inactive')}</Text>
        {patch.isError && (
          <Alert color="red" role="alert">
            {memberProblem(t, patch.error)}
          </Alert>
        )}
        <Group>
          {member.active ? (
            <Button color="red" c="red.8" variant="outline" onClick={open}>
              {t('desk.members.detail.deactivate')}
            </Button>
          ) : (
            <Button variant="outline" onClick={() => setActive(true)} loading={patch.isPending}>
              {t('desk.members.detail.reactivate')}
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        onClose={close}
        title={t('desk.members.detail.deactivate')}
        text={t('desk.members.detail.confirmDeactivate', { name: member.fullName })}
        confirmLabel={t('desk.members.detail.confirm')}
        onConfirm={() => setActive(false)}
        pending={patch.isPending}
        error={patch.isError ? memberProblem(t, patch.error) : null}
      />
    </Paper>
  );
}

function ResetPassword({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState<string | null>(null);
  const patch = usePatchMember(member.id);
  const reset = () => {
    const next = generatePassword();
    patch.mutate({ password: next }, { onSuccess: () => setPassword(next) });
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="member-password">
      <Stack gap="xs">
        <Title order={2} size="h4" id="member-password">
          {t('desk.members.detail.passwordHeading')}
        </Title>
        {password && <PasswordOnce text={t('desk.members.detail.passwordReset', { username: member.username, password })} password={password} />}
        {patch.isError && (
          <Alert color="red" role="alert">
            {memberProblem(t, patch.error)}
          </Alert>
        )}
        <Group>
          <Button variant="outline" onClick={reset} loading={patch.isPending}>
            {t('desk.members.detail.resetPassword')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

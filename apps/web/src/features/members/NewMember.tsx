import { Alert, Button, Group, MultiSelect, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { nfc } from '../../lib/format';
import { UnitPicker } from '../org-tree/UnitPicker';
import { memberProblem } from './member-problem';
import { generatePassword } from './password';
import { PasswordOnce } from './PasswordOnce';
import { RoleChecks, type Role } from './roles';
import { useAllTeams } from './useMembers';

/** A new member: who they are, their unit, roles and teams, and a first password handed over once. */
export function NewMember() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const teams = useAllTeams();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const [roles, setRoles] = useState<Role[]>(['collaborator']);
  const [password, setPassword] = useState('');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [shown, setShown] = useState(false);
  const create = useMutation({
    mutationFn: async () =>
      must(
        await api.POST('/api/v1/users', {
          body: { username: username.trim(), fullName: nfc(fullName), orgUnitId: orgUnitId ?? '', roles, password, ...(teamIds.length ? { teamIds } : {}) },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const created = create.data;
  if (created) {
    return (
      <Stack maw={640}>
        <Title order={1}>{t('desk.members.form.newHeading')}</Title>
        <Alert color="teal">{t('desk.members.form.created', { name: created.fullName })}</Alert>
        <PasswordOnce text={t('desk.members.form.passwordOnce', { username: created.username, password })} password={password} />
        <Group>
          <Button component={Link} to={`/desk/members/${created.id}`}>
            {created.fullName}
          </Button>
          <Button component={Link} to="/desk/members" variant="default">
            {t('desk.members.detail.back')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack component="form" onSubmit={submit} maw={640}>
      <Title order={1}>{t('desk.members.form.newHeading')}</Title>
      <TextInput label={t('desk.members.form.username')} description={t('desk.members.form.usernameHelp')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} required autoComplete="off" maxLength={64} />
      <TextInput label={t('desk.members.form.fullName')} value={fullName} onChange={(e) => setFullName(e.currentTarget.value)} required maxLength={200} />
      <UnitPicker label={t('desk.members.form.unit')} value={orgUnitId} onChange={setOrgUnitId} required />
      <RoleChecks value={roles} onChange={setRoles} />
      <Group align="flex-end" wrap="wrap">
        <PasswordInput label={t('desk.members.form.password')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="new-password" style={{ flex: '1 1 240px' }} visible={shown} onVisibilityChange={setShown} />
        <Button
          variant="default"
          onClick={() => {
            setPassword(generatePassword());
            setShown(true);
          }}
        >
          {t('desk.members.form.generate')}
        </Button>
      </Group>
      <MultiSelect
        label={t('desk.members.form.teams')}
        placeholder={t('desk.members.form.teamsPlaceholder')}
        data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
        value={teamIds}
        onChange={setTeamIds}
        searchable
        clearable
      />
      {create.isError && (
        <Alert color="red" role="alert">
          {memberProblem(t, create.error)}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={create.isPending}>
          {t('desk.members.form.create')}
        </Button>
        <Button component={Link} to="/desk/members" variant="subtle">
          {t('desk.members.form.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

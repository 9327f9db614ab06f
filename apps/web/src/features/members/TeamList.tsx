import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, nfc, type Lang } from '../../lib/format';
import { UnitPicker } from '../org-tree/UnitPicker';
import { useUnits } from '../org-tree/useUnits';
import { memberProblem } from './member-problem';
import { useAllTeams } from './useMembers';
import { ScrollTable } from '../../ui/ScrollTable';

/** The teams of the reader's scope, and a form for a new one. */
export function TeamList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const teams = useAllTeams();
  const units = useUnits();
  const unitName = (id: string) => units.data?.find((unit) => unit.id === id)?.trail ?? '…';
  return (
    <Stack>
      <Title order={1}>{t('desk.members.teams.title')}</Title>
      <NewTeam />
      {teams.isPending && <Loader aria-label={t('common.loading')} />}
      {teams.isError && <Alert color="red">{memberProblem(t, teams.error)}</Alert>}
      {teams.isSuccess && teams.data.length === 0 && <Text c="gray.7">{t('desk.members.teams.empty')}</Text>}
      {teams.data && teams.data.length > 0 && (
        <ScrollTable minWidth={480} label={t('desk.members.teams.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.members.teams.name')}</Table.Th>
                <Table.Th>{t('desk.members.teams.unit')}</Table.Th>
                <Table.Th ta="right">{t('desk.members.teams.members')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {teams.data.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td>
                    <Anchor component={Link} to={team.id} c="blue.8">
                      {team.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{unitName(team.orgUnitId)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(team.memberIds.length, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function NewTeam() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: async () => must(await api.POST('/api/v1/teams', { body: { name: nfc(name), orgUnitId: orgUnitId ?? '' } })),
    onSuccess: async (team) => {
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
      void navigate(`/desk/teams/${team.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="new-team">
      <Stack component="form" onSubmit={submit} gap="sm">
        <Title order={2} size="h4" id="new-team">
          {t('desk.members.teams.createHeading')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('desk.members.teams.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} style={{ flex: '1 1 220px' }} />
          <UnitPicker label={t('desk.members.teams.unit')} value={orgUnitId} onChange={setOrgUnitId} required style={{ flex: '1 1 220px' }} />
          <Button type="submit" loading={create.isPending}>
            {t('desk.members.teams.create')}
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" role="alert">
            {memberProblem(t, create.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

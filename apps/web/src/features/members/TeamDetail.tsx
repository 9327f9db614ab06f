import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { must } from '../../api-client/client';
import { DeskNotFound } from '../../app/DeskShell';
import { api } from '../../app/services';
import { useUnits } from '../org-tree/useUnits';
import { memberProblem } from './member-problem';
import { usePeopleSearch, useTeam, type Member, type Team } from './useMembers';
import { isNotFound } from '../../lib/api-problem';

/** One team: its members, each removable, and a search to add more. */
export function TeamDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const team = useTeam(id);
  const units = useUnits();
  if (isNotFound(team.error)) return <DeskNotFound />;
  if (team.isError) return <Alert color="red">{memberProblem(t, team.error)}</Alert>;
  if (!team.data) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack maw={760}>
      <Anchor component={Link} to="/desk/teams" c="blue.8" size="sm">
        ← {t('desk.members.teams.back')}
      </Anchor>
      <div>
        <Title order={1}>{team.data.name}</Title>
        <Text size="sm" c="gray.7">
          {units.data?.find((unit) => unit.id === team.data.orgUnitId)?.trail}
        </Text>
      </div>
      <TeamMembers team={team.data} />
      <AddMember team={team.data} />
    </Stack>
  );
}

function useTeamChange(team: Team) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { add: string } | { remove: string }) =>
      'add' in change
        ? must(await api.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body: { userIds: [change.add] } }))
        : must(await api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId: change.remove } } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['team', team.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['teams'] });
    },
  });
}

function TeamMembers({ team }: { team: Team }) {
  const { t } = useTranslation();
  const change = useTeamChange(team);
  const members = useQueries({
    queries: team.memberIds.map((id) => ({
      queryKey: ['user', id],
      queryFn: async () => must(await api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
    })),
  });
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="team-members">
      <Stack gap="xs">
        <Title order={2} size="h4" id="team-members">
          {t('desk.members.teams.membersHeading')}
        </Title>
        {team.memberIds.length === 0 && <Text c="gray.7">{t('desk.members.teams.noMembers')}</Text>}
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {members.map((member, i) => {
            const name = member.data ? `${member.data.fullName} (${member.data.username})` : '…';
            return (
              <Group component="li" key={team.memberIds[i]} justify="space-between" wrap="nowrap">
                {member.data ? (
                  <Anchor component={Link} to={`/desk/members/${member.data.id}`} c="blue.8">
                    {name}
                  </Anchor>
                ) : (
                  <Text>{name}</Text>
                )}
                <Button variant="subtle" color="red" c="red.8" size="compact-sm" onClick={() => change.mutate({ remove: team.memberIds[i] })} aria-label={t('desk.members.teams.remove', { name })}>
                  {t('desk.members.teams.removeShort')}
                </Button>
              </Group>
            );
          })}
        </Stack>
        {change.isError && (
          <Alert color="red" role="alert">
            {memberProblem(t, change.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

function AddMember({ team }: { team: Team }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { found } = usePeopleSearch(q, 1);
  const change = useTeamChange(team);
  const add = (member: Member) => change.mutate({ add: member.id });
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="team-add">
      <Stack gap="xs">
        <Title order={2} size="h4" id="team-add">
          {t('desk.members.teams.addHeading')}
        </Title>
        <TextInput type="search" label={t('desk.members.teams.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        {found.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
        {found.data && found.data.length === 0 && <Text c="gray.7">{t('desk.members.teams.nothingFound')}</Text>}
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: 'none' }}>
          {found.data?.map((member) => {
            const name = `${member.fullName} (${member.username})`;
            return (
              <Group component="li" key={member.id} justify="space-between" wrap="nowrap">
                <Text>{name}</Text>
                {team.memberIds.includes(member.id) ? (
                  <Text size="sm" c="gray.7">
                    {t('desk.members.teams.inTeam')}
                  </Text>
                ) : (
                  <Button variant="light" size="compact-sm" onClick={() => add(member)} loading={change.isPending} aria-label={t('desk.members.teams.add', { name })}>
                    {t('desk.members.teams.addShort')}
                  </Button>
                )}
              </Group>
            );
          })}
        </Stack>
      </Stack>
    </Paper>
  );
}

import { Button, Fieldset, Group, List, Loader, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { must, type Schemas } from '../../api-client/client';
import { api } from '../../app/services';
import { formatNumber, type Lang } from '../../lib/format';
import { UnitPicker } from '../org-tree/UnitPicker';
import { useUnits } from '../org-tree/useUnits';
import { namesAnyone, type Assignees } from './task-desk';
import { usePeopleSearch } from '../members/useMembers';

type User = Schemas['UserView'];

/** Whom a task goes to, as the form holds it: units, teams, and the people picked by name. */
export interface AssigneeChoice {
  orgUnitIds: string[];
  teamIds: string[];
  people: Pick<User, 'id' | 'fullName'>[];
}

export const NOBODY: AssigneeChoice = { orgUnitIds: [], teamIds: [], people: [] };

/** The choice as POST /tasks and POST /tasks/assignee-count take it. */
export function assigneesOf(choice: AssigneeChoice): Assignees {
  return { orgUnitIds: choice.orgUnitIds, teamIds: choice.teamIds, userIds: choice.people.map((person) => person.id) };
}

/** The units (each meaning its whole subtree), teams and people a task is given to, and how many people that is. */
export function AssigneePicker({ value, onChange }: { value: AssigneeChoice; onChange(next: AssigneeChoice): void }) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('desk.assigning.assignees.title')}>
      <Stack>
        <UnitChoice value={value} onChange={onChange} />
        <TeamChoice value={value} onChange={onChange} />
        <PeopleChoice value={value} onChange={onChange} />
        <AssigneeCount assignees={assigneesOf(value)} />
      </Stack>
    </Fieldset>
  );
}

type Part = { value: AssigneeChoice; onChange(next: AssigneeChoice): void };

function UnitChoice({ value, onChange }: Part) {
  const { t } = useTranslation();
  const units = useUnits();
  const chosen = new Set(value.orgUnitIds);
  const trailOf = (id: string) => units.data?.find((unit) => unit.id === id)?.trail ?? id;
  return (
    <Stack gap="xs">
      <UnitPicker
        // A fresh picker after each unit added: its search text goes with the choice.
        key={value.orgUnitIds.length}
        label={t('desk.assigning.assignees.units')}
        value={null}
        exclude={chosen}
        onChange={(id) => id && onChange({ ...value, orgUnitIds: [...value.orgUnitIds, id] })}
      />
      {value.orgUnitIds.length > 0 && (
        <List aria-label={t('desk.assigning.assignees.chosenUnits')} listStyleType="none" spacing={4}>
          {value.orgUnitIds.map((id) => (
            <List.Item key={id}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {trailOf(id)}
                </Text>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red.8"
                  aria-label={t('desk.assigning.assignees.removeUnit', { name: trailOf(id) })}
                  onClick={() => onChange({ ...value, orgUnitIds: value.orgUnitIds.filter((other) => other !== id) })}
                >
                  ✕
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

function TeamChoice({ value, onChange }: Part) {
  const { t } = useTranslation();
  const teams = useQuery({
    queryKey: ['teams', 'first-page'],
    queryFn: async () => must(await api.GET('/api/v1/teams', { params: { query: { limit: 200 } } })),
  });
  return (
    <MultiSelect
      label={t('desk.assigning.assignees.teams')}
      placeholder={value.teamIds.length === 0 ? t('desk.assigning.assignees.teamsPlaceholder') : undefined}
      data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))}
      value={value.teamIds}
      onChange={(teamIds) => onChange({ ...value, teamIds })}
      searchable
      clearable
      disabled={teams.isPending}
    />
  );
}

function PeopleChoice({ value, onChange }: Part) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const { q, found } = usePeopleSearch(typed, 2);
  const chosen = new Set(value.people.map((person) => person.id));
  const offered = (found.data ?? []).filter((user) => !chosen.has(user.id));
  return (
    <Stack gap="xs">
      <TextInput
        type="search"
        label={t('desk.assigning.assignees.people')}
        description={t('desk.assigning.assignees.peopleHint')}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
      />
      {found.isFetching && <Loader size="sm" aria-label={t('common.loading')} />}
      {q.length >= 2 && found.isSuccess && offered.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('desk.assigning.assignees.peopleNothing')}
        </Text>
      )}
      {offered.length > 0 && (
        <Group gap="xs">
          {offered.map((user) => (
            <Button
              key={user.id}
              size="compact-sm"
              variant="light"
              color="blue.8"
              aria-label={t('desk.assigning.assignees.add', { name: user.fullName })}
              onClick={() => onChange({ ...value, people: [...value.people, { id: user.id, fullName: user.fullName }] })}
            >
              + {user.fullName}
            </Button>
          ))}
        </Group>
      )}
      {value.people.length > 0 && (
        <List aria-label={t('desk.assigning.assignees.chosenPeople')} listStyleType="none" spacing={4}>
          {value.people.map((person) => (
            <List.Item key={person.id}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{person.fullName}</Text>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red.8"
                  aria-label={t('desk.assigning.assignees.removePerson', { name: person.fullName })}
                  onClick={() => onChange({ ...value, people: value.people.filter((other) => other.id !== person.id) })}
                >
                  ✕
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** "Sẽ giao cho N người", counted by the API with the fan-out's own rule, a moment after the choice settles. */
function AssigneeCount({ assignees }: { assignees: Assignees }) {
  const { t, i18n } = useTranslation();
  const [settled] = useDebouncedValue(assignees, 400);
  const anyone = namesAnyone(settled);
  const count = useQuery({
    queryKey: ['assignee-count', settled],
    enabled: anyone,
    queryFn: async () => must(await api.POST('/api/v1/tasks/assignee-count', { body: { assignees: settled } })),
    staleTime: 10_000,
  });
  const text = !namesAnyone(assignees)
    ? t('desk.assigning.assignees.none')
    : count.data && !count.isFetching
      ? t('desk.assigning.assignees.count', { people: formatNumber(count.data.people, i18n.language as Lang) })
      : t('desk.assigning.assignees.counting');
  return (
    <Text fw={600} c="blue.8" role="status" aria-live="polite">
      {text}
    </Text>
  );
}

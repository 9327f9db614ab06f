import { Alert, Anchor, Badge, Button, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { UnitPicker } from '../org-tree/UnitPicker';
import { useUnits } from '../org-tree/useUnits';
import { memberProblem } from './member-problem';
import { roleNames } from './roles';
import { useMemberPages, type MemberFilter } from './useMembers';
import { ScrollTable } from '../../ui/ScrollTable';
import { MoreButton } from '../../ui/MoreButton';

/** The members of the reader's scope: searched, filtered by unit and status, a page at a time. */
export function MemberList() {
  const { t } = useTranslation();
  const units = useUnits();
  const [q, setQ] = useState('');
  const [orgUnitId, setOrgUnitId] = useState<string | null>(null);
  const [active, setActive] = useState<MemberFilter['active']>('all');
  const [search] = useDebouncedValue(q, 300);
  const pages = useMemberPages({ q: search, orgUnitId, active });
  const members = pages.data?.pages.flatMap((page) => page.items) ?? [];
  const unitName = (id: string) => units.data?.find((unit) => unit.id === id)?.name ?? '…';
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('desk.members.title')}</Title>
        <Group gap="xs">
          <Button component={Link} to="import" variant="default">
            {t('desk.members.list.import')}
          </Button>
          <Button component={Link} to="new">
            {t('desk.members.list.create')}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput type="search" label={t('desk.members.list.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} style={{ flex: '2 1 220px' }} />
        <UnitPicker label={t('desk.members.list.unit')} value={orgUnitId} onChange={setOrgUnitId} style={{ flex: '2 1 220px' }} />
        <NativeSelect
          label={t('desk.members.list.active')}
          value={active}
          onChange={(e) => setActive(e.currentTarget.value as MemberFilter['active'])}
          data={[
            { value: 'all', label: t('desk.members.list.activeAll') },
            { value: 'true', label: t('desk.members.list.activeOnly') },
            { value: 'false', label: t('desk.members.list.inactiveOnly') },
          ]}
          style={{ flex: '1 1 160px' }}
        />
      </Group>
      {pages.isPending && <Loader aria-label={t('common.loading')} />}
      {pages.isError && <Alert color="red">{memberProblem(t, pages.error)}</Alert>}
      {pages.isSuccess && members.length === 0 && <Text c="gray.7">{t('desk.members.list.empty')}</Text>}
      {members.length > 0 && (
        <ScrollTable minWidth={640} label={t('desk.members.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.members.list.name')}</Table.Th>
                <Table.Th>{t('desk.members.list.username')}</Table.Th>
                <Table.Th>{t('desk.members.list.unitColumn')}</Table.Th>
                <Table.Th>{t('desk.members.roles.label')}</Table.Th>
                <Table.Th>{t('desk.members.list.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {members.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    <Anchor component={Link} to={member.id} c="blue.8">
                      {member.fullName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{member.username}</Table.Td>
                  <Table.Td>{unitName(member.orgUnitId)}</Table.Td>
                  <Table.Td>{roleNames(t, member.roles)}</Table.Td>
                  <Table.Td>
                    <Badge color={member.active ? 'teal.9' : 'gray.8'} variant="outline" tt="none">
                      {member.active ? t('desk.members.list.isActive') : t('desk.members.list.isInactive')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <MoreButton pages={pages} />
    </Stack>
  );
}

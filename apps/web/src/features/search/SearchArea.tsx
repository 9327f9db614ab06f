import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatNumber, nfc, type Lang } from '../../lib/format';
import { failureText } from '../content-registry/refusal';
import { MATCHES_PER_GROUP, SEARCH_GROUPS, useSearch, type SearchGroup, type SearchGroups } from './search-api';

/** One search box over people, teams, content, tasks and page cases (/desk/search?q=…). */
export default function SearchArea() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const results = useSearch(q);
  // The box follows the address: back, forward and the menu link show the search they stand for.
  useEffect(() => setTyped(q), [q]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = nfc(typed);
    setParams(wanted ? { q: wanted } : {});
  }

  return (
    <Stack gap="md" maw={1100}>
      <Title order={1}>{t('desk.registry.search.title')}</Title>
      <form onSubmit={submit} role="search">
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            type="search"
            label={t('desk.registry.search.label')}
            description={t('desk.registry.search.hint')}
            value={typed}
            maxLength={200}
            onChange={(event) => setTyped(event.currentTarget.value)}
          />
          <Button type="submit" h={36}>
            {t('desk.registry.search.submit')}
          </Button>
        </Group>
      </form>
      {q !== '' && (
        <>
          <Text c="gray.7" size="sm">
            {t('desk.registry.search.best', { n: MATCHES_PER_GROUP })}
          </Text>
          <NothingFound q={q} results={results} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            {SEARCH_GROUPS.map((group, index) => (
              <ResultGroup key={group} group={group} result={results[index]} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

/** Says so once when every group came back empty, rather than five empty boxes saying it. */
function NothingFound({ q, results }: { q: string; results: UseQueryResult<unknown[]>[] }) {
  const { t } = useTranslation();
  const allEmpty = results.every((result) => result.isSuccess && result.data.length === 0);
  if (!allEmpty) return null;
  return (
    <Alert color="gray" variant="light" role="status">
      {t('desk.registry.search.none', { q })}
    </Alert>
  );
}

function ResultGroup({ group, result }: { group: SearchGroup; result: UseQueryResult<unknown[]> }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const headingId = `search-group-${group}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Title order={2} size="h4" id={headingId}>
          {t(`desk.registry.search.groups.${group}`)}
        </Title>
        {result.isSuccess && result.data.length > 0 && (
          <Text size="sm" c="gray.7">
            {t('desk.registry.search.count', { n: formatNumber(result.data.length, lang) })}
          </Text>
        )}
      </Group>
      {result.isPending && <Loader size="sm" aria-label={t('desk.registry.search.loading')} />}
      {result.isError && (
        <Text c="red.8" size="sm">
          {t('desk.registry.search.failed', { error: failureText(t, result.error) })}
        </Text>
      )}
      {result.isSuccess && result.data.length === 0 && (
        <Text c="gray.7" size="sm">
          {t('desk.registry.search.nothingHere')}
        </Text>
      )}
      {result.isSuccess && result.data.length > 0 && (
        <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }}>
          {renderItems(group, result.data as SearchGroups[SearchGroup])}
        </Stack>
      )}
    </Paper>
  );
}

function renderItems(group: SearchGroup, items: SearchGroups[SearchGroup]): ReactNode {
  switch (group) {
    case 'people':
      return (items as SearchGroups['people']).map((user) => (
        <Item key={user.id} to={`/desk/members/${user.id}`} title={user.fullName} detail={`@${user.username}`} muted={!user.active} />
      ));
    case 'teams':
      return (items as SearchGroups['teams']).map((team) => <TeamItem key={team.id} team={team} />);
    case 'contents':
      return (items as SearchGroups['contents']).map((content) => (
        <ContentItem key={content.id} content={content} />
      ));
    case 'tasks':
      return (items as SearchGroups['tasks']).map((task) => <Item key={task.id} to={`/desk/tasks/${task.id}`} title={task.title} />);
    case 'pages':
      return (items as SearchGroups['pages']).map((page) => <PageItem key={page.id} page={page} />);
  }
}

function TeamItem({ team }: { team: SearchGroups['teams'][number] }) {
  const { t, i18n } = useTranslation();
  const count = formatNumber(team.memberIds.length, i18n.language as Lang);
  return <Item to={`/desk/teams/${team.id}`} title={team.name} detail={t('desk.registry.search.members', { n: count })} />;
}

function ContentItem({ content }: { content: SearchGroups['contents'][number] }) {
  const { t } = useTranslation();
  return <Item to={`/desk/contents/${content.id}`} title={content.title} detail={t(`desk.registry.contents.kinds.${content.kind}`)} />;
}

function PageItem({ page }: { page: SearchGroups['pages'][number] }) {
  const { t, i18n } = useTranslation();
  const count = formatNumber(page.reportCount, i18n.language as Lang);
  return <Item to={`/desk/pages/${page.id}`} title={page.canonicalUrl} detail={t('desk.registry.search.reports', { n: count })} />;
}

/** One match: a link to its desk page, and a short line that tells two similar names apart. */
function Item({ to, title, detail, muted = false }: { to: string; title: string; detail?: string; muted?: boolean }) {
  const { t } = useTranslation();
  return (
    <li>
      <Anchor component={Link} to={to} c="blue.8" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {title}
      </Anchor>
      {(detail || muted) && (
        <Text span size="sm" c="gray.7" ml={6}>
          {[detail, muted ? t('desk.registry.search.inactive') : null].filter(Boolean).join(' · ')}
        </Text>
      )}
    </li>
  );
}

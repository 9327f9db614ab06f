import { Alert, Anchor, Box, Button, Card, Group, Loader, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDate, formatNumber, nfc, type Lang } from '../../lib/format';
import { CONTENT_KINDS, useContents, type Content, type ContentKind } from './content-api';
import { failureText } from './refusal';
import { MoreButton } from '../../ui/MoreButton';
import { ScrollTable } from '../../ui/ScrollTable';

const isKind = (value: string | null): value is ContentKind => CONTENT_KINDS.includes(value as ContentKind);

/** The registry: searched by title or link, filtered by kind, a page at a time. */
export function ContentList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kindParam = params.get('kind');
  const kind = isKind(kindParam) ? kindParam : null;
  const [typed, setTyped] = useState(q);
  // The box follows the address: back, forward and the menu link show the search they stand for.
  useEffect(() => setTyped(q), [q]);
  const contents = useContents({ q, kind });
  const items = contents.data?.pages.flatMap((page) => page.items) ?? [];

  function show(next: { q: string; kind: ContentKind | null }) {
    setParams({ ...(next.q ? { q: next.q } : {}), ...(next.kind ? { kind: next.kind } : {}) });
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    show({ q: nfc(typed), kind });
  }

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="center">
        <Title order={1}>{t('desk.registry.contents.title')}</Title>
        <Button component={Link} to="new">
          {t('desk.registry.contents.add')}
        </Button>
      </Group>
      <form onSubmit={submit} role="search">
        <Group align="flex-end" gap="sm">
          <TextInput
            style={{ flex: '1 1 16rem' }}
            type="search"
            label={t('desk.registry.contents.searchLabel')}
            description={t('desk.registry.contents.searchHint')}
            value={typed}
            maxLength={200}
            onChange={(event) => setTyped(event.currentTarget.value)}
          />
          <NativeSelect
            style={{ flex: '0 1 16rem' }}
            label={t('desk.registry.contents.kindFilter')}
            value={kind ?? ''}
            onChange={(event) => show({ q, kind: isKind(event.currentTarget.value) ? event.currentTarget.value : null })}
            data={[
              { value: '', label: t('desk.registry.contents.allKinds') },
              ...CONTENT_KINDS.map((value) => ({ value, label: t(`desk.registry.contents.kinds.${value}`) })),
            ]}
          />
          <Button type="submit" h={36}>
            {t('desk.registry.search.submit')}
          </Button>
        </Group>
      </form>
      {contents.isPending && <Loader aria-label={t('desk.registry.contents.loading')} />}
      {contents.isError && (
        <Alert color="red" variant="light">
          {t('desk.registry.contents.failed', { error: failureText(t, contents.error) })}
        </Alert>
      )}
      {contents.isSuccess && items.length === 0 && (
        <Text c="gray.7">{q || kind ? t('desk.registry.contents.noMatch') : t('desk.registry.contents.empty')}</Text>
      )}
      {items.length > 0 && <ContentCards items={items} />}
      {items.length > 0 && (
        <Box visibleFrom="sm">
        <ScrollTable minWidth={640} label={t('desk.registry.contents.title')}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.registry.contents.columns.title')}</Table.Th>
                <Table.Th>{t('desk.registry.contents.columns.kind')}</Table.Th>
                <Table.Th>{t('desk.registry.contents.columns.publishedAt')}</Table.Th>
                <Table.Th ta="right">{t('desk.registry.contents.columns.interactions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((content) => (
                <Table.Tr key={content.id}>
                  <Table.Td>
                    <Anchor component={Link} to={content.id} c="blue.8" style={{ overflowWrap: 'anywhere' }}>
                      {content.title}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`desk.registry.contents.kinds.${content.kind}`)}</Table.Td>
                  <Table.Td>{formatDate(content.publishedAt)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(content.interactions, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        </Box>
      )}
      <MoreButton pages={contents} />
    </Stack>
  );
}

/** The registry on a phone: one card per item, since four columns do not fit 360 px. */
function ContentCards({ items }: { items: Content[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  return (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} hiddenFrom="sm">
      {items.map((content) => (
        <Card key={content.id} component="li" withBorder padding="sm">
          <Anchor component={Link} to={content.id} c="blue.8" fw={500} style={{ overflowWrap: 'anywhere' }}>
            {content.title}
          </Anchor>
          <Text size="sm" c="gray.7">
            {t(`desk.registry.contents.kinds.${content.kind}`)} · {formatDate(content.publishedAt)}
          </Text>
          <Text size="sm">
            {t('desk.registry.contents.columns.interactions')}: {formatNumber(content.interactions, lang)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

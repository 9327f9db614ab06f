import { Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DeskNotFound } from '../../app/DeskShell';
import { formatDate, formatDateTime, formatNumber, nfc, safeHttpUrl, type Lang } from '../../lib/format';
import { useContent, useEditContent, type Content } from './content-api';
import { InteractionsInput } from './InteractionsInput';
import { failureText } from './refusal';
import { isNotFound } from '../../lib/api-problem';

/** One item of the registry, with its title and interaction count editable. */
export function ContentDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const content = useContent(id);
  if (content.isPending) return <Loader aria-label={t('common.loading')} />;
  if (content.isError) {
    if (isNotFound(content.error)) return <DeskNotFound />;
    return (
      <Alert color="red" variant="light">
        {t('desk.registry.contents.failed', { error: failureText(t, content.error) })}
      </Alert>
    );
  }
  return <ContentPage content={content.data} />;
}

function ContentPage({ content }: { content: Content }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const link = safeHttpUrl(content.url);
  const edit = useEditContent(content.id);
  return (
    <Stack gap="md" maw={900}>
      <Anchor component={Link} to="/desk/contents" c="blue.8" size="sm">
        ← {t('desk.registry.contents.back')}
      </Anchor>
      <Title order={1} style={{ overflowWrap: 'anywhere' }}>
        {content.title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Fact label={t('desk.registry.contents.detail.url')}>
          {link ? (
            <Anchor href={link} target="_blank" rel="noopener noreferrer" c="blue.8" style={{ overflowWrap: 'anywhere' }}>
              {content.url}
            </Anchor>
          ) : (
            content.url
          )}
        </Fact>
        <Fact label={t('desk.registry.contents.detail.kind')}>{t(`desk.registry.contents.kinds.${content.kind}`)}</Fact>
        <Fact label={t('desk.registry.contents.detail.publishedAt')}>{formatDate(content.publishedAt)}</Fact>
        <Fact label={t('desk.registry.contents.detail.interactions')}>
          <span data-testid="content-interactions">{formatNumber(content.interactions, lang)}</span>
        </Fact>
        <Fact label={t('desk.registry.contents.detail.updatedAt')}>{formatDateTime(content.updatedAt)}</Fact>
      </SimpleGrid>
      {/* Keyed by the saved version: after a save the form starts again from what the API kept. */}
      <EditContent key={content.updatedAt} content={content} edit={edit} />
      {edit.isSuccess && (
        <Alert color="teal" variant="outline" role="status">
          <Text c="teal.9" size="sm">
            {t('desk.registry.contents.detail.saved')}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="gray.7">
        {label}
      </Text>
      <Text fw={500} component="div">
        {children}
      </Text>
    </div>
  );
}

function EditContent({ content, edit }: { content: Content; edit: ReturnType<typeof useEditContent> }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(content.title);
  const [interactions, setInteractions] = useState<number | string>(content.interactions);

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes = {
      ...(nfc(title) !== content.title ? { title: nfc(title) } : {}),
      ...(typeof interactions === 'number' && interactions !== content.interactions ? { interactions } : {}),
    };
    if (Object.keys(changes).length > 0) edit.mutate(changes);
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="content-edit">
      <Title order={2} size="h4" id="content-edit" mb="sm">
        {t('desk.registry.contents.detail.edit')}
      </Title>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label={t('desk.registry.contents.fields.title')}
            required
            maxLength={500}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <InteractionsInput value={interactions} onChange={setInteractions} />
          {edit.isError && (
            <Alert color="red" variant="light" role="alert">
              {t('desk.registry.contents.refused', { error: failureText(t, edit.error) })}
            </Alert>
          )}
          <Group gap="sm">
            <Button type="submit" loading={edit.isPending}>
              {t('desk.registry.contents.detail.saveChanges')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

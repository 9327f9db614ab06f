import { Alert, Anchor, Button, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { nfc } from '../../lib/format';
import { CONTENT_KINDS, useAddContent, type ContentKind } from './content-api';
import { InteractionsInput } from './InteractionsInput';
import { instantOfOrgWallTime, orgWallTimeNow } from '../../lib/org-time';
import { existingIdOf, failureText } from './refusal';

/** Adds an item to the registry; a link already registered leads to the item that holds it. */
export function ContentForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const add = useAddContent();
  const [kind, setKind] = useState<ContentKind>('website_post');
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [publishedAt, setPublishedAt] = useState(orgWallTimeNow);
  const [interactions, setInteractions] = useState<number | string>(0);
  const existingId = existingIdOf(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      {
        kind,
        title: nfc(title),
        url: url.trim(),
        publishedAt: instantOfOrgWallTime(publishedAt),
        interactions: typeof interactions === 'number' ? interactions : 0,
      },
      { onSuccess: (content) => void navigate(`/desk/contents/${content.id}`) },
    );
  }

  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('desk.registry.contents.newTitle')}</Title>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <NativeSelect
            label={t('desk.registry.contents.fields.kind')}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value as ContentKind)}
            data={CONTENT_KINDS.map((value) => ({ value, label: t(`desk.registry.contents.kinds.${value}`) }))}
          />
          <TextInput
            label={t('desk.registry.contents.fields.title')}
            required
            maxLength={500}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <TextInput
            label={t('desk.registry.contents.fields.url')}
            description={t('desk.registry.contents.fields.urlHint')}
            required
            type="url"
            inputMode="url"
            maxLength={2048}
            value={url}
            onChange={(event) => setUrl(event.currentTarget.value)}
          />
          <TextInput
            label={t('desk.registry.contents.fields.publishedAt')}
            required
            type="datetime-local"
            value={publishedAt}
            onChange={(event) => setPublishedAt(event.currentTarget.value)}
          />
          <InteractionsInput value={interactions} onChange={setInteractions} />
          {existingId ? (
            <Alert color="yellow" variant="light" role="alert" title={t('desk.registry.contents.duplicate')}>
              <Anchor component={Link} to={`/desk/contents/${existingId}`} c="blue.8" fw={600}>
                {t('desk.registry.contents.openExisting')}
              </Anchor>
            </Alert>
          ) : (
            add.isError && (
              <Alert color="red" variant="light" role="alert">
                {t('desk.registry.contents.refused', { error: failureText(t, add.error) })}
              </Alert>
            )
          )}
          <Group gap="sm">
            <Button type="submit" loading={add.isPending}>
              {t('desk.registry.contents.save')}
            </Button>
            <Button component={Link} to="/desk/contents" variant="default">
              {t('desk.registry.contents.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

import { Stack, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import type { CaseEvent } from './review-api';

/** Who moved the case when, from which status to which, with their note and the platform's reference. */
export function CaseHistory({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="section" aria-labelledby="case-history">
      <Title order={2} size="h3" id="case-history">
        {t('desk.review.history.title')}
      </Title>
      {events.length === 0 ? (
        <Text c="gray.7">{t('desk.review.history.empty')}</Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} color="blue.8" active={events.length - 1} component="ol" style={{ paddingInlineStart: 0, listStyle: 'none' }}>
          {events.map((event) => (
            <Timeline.Item
              key={event.id}
              component="li"
              title={t('desk.review.history.change', { from: t(`caseStatus.${event.fromStatus}`), to: t(`caseStatus.${event.toStatus}`) })}
            >
              <EventDetail event={event} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Stack>
  );
}

function EventDetail({ event }: { event: CaseEvent }) {
  const { t } = useTranslation();
  const at = formatDateTime(event.createdAt);
  return (
    <Stack gap={2}>
      <Text size="sm" c="gray.7">
        {event.actorName ? t('desk.review.history.by', { name: event.actorName, unit: event.orgUnitName ?? '', at }) : t('desk.review.history.byHidden', { at })}
      </Text>
      {event.note && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {t('desk.review.history.note', { note: event.note })}
        </Text>
      )}
      {event.platformRef && (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {t('desk.review.history.platformRef', { ref: event.platformRef })}
        </Text>
      )}
    </Stack>
  );
}

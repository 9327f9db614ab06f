import { Alert, Button, Card, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { must } from '../../api-client/client';
import { api } from '../../app/services';
import { enablePush, pushSupported, refreshPush } from './push-subscription';

/** Asked once per person on this phone: "Để sau" is remembered, so the card never nags. */
const dismissedKey = (userId: string) => `lantoa.push.dismissed.${userId}`;

type Outcome = 'enabled' | 'denied' | 'failed';

/**
 * The offer to be told about new tasks, shown only when the server sends pushes (it has a
 * public key), the browser can take them, and the person has not yet said yes, no or later.
 */
export function PushOptIn({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const key = useQuery({
    queryKey: ['push', 'key'],
    queryFn: async () => must(await api.GET('/api/v1/push/key')),
    staleTime: Infinity,
    enabled: pushSupported(),
  });
  const publicKey = key.data?.publicKey ?? null;
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(dismissedKey(userId)) !== null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const permission = pushSupported() ? Notification.permission : 'denied';

  useEffect(() => {
    if (publicKey && permission === 'granted') void refreshPush(api, userId).catch(() => undefined);
  }, [publicKey, permission, userId]);

  if (outcome) {
    return (
      <Alert color={outcome === 'enabled' ? 'teal' : 'yellow'} withCloseButton closeButtonLabel={t('notifications.close')} onClose={() => setOutcome(null)}>
        {t(`notifications.${outcome}`)}
      </Alert>
    );
  }
  if (!publicKey || permission !== 'default' || dismissed) return null;

  async function enable(key: string) {
    setBusy(true);
    try {
      const answer = await enablePush(api, key);
      setOutcome(answer === 'granted' ? 'enabled' : 'denied');
    } catch {
      setOutcome('failed');
    } finally {
      setBusy(false);
    }
  }

  function later() {
    localStorage.setItem(dismissedKey(userId), new Date().toISOString());
    setDismissed(true);
  }

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="push-offer">
      <Text id="push-offer" fw={600}>
        {t('notifications.offer')}
      </Text>
      <Group gap="sm" mt="xs">
        <Button size="sm" loading={busy} onClick={() => void enable(publicKey)}>
          {t('notifications.enable')}
        </Button>
        <Button size="sm" variant="subtle" onClick={later}>
          {t('notifications.later')}
        </Button>
      </Group>
    </Card>
  );
}

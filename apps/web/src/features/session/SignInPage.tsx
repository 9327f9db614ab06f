import { Alert, Box, Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router';
import { ApiCallError } from '../../api-client/client';
import { session } from '../../app/services';
import { setLang } from '../../i18n';
import { nfc, type Lang } from '../../lib/format';
import { SHARE_TARGET_PATH, sharedLinkOf } from '../log-action/shared-link';

export default function SignInPage({ waiting }: { waiting: number }) {
  const { t, i18n } = useTranslation();
  const other: Lang = i18n.language === 'en' ? 'vi' : 'en';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shared = useSharedLink();
  useEffect(() => {
    // A sign-out made offline is sent as soon as the network is back.
    const finish = () => void session.finishSignOut();
    finish();
    window.addEventListener('online', finish);
    return () => window.removeEventListener('online', finish);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(nfc(username), password);
    } catch (failure) {
      const status = failure instanceof ApiCallError ? failure.status : 0;
      setError(status === 401 ? t('signIn.wrong') : status === 429 ? t('signIn.tooMany') : status === 0 ? t('common.offline') : t('common.error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Room on each side at 360 px; the language can be chosen before anyone is signed in.
    <Box component="main" maw={444} mx="auto" px="sm" pb="lg">
      <Group justify="flex-end">
        <Button variant="subtle" h={44} onClick={() => setLang(other)} lang={other}>
          {t('lang.switch')}
        </Button>
      </Group>
      <Paper component="form" onSubmit={submit} p="md" withBorder aria-labelledby="sign-in-title">
        <Stack>
          <Title order={1} id="sign-in-title" size="h2">
            {t('signIn.title')}
          </Title>
          {waiting > 0 && <Alert color="yellow">{t('signIn.queueKept', { count: waiting })}</Alert>}
          {shared && (
            <Alert color="blue" role="status">
              {t('signIn.sharedKept')}
              <Text component="span" display="block" fw={600} style={{ overflowWrap: 'anywhere' }}>
                {shared}
              </Text>
            </Alert>
          )}
          <TextInput label={t('signIn.username')} autoComplete="username" autoCapitalize="none" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
          <PasswordInput label={t('signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} size="md">
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Paper>
    </Box>
  );
}

/**
 * The link a person shared from Facebook or Zalo while signed out: it waits in the address
 * (/share?…) and fills the log form after sign-in, and the sign-in page says so.
 */
function useSharedLink(): string | null {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  return pathname === SHARE_TARGET_PATH ? sharedLinkOf(params) : null;
}

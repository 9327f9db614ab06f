import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n/account-language';
import { disablePush } from '../features/notifications/push-subscription';
import type { Lang } from '../lib/format';
import { api, session } from './services';

export function LanguageSwitch({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const next: Lang = i18n.language === 'en' ? 'vi' : 'en';
  return (
    // Its short code fits the header at 360 px in either language; the name says which language it switches to.
    <Button variant="subtle" h={44} px={8} onClick={() => void chooseLanguage(api, userId, next)} lang={next} aria-label={t('lang.switch')}>
      {next.toUpperCase()}
    </Button>
  );
}

/** Signing out clears the app's caches too: nothing of this person's stays readable on the phone. */
export async function signOut() {
  await disablePush(api);
  await session.signOut();
  if ('caches' in window) for (const name of await caches.keys()) if (!name.includes('precache')) await caches.delete(name);
}


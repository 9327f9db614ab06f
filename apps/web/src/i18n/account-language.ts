import type { ApiClient } from '../api-client/client';
import type { Lang } from '../lib/format';
import { adoptLang, hasOwnLang, setLang, storedLang } from './index';

type PreferencesClient = Pick<ApiClient, 'GET' | 'PATCH'>;

// A choice made offline (or whose PATCH failed) waits here, so the account's older value never overwrites it.
const unsentKey = (userId: string) => `lantoa.lang.user.${userId}.unsent`;

/** The person chose a language: shown and kept on this phone now, sent to their account. */
export function chooseLanguage(client: PreferencesClient, userId: string | null, lang: Lang): Promise<void> {
  setLang(lang);
  if (userId === null) return Promise.resolve();
  localStorage.setItem(unsentKey(userId), lang);
  return send(client, userId, lang);
}

/**
 * Once signed in: a choice not yet sent goes up; otherwise the account's choice is taken (it may
 * have been made on another phone), and a choice made only on this phone goes up.
 */
export async function syncAccountLanguage(client: PreferencesClient, userId: string): Promise<void> {
  const unsent = localStorage.getItem(unsentKey(userId));
  if (unsent === 'vi' || unsent === 'en') return send(client, userId, unsent);
  let kept: Lang | null;
  try {
    const answer = await client.GET('/api/v1/me/preferences');
    if (!answer.data) return;
    kept = answer.data.language;
  } catch {
    return; // offline: this phone's choice stands
  }
  if (localStorage.getItem(unsentKey(userId)) !== null) return; // chosen while we asked
  if (kept) adoptLang(userId, kept);
  else if (hasOwnLang(userId)) await send(client, userId, storedLang(userId));
}

async function send(client: PreferencesClient, userId: string, lang: Lang): Promise<void> {
  try {
    const answer = await client.PATCH('/api/v1/me/preferences', { body: { language: lang } });
    if (answer.data && localStorage.getItem(unsentKey(userId)) === lang) localStorage.removeItem(unsentKey(userId));
  } catch {
    // offline: sent at the next sign-in
  }
}

import { beforeEach, describe, expect, it } from 'vitest';
import i18next, { followUser, setLang } from './index';
import { chooseLanguage, syncAccountLanguage } from './account-language';

/** A stand-in for the API's /me/preferences: one account per user, and a switch to go offline. */
function fakeAccounts() {
  const kept = new Map<string, 'vi' | 'en'>();
  const state = { user: '1', offline: false, patches: 0 };
  const client = {
    async GET() {
      if (state.offline) throw new TypeError('Failed to fetch');
      return { data: { language: kept.get(state.user) ?? null }, response: new Response() };
    },
    async PATCH(_path: string, init: { body: { language: 'vi' | 'en' } }) {
      if (state.offline) throw new TypeError('Failed to fetch');
      state.patches += 1;
      kept.set(state.user, init.body.language);
      return { data: { language: init.body.language }, response: new Response() };
    },
  } as unknown as Parameters<typeof syncAccountLanguage>[0];
  return { kept, state, client };
}

describe('language kept on the account', () => {
  beforeEach(() => {
    localStorage.clear();
    followUser(null);
  });

  it('takes the account’s choice on a phone where the person never chose', async () => {
    const { kept, client } = fakeAccounts();
    kept.set('1', 'en');
    followUser('1');
    expect(i18next.language).toBe('vi');
    await syncAccountLanguage(client, '1');
    expect(i18next.language).toBe('en');
  });

  it('sends a choice to the account', async () => {
    const { kept, client } = fakeAccounts();
    followUser('1');
    await chooseLanguage(client, '1', 'en');
    expect(kept.get('1')).toBe('en');
  });

  it('keeps a choice made offline over the account’s older one, and sends it once online', async () => {
    const { kept, state, client } = fakeAccounts();
    kept.set('1', 'vi');
    followUser('1');
    state.offline = true;
    await chooseLanguage(client, '1', 'en');
    state.offline = false;
    await syncAccountLanguage(client, '1');
    expect(i18next.language).toBe('en');
    expect(kept.get('1')).toBe('en');
  });

  it('sends up a choice made on this phone before the account had one', async () => {
    const { kept, client } = fakeAccounts();
    followUser('1');
    setLang('en'); // chosen before this version kept languages on the account
    await syncAccountLanguage(client, '1');
    expect(kept.get('1')).toBe('en');
  });

  it('shows nothing of the account’s language while the sign-in screen is up', async () => {
    const { kept, client } = fakeAccounts();
    kept.set('1', 'en');
    followUser('1');
    const sync = syncAccountLanguage(client, '1');
    followUser(null); // signed out while the answer was on its way
    await sync;
    expect(i18next.language).toBe('vi');
  });
});

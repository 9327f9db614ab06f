import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../lib/format';
import { en } from './en';
import { vi } from './vi';

/*
 * The language is kept per user (issue 10), in two places. This phone's localStorage holds it
 * under the user's id, so it shows at once, offline too, and signing in as someone else on the
 * same phone shows that person's choice. The account holds it too (GET/PATCH /me/preferences,
 * see account-language.ts), so it follows the person to another phone. The sign-in screen,
 * where nobody is known yet, has the phone's own choice, Vietnamese by default, and a person
 * who never chose gets that.
 */
const DEVICE_KEY = 'lantoa.lang';
const userKey = (userId: string) => `lantoa.lang.user.${userId}`;
let signedInUser: string | null = null;

/** The language chosen by this user on this phone, else the phone's; Vietnamese by default. */
export function storedLang(userId: string | null = null): Lang {
  const chosen = (userId !== null ? localStorage.getItem(userKey(userId)) : null) ?? localStorage.getItem(DEVICE_KEY);
  return chosen === 'en' ? 'en' : 'vi';
}

/** Keeps the choice for the person signed in (the phone's when nobody is) and shows it. */
export function setLang(lang: Lang): void {
  localStorage.setItem(signedInUser !== null ? userKey(signedInUser) : DEVICE_KEY, lang);
  show(lang);
}

/** Whether this user chose a language on this phone. */
export function hasOwnLang(userId: string): boolean {
  return localStorage.getItem(userKey(userId)) !== null;
}

/** Takes the language kept on the user's account, shown at once if they are the one signed in. */
export function adoptLang(userId: string, lang: Lang): void {
  localStorage.setItem(userKey(userId), lang);
  if (signedInUser === userId) show(lang);
}

/** Shows the language of whoever is now signed in (null: nobody, the sign-in screen). */
export function followUser(userId: string | null): void {
  signedInUser = userId;
  show(storedLang(userId));
}

function show(lang: Lang): void {
  document.documentElement.lang = lang;
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
}

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false }, // React escapes already
});
document.documentElement.lang = storedLang();

export default i18next;

import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../lib/format';
import { en } from './en';
import { vi } from './vi';

const LANG_KEY = 'lantoa.lang';

/** The language this person chose on this phone (kept in localStorage), Vietnamese by default. */
export function storedLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
  void i18next.changeLanguage(lang);
}

void i18next.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: storedLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false }, // React escapes already
});
document.documentElement.lang = storedLang();

export default i18next;

import { en } from '../../../apps/web/src/i18n/en';
import { vi } from '../../../apps/web/src/i18n/vi';

export type Lang = 'vi' | 'en';

/** Every fixed string of a dictionary (interpolated ones left out: their parts are not whole phrases). */
function phrases(dictionary: object): string[] {
  return Object.values(dictionary).flatMap((value) => (typeof value === 'string' ? (value.includes('{{') ? [] : [value]) : phrases(value as object)));
}

const OWN = { vi: new Set(phrases(vi)), en: new Set(phrases(en)) };

/** The other language's phrases found, as whole words, in a screen's text: what leaked. */
export function leaked(text: string, lang: Lang): string[] {
  const other = lang === 'vi' ? OWN.en : OWN.vi;
  return [...other].filter((phrase) => phrase.length >= 4 && !OWN[lang].has(phrase)).filter((phrase) => {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(text);
  });
}

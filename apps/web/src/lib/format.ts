/** The app's two languages; Vietnamese is the default. */
export type Lang = 'vi' | 'en';

const LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/** 1064 → "1.064" in Vietnamese, "1,064" in English. */
export function formatNumber(value: number, lang: Lang = 'vi'): string {
  return new Intl.NumberFormat(LOCALE[lang]).format(value);
}

/** The separators a number input shows as the person types: 12.350 in Vietnamese, 12,350 in English. */
export function numberSeparators(lang: Lang = 'vi'): { thousandSeparator: string; decimalSeparator: string } {
  const parts = new Intl.NumberFormat(LOCALE[lang]).formatToParts(12345.6);
  return {
    thousandSeparator: parts.find((p) => p.type === 'group')?.value ?? '.',
    decimalSeparator: parts.find((p) => p.type === 'decimal')?.value ?? ',',
  };
}

/** An instant as dd/mm/yyyy in the organisation's zone, whatever the language. */
export function formatDate(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const parts = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone }).formatToParts(
    new Date(iso),
  );
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')}`;
}

/** An instant as dd/mm/yyyy hh:mm (24 h) in the organisation's zone. */
export function formatDateTime(iso: string, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
  return `${formatDate(iso, timeZone)} ${time}`;
}

/** What a person typed, in NFC: "Nguyễn" typed on a keyboard that sends NFD is stored as the same 6 letters. */
export function nfc(text: string): string {
  return text.normalize('NFC').trim();
}

/** A link a person typed may be opened only when it is http(s); anything else (javascript:, data:) is refused. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The first http(s) link in shared text ("Xem bài này https://fb.com/…"), as share sheets often send it in `text`. */
export function firstHttpUrl(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    for (const word of (text ?? '').split(/\s+/)) {
      const url = safeHttpUrl(word);
      if (url) return url;
    }
  }
  return null;
}

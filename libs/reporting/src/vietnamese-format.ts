/**
 * How Vietnamese documents write numbers and dates (SPEC, Language): `.` groups thousands
 * (1.064), `,` marks decimals, dates are dd/mm/yyyy. Every export formats through here so
 * that the DOCX, the template's placeholders and the tests agree.
 */
const WHOLE = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const SIGNED = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
const PERCENT = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** 1064 → "1.064", 12350 → "12.350", -5 → "-5". */
export function formatNumber(value: number): string {
  return WHOLE.format(value);
}

/** A change with its sign: 12 → "+12", -1064 → "-1.064", 0 → "0". */
export function formatSignedNumber(value: number): string {
  return SIGNED.format(value);
}

/** A share as a Vietnamese percentage: (1, 3) → "33,3%"; nothing of nothing is "0%". */
export function formatPercent(part: number, whole: number): string {
  return `${PERCENT.format(whole === 0 ? 0 : (part * 100) / whole)}%`;
}

/**
 * The change from last year in words, as a year-end summary says it:
 * 12 → "tăng 12", -1064 → "giảm 1.064", 0 → "không thay đổi".
 */
export function describeChange(change: number): string {
  if (change > 0) return `tăng ${formatNumber(change)}`;
  if (change < 0) return `giảm ${formatNumber(-change)}`;
  return 'không thay đổi';
}

/** dd/mm/yyyy of an instant in the organisation's zone. */
export function formatDate(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.day}/${p.month}/${p.year}`;
}

/** dd/mm/yyyy HH:mm of an instant in the organisation's zone. */
export function formatDateTime(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** "2023-03" (or "2023-03-01") → "03/2023", the way a month heads a Vietnamese table. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(month);
  if (!match) throw new Error(`not a month: ${JSON.stringify(month)}`);
  return `${match[2]}/${match[1]}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: Date, timeZone: string): Record<'day' | 'month' | 'year' | 'hour' | 'minute', string> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const found = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: found.day, month: found.month, year: found.year, hour: found.hour, minute: found.minute };
}

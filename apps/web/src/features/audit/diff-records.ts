/** One key of an audit entry's records: its value before and after the change. */
export interface KeyChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** What an audit entry changed: the keys whose value differs, and the keys left as they were. */
export interface RecordDiff {
  changed: KeyChange[];
  unchanged: KeyChange[];
}

/**
 * Compares two records key by key (a create has no `before`, a delete no `after`: a missing
 * record reads as empty). Values are compared as JSON, so nested objects and lists that hold
 * the same data are the same. Keys come out in the order they first appear.
 */
export function diffRecords(before: unknown, after: unknown): RecordDiff {
  const old = asRecord(before);
  const next = asRecord(after);
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])];
  const diff: RecordDiff = { changed: [], unchanged: [] };
  for (const key of keys) {
    const change = { key, before: old[key], after: next[key] };
    (sameValue(change.before, change.after) ? diff.unchanged : diff.changed).push(change);
  }
  return diff;
}

/** A value as one line of text: strings as they are, absent as an empty string, the rest as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  // A non-object record (a bare value) still shows, under one key.
  return value === null || value === undefined ? {} : { value };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

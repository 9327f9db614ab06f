import { createHash } from 'node:crypto';
import { InvalidInputError } from './invalid-input';

/** What an `Idempotency-Key` header (or a batch item's `clientId`) may look like. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** What a refused key is told, naming its field (the header, or clientId). */
export const IDEMPOTENCY_KEY_MESSAGE = (field: string) => `${field} must be 1-128 letters, digits, . _ : -`;

/** Reads the optional Idempotency-Key header; a malformed key is a 400 naming the header. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header[0] : header;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new InvalidInputError('Idempotency-Key', IDEMPOTENCY_KEY_MESSAGE('Idempotency-Key'));
  }
  return value;
}

/** A stable fingerprint of a request body: the same fields in any order hash alike. */
export function requestHash(body: unknown): Buffer {
  return createHash('sha256').update(stableJson(body)).digest();
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

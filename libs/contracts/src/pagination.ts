import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { isId } from './ids';
import { isRealInstant } from './instant';
import { InvalidInputError } from './invalid-input';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/** `cursor` and `limit`, shared by every collection endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page, as given' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

/** Every collection answers this shape (SPEC). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque cursor over an ascending or descending id. */
export function encodeIdCursor(id: string): string {
  return Buffer.from(JSON.stringify({ id }), 'utf8').toString('base64url');
}

/** Reads a cursor made by {@link encodeIdCursor}; anything else is a 400 on `cursor`. */
export function decodeIdCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('alphabet');
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'string' && isId(parsed.id)) return parsed.id;
  } catch {
    // fall through to the one answer every malformed cursor gets
  }
  throw new InvalidInputError('cursor', 'cursor is not a cursor this API issued');
}

/** Builds a page from `limit + 1` rows fetched in id order. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeIdCursor(items[items.length - 1].id) : null };
}

/** An opaque cursor over a composite key (e.g. occurredAt + id, for newest-first drill-downs). */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** What a field of a composite cursor holds: an instant as the lists encode it, or an id. */
export type CursorField = 'instant' | 'id';

// An instant is checked for existing, not only for its shape: a forged 2023-02-30 or 99:99
// would otherwise reach PostgreSQL and fail there as a 500. The decoder owns these checks so
// that no list can hand it a looser one.
const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const CURSOR_FIELD_CHECKS: Record<CursorField, (value: string) => boolean> = {
  instant: (value) => CURSOR_INSTANT.test(value) && isRealInstant(value),
  id: isId,
};

/**
 * Reads a cursor made by {@link encodeCursor}; each field must hold what its shape says
 * (a UTC instant that exists, an id), or the whole cursor is a 400 on `cursor`.
 */
export function decodeCursor<K extends string>(
  cursor: string | undefined,
  shape: Record<K, CursorField>,
): Record<K, string> | null {
  if (cursor === undefined) return null;
  try {
    if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) throw new Error('alphabet');
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const entries = Object.entries(shape) as [K, CursorField][];
    if (entries.every(([k, kind]) => typeof parsed[k] === 'string' && CURSOR_FIELD_CHECKS[kind](parsed[k] as string))) {
      return Object.fromEntries(entries.map(([k]) => [k, parsed[k]])) as Record<K, string>;
    }
  } catch {
    // every malformed cursor gets the same answer below
  }
  throw new InvalidInputError('cursor', 'cursor is not a cursor this API issued');
}

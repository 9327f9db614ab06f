import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions, ApiSchema } from '@nestjs/swagger';

/*
 * Property decorators for the documented response views. They are written out (not left
 * to the Swagger CLI plugin) so the document is the same under nest build, ts-node and
 * ts-jest, and so nullability is stated rather than guessed from `string | null`.
 */

type Extra = Partial<ApiPropertyOptions> & { description?: string };

/** A record id: a bigint, written as a string of digits. */
export const IdProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'string', pattern: '^[0-9]+$', example: '42', ...extra } as ApiPropertyOptions);

export const NullableIdProperty = (extra: Extra = {}) => IdProperty({ nullable: true, ...extra });

export const IdListProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'string', isArray: true, pattern: '^[0-9]+$', example: ['42'], ...extra } as ApiPropertyOptions);

/** An instant, ISO 8601 with its offset. */
export const InstantProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'string', format: 'date-time', example: '2025-03-08T09:30:00.000Z', ...extra } as ApiPropertyOptions);

export const NullableInstantProperty = (extra: Extra = {}) => InstantProperty({ nullable: true, ...extra });

/** A calendar date, YYYY-MM-DD. */
export const DateProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'string', format: 'date', example: '2025-03-08', ...extra } as ApiPropertyOptions);

export const TextProperty = (extra: Extra = {}) => ApiProperty({ type: 'string', ...extra } as ApiPropertyOptions);

export const NullableTextProperty = (extra: Extra = {}) => TextProperty({ nullable: true, ...extra });

export const CountProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'integer', minimum: 0, example: 0, ...extra } as ApiPropertyOptions);

export const NullableCountProperty = (extra: Extra = {}) => CountProperty({ nullable: true, ...extra });

export const NumberProperty = (extra: Extra = {}) => ApiProperty({ type: 'number', ...extra } as ApiPropertyOptions);

export const FlagProperty = (extra: Extra = {}) => ApiProperty({ type: 'boolean', ...extra } as ApiPropertyOptions);

export const YearProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100, example: 2025, ...extra } as ApiPropertyOptions);

/** One of a fixed list of words. */
export const EnumProperty = (values: readonly string[], extra: Extra = {}) =>
  ApiProperty({ type: 'string', enum: [...values], ...extra } as ApiPropertyOptions);

export const EnumListProperty = (values: readonly string[], extra: Extra = {}) =>
  ApiProperty({ type: 'string', enum: [...values], isArray: true, ...extra } as ApiPropertyOptions);

/**
 * A nested view (or a list of them with `isArray`). The thunk is re-wrapped in a property
 * named `type`: @nestjs/swagger recognises a lazy type by that function name.
 */
export const ViewProperty = (view: () => Type<unknown>, extra: Extra = {}) =>
  ApiProperty({ type: () => view(), ...extra } as ApiPropertyOptions);

/** Any JSON object (a job's result, an audit entry's before and after). */
export const JsonObjectProperty = (extra: Extra = {}) =>
  ApiProperty({ type: 'object', additionalProperties: true, nullable: true, ...extra } as ApiPropertyOptions);

/** A collection's page: `{ items, nextCursor }` (SPEC: every collection answers this shape). */
export function pageSchemaOf<T>(item: Type<T>, name: string): Type<{ items: T[]; nextCursor: string | null }> {
  @ApiSchema({ name, description: `A page of ${item.name.replace(/Schema$/, '')}; nextCursor null on the last page` })
  class PageSchema {
    @ViewProperty(() => item, { isArray: true })
    items: T[];

    @NullableTextProperty({ description: 'pass as ?cursor= for the next page; null on the last page', example: null })
    nextCursor: string | null;
  }
  return PageSchema;
}

/** The JSON a value becomes on the wire: a Date is sent as its ISO string. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/**
 * True only when a documented class and the view a service returns have the same fields
 * with the same types (after JSON encoding); `const _: Agrees<A, B> = true` fails to
 * compile the moment either side changes without the other.
 */
export type Agrees<Documented, Returned> = [Wire<Documented>] extends [Wire<Returned>]
  ? [Wire<Returned>] extends [Wire<Documented>]
    ? [keyof Documented] extends [keyof Returned]
      ? [keyof Returned] extends [keyof Documented]
        ? true
        : false
      : false
    : false
  : false;

import { applyDecorators } from '@nestjs/common';
import { isISO8601, IsString, Matches, ValidateBy } from 'class-validator';
import { InvalidInputError } from './invalid-input';

/** An instant written ISO 8601 with an explicit offset or Z (SPEC: times carry their offset). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
export const INSTANT_MESSAGE = (field: string) => `${field} must be an ISO 8601 time with an offset, e.g. 2024-03-01T09:30:00+07:00`;
/** class-validator's ISO 8601 check, strict: the date must exist (no 30 February) and T separates date and time. */
const STRICT_ISO_8601 = { strict: true, strictSeparator: true } as const;
const OFFSET_HOURS = /[+-](\d{2}):\d{2}$/;

/**
 * Whether a string of {@link INSTANT_PATTERN} names a time that exists: no 30 February, no
 * 25:00, an offset within ±14:00 (the widest any zone uses; ISO allows up to 23:59). Date
 * would roll 2024-02-30 over to 1 March, and PostgreSQL refuses it.
 */
export function isRealInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value) || !isISO8601(value, STRICT_ISO_8601)) return false;
  const offset = OFFSET_HOURS.exec(value);
  return !offset || Number(offset[1]) <= 14;
}

// SPEC counts the years 2000-2100. Outside them an instant is a slip of the keyboard, and
// PostgreSQL cannot even store some of them (year 0, or 10000 once the offset is applied).
export const FIRST_INSTANT = Date.UTC(2000, 0, 1);
const END_OF_LAST_YEAR = Date.UTC(2101, 0, 1);
export const SPEC_YEARS_MESSAGE = (field: string) => `${field} must fall in the years 2000-2100 (UTC)`;

/** Whether an instant of {@link INSTANT_PATTERN} falls in the years Lan Tỏa counts, 2000-2100 in UTC. */
export function isInSpecYears(value: unknown): boolean {
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  return at >= FIRST_INSTANT && at < END_OF_LAST_YEAR;
}

/**
 * Validates an instant a client sends (publishedAt, dueAt, …): ISO 8601 with its offset, a
 * time that exists, in the years 2000-2100; each refusal names the field.
 */
export function IsGivenInstant(field: string): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(INSTANT_PATTERN, { message: INSTANT_MESSAGE(field) }),
    ValidateBy({ name: 'isRealInstant', validator: { validate: isRealInstant } }, { message: INSTANT_MESSAGE(field) }),
    // A time that does not exist is refused above; this one says only what is wrong with a real one.
    ValidateBy(
      { name: 'isInSpecYears', validator: { validate: (value: unknown) => !isRealInstant(value) || isInSpecYears(value) } },
      { message: SPEC_YEARS_MESSAGE(field) },
    ),
  );
}

// SPEC bounds for instants people give: not past 5 minutes of clock skew, not before 2000.
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * An instant a person gave (occurredAt, reportedAt) within SPEC's bounds, as UTC ISO; a
 * 400 naming the field otherwise.
 */
export function givenInstant(field: string, value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidInputError(field, `${field} is not a real time`);
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw new InvalidInputError(field, `${field} must not be in the future`);
  if (at.getTime() < FIRST_INSTANT) throw new InvalidInputError(field, `${field} must not be before 2000`);
  return at.toISOString();
}

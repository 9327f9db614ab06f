import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, ValidateBy } from 'class-validator';

/** An instant written ISO 8601 with an explicit offset or Z (SPEC: times carry their offset). */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
export const INSTANT_MESSAGE = (field: string) => `${field} must be an ISO 8601 time with an offset, e.g. 2024-03-01T09:30:00+07:00`;
const INSTANT_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,6})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether a string of {@link INSTANT_PATTERN} names a time that exists: no 30 February, no
 * 25:00, an offset within ±14:00. (Date would roll 2024-02-30 over to 1 March; PostgreSQL refuses it.)
 */
export function isRealInstant(value: unknown): boolean {
  const match = typeof value === 'string' ? INSTANT_PARTS.exec(value) : null;
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = match.slice(1).map((part) => Number(part ?? 0));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  const dateOk = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days;
  return dateOk && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 14 && offsetMinutes <= 59;
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

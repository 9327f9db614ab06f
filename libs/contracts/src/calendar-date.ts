import { isISO8601, registerDecorator, ValidationOptions } from 'class-validator';

const CALENDAR_DATE = /^(\d{4})-\d{2}-\d{2}$/;

/** Whether a string is a real `YYYY-MM-DD` date between 2000 and 2100 (no 2023-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match || !isISO8601(value, { strict: true })) return false;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2100;
}

/** Validates a calendar date in the organisation's zone, written `YYYY-MM-DD`. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD (2000-2100)`, ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

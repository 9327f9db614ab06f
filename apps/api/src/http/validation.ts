import { ValidationError, ValidationPipe } from '@nestjs/common';
import { InvalidInputError } from '@app/contracts';

/**
 * Which of a field's failed rules to report: what the value is before how big it is. A
 * boolean title fails both "must be a string" and "must be shorter than 300 characters";
 * only the first helps the client. Rules not listed come after these, in declared order.
 */
const RULES_FIRST = [
  'whitelistValidation',
  'isDefined',
  'nestedValidation',
  'isObject',
  'isArray',
  'isString',
  'isBoolean',
  'isInt',
  'isNumber',
  'isNumberString',
  'isISO8601',
  'isDateString',
  'isEnum',
  'isIn',
];

/**
 * The global body/query validation. A refusal is one InvalidInputError naming the field
 * by its path (`assignees.userIds`, `questions.0.text`), so the answer carries `field` like
 * every other 4xx of the API.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => firstRefusal(errors) ?? new InvalidInputError('body', 'body is not valid'),
  });
}

/** The first field at fault, depth first, with the message of its most telling rule. */
export function firstRefusal(errors: readonly ValidationError[], parent = ''): InvalidInputError | null {
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const rules = Object.keys(error.constraints ?? {});
    if (rules.length > 0) {
      const rule = [...rules].sort(byTellingness)[0];
      const message = (error.constraints as Record<string, string>)[rule];
      // class-validator words a nested rule with the bare property name; say where it is.
      return new InvalidInputError(path, parent ? `${path}: ${message}` : message);
    }
    const nested = firstRefusal(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

function byTellingness(a: string, b: string): number {
  return rank(a) - rank(b);
}

function rank(rule: string): number {
  const at = RULES_FIRST.indexOf(rule);
  return at === -1 ? RULES_FIRST.length : at;
}

import { Matches, ValidationOptions } from 'class-validator';

/** Ids travel as strings of digits (SPEC: ids are strings). */
export const ID_PATTERN = /^\d{1,18}$/;
/** Whether a path or query value can be an id at all; anything else is simply not found. */
export const isId = (value: string): boolean => ID_PATTERN.test(value);
/** What a refused id is told, naming its field. */
export const ID_MESSAGE = (field: string) => `${field} must be an id (a string of digits)`;

/** A body or query field holding an id (or, with `each`, a list of ids); a 400 naming the field otherwise. */
export function IsId(field: string, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  return Matches(ID_PATTERN, { ...options, message: ID_MESSAGE(field) });
}

/**
 * Ids of jobs, exports and evidence: a uuid written 8-4-4-4-12. Anything looser reaches
 * PostgreSQL, which refuses it with an error (a 500) instead of finding nothing (a 404).
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

import { IDEMPOTENCY_KEY_MESSAGE, IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { ID_MESSAGE, isId } from './ids';
import { INSTANT_MESSAGE, isInSpecYears, isRealInstant, SPEC_YEARS_MESSAGE } from './instant';
import { InvalidInputError } from './invalid-input';
import { ACTION_TYPES, BatchActionItemDto, LogActionDto, MAX_BATCH_ITEMS, PLATFORM_NAMES } from './actions.dto';

/** A JSON object (not null, not an array): the shape of a request body and of its items. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first thing wrong with a batch item, named by its field. */
export interface ItemFault {
  field: string;
  message: string;
}

const ACTION_FIELDS = new Set(['type', 'platform', 'url', 'reach', 'occurredAt', 'taskId', 'contentId']);
const ITEM_FIELDS = new Set([...ACTION_FIELDS, 'clientId']);

/**
 * The rules of {@link BatchActionItemDto}, checked by hand. A batch holds up to 500 items
 * and class-validator walks the class metadata again for every one of them, which cost
 * a fifth of a batch's time; action-input.check.spec.ts keeps the two in agreement.
 */
export function checkBatchItem(raw: Record<string, unknown>): { item: BatchActionItemDto } | { fault: ItemFault } {
  const fault =
    unknownField(raw, ITEM_FIELDS) ??
    actionFault(raw) ??
    text(raw, 'clientId', (v) => IDEMPOTENCY_KEY_PATTERN.test(v), IDEMPOTENCY_KEY_MESSAGE('clientId'), false);
  return fault ? { fault } : { item: Object.assign(new BatchActionItemDto(), raw) };
}

/**
 * The rules of {@link LogActionDto} for `POST /actions`, the busiest write: by hand for the
 * same reason, and a 400 naming the first faulty field, as the ValidationPipe would.
 */
export function checkLogAction(body: unknown): LogActionDto {
  if (!isJsonObject(body)) throw new InvalidInputError('body', 'body must be a JSON object describing the action');
  const fault = unknownField(body, ACTION_FIELDS) ?? actionFault(body);
  if (fault) throw new InvalidInputError(fault.field, fault.message);
  return Object.assign(new LogActionDto(), body);
}

function unknownField(raw: Record<string, unknown>, allowed: Set<string>): ItemFault | null {
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) return { field: key, message: `property ${key} should not exist` };
  }
  return null;
}

function actionFault(raw: Record<string, unknown>): ItemFault | null {
  return (
    oneOf(raw, 'type', ACTION_TYPES, false) ??
    oneOf(raw, 'platform', PLATFORM_NAMES, true) ??
    text(raw, 'url', (v) => v.length <= 2048, 'url must be shorter than or equal to 2048 characters', true) ??
    reach(raw) ??
    text(raw, 'occurredAt', isRealInstant, INSTANT_MESSAGE('occurredAt'), false) ??
    text(raw, 'occurredAt', isInSpecYears, SPEC_YEARS_MESSAGE('occurredAt'), false) ??
    text(raw, 'taskId', isId, ID_MESSAGE('taskId'), true) ??
    text(raw, 'contentId', isId, ID_MESSAGE('contentId'), true)
  );
}

// As with @IsOptional, null counts as absent.
const absent = (value: unknown) => value === undefined || value === null;

function oneOf(raw: Record<string, unknown>, field: string, values: readonly string[], optional: boolean): ItemFault | null {
  const value = raw[field];
  if (absent(value) && optional) return null;
  return typeof value === 'string' && values.includes(value)
    ? null
    : { field, message: `${field} must be one of ${values.join(', ')}` };
}

function text(
  raw: Record<string, unknown>,
  field: string,
  valid: (value: string) => boolean,
  message: string,
  optional: boolean,
): ItemFault | null {
  const value = raw[field];
  if (absent(value) && optional) return null;
  if (typeof value !== 'string') return { field, message: `${field} must be a string` };
  return valid(value) ? null : { field, message };
}

function reach(raw: Record<string, unknown>): ItemFault | null {
  const value = raw.reach;
  if (absent(value)) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) return { field: 'reach', message: 'reach must be an integer number' };
  if (value < 0) return { field: 'reach', message: 'reach must not be less than 0' };
  if (value > 10_000_000) return { field: 'reach', message: 'reach must not be greater than 10000000' };
  return null;
}

/**
 * The rules of {@link LogActionBatchDto} for the envelope, checked by hand for the same
 * reason as the items: the global ValidationPipe would first deep-copy all 500 of them.
 */
export function checkBatchEnvelope(body: unknown): Record<string, unknown>[] {
  if (!isJsonObject(body)) {
    throw new InvalidInputError('body', 'body must be a JSON object with items');
  }
  const extra = Object.keys(body).find((key) => key !== 'items');
  if (extra) throw new InvalidInputError(extra, `property ${extra} should not exist`);
  const items = body.items;
  if (!Array.isArray(items)) throw new InvalidInputError('items', 'items must be an array');
  if (items.length > MAX_BATCH_ITEMS) {
    throw new InvalidInputError('items', `items must hold at most ${MAX_BATCH_ITEMS} actions`);
  }
  if (!items.every(isJsonObject)) {
    throw new InvalidInputError('items', 'items must each be an object');
  }
  return items as Record<string, unknown>[];
}

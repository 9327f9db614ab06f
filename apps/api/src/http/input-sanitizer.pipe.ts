import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError, isJsonObject, isPatchBody, RefusedBatchItem } from '@app/contracts';

/** Whether the text holds no lone surrogate; the engine's own check (Node 20), several times faster than a regex. */
const wellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();
const MAX_DEPTH = 8;
/**
 * Keys no DTO has, and which class-transformer's assignment could turn into prototype
 * writes; class-validator's whitelist does not refuse them all, so they are refused here.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Types a route may declare its body as without it being a DTO with fields. */
const NOT_DTOS: readonly unknown[] = [Object, String, Number, Boolean, Array];

/**
 * Runs before validation on bodies and queries: refuses NUL bytes, lone surrogates and
 * U+FFFD (PostgreSQL cannot store the first; the others are not text, or no longer), and stores
 * Vietnamese in NFC whatever form the client typed it in. A route whose body is a DTO
 * gets a JSON object or a 400: the validation after would read `null`, no body or a
 * form as an empty object and change nothing while answering 200.
 */
@Injectable()
export class InputSanitizerPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    if (metadata.type === 'body' && expectsDto(metadata) && !isJsonObject(value)) {
      throw new InvalidInputError('body', 'body must be a JSON object sent as application/json');
    }
    if (metadata.type === 'body' && isBatch(value, metadata)) return sanitizeBatch(value);
    if (metadata.type === 'body' && isPatchBody(metadata.metatype)) refuseNulls(value as Record<string, unknown>);
    return sanitize(value, [], 0);
  }
}

/** A body read by hand (not a DTO) that carries `items`: POST /actions/batch, a phone's backlog. */
function isBatch(value: unknown, metadata: ArgumentMetadata): value is { items: unknown[] } {
  return !expectsDto(metadata) && isJsonObject(value) && Array.isArray(value.items);
}

/**
 * Each item of a batch on its own: one item holding a NUL byte must not refuse the other
 * 499, or a phone's whole offline backlog fails again on every resend. A refused item stays
 * in its place as a {@link RefusedBatchItem} and is answered with its own 400.
 */
function sanitizeBatch(body: { items: unknown[] }): unknown {
  const { items, ...envelope } = body;
  const cleanEnvelope = sanitize(envelope, [], 0);
  const trail: Trail = ['items'];
  let cleanItems: unknown[] | null = null;
  items.forEach((item, index) => {
    trail.push(index);
    let clean: unknown;
    try {
      clean = sanitize(item, trail, 2);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      clean = new RefusedBatchItem(error, isJsonObject(item) ? item.clientId : undefined);
    } finally {
      trail.length = 1;
    }
    if (clean !== item) (cleanItems ??= items.slice())[index] = clean;
  });
  // As everywhere in this pipe, a clean backlog comes back as the very same object.
  if (cleanEnvelope === envelope && cleanItems === null) return body;
  return { ...(cleanEnvelope as object), items: cleanItems ?? items };
}

function refuseNulls(body: Record<string, unknown>): void {
  const field = Object.keys(body).find((key) => body[key] === null);
  if (field !== undefined) throw new InvalidInputError(field, `${field} must not be null; leave it out to keep it as it is`);
}

function expectsDto(metadata: ArgumentMetadata): boolean {
  return typeof metadata.metatype === 'function' && !NOT_DTOS.includes(metadata.metatype) && metadata.data === undefined;
}

// Printable ASCII: nothing to refuse and nothing to normalise, by far the common case.
const PLAIN = /^[\x20-\x7E]*$/;

type Trail = (string | number)[];

function sanitize(value: unknown, trail: Trail, depth: number): unknown {
  if (typeof value === 'string') {
    if (PLAIN.test(value)) return value;
    if (value.includes('\u0000')) throw refusal(trail, 'value', 'must not contain NUL bytes');
    if (!wellFormed(value)) throw refusal(trail, 'value', 'must be valid Unicode text');
    // What bytes that were not UTF-8 decode to: stored, the name would stay mangled.
    if (value.includes('\uFFFD')) throw refusal(trail, 'value', 'must be UTF-8 text (it holds U+FFFD, the mark of bytes that were not)');
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) throw refusal(trail, 'body', 'is nested too deeply');
  // Copy on write: a container is copied only when something inside it changed, so the
  // common all-clean body costs no allocation (a batch holds 500 items).
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      trail.push(i);
      const clean = sanitize(value[i], trail, depth + 1);
      trail.pop();
      if (clean !== value[i]) (out ??= value.slice())[i] = clean;
    }
    return out ?? value;
  }
  const source = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const key of Object.keys(source)) {
    if (FORBIDDEN_KEYS.has(key)) {
      const field = [...trail, key].join('.');
      throw new InvalidInputError(field, `property ${field} should not exist`);
    }
    if (!PLAIN.test(key) && (key.includes('\u0000') || !wellFormed(key))) {
      throw refusal(trail, 'body', 'has a field name that is not valid text');
    }
    trail.push(key);
    const clean = sanitize(source[key], trail, depth + 1);
    trail.pop();
    if (clean !== source[key]) (out ??= { ...source })[key] = clean;
  }
  return out ?? source;
}

/** The refusal naming the field by its path (`items.3.url`), as validation errors do; built only when something is refused. */
function refusal(trail: Trail, root: string, problem: string): InvalidInputError {
  const field = trail.length > 0 ? trail.join('.') : root;
  return new InvalidInputError(field, `${field} ${problem}`);
}

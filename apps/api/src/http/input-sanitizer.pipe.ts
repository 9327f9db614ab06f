import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 8;

/**
 * Runs before validation on bodies and queries: refuses NUL bytes and lone surrogates
 * (PostgreSQL cannot store the first, and the second is not text), and stores
 * Vietnamese in NFC whatever form the client typed it in.
 */
@Injectable()
export class InputSanitizerPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    return sanitize(value, [], 0);
  }
}

// Printable ASCII: nothing to refuse and nothing to normalise, by far the common case.
const PLAIN = /^[\x20-\x7E]*$/;

type Trail = (string | number)[];

function sanitize(value: unknown, trail: Trail, depth: number): unknown {
  if (typeof value === 'string') {
    if (PLAIN.test(value)) return value;
    if (value.includes('\u0000')) throw new BadRequestException(`${where(trail, 'value')} must not contain NUL bytes`);
    if (LONE_SURROGATE.test(value)) throw new BadRequestException(`${where(trail, 'value')} must be valid Unicode text`);
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) throw new BadRequestException(`${where(trail, 'body')} is nested too deeply`);
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
    if (!PLAIN.test(key) && (key.includes('\u0000') || LONE_SURROGATE.test(key))) {
      throw new BadRequestException(`${where(trail, 'body')} has a field name that is not valid text`);
    }
    trail.push(key);
    const clean = sanitize(source[key], trail, depth + 1);
    trail.pop();
    if (clean !== source[key]) (out ??= { ...source })[key] = clean;
  }
  return out ?? source;
}

/** The field path for an error message (`items[3].url`); built only when something is refused. */
function where(trail: Trail, root: string): string {
  let path = '';
  for (const step of trail) path = typeof step === 'number' ? `${path}[${step}]` : path ? `${path}.${step}` : step;
  return path || root;
}

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
    return sanitize(value, '', 0);
  }
}

function sanitize(value: unknown, path: string, depth: number): unknown {
  if (typeof value === 'string') {
    const field = path || 'value';
    if (value.includes('\u0000')) throw new BadRequestException(`${field} must not contain NUL bytes`);
    if (LONE_SURROGATE.test(value)) throw new BadRequestException(`${field} must be valid Unicode text`);
    return value.normalize('NFC');
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) throw new BadRequestException(`${path || 'body'} is nested too deeply`);
  if (Array.isArray(value)) return value.map((item, i) => sanitize(item, `${path}[${i}]`, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || LONE_SURROGATE.test(key)) {
      throw new BadRequestException(`${path || 'body'} has a field name that is not valid text`);
    }
    out[key] = sanitize(item, path ? `${path}.${key}` : key, depth + 1);
  }
  return out;
}

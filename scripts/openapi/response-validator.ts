import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown>;
// OpenAPI words that are annotations, not rules, for a JSON Schema validator.
const ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

/**
 * A document's component schemas as JSON Schema for ajv: OpenAPI 3.0's `nullable` becomes
 * "or null", and an object that lists its properties allows no others, so a field a
 * response carries but the document does not name fails the check.
 */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Schema;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    const isMap = key === 'properties';
    converted[key] = isMap
      ? Object.fromEntries(Object.entries(value as Schema).map(([name, property]) => [name, toJsonSchema(property)]))
      : toJsonSchema(value);
  }
  if (converted.properties && converted.additionalProperties === undefined) converted.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

export interface ResponseCheck {
  /** Why the response does not match its documentation; empty when it does. */
  problems: string[];
}

/** Checks real responses against the schemas an OpenAPI document declares for them. */
export class ResponseValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(this.ajv);
    for (const keyword of ANNOTATIONS) this.ajv.addKeyword(keyword);
    this.ajv.addSchema({ $id: 'api', $defs: withApiRefs(toJsonSchema(document.components?.schemas ?? {})) as Schema });
  }

  /** `operation` is "METHOD /path/{param}" as the document names it. */
  check(operation: string, status: number, contentType: string | undefined, body: unknown): ResponseCheck {
    const [method, path] = operation.split(' ');
    const responses = this.document.paths[path]?.[method.toLowerCase() as 'get']?.responses;
    if (!responses) return { problems: [`${operation} is not in the document`] };
    const response = responses[String(status)] as { content?: Record<string, { schema?: unknown }> } | undefined;
    if (!response) return { problems: [`${operation} does not document status ${status}`] };
    const mediaType = (contentType ?? '').split(';')[0].trim();
    if (!response.content) {
      return { problems: body === undefined || body === '' || isEmpty(body) ? [] : [`${operation} ${status} documents no body`] };
    }
    const content = response.content[mediaType];
    if (!content) return { problems: [`${operation} ${status} does not document ${mediaType || 'no content type'}`] };
    if (mediaType !== 'application/json') return { problems: [] };
    const validate = this.validatorFor(`${operation} ${status}`, content.schema);
    return { problems: validate(body) ? [] : (validate.errors ?? []).map(describe) };
  }

  private validatorFor(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(withApiRefs(toJsonSchema(schema)) as Schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** `#/components/schemas/X` becomes `api#/$defs/X`: the document's schemas as registered with ajv. */
function withApiRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withApiRefs);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as Schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, value.replace(/^#\/components\/schemas\//, 'api#/$defs/')]
        : [key, withApiRefs(value)],
    ),
  );
}

function isEmpty(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 0;
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

import { STATUS_CODES } from 'node:http';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The two routes that take a file; every other body is JSON. */
const UPLOAD_ROUTES = new Set(['/api/v1/users/import', '/api/v1/reports/:id/evidence']);
const METHODS_WITH_BODIES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `application/json`, optionally with `charset=utf-8`: the contract's only body type. */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Refuses, before anything parses it, a body that is not JSON on a JSON route (415). Nest registers a form parser, and a form on
 * `POST /directives` used to be read and written as if it were JSON.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!METHODS_WITH_BODIES.has(request.method) || !hasBody(request)) return done();
    // The upload routes read their multipart body themselves and refuse anything else there.
    if (UPLOAD_ROUTES.has(request.routeOptions.url ?? '')) return done();
    const type = request.headers['content-type'] ?? '';
    if (JSON_TYPE.test(type)) return done();
    const message = `body must be sent as application/json${type ? `, not ${type.slice(0, 100)}` : ' (no content-type was given)'}`;
    void reply.code(415).send({ statusCode: 415, error: STATUS_CODES[415], message, field: 'body' });
  });
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

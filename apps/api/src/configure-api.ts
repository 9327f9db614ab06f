import { IncomingMessage, STATUS_CODES } from 'node:http';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger as Pino } from 'pino';
import { ADMIN_QUEUES_CSP, ADMIN_QUEUES_PATH_PATTERN, mountAdminQueues } from './admin-queues';
import { ApiModule } from './api.module';
import { HealthController } from './health.controller';
import { InputSanitizerPipe } from './http/input-sanitizer.pipe';
import { acceptJsonBodiesOnly } from './http/json-only';
import { UPLOAD_PART_LIMITS } from './http/upload';
import { createValidationPipe } from './http/validation';
import { serveWebApp } from './http/web-app';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PINO, PinoNestLogger, requestIdOf } from '@app/runtime';

export const API_PREFIX = 'api/v1';

/**
 * The web app's policy: its own scripts only (no inline or injected script runs), never
 * framed. Styles may be inline because the component library sets style attributes; images
 * may be blob: or data: because evidence is previewed before it is uploaded.
 */
const WEB_APP_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  // A PDF evidence file is shown in a frame from a blob: URL (fetched with the bearer token).
  frameSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Swagger UI, at /docs only, boots from an inline script. */
const DOCS_CSP = { ...WEB_APP_CSP, scriptSrc: ["'self'", "'unsafe-inline'"] };
const DOCS_PATH = /^\/docs(\/|$|\?)/;
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A fastify adapter with the request-id and body-size rules every API instance shares.
 * X-Forwarded-For is believed only from the named proxies (TRUST_PROXY); otherwise the
 * peer address is the client, whatever the headers say.
 */
export function createFastifyAdapter(trustedProxies: readonly string[] = []): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    frameworkErrors: answerPathRefusal,
    // Let `__proto__` and `constructor` keys through the parser as plain own keys, so the
    // input pipe refuses them by name (400 naming the field) instead of "not valid JSON".
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
}

/**
 * A path fastify cannot route (a bad percent-encoding, a parameter over its length) is
 * refused before any route or filter runs; it still gets the contract's body, naming `path`.
 */
function answerPathRefusal(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message = `path: ${error.message}`;
  void reply.code(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Bad Request', message, field: 'path' });
}

/** Creates the API application (not yet listening). */
export async function createApiApp(trustedProxies: readonly string[] = []): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createFastifyAdapter(trustedProxies), {
    bufferLogs: true,
  });
  await configureApiApp(app);
  return app;
}

/** Everything the API needs beyond its module: prefix, pipes, security headers, docs, raw /health. */
export async function configureApiApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new InputSanitizerPipe(), createValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  // helmet's middleware is built once here; @fastify/helmet rebuilds it on every request.
  const appHeaders = helmet({ contentSecurityPolicy: { directives: WEB_APP_CSP } });
  const docsHeaders = helmet({ contentSecurityPolicy: { directives: DOCS_CSP } });
  const queuesHeaders = helmet({ contentSecurityPolicy: { directives: ADMIN_QUEUES_CSP } });
  const headersFor = (url: string) =>
    DOCS_PATH.test(url) ? docsHeaders : ADMIN_QUEUES_PATH_PATTERN.test(url) ? queuesHeaders : appHeaders;
  fastify.addHook('onRequest', (request, reply, done) =>
    headersFor(request.url)(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
  await app.register(cookie as never);
  acceptJsonBodiesOnly(fastify);
  // One part more than an upload may hold, so that readUploadedFile sees a second part and refuses it by name.
  await app.register(multipart as never, { limits: { fileSize: 5 * 1024 * 1024, ...UPLOAD_PART_LIMITS } });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', requestIdOf(request.raw));
  });
  logRequests(fastify, app.get(PINO));
  const health = app.get(HealthController);
  fastify.get('/health', async (_request, reply) => {
    const report = await health.report();
    void reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });
  SwaggerModule.setup('docs', app, buildApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  await mountAdminQueues(app);
  await serveWebApp(app, app.get<AppConfig>(APP_CONFIG).webAppDir, app.get(PINO));
}

/**
 * The OpenAPI document of an app whose global prefix is set. It reads only the routes'
 * metadata, so scripts/openapi builds it from a preview app that opens no connection.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Lan Tỏa API')
    .setDescription('Task tracker for communication and counter-disinformation work. See SPEC for the contract.')
    .setVersion('1')
    .setLicense('UNLICENSED', 'https://choosealicense.com/no-permission/')
    // Same origin: the web app, /docs and the API are served together.
    .addServer('/', 'this server')
    .addBearerAuth()
    .build();
  return markPublicOperations(SwaggerModule.createDocument(app, config));
}

/** An operation without a bearer requirement (@Public: sign-in, refresh, health) says so with `security: []`. */
function markPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}

/** One JSON line per request (not /health), with the request id, status and time taken. */
function logRequests(fastify: FastifyInstance, pino: Pino): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!/\/health(\?|$)/.test(request.url)) {
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      pino[level](
        {
          reqId: requestIdOf(request.raw),
          method: request.method,
          url: request.url,
          statusCode: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}

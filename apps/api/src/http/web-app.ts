import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Logger as Pino } from 'pino';

/**
 * Paths the web app never answers: the API, its documents and the health check keep their own
 * 404s, and so does a built file that is not there (an old page's chunk after a deploy must fail
 * as a 404, not load index.html as a script).
 */
const NOT_THE_APP = /^\/(api|docs|docs-json|health|assets)(\/|$|\?)/;

/** Vite names every built asset by its content hash, so a given URL never changes content. */
const HASHED_ASSET = /^\/assets\//;

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Serves the built web app (apps/web/dist) from the API's own origin: files as they are,
 * hashed assets cached for a year, and index.html (never cached) for every other GET, so the
 * app's own routes (/tasks, /share?url=…) load on a reload or from a shared link.
 * Without a build the API runs as before and says so once in its log.
 */
export async function serveWebApp(app: NestFastifyApplication, directory: string, pino: Pino): Promise<void> {
  const root = resolve(directory);
  if (!existsSync(resolve(root, 'index.html'))) {
    pino.warn({ webAppDir: root }, 'no built web app found: / answers 404 (npm run build -w apps/web builds it)');
    return;
  }
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      const hashed = HASHED_ASSET.test(path.slice(root.length).replaceAll('\\', '/'));
      void reply.header('cache-control', hashed ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache');
    },
  });
  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    if (NOT_THE_APP.test(request.url)) {
      const path = request.url.split('?')[0].slice(0, 200);
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
}

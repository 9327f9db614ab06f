import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { ApiModule } from '../../apps/api/src/api.module';
import { API_PREFIX, buildApiDocument, createFastifyAdapter } from '../../apps/api/src/configure-api';

/**
 * The API's OpenAPI document, as /docs-json serves it, without a database or Redis: a
 * preview app resolves the module graph but instantiates no provider, so nothing connects.
 */
export async function createApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, createFastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return buildApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Writes the document as JSON (what redocly lints and openapi-typescript reads). */
export async function writeApiDocument(path: string): Promise<OpenAPIObject> {
  const document = await createApiDocument();
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return document;
}

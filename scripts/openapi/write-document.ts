/** `write-document.ts <file>`: writes the API's OpenAPI document to <file> (default dist/openapi.json). */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeApiDocument } from './api-document';

async function main(): Promise<void> {
  const path = resolve(process.argv[2] ?? 'dist/openapi.json');
  mkdirSync(dirname(path), { recursive: true });
  const document = await writeApiDocument(path);
  const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
  process.stdout.write(`${path}: ${operations.length} operations\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

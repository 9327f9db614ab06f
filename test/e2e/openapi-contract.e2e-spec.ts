import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OpenAPIObject } from '@nestjs/swagger';
import { writeApiDocument } from '../../scripts/openapi/api-document';
import { startTestSystem, TestSystem } from '../support';

const ROOT = join(__dirname, '..', '..');
/** Where redocly.yaml (and its ignore file) expect the document. */
const LINTED_DOCUMENT = join(ROOT, 'dist', 'openapi', 'openapi.json');
/** The web app's generated types (npm run openapi:types), committed. */
const COMMITTED_TYPES = join(ROOT, 'apps', 'web', 'src', 'api-client', 'schema.d.ts');
const run = promisify(execFile);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** The only operations anyone may call without a bearer token. */
const PUBLIC = [
  'GET /api/v1/health',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/web/sign-in',
  'POST /api/v1/auth/web/refresh',
  'POST /api/v1/auth/web/sign-out',
];

interface Operation {
  name: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string; type?: string; format?: string } }> }>;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      name: `${method.toUpperCase()} ${path}`,
      ...(item[method] as unknown as Omit<Operation, 'name'>),
    })),
  );
}

/** What is wrong with an operation's documentation, in words; empty when nothing is. */
function faultsOf(operation: Operation): string[] {
  const faults: string[] = [];
  if (!operation.summary) faults.push('no summary');
  if (!operation.tags?.length) faults.push('no tag');
  const isPublic = PUBLIC.includes(operation.name);
  const bearer = operation.security?.some((requirement) => 'bearer' in requirement) ?? false;
  if (isPublic && operation.security?.length !== 0) faults.push('public but does not say security: []');
  if (!isPublic && !bearer) faults.push('no bearer security');
  const statuses = Object.keys(operation.responses);
  const successes = statuses.filter((status) => status.startsWith('2'));
  if (successes.length === 0) faults.push('no success response');
  for (const status of successes) {
    const content = operation.responses[status].content;
    if (status === '204') {
      if (content) faults.push('204 with a body');
      continue;
    }
    for (const [mediaType, { schema }] of Object.entries(content ?? {})) {
      const named = mediaType === 'application/json' ? Boolean(schema?.$ref) : schema?.format === 'binary';
      if (!named) faults.push(`${status} ${mediaType} has no named schema`);
    }
    if (!content) faults.push(`${status} describes no body`);
  }
  const errors = statuses.filter((status) => /^[45]/.test(status));
  if (!errors.some((status) => status.startsWith('4')) && operation.name !== 'GET /api/v1/health') faults.push('no 4xx');
  for (const status of errors) {
    const ref = operation.responses[status].content?.['application/json']?.schema?.$ref;
    const expected = operation.name === 'GET /api/v1/health' ? '#/components/schemas/HealthView' : '#/components/schemas/ApiError';
    if (ref !== expected) faults.push(`${status} is not an ${expected.split('/').pop()}`);
  }
  return faults.map((fault) => `${operation.name}: ${fault}`);
}

describe('OpenAPI contract: the document at /docs-json is complete, lints clean and types the web app', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    mkdirSync(join(ROOT, 'dist', 'openapi'), { recursive: true });
    document = await writeApiDocument(LINTED_DOCUMENT);
  });

  it('is the document the running API serves at /docs-json', async () => {
    const system: TestSystem = await startTestSystem({ worker: false });
    try {
      const served = await system.http.get('/docs-json');
      expect(served.status).toBe(200);
      expect(served.body).toEqual(JSON.parse(JSON.stringify(document)));
    } finally {
      await system.close();
    }
  });

  it('gives every operation a summary, a tag, a named success body, ApiError errors and bearer security unless public', () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(62);
    expect(operations.flatMap(faultsOf)).toEqual([]);
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('documents the contract’s error body once, as ApiError', () => {
    const schema = document.components?.schemas?.ApiError as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties).sort()).toEqual(['error', 'existingId', 'field', 'message', 'requestId', 'statusCode']);
    expect(schema.required.sort()).toEqual(['error', 'message', 'statusCode']);
  });

  it('passes redocly lint with the recommended rules: 0 errors, 0 warnings', async () => {
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const { stdout } = await run(process.execPath, [cli, 'lint', '--format=json', '--max-problems=500'], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it('generates exactly the committed web app types (npm run openapi:types regenerates them)', async () => {
    // openapi-typescript is ESM-only inside; its CLI runs it in a Node process of its own.
    const dir = mkdtempSync(join(tmpdir(), 'lantoa-openapi-'));
    try {
      const output = join(dir, 'schema.d.ts');
      const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
      // Run outside the repository so it takes these arguments rather than redocly.yaml's output.
      await run(process.execPath, [cli, LINTED_DOCUMENT, '-o', output], { cwd: dir });
      const generated = readFileSync(output, 'utf8');
      expect(generated).toContain('ActionView: {');
      expect(readFileSync(COMMITTED_TYPES, 'utf8')).toBe(generated);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { bearer, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';
import { countAllRows, rowsChanged } from '../support/row-counts';
import { jobsIdle, linkedCases, Person, person } from '../support/takedowns';

/**
 * Property-based fuzzing of every JSON route the OpenAPI document describes (issue 9):
 * bodies are generated from each operation's request schema (valid-ish values, wrong types,
 * missing required fields, extra keys, nulls, huge strings). For any body the answer is a
 * 2xx or a 4xx, never a 5xx, and a 4xx writes nothing. Bounded: RUNS bodies per route, one
 * fixed seed (HOSTILE_FUZZ_SEED changes it), printed when a route fails.
 */

const SEED = Number(process.env.HOSTILE_FUZZ_SEED ?? 20_261_202);
const RUNS = Number(process.env.HOSTILE_FUZZ_RUNS ?? 40);
const API = '/api/v1';
const unique = () => randomBytes(4).toString('hex');

type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  oneOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  nullable?: boolean;
};
type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

/** Keys a mass-assignment or prototype-pollution attempt would add. */
const EXTRA_KEYS = ['prototype', 'constructor', '__proto__', 'isAdmin', 'userId', 'orgUnitId', 'roles', 'createdBy', 'id'];
const HOSTILE_URLS = [
  'http://0x7f.1/',
  'http://2130706433/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.1/',
  'http://localhost./',
  'https://.com/',
  'https://a..b.com/',
  'javascript:alert(1)',
  'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
];
const HOSTILE_TEXT = ['a\u0000b', 'a\ud800b', 'a\ufffdb', 'Nguyê\u0303n', 'x\u200by', 'x\u202ey', "' OR 1=1 --", '{{body}}', '<script>'];

describe('OpenAPI-driven fuzzing: never a 5xx, and a 4xx writes nothing', () => {
  let system: TestSystem;
  let doc: OpenApi;
  let admin: string;
  let secretariat: Person;
  let collaborator: Person;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem({ worker: true });
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    const unit = (await createUnit(system, 'Chi bộ thử', seeded.rootUnitId, `CBT${unique()}`)).id;
    ids.unit = unit;
    ids.leafUnit = (await createUnit(system, 'Tổ thử', unit, `TT${unique()}`)).id;
    secretariat = await person(system, unit, ['secretariat']);
    collaborator = await person(system, unit, ['collaborator']);
    ids.targetUser = (await createUser(system, unit, ['collaborator'])).id;
    const made = async (path: string, token: string, body: object) => {
      const response = await system.http.post(`${API}${path}`).set(bearer(token)).send(body);
      if (response.status !== 201) throw new Error(`setup ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    };
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    ids.content = await made('/contents', secretariat.token, { kind: 'article', title: 'Bài', url: `https://example.com/${unique()}`, publishedAt: hourAgo });
    ids.task = await made('/tasks', secretariat.token, { title: 'Việc', kind: 'share', assignees: { userIds: [collaborator.id] } });
    ids.team = await made('/teams', secretariat.token, { name: `Tổ ${unique()}`, orgUnitId: unit });
    ids.survey = await made('/surveys', secretariat.token, { title: 'Khảo sát', startsOn: `${new Date().getUTCFullYear()}-01-01`, orgUnitIds: [unit] });
    ids.report = await made('/reports', collaborator.token, { url: `https://example.com/tin/${unique()}`, category: 'scam' });
    ids.pageCase = (await linkedCases(system, [ids.report]))[ids.report];
    await jobsIdle(system);
    const mine = await system.http.get(`${API}/me/assignments`).set(bearer(collaborator.token));
    ids.assignment = mine.body.items[0].id;
    doc = (await system.http.get('/docs-json')).body as OpenApi;
  }, 120_000);
  afterAll(() => system?.close());

  const resolve = (schema: Schema): Schema =>
    schema.$ref ? resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;

  /** Values of the right shape that the system would likely accept, by field name. */
  function plausibleString(name: string, schema: Schema): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const choices: fc.Arbitrary<unknown>[] = [fc.string({ maxLength: 24 })];
    if (schema.example !== undefined) choices.push(fc.constant(schema.example));
    if (/ids?$/i.test(name)) choices.push(fc.constantFrom(...Object.values(ids), '0', '-1', '99999999999999999999', 'abc'));
    if (/url/i.test(name)) choices.push(fc.constantFrom(`https://example.com/${unique()}`, ...HOSTILE_URLS));
    if (/At$/.test(name)) choices.push(fc.date({ min: new Date('1990-01-01'), max: new Date('2110-01-01'), noInvalidDate: true }).map((d) => d.toISOString()));
    if (/On$/.test(name)) choices.push(fc.constantFrom('2026-01-01', '2026-02-30', '2026-13-01', '1999-12-31', '20260101'));
    if (/password/i.test(name)) choices.push(fc.string({ minLength: 8, maxLength: 40 }));
    choices.push(fc.constantFrom(...HOSTILE_TEXT));
    return fc.oneof(...choices);
  }

  /** Anything but what the schema asks: other types, null, huge strings. */
  const wrongValue = (): fc.Arbitrary<unknown> =>
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e308),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('x'.repeat(10_000), 'é'.repeat(100_000)),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
    );

  /** Mostly right-shaped values for a schema, with a wrong one now and then. */
  function valueFor(name: string, raw: Schema, depth: number): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    const wrong = { weight: 1, arbitrary: wrongValue() };
    if (depth > 3) return wrongValue();
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valueFor(name, s, depth + 1)), wrongValue());
    switch (schema.type) {
      case 'string':
        return fc.oneof({ weight: 6, arbitrary: plausibleString(name, schema) }, wrong);
      case 'integer':
      case 'number':
        return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -10, max: 100_000 }) }, wrong);
      case 'boolean':
        return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, wrong);
      case 'array':
        return fc.oneof(
          { weight: 4, arbitrary: fc.array(valueFor(name, schema.items ?? {}, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) }) },
          wrong,
        );
      case 'object':
      default:
        if (!schema.properties) {
          return fc.oneof(
            { weight: 3, arbitrary: fc.dictionary(fc.constantFrom('q1', 'q2', 'q3', 'x'), fc.oneof(fc.integer({ min: -1, max: 3 }), fc.string({ maxLength: 8 })), { maxKeys: 3 }) },
            wrong,
          );
        }
        return fc.oneof({ weight: 4, arbitrary: objectFor(schema, depth) }, wrong);
    }
  }

  /**
   * An object of the schema's properties: required ones usually there, optional ones
   * sometimes; then, often, one field spoiled (null above all, another type, a huge string)
   * and, now and then, a key the schema does not have.
   */
  function objectFor(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const required = new Set(schema.required ?? []);
    const keys = Object.keys(schema.properties ?? {});
    const fields = Object.entries(schema.properties ?? {}).map(([key, sub]) =>
      fc.tuple(
        fc.constant(key),
        fc.integer({ min: 0, max: 9 }).map((roll) => (required.has(key) ? roll > 0 : roll > 4)),
        valueFor(key, sub, depth + 1),
      ),
    );
    const spoilt = fc.option(fc.tuple(fc.constantFrom(...(keys.length ? keys : ['body'])), fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, wrongValue())), {
      freq: 2,
    });
    const extra = fc.option(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ minLength: 1, maxLength: 6 })), wrongValue()), {
      freq: 4,
    });
    return fc.tuple(fc.tuple(...fields), spoilt, extra).map(([entries, spoil, more]) => {
      const body: Record<string, unknown> = {};
      for (const [key, present, value] of entries) if (present) body[key] = value;
      if (spoil) body[spoil[0]] = spoil[1];
      // defineProperty, so that "__proto__" is an own key that JSON.stringify sends
      if (more) Object.defineProperty(body, more[0], { value: more[1], enumerable: true, configurable: true, writable: true });
      return body;
    });
  }

  /** What the contract says of a body before any lookup: keys it does not know, or required ones missing, are a 4xx. */
  function mustBeRefused(schema: Schema, body: Record<string, unknown>): string | null {
    const known = new Set(Object.keys(schema.properties ?? {}));
    const unknown = Object.keys(body).find((key) => !known.has(key));
    if (unknown !== undefined) return `unknown key ${unknown}`;
    const missing = (schema.required ?? []).find((key) => !(key in body));
    if (missing !== undefined) return `missing ${missing}`;
    // issue 9: null on a field that cannot be null (the document does not say nullable) is a 400
    const nulled = Object.keys(body).find((key) => body[key] === null && !resolve(schema.properties![key]).nullable);
    return nulled === undefined ? null : `${nulled} is null`;
  }

  /** Who sends to a route, and the ids its path needs. */
  function callerFor(method: string, path: string): { token?: string; url: string } {
    const url = `${path
      .replace('/users/{id}', `/users/${ids.targetUser}`)
      .replace('/org-units/{id}', `/org-units/${ids.leafUnit}`)
      .replace('/teams/{id}', `/teams/${ids.team}`)
      .replace('/surveys/{id}', `/surveys/${ids.survey}`)
      .replace('/contents/{id}', `/contents/${ids.content}`)
      .replace('/assignments/{id}', `/assignments/${ids.assignment}`)
      .replace('/pages/{id}', `/pages/${ids.pageCase}`)
      .replace('/targets/{year}', `/targets/${new Date().getUTCFullYear()}`)}`;
    if (/\/auth\/(login|refresh|web\/sign-in)$/.test(path)) return { url };
    if (/org-units|stats\/templates/.test(path)) return { token: admin, url };
    if (/\/(actions|reports|assignments)/.test(path) || method === 'post' && /questionnaires/.test(path)) return { token: collaborator.token, url };
    return { token: secretariat.token, url };
  }

  it('builds a case for every JSON route of the document', () => {
    const routes = jsonRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/actions/batch', 'PATCH /api/v1/users/{id}', 'PUT /api/v1/targets/{year}', 'POST /api/v1/directives']),
    );
  });

  function jsonRoutes(): { method: string; path: string; schema: Schema }[] {
    return Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, op]) => op.requestBody?.content['application/json'])
        .map(([method, op]) => ({ method, path, schema: op.requestBody!.content['application/json'].schema })),
    );
  }

  // The routes are known only once the document is fetched, so one test walks them all,
  // and reports every route that failed with its seed and smallest body.
  it(`answers every generated body with a 2xx or a 4xx, and a 4xx writes nothing (seed ${SEED}, ${RUNS} runs per route)`, async () => {
    const failures: string[] = [];
    for (const [index, route] of jsonRoutes().entries()) {
      const { token, url } = callerFor(route.method, route.path);
      const schema = resolve(route.schema);
      const property = fc.asyncProperty(objectFor(schema, 0), async (body) => {
        await jobsIdle(system);
        const before = await countAllRows(system);
        let request = system.http[route.method as 'post' | 'patch' | 'put'](url).set('content-type', 'application/json');
        if (token) request = request.set(bearer(token));
        const response = await request.send(JSON.stringify(body));
        await jobsIdle(system);
        const changed = rowsChanged(before, await countAllRows(system));
        const seen = { status: response.status, changed, answer: JSON.stringify(response.body).slice(0, 300) };
        if (response.status >= 500 || response.status < 200 || (response.status >= 400 && Object.keys(changed).length > 0)) {
          throw new Error(`unexpected: ${JSON.stringify(seen)}`);
        }
        const refusal = mustBeRefused(schema, body);
        if (refusal && response.status < 400) throw new Error(`${refusal}, yet answered: ${JSON.stringify(seen)}`);
      });
      const result = await fc.check(property, { seed: SEED + index, numRuns: RUNS, endOnFailure: true });
      if (result.failed) {
        failures.push(
          `${route.method.toUpperCase()} ${route.path} (seed ${SEED + index}, path ${result.counterexamplePath}): ` +
            `${JSON.stringify(result.counterexample?.[0]).slice(0, 400)} → ${String(result.errorInstance).slice(0, 400)}`,
        );
      }
    }
    if (failures.length) console.log(`openapi fuzz: ${failures.length} route(s) failed\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  }, 300_000);

  it('logs in with the fuzzed routes still working (the fuzz did not break the system)', async () => {
    const health = await system.http.get('/health');
    expect(health.status).toBe(200);
    expect(await login(system.http, 'admin', 'admin-password-1')).toEqual(expect.any(String));
  });
});

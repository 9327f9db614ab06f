import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import { bearer, countRows, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/**
 * Bad input to the year's records (contents, tasks, actions): a 4xx with the contract's
 * error body naming the field, and nothing written anywhere.
 */

const TABLES = ['contents', 'tasks', 'assignments', 'actions', 'figure_changes', 'jobs', 'audit_log'];
const unique = () => randomBytes(4).toString('hex');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Instants PostgreSQL cannot store, or that lie outside the years Lan Tỏa counts (2000-2100). */
const OUT_OF_YEARS: [string, string][] = [
  ['in year 1, +14:00', '0001-01-01T00:00:00+14:00'],
  ['at the end of year 9999, -14:00', '9999-12-31T23:59:59-14:00'],
  ['in 1999', '1999-12-31T23:59:59Z'],
  ['in 2101', '2101-01-01T00:00:00Z'],
];
const CONTENT_KINDS_TRIED = ['website_post', 'article'];
/** Cursor times a client could forge that name no real instant. */
const IMPOSSIBLE_CURSOR_TIMES = ['2023-13-45T99:99:99Z', '2023-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '9999-99-99T9Z', '2023-05-01T24:00:00Z'];
/** 36 characters of the uuid alphabet that are not a uuid. */
const MALFORMED_JOB_IDS: [string, string][] = [
  ['36 zeros', '0'.repeat(36)],
  ['36 dashes', '-'.repeat(36)],
  ['with dashes in the wrong places', '0000-00000000-0000-0000-000000000000'],
  ['with a 37th character', '00000000-0000-4000-8000-0000000000000'],
];

interface Rejection {
  name: string;
  status: number;
  /** What the message must name. */
  field: string;
  send: () => Promise<Response>;
}

describe('records: bad input answers 4xx naming the field, and writes nothing', () => {
  let system: TestSystem;
  let secretariat: string;
  let collaborator: string;
  let collaboratorId: string;
  let unitId: string;
  let otherTaskId: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    unitId = (await createUnit(system, 'Chi bộ nhập liệu', admin.rootUnitId)).id;
    const otherUnit = (await createUnit(system, 'Chi bộ khác', admin.rootUnitId)).id;
    const s = await createUser(system, unitId, ['secretariat']);
    const c = await createUser(system, unitId, ['collaborator']);
    const so = await createUser(system, otherUnit, ['secretariat']);
    secretariat = await login(system.http, s.username);
    collaborator = await login(system.http, c.username);
    collaboratorId = c.id;
    const otherTask = await system.http
      .post('/api/v1/tasks')
      .set(bearer(await login(system.http, so.username)))
      .send({ title: 'Việc của chi bộ khác', kind: 'share', assignees: { userIds: [so.id] } });
    expect(otherTask.status).toBe(201);
    otherTaskId = otherTask.body.id;
  });
  afterAll(() => system?.close());

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(system, t)])));

  async function expectRejected(send: () => Promise<Response>, status: number, field: string): Promise<Response> {
    const before = await counts();
    const response = await send();
    expect({ status: response.status, body: response.body }).toMatchObject({
      status,
      body: { statusCode: status, error: expect.any(String), message: expect.any(String) },
    });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.message).toContain(field);
    expect(await counts()).toEqual(before);
    return response;
  }

  const action = (over: Record<string, unknown> = {}) => ({
    type: 'share',
    url: `https://www.facebook.com/groups/1/posts/${unique()}`,
    reach: 10,
    occurredAt: '2024-03-01T09:30:00+07:00',
    ...over,
  });
  const content = (over: Record<string, unknown> = {}) => ({
    kind: 'article',
    title: 'Bài viết cần lan tỏa',
    url: `https://nhandan.vn/${unique()}.htm`,
    publishedAt: '2024-03-01T09:30:00+07:00',
    ...over,
  });
  const task = (over: Record<string, unknown> = {}) => ({
    title: 'Chia sẻ bài viết',
    kind: 'share',
    assignees: { userIds: [collaboratorId] },
    ...over,
  });
  const postAction = (body: unknown, token = collaborator) => system.http.post('/api/v1/actions').set(bearer(token)).send(body as object);
  const postContent = (body: unknown) => system.http.post('/api/v1/contents').set(bearer(secretariat)).send(body as object);
  const postTask = (body: unknown) => system.http.post('/api/v1/tasks').set(bearer(secretariat)).send(body as object);
  const postBatch = (body: unknown) => system.http.post('/api/v1/actions/batch').set(bearer(collaborator)).send(body as object);
  const listActions = (query: Record<string, unknown>, token = secretariat) =>
    system.http.get('/api/v1/actions').query(query).set(bearer(token));

  const cases: Rejection[] = [
    // POST /actions: types and bounds
    { name: 'reach -1', status: 400, field: 'reach', send: () => postAction(action({ reach: -1 })) },
    { name: 'reach 10,000,001', status: 400, field: 'reach', send: () => postAction(action({ reach: 10_000_001 })) },
    { name: 'reach "5"', status: 400, field: 'reach', send: () => postAction(action({ reach: '5' })) },
    { name: 'reach 1.5', status: 400, field: 'reach', send: () => postAction(action({ reach: 1.5 })) },
    { name: 'type "like"', status: 400, field: 'type', send: () => postAction(action({ type: 'like' })) },
    { name: 'platform "myspace"', status: 400, field: 'platform', send: () => postAction(action({ platform: 'myspace' })) },
    {
      name: 'occurredAt without an offset',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: '2024-03-01T09:30:00' })),
    },
    { name: 'occurredAt missing', status: 400, field: 'occurredAt', send: () => postAction(action({ occurredAt: undefined })) },
    {
      name: 'occurredAt 10 minutes in the future',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: inMinutes(10) })),
    },
    {
      name: 'occurredAt 1999-12-31T23:59:59Z',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: '1999-12-31T23:59:59Z' })),
    },
    {
      name: 'occurredAt on 30 February',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: '2024-02-30T10:00:00+07:00' })),
    },
    {
      name: 'occurredAt at 25 o’clock',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: '2024-03-01T25:00:00+07:00' })),
    },
    {
      name: 'occurredAt with offset +25:00',
      status: 400,
      field: 'occurredAt',
      send: () => postAction(action({ occurredAt: '2024-03-01T09:30:00+25:00' })),
    },
    // POST /actions: urls and platforms
    { name: 'a javascript: url', status: 400, field: 'url', send: () => postAction(action({ url: 'javascript:alert(1)' })) },
    {
      name: 'a data: url',
      status: 400,
      field: 'url',
      send: () => postAction(action({ url: 'data:text/html,<script>alert(1)</script>', platform: 'website' })),
    },
    { name: 'a file: url', status: 400, field: 'url', send: () => postAction(action({ url: 'file:///etc/passwd', platform: 'website' })) },
    {
      name: 'a url with user:pass@',
      status: 400,
      field: 'url',
      send: () => postAction(action({ url: 'https://user:pass@www.facebook.com/groups/1' })),
    },
    {
      name: 'a facebook.com url with platform tiktok',
      status: 400,
      field: 'platform',
      send: () => postAction(action({ url: 'https://m.facebook.com/groups/1/posts/2', platform: 'tiktok' })),
    },
    { name: 'a share without url', status: 400, field: 'url', send: () => postAction(action({ url: undefined, platform: 'facebook' })) },
    { name: 'a post without url', status: 400, field: 'url', send: () => postAction(action({ type: 'post', url: undefined, platform: 'zalo' })) },
    {
      name: 'a comment without url or platform',
      status: 400,
      field: 'platform',
      send: () => postAction(action({ type: 'comment', url: undefined })),
    },
    { name: 'url as a number', status: 400, field: 'url', send: () => postAction(action({ url: 12345 })) },
    // POST /actions: mass assignment
    { name: 'POST /actions with userId', status: 400, field: 'userId', send: () => postAction(action({ userId: '1' })) },
    { name: 'POST /actions with orgUnitId', status: 400, field: 'orgUnitId', send: () => postAction(action({ orgUnitId: unitId })) },
    { name: 'POST /actions with createdBy', status: 400, field: 'createdBy', send: () => postAction(action({ createdBy: '1' })) },
    // POST /actions: idempotency keys and references
    {
      name: 'an Idempotency-Key with spaces',
      status: 400,
      field: 'Idempotency-Key',
      send: () => system.http.post('/api/v1/actions').set(bearer(collaborator)).set('Idempotency-Key', 'key with spaces').send(action()),
    },
    {
      name: 'an Idempotency-Key of 200 characters',
      status: 400,
      field: 'Idempotency-Key',
      send: () => system.http.post('/api/v1/actions').set(bearer(collaborator)).set('Idempotency-Key', 'k'.repeat(200)).send(action()),
    },
    { name: 'a taskId that names nothing', status: 404, field: 'taskId', send: () => postAction(action({ taskId: '987654321' })) },
    { name: "another subtree's taskId", status: 404, field: 'taskId', send: () => postAction(action({ taskId: otherTaskId })) },
    { name: 'a taskId that is not an id', status: 400, field: 'taskId', send: () => postAction(action({ taskId: '1 OR 1=1' })) },
    { name: 'a contentId that names nothing', status: 404, field: 'contentId', send: () => postAction(action({ contentId: '987654321' })) },
    // POST /contents
    { name: 'content with a javascript: url', status: 400, field: 'url', send: () => postContent(content({ url: 'javascript:alert(1)' })) },
    { name: 'content with a data: url', status: 400, field: 'url', send: () => postContent(content({ url: 'data:text/plain,hi' })) },
    { name: 'content with a file: url', status: 400, field: 'url', send: () => postContent(content({ url: 'file:///etc/passwd' })) },
    {
      name: 'content with user:pass@',
      status: 400,
      field: 'url',
      send: () => postContent(content({ url: 'https://admin:secret@nhandan.vn/bai.htm' })),
    },
    { name: 'content kind "blog"', status: 400, field: 'kind', send: () => postContent(content({ kind: 'blog' })) },
    { name: 'content with an empty title', status: 400, field: 'title', send: () => postContent(content({ title: '' })) },
    { name: 'content interactions -1', status: 400, field: 'interactions', send: () => postContent(content({ interactions: -1 })) },
    {
      name: 'content publishedAt without an offset',
      status: 400,
      field: 'publishedAt',
      send: () => postContent(content({ publishedAt: '2024-03-01 09:30' })),
    },
    {
      name: 'content publishedAt on 31 April',
      status: 400,
      field: 'publishedAt',
      send: () => postContent(content({ publishedAt: '2024-04-31T09:30:00+07:00' })),
    },
    ...OUT_OF_YEARS.flatMap(([label, publishedAt]): Rejection[] =>
      CONTENT_KINDS_TRIED.map((kind) => ({
        name: `${kind} publishedAt ${label}`,
        status: 400,
        field: 'publishedAt',
        send: () => postContent(content({ kind, publishedAt })),
      })),
    ),
    { name: 'POST /contents with userId', status: 400, field: 'userId', send: () => postContent(content({ userId: '1' })) },
    { name: 'POST /contents with orgUnitId', status: 400, field: 'orgUnitId', send: () => postContent(content({ orgUnitId: unitId })) },
    { name: 'POST /contents with createdBy', status: 400, field: 'createdBy', send: () => postContent(content({ createdBy: '1' })) },
    {
      name: 'PATCH /contents/:id with orgUnitId',
      status: 400,
      field: 'orgUnitId',
      send: () => system.http.patch('/api/v1/contents/1').set(bearer(secretariat)).send({ interactions: 5, orgUnitId: unitId }),
    },
    // POST /tasks
    { name: 'POST /tasks with userId', status: 400, field: 'userId', send: () => postTask(task({ userId: '1' })) },
    { name: 'POST /tasks with orgUnitId', status: 400, field: 'orgUnitId', send: () => postTask(task({ orgUnitId: unitId })) },
    { name: 'POST /tasks with createdBy', status: 400, field: 'createdBy', send: () => postTask(task({ createdBy: '1' })) },
    { name: 'task kind "spam"', status: 400, field: 'kind', send: () => postTask(task({ kind: 'spam' })) },
    { name: 'task without assignees', status: 400, field: 'assignees', send: () => postTask(task({ assignees: undefined })) },
    {
      name: 'task assignees.userIds that are not ids',
      status: 400,
      field: 'assignees.userIds',
      send: () => postTask(task({ assignees: { userIds: ['abc'] } })),
    },
    {
      name: 'task assignees with an unknown key',
      status: 400,
      field: 'roles',
      send: () => postTask(task({ assignees: { userIds: [collaboratorId], roles: ['admin'] } })),
    },
    { name: 'task dueAt without an offset', status: 400, field: 'dueAt', send: () => postTask(task({ dueAt: '2024-03-05T17:00:00' })) },
    {
      name: 'task dueAt on 31 April',
      status: 400,
      field: 'dueAt',
      send: () => postTask(task({ dueAt: '2024-04-31T17:00:00+07:00' })),
    },
    ...OUT_OF_YEARS.map(([label, dueAt]): Rejection => ({
      name: `task dueAt ${label}`,
      status: 400,
      field: 'dueAt',
      send: () => postTask(task({ dueAt })),
    })),
    { name: 'task with a javascript: targetUrl', status: 400, field: 'targetUrl', send: () => postTask(task({ targetUrl: 'javascript:alert(1)' })) },
    { name: 'task contentId that names nothing', status: 404, field: 'contentId', send: () => postTask(task({ contentId: '987654321' })) },
    // POST /actions/batch
    {
      name: 'a batch of 501 items',
      status: 400,
      field: 'items',
      send: () => postBatch({ items: Array.from({ length: 501 }, (_, i) => ({ clientId: `c-${i}`, ...action() })) }),
    },
    { name: 'a batch whose items is not an array', status: 400, field: 'items', send: () => postBatch({ items: { clientId: 'x' } }) },
    { name: 'a batch with userId beside items', status: 400, field: 'userId', send: () => postBatch({ items: [], userId: '1' }) },
    // GET /actions
    { name: 'limit=201', status: 400, field: 'limit', send: () => listActions({ limit: 201 }) },
    { name: 'limit=0', status: 400, field: 'limit', send: () => listActions({ limit: 0 }) },
    { name: 'limit=-1', status: 400, field: 'limit', send: () => listActions({ limit: -1 }) },
    { name: 'limit=abc', status: 400, field: 'limit', send: () => listActions({ limit: 'abc' }) },
    { name: 'a garbage cursor', status: 400, field: 'cursor', send: () => listActions({ cursor: 'not!a-cursor' }) },
    {
      name: 'a cursor with a tampered id',
      status: 400,
      field: 'cursor',
      send: () => listActions({ cursor: base64url({ at: '2024-03-01T02:30:00.000000Z', id: '1; DROP TABLE actions' }) }),
    },
    {
      name: 'a cursor of another endpoint',
      status: 400,
      field: 'cursor',
      send: () => listActions({ cursor: base64url({ id: '5' }) }),
    },
    ...IMPOSSIBLE_CURSOR_TIMES.map(
      (at): Rejection => ({
        name: `a cursor at ${at}`,
        status: 400,
        field: 'cursor',
        send: () => listActions({ cursor: base64url({ at, id: '1' }) }),
      }),
    ),
    { name: 'year=1999', status: 400, field: 'year', send: () => listActions({ year: 1999 }) },
    { name: 'year=2024.5', status: 400, field: 'year', send: () => listActions({ year: '2024.5' }) },
    { name: 'type=foo', status: 400, field: 'type', send: () => listActions({ type: 'foo' }) },
    { name: 'type=share,foo', status: 400, field: 'type', send: () => listActions({ type: 'share,foo' }) },
    { name: 'orgUnitId=abc', status: 400, field: 'orgUnitId', send: () => listActions({ orgUnitId: 'abc' }) },
    { name: 'an unknown filter', status: 400, field: 'platform', send: () => listActions({ platform: 'facebook' }) },
    // GET /jobs/:id: ids PostgreSQL cannot read as a uuid are unknown ids, not a server error
    ...MALFORMED_JOB_IDS.map(
      ([label, id]): Rejection => ({
        name: `GET /jobs/${label}`,
        status: 404,
        field: 'job',
        send: () => system.http.get(`/api/v1/jobs/${id}`).set(bearer(secretariat)),
      }),
    ),
  ];

  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await expectRejected(c.send, c.status, c.field);
  });

  describe('positive controls next to the refusals', () => {
    it('takes an occurredAt 4 minutes in the future (clock skew)', async () => {
      const occurredAt = inMinutes(4);
      const response = await postAction(action({ occurredAt }));
      expect(response.status).toBe(201);
      expect(response.body.occurredAt).toBe(occurredAt);
    });

    it('takes occurredAt 2000-01-01T00:00:00Z, the earliest allowed', async () => {
      const response = await postAction(action({ occurredAt: '2000-01-01T00:00:00Z' }));
      expect(response.status).toBe(201);
    });

    it('takes publishedAt and dueAt at the edges of 2000-2100, and a website post counts in its year', async () => {
      for (const kind of CONTENT_KINDS_TRIED) {
        const first = await postContent(content({ kind, publishedAt: '2000-01-01T07:00:00+07:00' }));
        expect({ kind, status: first.status }).toEqual({ kind, status: 201 });
        const last = await postContent(content({ kind, publishedAt: '2100-12-31T23:59:59.999Z' }));
        expect({ kind, status: last.status }).toEqual({ kind, status: 201 });
      }
      const due = await postTask(task({ dueAt: '2100-12-31T23:59:59+07:00' }));
      expect(due.status).toBe(201);
    });

    it('pages through actions with the cursors it issues', async () => {
      for (let i = 0; i < 3; i++) expect((await postAction(action())).status).toBe(201);
      const first = await listActions({ limit: 2 });
      expect(first.status).toBe(200);
      const second = await listActions({ limit: 2, cursor: first.body.nextCursor });
      expect(second.status).toBe(200);
      expect(second.body.items.length).toBeGreaterThan(0);
      const firstIds = first.body.items.map((a: { id: string }) => a.id);
      expect(second.body.items.map((a: { id: string }) => a.id).filter((id: string) => firstIds.includes(id))).toEqual([]);
    });

    it('takes 29 February of a leap year, and microseconds', async () => {
      const response = await postAction(action({ occurredAt: '2024-02-29T23:30:00.123456+07:00' }));
      expect(response.status).toBe(201);
      expect(response.body.occurredAt).toBe('2024-02-29T16:30:00.123Z');
    });

    it('keeps a look-alike host and the stated platform: facebook.com.evil.vn is not facebook.com', async () => {
      const response = await postAction(action({ url: 'https://facebook.com.evil.vn/page/1', platform: 'facebook' }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ platform: 'facebook', url: 'https://facebook.com.evil.vn/page/1' });
      // without a stated platform nothing says which: refused, and the look-alike is not taken for facebook
      const unstated = await expectRejected(
        () => postAction(action({ url: 'https://facebook.com.evil.vn/page/2' })),
        400,
        'platform',
      );
      expect(unstated.body.message).not.toContain('facebook');
      // the look-alike with tiktok is not a contradiction either
      const tiktok = await postAction(action({ url: 'https://facebook.com.evil.vn/page/3', platform: 'tiktok' }));
      expect(tiktok.status).toBe(201);
      expect(tiktok.body.platform).toBe('tiktok');
    });

    it('stores an NFD title in NFC', async () => {
      const nfd = 'Tuyên truyền Nghị quyết'.normalize('NFD');
      expect(nfd).not.toBe(nfd.normalize('NFC'));
      const created = await postContent(content({ title: nfd }));
      expect(created.status).toBe(201);
      expect(created.body.title).toBe('Tuyên truyền Nghị quyết'.normalize('NFC'));
      const [row] = (await system.db.query(`SELECT title FROM contents WHERE id = $1`, [created.body.id])) as { title: string }[];
      expect(row.title).toBe('Tuyên truyền Nghị quyết'.normalize('NFC'));
      const createdTask = await postTask(task({ title: 'Bình luận định hướng'.normalize('NFD') }));
      expect(createdTask.status).toBe(201);
      const [taskRow] = (await system.db.query(`SELECT title FROM tasks WHERE id = $1`, [createdTask.body.id])) as { title: string }[];
      expect(taskRow.title).toBe('Bình luận định hướng'.normalize('NFC'));
    });

    it('answers a bad batch item with its own 400 and writes the others', async () => {
      const before = await countRows(system, 'actions');
      const response = await postBatch({
        items: [
          { clientId: `ok-${unique()}`, ...action() },
          { clientId: `bad-${unique()}`, ...action({ userId: '1' }) },
          { clientId: `neg-${unique()}`, ...action({ reach: -5 }) },
          { clientId: `ok-${unique()}`, ...action({ type: 'comment', url: undefined, platform: 'zalo' }) },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 400, 201]);
      expect(response.body.results[1].error).toMatchObject({ statusCode: 400, error: 'Bad Request', field: 'userId' });
      expect(response.body.results[1].error.message).toContain('userId');
      expect(response.body.results[2].error).toMatchObject({ statusCode: 400, field: 'reach' });
      expect(await countRows(system, 'actions')).toBe(before + 2);
      const stored = (await system.db.query(`SELECT user_id::text AS "userId" FROM actions WHERE id = ANY($1::bigint[])`, [
        [response.body.results[0].id, response.body.results[3].id],
      ])) as { userId: string }[];
      expect(stored.map((s) => s.userId)).toEqual([collaboratorId, collaboratorId]);
    });

    it('echoes at most 200 characters of an invalid clientId, and a valid one in full', async () => {
      const huge = `h${'x'.repeat(299_999)}`;
      const longest = `l${unique()}`.padEnd(128, 'y');
      const before = await countRows(system, 'actions');
      const response = await postBatch({ items: [{ clientId: huge, ...action() }, { clientId: longest, ...action() }] });
      expect(response.status).toBe(200);
      const [refused] = response.body.results as { clientId: string; status: number; error: { field: string } }[];
      // compared by length and prefix, so a failure does not print 300,000 characters
      expect({ length: refused.clientId.length, prefix: huge.startsWith(refused.clientId) }).toEqual({ length: 200, prefix: true });
      expect(refused).toMatchObject({ status: 400, error: { field: 'clientId' } });
      expect(response.body.results[1]).toMatchObject({ clientId: longest, status: 201 });
      expect(await countRows(system, 'actions')).toBe(before + 1);
    });
  });
});

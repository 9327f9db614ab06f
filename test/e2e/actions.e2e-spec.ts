import { bearer, countRows, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

describe('actions: idempotent logging, batches, drill-down', () => {
  let system: TestSystem;
  let token: string;
  let userId: string;
  let unitId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    unitId = (await createUnit(system, 'Chi bộ A', admin.rootUnitId)).id;
    const user = await createUser(system, unitId, ['collaborator']);
    userId = user.id;
    token = await login(system.http, user.username);
  });
  afterAll(() => system.close());

  const share = (over: Record<string, unknown> = {}) => ({
    type: 'share',
    url: 'https://www.facebook.com/groups/123/posts/456?fbclid=xyz',
    reach: 120,
    occurredAt: '2024-03-01T09:30:00+07:00',
    ...over,
  });

  it('logs a share, detects the platform, canonicalises the url and stamps the author and unit', async () => {
    const response = await system.http.post('/api/v1/actions').set(bearer(token)).send(share());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      userId,
      orgUnitId: unitId,
      type: 'share',
      platform: 'facebook',
      url: 'https://www.facebook.com/groups/123/posts/456',
      reach: 120,
      occurredAt: '2024-03-01T02:30:00.000Z',
    });
  });

  it('answers a replay with the same key and body with 200 and the stored action, writing nothing', async () => {
    const first = await system.http.post('/api/v1/actions').set(bearer(token)).set('Idempotency-Key', 'k-1').send(share());
    expect(first.status).toBe(201);
    const before = await countRows(system, 'actions');
    const again = await system.http.post('/api/v1/actions').set(bearer(token)).set('Idempotency-Key', 'k-1').send(share());
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await countRows(system, 'actions')).toBe(before);
  });

  it('refuses the same key with a different body with 422', async () => {
    await system.http.post('/api/v1/actions').set(bearer(token)).set('Idempotency-Key', 'k-2').send(share());
    const before = await countRows(system, 'actions');
    const other = await system.http
      .post('/api/v1/actions')
      .set(bearer(token))
      .set('Idempotency-Key', 'k-2')
      .send(share({ reach: 121 }));
    expect(other.status).toBe(422);
    expect(await countRows(system, 'actions')).toBe(before);
  });

  it('writes exactly one action for 20 concurrent requests with one key', async () => {
    const before = await countRows(system, 'actions');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        system.http.post('/api/v1/actions').set(bearer(token)).set('Idempotency-Key', 'k-concurrent').send(share()),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await countRows(system, 'actions')).toBe(before + 1);
  });

  it('takes a batch with duplicates, and writes nothing when the same batch comes again', async () => {
    const items = [
      { clientId: 'b-1', ...share() },
      { clientId: 'b-2', ...share({ type: 'comment', url: undefined, platform: 'zalo' }) },
      { clientId: 'b-1', ...share() },
      { clientId: 'b-3', ...share({ platform: 'tiktok' }) },
      { clientId: 'b-4', ...share({ bogus: 1 }) },
    ];
    const before = await countRows(system, 'actions');
    const first = await system.http.post('/api/v1/actions/batch').set(bearer(token)).send({ items });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 200, 400, 400]);
    expect(first.body.results[3].error.field).toBe('platform');
    expect(await countRows(system, 'actions')).toBe(before + 2);
    const again = await system.http.post('/api/v1/actions/batch').set(bearer(token)).send({ items });
    expect(again.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 400, 400]);
    expect(await countRows(system, 'actions')).toBe(before + 2);
  });

  it('refuses a batch of 501 items and writes nothing', async () => {
    const items = Array.from({ length: 501 }, (_, i) => ({ clientId: `big-${i}`, ...share() }));
    const before = await countRows(system, 'actions');
    const response = await system.http.post('/api/v1/actions/batch').set(bearer(token)).send({ items });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/items/);
    expect(await countRows(system, 'actions')).toBe(before);
  });

  it('records the figure buckets an action touches in its own transaction', async () => {
    const response = await system.http
      .post('/api/v1/actions')
      .set(bearer(token))
      .send(share({ occurredAt: '2023-12-31T18:00:00Z' }));
    expect(response.status).toBe(201);
    const rows = (await system.db.query(
      `SELECT day::text FROM figure_changes WHERE org_unit_id = $1 AND family = 'actions' AND day = '2024-01-01'`,
      [unitId],
    )) as { day: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it('pages through the drill-down newest first without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await system.http
        .get('/api/v1/actions')
        .query(cursor ? { limit: 2, cursor } : { limit: 2 })
        .set(bearer(token));
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await countRows(system, 'actions'));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

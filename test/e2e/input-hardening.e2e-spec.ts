import { bearer, countRows, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';
import { countAllRows, rowsChanged, totalChanged } from '../support/row-counts';

/** Issue 9, items 6–9 and 12: one rule for each class of bad input, on every route. */
describe('input hardening: nulls, content types, prototype keys, batch items, echoes', () => {
  let system: TestSystem;
  let admin: string;
  let collaborator: string;
  let memberId: string;
  let unitId: string;

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    unitId = (await createUnit(system, 'Chi bộ kiểm thử đầu vào', seeded.rootUnitId, 'INPUT')).id;
    const member = await createUser(system, unitId, ['collaborator']);
    memberId = member.id;
    collaborator = await login(system.http, member.username);
  });
  afterAll(() => system.close());

  /** Sends a request and expects a 4xx that writes nothing anywhere. */
  async function refusedWithoutWriting(send: () => Promise<{ status: number; body: Record<string, unknown> }>) {
    const before = await countAllRows(system);
    const response = await send();
    const changed = rowsChanged(before, await countAllRows(system));
    expect({ status: response.status, changed }).toEqual({ status: expect.any(Number), changed: {} });
    expect(totalChanged(changed)).toBe(0);
    return response;
  }

  describe('a PATCH with null on a field that cannot be null (item 6)', () => {
    it.each([
      ['users', 'fullName'],
      ['users', 'roles'],
      ['users', 'password'],
      ['users', 'orgUnitId'],
      ['users', 'active'],
      ['org-units', 'name'],
      ['org-units', 'code'],
    ])('PATCH /%s/:id {"%s": null} answers 400 naming it, and writes no audit entry', async (resource, field) => {
      const id = resource === 'users' ? memberId : unitId;
      const response = await refusedWithoutWriting(() =>
        system.http.patch(`/api/v1/${resource}/${id}`).set(bearer(admin)).send({ [field]: null }),
      );
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, field });
    });
  });

  describe('a body that is not JSON on a JSON route (item 7)', () => {
    it.each([
      ['POST', '/api/v1/directives', 'application/x-www-form-urlencoded', 'title=Chỉ+thị&issuedOn=2024-01-02'],
      ['POST', '/api/v1/actions', 'application/x-www-form-urlencoded', 'type=reaction&platform=facebook&occurredAt=2024-01-02T00:00:00Z'],
      ['PATCH', '/api/v1/org-units/UNIT', 'application/x-www-form-urlencoded', 'name=Đổi+tên'],
      ['POST', '/api/v1/directives', 'text/plain', '{"title":"x","issuedOn":"2024-01-02"}'],
      ['POST', '/api/v1/directives', 'application/json; charset=latin1', '{"title":"x","issuedOn":"2024-01-02"}'],
    ])('%s %s as %s answers 415 and writes nothing', async (method, path, type, body) => {
      const url = path.replace('UNIT', unitId);
      const response = await refusedWithoutWriting(() =>
        system.http[method === 'POST' ? 'post' : 'patch'](url).set(bearer(admin)).set('content-type', type).send(body),
      );
      expect(response.status).toBe(415);
      expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', field: 'body' });
    });

    it('still takes JSON with a utf-8 charset, and bodiless requests', async () => {
      const response = await system.http
        .post('/api/v1/directives')
        .set(bearer(admin))
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ title: 'Chỉ thị về mạng xã hội', issuedOn: '2024-01-02' }));
      expect(response.status).toBe(201);
      expect((await system.http.get('/api/v1/me').set(bearer(admin))).status).toBe(200);
    });
  });

  describe('keys no DTO has (item 8)', () => {
    it.each(['prototype', 'constructor', '__proto__'])('refuses "%s" on POST /directives with a 400 naming it', async (key) => {
      const body = `{"title":"Chỉ thị","issuedOn":"2024-01-02","${key}":{"polluted":true}}`;
      const response = await refusedWithoutWriting(() =>
        system.http.post('/api/v1/directives').set(bearer(admin)).set('content-type', 'application/json').send(body),
      );
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(key);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('refuses them nested, naming the path', async () => {
      const body = JSON.stringify({ title: 'Nhiệm vụ', kind: 'share', assignees: { userIds: [memberId], prototype: 1 } });
      const response = await refusedWithoutWriting(() =>
        system.http.post('/api/v1/tasks').set(bearer(admin)).set('content-type', 'application/json').send(body),
      );
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('assignees.prototype');
    });
  });

  describe('one bad item in a batch (item 9)', () => {
    const good = (clientId: string) => ({
      clientId,
      type: 'share',
      platform: 'facebook',
      url: `https://facebook.com/lantoa/posts/${clientId}`,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });

    it.each([
      ['a NUL byte', '\u0000'],
      ['a lone surrogate', '\uD800'],
      ['U+FFFD', '\uFFFD'],
    ])('answers the item with %s on its own, and writes the others', async (_name, bad) => {
      const tag = Math.random().toString(36).slice(2, 8);
      const before = await countRows(system, 'actions');
      const items = [good(`${tag}-a`), { ...good(`${tag}-b`), url: `https://facebook.com/x${bad}y` }, good(`${tag}-c`)];
      const response = await system.http.post('/api/v1/actions/batch').set(bearer(collaborator)).send({ items });
      expect(response.status).toBe(200);
      expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201]);
      expect(response.body.results[1]).toMatchObject({ clientId: `${tag}-b`, status: 400, error: { field: 'items.1.url' } });
      expect(await countRows(system, 'actions')).toBe(before + 2);
    });

    it('answers an item nested past the limit on its own', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      let deep: unknown = 'x';
      for (let i = 0; i < 12; i++) deep = { deep };
      const items = [good(`${tag}-a`), { ...good(`${tag}-b`), reach: deep }];
      const response = await system.http.post('/api/v1/actions/batch').set(bearer(collaborator)).send({ items });
      expect(response.status).toBe(200);
      expect(response.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400]);
    });

    it('still refuses the whole batch for a fault of the batch itself', async () => {
      const response = await system.http.post('/api/v1/actions/batch').set(bearer(collaborator)).send({ items: [], '\u0000': 1 });
      expect(response.status).toBe(400);
    });
  });

  describe('echoes of client input are cut (item 12)', () => {
    it('does not send a 4 MB username back whole in the import job', async () => {
      const username = 'u'.repeat(4 * 1024 * 1024);
      const csv = `username,fullName,orgUnitCode,roles,password\n${username},Nguyễn Văn A,INPUT,collaborator,password-123\n`;
      const started = await system.http
        .post('/api/v1/users/import')
        .set(bearer(admin))
        .attach('file', Buffer.from(csv, 'utf8'), { filename: 'members.csv', contentType: 'text/csv' });
      expect(started.status).toBe(202);
      let job: { status: string; result?: { errors: { field: string; username?: string; message: string }[] } } = { status: '' };
      for (let i = 0; i < 600 && job.status !== 'done'; i++) {
        job = (await system.http.get(`/api/v1/jobs/${started.body.jobId}`).set(bearer(admin))).body;
        if (job.status !== 'done') await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(job.status).toBe('done');
      const [error] = job.result?.errors ?? [];
      expect(error.field).toBe('username');
      expect(error.username?.length).toBeLessThanOrEqual(201);
      expect(JSON.stringify(job).length).toBeLessThan(10_000);
    });
  });
});

import { bearer, countRows, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/** Contents: canonical urls, one per kind and unit, scope, figure changes and the audit trail. */
describe('contents: register, deduplicate, update, list in scope', () => {
  let system: TestSystem;
  let adminToken: string;
  let unitA: string;
  let unitA1: string;
  let unitB: string;
  let secretariatA: { id: string; token: string };
  let secretariatB: { id: string; token: string };
  let collaboratorA1: { id: string; token: string };

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    unitA = (await createUnit(system, 'Đảng bộ A', admin.rootUnitId)).id;
    unitA1 = (await createUnit(system, 'Chi bộ A1', unitA)).id;
    unitB = (await createUnit(system, 'Đảng bộ B', admin.rootUnitId)).id;
    const sA = await createUser(system, unitA, ['secretariat']);
    const sB = await createUser(system, unitB, ['secretariat']);
    const cA1 = await createUser(system, unitA1, ['collaborator']);
    secretariatA = { id: sA.id, token: await login(system.http, sA.username) };
    secretariatB = { id: sB.id, token: await login(system.http, sB.username) };
    collaboratorA1 = { id: cA1.id, token: await login(system.http, cA1.username) };
  });
  afterAll(() => system?.close());

  let seq = 0;
  const uniquePath = () => `bai-${Date.now().toString(36)}-${++seq}`;
  const post = (token: string, body: Record<string, unknown>) => system.http.post('/api/v1/contents').set(bearer(token)).send(body);
  const content = (over: Record<string, unknown> = {}) => ({
    kind: 'website_post',
    title: 'Tuyên truyền Nghị quyết Đại hội',
    url: `https://www.baochinhphu.vn/${uniquePath()}`,
    publishedAt: '2024-03-01T09:30:00+07:00',
    ...over,
  });

  it('registers a website post with a canonical url, stamped with the creator and unit', async () => {
    const path = uniquePath();
    const response = await post(
      secretariatA.token,
      content({
        url: `https://WWW.BaoChinhPhu.VN/tin-tuc/${path}?utm_source=zalo&id=7&utm_campaign=nq&fbclid=IwAR0x#binh-luan`,
        interactions: 15,
      }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'website_post',
      title: 'Tuyên truyền Nghị quyết Đại hội',
      url: `https://www.baochinhphu.vn/tin-tuc/${path}?id=7`,
      publishedAt: '2024-03-01T02:30:00.000Z',
      orgUnitId: unitA,
      interactions: 15,
      createdBy: secretariatA.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const [row] = (await system.db.query(`SELECT url, org_unit_id::text AS unit FROM contents WHERE id = $1`, [
      response.body.id,
    ])) as { url: string; unit: string }[];
    expect(row).toEqual({ url: `https://www.baochinhphu.vn/tin-tuc/${path}?id=7`, unit: unitA });
  });

  it('registers an article, with interactions defaulting to 0', async () => {
    const response = await post(secretariatA.token, content({ kind: 'article', url: 'https://nhandan.vn/bai-viet-1.htm' }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kind: 'article', url: 'https://nhandan.vn/bai-viet-1.htm', interactions: 0 });
  });

  it('refuses the same canonical url of the same kind in the same unit with 409 naming the existing content', async () => {
    const path = uniquePath();
    const first = await post(secretariatA.token, content({ url: `https://example.gov.vn/${path}?a=1` }));
    expect(first.status).toBe(201);
    const before = await countRows(system, 'contents');
    const auditBefore = await countRows(system, 'audit_log');
    const again = await post(
      secretariatA.token,
      content({ title: 'Tiêu đề khác', url: `https://EXAMPLE.gov.vn/${path}?utm_medium=social&a=1#top` }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', existingId: first.body.id, field: 'url' });
    expect(again.body.message).toEqual(expect.stringContaining('url'));
    expect(await countRows(system, 'contents')).toBe(before);
    expect(await countRows(system, 'audit_log')).toBe(auditBefore);

    // the same url as another kind, or in another unit, is another content
    const asArticle = await post(secretariatA.token, content({ kind: 'article', url: `https://example.gov.vn/${path}?a=1` }));
    expect(asArticle.status).toBe(201);
    expect(asArticle.body.id).not.toBe(first.body.id);
    const elsewhere = await post(secretariatB.token, content({ url: `https://example.gov.vn/${path}?a=1` }));
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.orgUnitId).toBe(unitB);
    expect(await countRows(system, 'contents')).toBe(before + 2);
  });

  it('answers 409 to concurrent duplicates: exactly one is written', async () => {
    const url = `https://example.gov.vn/${uniquePath()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(secretariatA.token, content({ url }))));
    const created = responses.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    const conflicts = responses.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(4);
    for (const conflict of conflicts) expect(conflict.body.existingId).toBe(created[0].body.id);
  });

  it('updates interactions and title, and GET shows the change', async () => {
    const created = await post(secretariatA.token, content({ interactions: 3 }));
    const patch = await system.http
      .patch(`/api/v1/contents/${created.body.id}`)
      .set(bearer(secretariatA.token))
      .send({ interactions: 240, title: 'Tiêu đề đã sửa' });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ id: created.body.id, interactions: 240, title: 'Tiêu đề đã sửa', url: created.body.url });
    const onlyInteractions = await system.http
      .patch(`/api/v1/contents/${created.body.id}`)
      .set(bearer(secretariatA.token))
      .send({ interactions: 250 });
    expect(onlyInteractions.status).toBe(200);
    expect(onlyInteractions.body).toMatchObject({ interactions: 250, title: 'Tiêu đề đã sửa' });
    const get = await system.http.get(`/api/v1/contents/${created.body.id}`).set(bearer(secretariatA.token));
    expect(get.status).toBe(200);
    expect(get.body).toEqual(onlyInteractions.body);
  });

  it('lists with kind and year (in the organisation zone) filters, paging without repeats', async () => {
    const unit = (await createUnit(system, 'Chi bộ danh sách', unitA)).id;
    const s = await createUser(system, unit, ['secretariat']);
    const token = await login(system.http, s.username);
    const made: { id: string; kind: string; publishedAt: string }[] = [];
    const inputs = [
      { kind: 'website_post', publishedAt: '2023-12-31T16:59:59Z' }, // 23:59:59 on 31/12/2023 in +07: 2023
      { kind: 'website_post', publishedAt: '2023-12-31T17:00:00Z' }, // 00:00 on 1/1/2024 in +07: 2024
      { kind: 'website_post', publishedAt: '2024-06-01T08:00:00+07:00' },
      { kind: 'website_post', publishedAt: '2024-12-31T23:59:00+07:00' },
      { kind: 'article', publishedAt: '2024-02-01T08:00:00+07:00' },
      { kind: 'website_post', publishedAt: '2024-07-01T08:00:00+07:00' },
    ];
    for (const input of inputs) {
      const response = await post(token, content(input));
      expect(response.status).toBe(201);
      made.push(response.body);
    }
    const ids = (kind?: string) => made.filter((m) => !kind || m.kind === kind).map((m) => m.id);

    const all: { id: string; kind: string; orgUnitId: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: typeof all; nextCursor: string | null } } = await system.http
        .get('/api/v1/contents')
        .query({ kind: 'website_post', year: 2024, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(bearer(token));
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    const mine = all.filter((c) => c.orgUnitId === unit).map((c) => c.id);
    expect(mine).toEqual([made[1].id, made[2].id, made[3].id, made[5].id]);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    expect(all.every((c) => c.kind === 'website_post')).toBe(true);
    expect(pages).toBeGreaterThanOrEqual(2);

    const in2023 = await system.http.get('/api/v1/contents').query({ year: 2023, limit: 200 }).set(bearer(token));
    expect(in2023.status).toBe(200);
    expect(in2023.body.items.filter((c: { orgUnitId: string }) => c.orgUnitId === unit).map((c: { id: string }) => c.id)).toEqual([
      made[0].id,
    ]);
    const articles = await system.http.get('/api/v1/contents').query({ kind: 'article', limit: 200 }).set(bearer(token));
    expect(articles.body.items.filter((c: { orgUnitId: string }) => c.orgUnitId === unit).map((c: { id: string }) => c.id)).toEqual(
      ids('article'),
    );
  });

  it('refuses a collaborator creating or updating contents (403), writing nothing', async () => {
    const existing = await post(secretariatA.token, content());
    const before = await countRows(system, 'contents');
    const create = await post(collaboratorA1.token, content());
    expect(create.status).toBe(403);
    expect(create.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.any(String) });
    const patch = await system.http
      .patch(`/api/v1/contents/${existing.body.id}`)
      .set(bearer(collaboratorA1.token))
      .send({ interactions: 9999 });
    expect(patch.status).toBe(403);
    expect(await countRows(system, 'contents')).toBe(before);
    const [row] = (await system.db.query(`SELECT interactions FROM contents WHERE id = $1`, [existing.body.id])) as {
      interactions: number;
    }[];
    expect(row.interactions).toBe(0);
  });

  it("lets a collaborator read the contents of its ancestors' units, but not another subtree's", async () => {
    const ofA = await post(secretariatA.token, content({ kind: 'article' }));
    const ofRoot = await post(adminToken, content({ kind: 'article' }));
    const ofB = await post(secretariatB.token, content({ kind: 'article' }));
    expect([ofA.status, ofRoot.status, ofB.status]).toEqual([201, 201, 201]);

    const one = await system.http.get(`/api/v1/contents/${ofA.body.id}`).set(bearer(collaboratorA1.token));
    expect(one.status).toBe(200);
    expect(one.body).toEqual(ofA.body);
    expect((await system.http.get(`/api/v1/contents/${ofRoot.body.id}`).set(bearer(collaboratorA1.token))).status).toBe(200);
    const other = await system.http.get(`/api/v1/contents/${ofB.body.id}`).set(bearer(collaboratorA1.token));
    expect(other.status).toBe(404);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await system.http
        .get('/api/v1/contents')
        .query(cursor ? { limit: 200, cursor } : { limit: 200 })
        .set(bearer(collaboratorA1.token));
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([ofA.body.id, ofRoot.body.id]));
    expect(seen).not.toContain(ofB.body.id);
  });

  it("answers 404 to a secretariat reading or updating another subtree's content, changing nothing", async () => {
    const ofA = await post(secretariatA.token, content({ interactions: 7 }));
    const auditBefore = await countRows(system, 'audit_log');
    const figuresBefore = await countRows(system, 'figure_changes');
    const get = await system.http.get(`/api/v1/contents/${ofA.body.id}`).set(bearer(secretariatB.token));
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    const patch = await system.http
      .patch(`/api/v1/contents/${ofA.body.id}`)
      .set(bearer(secretariatB.token))
      .send({ interactions: 1, title: 'Chiếm quyền' });
    expect(patch.status).toBe(404);
    // an unknown id gets the same answer as a hidden one
    const unknown = await system.http.patch('/api/v1/contents/999999999').set(bearer(secretariatB.token)).send({ interactions: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(patch.body.message);
    const [row] = (await system.db.query(`SELECT interactions, title FROM contents WHERE id = $1`, [ofA.body.id])) as {
      interactions: number;
      title: string;
    }[];
    expect(row).toEqual({ interactions: 7, title: ofA.body.title });
    expect(await countRows(system, 'audit_log')).toBe(auditBefore);
    expect(await countRows(system, 'figure_changes')).toBe(figuresBefore);
    // and the listing of B does not show it
    const list = await system.http.get('/api/v1/contents').query({ limit: 200 }).set(bearer(secretariatB.token));
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(ofA.body.id);
  });

  it("notes a 'website' figure change on the publication day in Asia/Ho_Chi_Minh, for website posts only", async () => {
    const unit = (await createUnit(system, 'Chi bộ số liệu', unitA)).id;
    const s = await createUser(system, unit, ['secretariat']);
    const token = await login(system.http, s.username);
    const website = async () =>
      (await system.db.query(
        `SELECT day::text AS day FROM figure_changes WHERE org_unit_id = $1 AND family = 'website' ORDER BY id`,
        [unit],
      )) as { day: string }[];

    // 18:30 UTC on 31/12/2023 is 01:30 on 1/1/2024 in Hanoi
    const post1 = await post(token, content({ publishedAt: '2023-12-31T18:30:00Z' }));
    expect(post1.status).toBe(201);
    expect(await website()).toEqual([{ day: '2024-01-01' }]);

    const article = await post(token, content({ kind: 'article', publishedAt: '2024-05-05T10:00:00+07:00' }));
    expect(article.status).toBe(201);
    expect(await website()).toEqual([{ day: '2024-01-01' }]);

    // new interactions change websiteInteractions of the publication day
    const patch = await system.http.patch(`/api/v1/contents/${post1.body.id}`).set(bearer(token)).send({ interactions: 42 });
    expect(patch.status).toBe(200);
    expect(await website()).toEqual([{ day: '2024-01-01' }, { day: '2024-01-01' }]);
  });

  it('audits every secretariat write with the actor, before and after', async () => {
    const created = await post(secretariatA.token, content({ interactions: 1 }));
    const patch = await system.http
      .patch(`/api/v1/contents/${created.body.id}`)
      .set(bearer(secretariatA.token))
      .send({ interactions: 2 });
    expect(patch.status).toBe(200);
    const rows = (await system.db.query(
      `SELECT actor_id::text AS "actorId", action, before, after FROM audit_log
        WHERE entity_type = 'content' AND entity_id = $1 ORDER BY id`,
      [created.body.id],
    )) as { actorId: string; action: string; before: { interactions: number } | null; after: { interactions: number } }[];
    expect(rows).toEqual([
      expect.objectContaining({ actorId: secretariatA.id, action: 'content.create', before: null }),
      expect.objectContaining({ actorId: secretariatA.id, action: 'content.update' }),
    ]);
    expect(rows[0].after.interactions).toBe(1);
    expect(rows[1].before?.interactions).toBe(1);
    expect(rows[1].after.interactions).toBe(2);
  });
});

import { OpenAPIObject } from '@nestjs/swagger';
import { Response, Test } from 'supertest';
import { createApiDocument } from '../../scripts/openapi/api-document';
import { ResponseValidator } from '../../scripts/openapi/response-validator';
import { minimalPng } from '../support/evidence-files';
import { linkedCases, person, Person } from '../support/takedowns';
import { bearer, createUnit, eventually, login, PASSWORD, seedAdmin, startTestSystem, TestSystem } from '../support';

/** The operations the collaborator's phone app calls: each must be checked at least once. */
const APP_OPERATIONS = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/web/sign-in',
  'POST /api/v1/auth/web/refresh',
  'POST /api/v1/auth/web/sign-out',
  'GET /api/v1/me',
  'GET /api/v1/me/assignments',
  'PATCH /api/v1/assignments/{id}',
  'POST /api/v1/actions',
  'POST /api/v1/actions/batch',
  'GET /api/v1/actions',
  'POST /api/v1/reports',
  'GET /api/v1/reports',
  'GET /api/v1/reports/{id}',
  'GET /api/v1/me/reports',
  'GET /api/v1/me/preferences',
  'PATCH /api/v1/me/preferences',
  'POST /api/v1/reports/{id}/evidence',
  'GET /api/v1/pages',
  'GET /api/v1/me/progress',
  'GET /api/v1/tasks/{id}',
  'GET /api/v1/health',
  'GET /api/v1/push/key',
  'POST /api/v1/me/push-subscriptions',
  'DELETE /api/v1/me/push-subscriptions',
];

/** Reads any body as bytes, for the file downloads. */
const binary = (test: Test) =>
  test.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks)));
  });

describe('OpenAPI responses: what the API really answers matches the schemas its document declares', () => {
  let system: TestSystem;
  let document: OpenAPIObject;
  let validator: ResponseValidator;
  let admin: string;
  let unitId: string;
  let secretariat: Person;
  let collaborator: Person & { username: string };
  const checked = new Set<string>();

  /** Fails with the operation, the status and every mismatch when the response is not as documented. */
  function documented(operation: string, response: Response): Response {
    const body = Buffer.isBuffer(response.body) ? response.body : response.body;
    const { problems } = validator.check(operation, response.status, response.headers['content-type'] as string, body);
    expect({ operation, status: response.status, problems }).toEqual({ operation, status: response.status, problems: [] });
    checked.add(operation);
    return response;
  }

  beforeAll(async () => {
    document = await createApiDocument();
    validator = new ResponseValidator(document);
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    unitId = (await createUnit(system, 'Chi bộ Phường 1', seeded.rootUnitId, 'P1')).id;
    secretariat = await person(system, unitId, ['secretariat']);
    const user = await system.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ username: 'cong.tac.vien', password: PASSWORD, fullName: 'Trần Thị Cộng Tác', orgUnitId: unitId, roles: ['collaborator'] });
    documented('POST /api/v1/users', user);
    collaborator = { id: user.body.id, orgUnitId: unitId, username: 'cong.tac.vien', token: await login(system.http, 'cong.tac.vien') };
  });

  afterAll(async () => {
    await system?.close();
  });

  it('health, sign-in and renewal (JSON and web cookie), who I am, and the refusals', async () => {
    const health = documented('GET /api/v1/health', await system.http.get('/api/v1/health'));
    expect([200, 503]).toContain(health.status);
    const signedIn = documented(
      'POST /api/v1/auth/login',
      await system.http.post('/api/v1/auth/login').send({ username: collaborator.username, password: PASSWORD }),
    );
    expect(signedIn.status).toBe(200);
    const renewed = documented(
      'POST /api/v1/auth/refresh',
      await system.http.post('/api/v1/auth/refresh').send({ refreshToken: signedIn.body.refreshToken }),
    );
    expect(renewed.status).toBe(200);
    documented('POST /api/v1/auth/refresh', await system.http.post('/api/v1/auth/refresh').send({ refreshToken: 'nope' }));
    documented('POST /api/v1/auth/login', await system.http.post('/api/v1/auth/login').send({ username: collaborator.username, password: 'wrong-password' }));
    documented('POST /api/v1/auth/login', await system.http.post('/api/v1/auth/login').send({ username: 3 }));

    const web = documented(
      'POST /api/v1/auth/web/sign-in',
      await system.http.post('/api/v1/auth/web/sign-in').send({ username: collaborator.username, password: PASSWORD }),
    );
    expect(web.status).toBe(200);
    const cookie = (web.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const webRenewed = documented(
      'POST /api/v1/auth/web/refresh',
      await system.http.post('/api/v1/auth/web/refresh').set('cookie', cookie).set('x-requested-with', 'lan-toa'),
    );
    expect(webRenewed.status).toBe(200);
    documented('POST /api/v1/auth/web/refresh', await system.http.post('/api/v1/auth/web/refresh').set('x-requested-with', 'lan-toa'));
    const signedOut = documented(
      'POST /api/v1/auth/web/sign-out',
      await system.http.post('/api/v1/auth/web/sign-out').set('x-requested-with', 'lan-toa'),
    );
    expect(signedOut.status).toBe(204);

    const me = documented('GET /api/v1/me', await system.http.get('/api/v1/me').set(bearer(collaborator.token)));
    expect(me.status).toBe(200);
    expect(documented('GET /api/v1/me', await system.http.get('/api/v1/me')).status).toBe(401);
    expect(documented('GET /api/v1/audit', await system.http.get('/api/v1/audit').set(bearer(collaborator.token))).status).toBe(403);
    expect(documented('GET /api/v1/audit', await system.http.get('/api/v1/audit').set(bearer(admin))).status).toBe(200);
  });

  it('a task handed to me: the task, my assignments, marking it done, and my progress against the target', async () => {
    const created = documented(
      'POST /api/v1/tasks',
      await system.http
        .post('/api/v1/tasks')
        .set(bearer(secretariat.token))
        .send({
          title: 'Chia sẻ bài viết về Nghị quyết',
          kind: 'share',
          instructions: 'Chia sẻ lên trang cá nhân',
          targetUrl: 'https://www.baochinhphu.vn/bai-1.htm',
          dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          assignees: { userIds: [collaborator.id] },
        }),
    );
    expect(created.status).toBe(201);
    const job = await eventually(
      async () => documented('GET /api/v1/jobs/{id}', await system.http.get(`/api/v1/jobs/${created.body.fanOutJobId}`).set(bearer(secretariat.token))),
      (response) => response.body.status === 'done',
    );
    expect(job.body.status).toBe('done');
    expect(documented('GET /api/v1/tasks/{id}', await system.http.get(`/api/v1/tasks/${created.body.id}`).set(bearer(collaborator.token))).status).toBe(200);
    expect(documented('GET /api/v1/tasks/{id}', await system.http.get('/api/v1/tasks/999999999').set(bearer(collaborator.token))).status).toBe(404);
    documented('GET /api/v1/tasks', await system.http.get('/api/v1/tasks').set(bearer(collaborator.token)));

    const mine = documented('GET /api/v1/me/assignments', await system.http.get('/api/v1/me/assignments').set(bearer(collaborator.token)));
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].task.title).toBe('Chia sẻ bài viết về Nghị quyết');
    const assignmentId = mine.body.items[0].id as string;
    const done = documented(
      'PATCH /api/v1/assignments/{id}',
      await system.http.patch(`/api/v1/assignments/${assignmentId}`).set(bearer(collaborator.token)).send({ status: 'done' }),
    );
    expect(done.status).toBe(200);
    documented(
      'PATCH /api/v1/assignments/{id}',
      await system.http.patch(`/api/v1/assignments/${assignmentId}`).set(bearer(collaborator.token)).send({ status: 'later' }),
    );
    documented('GET /api/v1/assignments', await system.http.get('/api/v1/assignments').set(bearer(secretariat.token)));
    documented('POST /api/v1/tasks/{id}/close', await system.http.post(`/api/v1/tasks/${created.body.id}/close`).set(bearer(secretariat.token)));

    const year = new Date().getFullYear();
    const none = documented('GET /api/v1/me/progress', await system.http.get('/api/v1/me/progress').query({ year }).set(bearer(collaborator.token)));
    expect(none.body.perMember).toBeNull();
    documented(
      'PUT /api/v1/targets/{year}',
      await system.http.put(`/api/v1/targets/${year}`).set(bearer(secretariat.token)).send({ orgUnitId: unitId, perMember: 100, actionTypes: ['share'] }),
    );
    const progress = documented('GET /api/v1/me/progress', await system.http.get('/api/v1/me/progress').query({ year }).set(bearer(collaborator.token)));
    expect(progress.body.perMember).toBe(100);
    documented('GET /api/v1/targets', await system.http.get('/api/v1/targets').set(bearer(secretariat.token)));
  });

  it('logging shares one by one and as an offline batch, and reading them back', async () => {
    const share = { type: 'share', url: 'https://www.facebook.com/groups/123/posts/456', reach: 12, occurredAt: new Date().toISOString() };
    const post = (body: unknown, key?: string) => {
      const request = system.http.post('/api/v1/actions').set(bearer(collaborator.token));
      return (key ? request.set('Idempotency-Key', key) : request).send(body as object);
    };
    expect(documented('POST /api/v1/actions', await post(share, 'share-1')).status).toBe(201);
    expect(documented('POST /api/v1/actions', await post(share, 'share-1')).status).toBe(200);
    expect(documented('POST /api/v1/actions', await post({ ...share, reach: 13 }, 'share-1')).status).toBe(422);
    expect(documented('POST /api/v1/actions', await post({ ...share, type: 'hug' })).status).toBe(400);
    const batch = documented(
      'POST /api/v1/actions/batch',
      await system.http
        .post('/api/v1/actions/batch')
        .set(bearer(collaborator.token))
        .send({ items: [{ clientId: 'offline-1', ...share, url: 'https://zalo.me/g/abc' }, { clientId: 'offline-2', type: 'share' }] }),
    );
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400]);
    const list = documented('GET /api/v1/actions', await system.http.get('/api/v1/actions').set(bearer(collaborator.token)));
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('reporting a harmful page with evidence, its page case, the review and the downloads', async () => {
    const filed = documented(
      'POST /api/v1/reports',
      await system.http
        .post('/api/v1/reports')
        .set(bearer(collaborator.token))
        .set('Idempotency-Key', 'report-1')
        .send({ url: 'https://www.facebook.com/trang.xau.1', category: 'false_information', description: 'Tin sai sự thật' }),
    );
    expect(filed.status).toBe(201);
    const reportId = filed.body.id as string;
    const evidence = documented(
      'POST /api/v1/reports/{id}/evidence',
      await system.http
        .post(`/api/v1/reports/${reportId}/evidence`)
        .set(bearer(collaborator.token))
        .attach('file', minimalPng(3, 2, 1), { filename: 'anh.png', contentType: 'image/png' }),
    );
    expect(evidence.status).toBe(201);
    documented(
      'POST /api/v1/reports/{id}/evidence',
      await system.http
        .post(`/api/v1/reports/${reportId}/evidence`)
        .set(bearer(collaborator.token))
        .attach('file', Buffer.from('just text'), { filename: 'a.txt', contentType: 'text/plain' }),
    );
    const download = documented(
      'GET /api/v1/reports/{id}/evidence/{evidenceId}',
      await binary(system.http.get(`/api/v1/reports/${reportId}/evidence/${evidence.body.id}`).set(bearer(collaborator.token))),
    );
    expect(download.headers['content-type']).toBe('image/png');
    const cases = await linkedCases(system, [reportId]);
    const detail = documented('GET /api/v1/reports/{id}', await system.http.get(`/api/v1/reports/${reportId}`).set(bearer(collaborator.token)));
    expect(detail.body.pageCaseId).toBe(cases[reportId]);
    documented('GET /api/v1/reports', await system.http.get('/api/v1/reports').set(bearer(collaborator.token)));
    documented('GET /api/v1/me/preferences', await system.http.get('/api/v1/me/preferences').set(bearer(collaborator.token)));
    const chosen = documented(
      'PATCH /api/v1/me/preferences',
      await system.http.patch('/api/v1/me/preferences').set(bearer(collaborator.token)).send({ language: 'en' }),
    );
    expect(chosen.body).toEqual({ language: 'en' });
    documented('PATCH /api/v1/me/preferences', await system.http.patch('/api/v1/me/preferences').set(bearer(collaborator.token)).send({ language: 'fr' }));
    const mine = documented('GET /api/v1/me/reports', await system.http.get('/api/v1/me/reports').set(bearer(collaborator.token)));
    expect(mine.body.items).toContainEqual(expect.objectContaining({ id: reportId, pageCaseId: cases[reportId], pageCaseStatus: 'new' }));
    const pages = documented('GET /api/v1/pages', await system.http.get('/api/v1/pages').set(bearer(collaborator.token)));
    expect(pages.body.items.map((p: { id: string }) => p.id)).toContain(cases[reportId]);
    const caseId = cases[reportId];
    documented('GET /api/v1/pages/{id}', await system.http.get(`/api/v1/pages/${caseId}`).set(bearer(collaborator.token)));
    for (const status of ['verified', 'removal_requested']) {
      const changed = documented(
        'PATCH /api/v1/pages/{id}',
        await system.http.patch(`/api/v1/pages/${caseId}`).set(bearer(secretariat.token)).send({ status }),
      );
      expect(changed.status).toBe(200);
    }
    expect(
      documented('PATCH /api/v1/pages/{id}', await system.http.patch(`/api/v1/pages/${caseId}`).set(bearer(secretariat.token)).send({ status: 'new' })).status,
    ).toBe(409);
    documented('GET /api/v1/pages/{id}/history', await system.http.get(`/api/v1/pages/${caseId}/history`).set(bearer(collaborator.token)));
  });

  it('the secretariat’s records and the figures', async () => {
    const year = new Date().getFullYear();
    const as = (token: string) => bearer(token);
    documented('GET /api/v1/org-units', await system.http.get('/api/v1/org-units').set(as(secretariat.token)));
    documented('GET /api/v1/org-units/{id}', await system.http.get(`/api/v1/org-units/${unitId}`).set(as(secretariat.token)));
    documented('GET /api/v1/users', await system.http.get('/api/v1/users').set(as(secretariat.token)));
    documented('GET /api/v1/users/{id}', await system.http.get(`/api/v1/users/${collaborator.id}`).set(as(secretariat.token)));
    const team = documented(
      'POST /api/v1/teams',
      await system.http.post('/api/v1/teams').set(as(secretariat.token)).send({ name: 'Tổ 1', orgUnitId: unitId }),
    );
    documented(
      'POST /api/v1/teams/{id}/members',
      await system.http.post(`/api/v1/teams/${team.body.id}/members`).set(as(secretariat.token)).send({ userIds: [collaborator.id] }),
    );
    documented('GET /api/v1/teams', await system.http.get('/api/v1/teams').set(as(secretariat.token)));
    const content = documented(
      'POST /api/v1/contents',
      await system.http
        .post('/api/v1/contents')
        .set(as(secretariat.token))
        .send({ kind: 'website_post', title: 'Bài viết', url: 'https://example.vn/bai-2', publishedAt: new Date().toISOString() }),
    );
    expect(content.status).toBe(201);
    documented('GET /api/v1/contents', await system.http.get('/api/v1/contents').set(as(collaborator.token)));
    documented('GET /api/v1/contents/{id}', await system.http.get(`/api/v1/contents/${content.body.id}`).set(as(collaborator.token)));
    documented(
      'POST /api/v1/directives',
      await system.http.post('/api/v1/directives').set(as(secretariat.token)).send({ title: 'Hướng dẫn', issuedOn: `${year}-01-15` }),
    );
    documented('GET /api/v1/directives', await system.http.get('/api/v1/directives').set(as(secretariat.token)));
    const survey = documented(
      'POST /api/v1/surveys',
      await system.http
        .post('/api/v1/surveys')
        .set(as(secretariat.token))
        .send({
          title: 'Khảo sát',
          startsOn: `${year}-01-10`,
          orgUnitIds: [unitId],
          questions: [{ text: 'Mức độ?', kind: 'choice', options: ['Tốt', 'Chưa tốt'] }, { text: 'Góp ý', kind: 'text' }],
        }),
    );
    expect(survey.status).toBe(201);
    documented(
      'POST /api/v1/surveys/{id}/questionnaires',
      await system.http
        .post(`/api/v1/surveys/${survey.body.id}/questionnaires`)
        .set(as(collaborator.token))
        .send({ orgUnitId: unitId, answers: { q1: 0, q2: 'Tốt' } }),
    );
    documented('GET /api/v1/surveys/{id}/results', await system.http.get(`/api/v1/surveys/${survey.body.id}/results`).set(as(secretariat.token)));
    documented('GET /api/v1/questionnaires', await system.http.get('/api/v1/questionnaires').set(as(secretariat.token)));
    documented('GET /api/v1/questionnaires/units', await system.http.get('/api/v1/questionnaires/units').set(as(secretariat.token)));
    documented('GET /api/v1/stats/yearly', await system.http.get('/api/v1/stats/yearly').query({ year, groupBy: 'month' }).set(as(secretariat.token)));
    documented('GET /api/v1/stats/yearly', await system.http.get('/api/v1/stats/yearly').query({ year, groupBy: 'unit' }).set(as(admin)));
    documented('GET /api/v1/stats/leaderboard', await system.http.get('/api/v1/stats/leaderboard').query({ year }).set(as(secretariat.token)));
    documented(
      'GET /api/v1/stats/templates/yearly-summary',
      await system.http.get('/api/v1/stats/templates/yearly-summary').set(as(secretariat.token)),
    );
    documented(
      'GET /api/v1/stats/yearly/export',
      await binary(system.http.get('/api/v1/stats/yearly/export').query({ year, format: 'xlsx' }).set(as(secretariat.token))),
    );
  });

  it('Web Push: the key and my subscriptions', async () => {
    documented('GET /api/v1/push/key', await system.http.get('/api/v1/push/key').set(bearer(collaborator.token)));
    const subscription = {
      endpoint: 'https://fcm.googleapis.com/fcm/send/openapi-responses',
      keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' },
    };
    const saved = documented('POST /api/v1/me/push-subscriptions', await system.http.post('/api/v1/me/push-subscriptions').set(bearer(collaborator.token)).send(subscription));
    expect(saved.status).toBe(201);
    expect(documented('POST /api/v1/me/push-subscriptions', await system.http.post('/api/v1/me/push-subscriptions').set(bearer(collaborator.token)).send(subscription)).status).toBe(200);
    documented('POST /api/v1/me/push-subscriptions', await system.http.post('/api/v1/me/push-subscriptions').set(bearer(collaborator.token)).send({ endpoint: 'http://push.example.vn/1' }));
    const removed = documented('DELETE /api/v1/me/push-subscriptions', await system.http.delete('/api/v1/me/push-subscriptions').set(bearer(collaborator.token)).send({ endpoint: subscription.endpoint }));
    expect(removed.status).toBe(204);
  });

  it('checked every operation the collaborator’s app uses', () => {
    expect(APP_OPERATIONS.filter((operation) => !checked.has(operation))).toEqual([]);
    const all = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(checked.size).toBeGreaterThanOrEqual(Math.min(all.length, 50));
  });
});

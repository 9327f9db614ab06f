import { JobProducer } from '@app/queue-contracts';
import {
  bearer,
  countRows,
  createUnit,
  createUser,
  eventually,
  login,
  seedAdmin,
  snapshotCounts,
  startTestSystem,
  TestSystem,
} from '../support';

const HEADER = 'username,fullName,orgUnitCode,roles,password';
const csvOf = (...rows: string[]) => [HEADER, ...rows].join('\n');
/** The cells a refused row echoes back, besides its username (never its password). */
const cells = (fullName: string, orgUnitCode = 'CB1', roles = 'collaborator') => ({ fullName, orgUnitCode, roles });

interface ImportResult {
  created: number;
  unchanged: number;
  failed: number;
  errors: { row: number; field: string; message: string; username?: string; fullName: string; orgUnitCode: string; roles: string }[];
}

describe('user import (POST /users/import, GET /jobs/:id)', () => {
  let system: TestSystem;
  let admin: { token: string; rootUnitId: string; id: string };
  let cb1: { id: string };
  let cb2: { id: string };
  let secretariat: { id: string; token: string };

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    const me = await system.http.get('/api/v1/me').set(bearer(seeded.token));
    admin = { ...seeded, id: me.body.id };
    cb1 = await createUnit(system, 'Chi bộ Một', admin.rootUnitId, 'CB1');
    await createUnit(system, 'Tổ Một A', cb1.id, 'CB1A');
    cb2 = await createUnit(system, 'Chi bộ Hai', admin.rootUnitId, 'CB2');
    const user = await createUser(system, cb1.id, ['secretariat'], 'thuky.cb1');
    secretariat = { id: user.id, token: await login(system.http, user.username) };
  });
  afterAll(() => system.close());

  const upload = (token: string, csv: string | Buffer, requestId?: string) => {
    const request = system.http.post('/api/v1/users/import').set(bearer(token));
    if (requestId) request.set('x-request-id', requestId);
    return request.attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), 'users.csv');
  };

  async function finished(token: string, jobId: string) {
    const response = await eventually(
      () => system.http.get(`/api/v1/jobs/${jobId}`).set(bearer(token)),
      (r) => r.status !== 200 || ['done', 'failed'].includes(r.body.status),
      30_000,
    );
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('done');
    return response.body as { status: string; progress: { done: number; total: number }; result: ImportResult };
  }

  async function importAndWait(token: string, csv: string, requestId?: string) {
    const accepted = await upload(token, csv, requestId);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    return { jobId: accepted.body.jobId as string, job: await finished(token, accepted.body.jobId) };
  }

  const usersNamed = async (prefix: string) =>
    (await system.db.query(
      `SELECT u.username, u.full_name AS "fullName", o.code AS unit, u.roles
         FROM users u JOIN org_units o ON o.id = u.org_unit_id
        WHERE u.username LIKE $1 ORDER BY u.username`,
      [`${prefix}%`],
    )) as { username: string; fullName: string; unit: string; roles: string[] }[];

  const mixedFile = csvOf(
    'imp.an,Nguyễn Văn An,CB1,collaborator,password-1',
    'imp.bad1,Người Lạ,NOPE,collaborator,password-1',
    'bad user!,Tên Sai,CB1,collaborator,password-1',
    'imp.short,Mật Khẩu Ngắn,CB1,collaborator,short',
    'imp.role,Vai Lạ,CB1,boss,password-1',
    'taken.user,Người Khác,CB1,collaborator,password-1',
    'imp.hoa,"Lê Thị Hoa, Bí thư",CB1A,"collaborator,leader",password-2',
    `imp.tuan,${'Pha\u0323m Tua\u0302\u0301n'},cb2,secretariat,password-3`,
  );

  describe('as admin', () => {
    let jobId: string;

    beforeAll(async () => {
      await createUser(system, cb2.id, ['collaborator'], 'taken.user');
    });

    it('keeps good rows and reports each bad row with its line (header is row 1) and field', async () => {
      const before = await countRows(system, 'users');
      const { jobId: id, job } = await importAndWait(admin.token, mixedFile, 'req-import-1');
      jobId = id;
      expect(job.progress).toEqual({ done: 8, total: 8 });
      expect(job.result).toEqual({
        created: 3,
        unchanged: 0,
        failed: 5,
        errors: [
          // Each refused row carries its own cells (never the password), to be downloaded, fixed and imported again.
          { row: 3, username: 'imp.bad1', ...cells('Người Lạ', 'NOPE'), field: 'orgUnitCode', message: expect.stringContaining('NOPE') },
          { row: 4, username: 'bad user!', ...cells('Tên Sai'), field: 'username', message: expect.any(String) },
          { row: 5, username: 'imp.short', ...cells('Mật Khẩu Ngắn'), field: 'password', message: expect.any(String) },
          { row: 6, username: 'imp.role', ...cells('Vai Lạ', 'CB1', 'boss'), field: 'roles', message: expect.any(String) },
          { row: 7, username: 'taken.user', ...cells('Người Khác'), field: 'username', message: expect.stringContaining('taken.user') },
        ],
      });
      expect(JSON.stringify(job.result)).not.toMatch(/password-\d|short,/);
      expect(await countRows(system, 'users')).toBe(before + 3);
      expect(await usersNamed('imp.')).toEqual([
        { username: 'imp.an', fullName: 'Nguyễn Văn An', unit: 'CB1', roles: ['collaborator'] },
        { username: 'imp.hoa', fullName: 'Lê Thị Hoa, Bí thư', unit: 'CB1A', roles: ['collaborator', 'leader'] },
        { username: 'imp.tuan', fullName: 'Phạm Tuấn', unit: 'CB2', roles: ['secretariat'] },
      ]);
      // The existing user was left as it was.
      expect(await usersNamed('taken.user')).toEqual([
        { username: 'taken.user', fullName: 'Người dùng taken.user', unit: 'CB2', roles: ['collaborator'] },
      ]);
      // Imported people can sign in with the password from the file.
      expect(await login(system.http, 'imp.hoa', 'password-2')).toEqual(expect.any(String));
    });

    it('never shows the payload, and wipes it from the jobs table once done', async () => {
      const response = await system.http.get(`/api/v1/jobs/${jobId}`).set(bearer(admin.token));
      expect(response.status).toBe(200);
      expect(response.body).not.toHaveProperty('payload');
      expect(JSON.stringify(response.body)).not.toMatch(/password-1|password-2|csv/);
      const [row] = (await system.db.query(`SELECT payload, status FROM jobs WHERE id = $1`, [jobId])) as {
        payload: unknown;
        status: string;
      }[];
      expect(row).toEqual({ payload: {}, status: 'done' });
    });

    it('audits the request and every created user with the request id', async () => {
      const [request] = (await system.db.query(
        `SELECT actor_id::text AS "actorId", entity_type AS "entityType", after FROM audit_log
          WHERE action = 'user.import.request' AND entity_id = $1`,
        [jobId],
      )) as { actorId: string; entityType: string; after: Record<string, unknown> }[];
      // The upload is stored in NFC, so its byte count is that of the normalised text.
      const bytes = Buffer.byteLength(mixedFile.normalize('NFC'));
      expect(bytes).toBeLessThan(Buffer.byteLength(mixedFile));
      expect(request).toEqual({ actorId: admin.id, entityType: 'job', after: { bytes, rows: 8 } });
      const created = (await system.db.query(
        `SELECT after->>'username' AS username, actor_id::text AS "actorId" FROM audit_log
          WHERE action = 'user.create' AND request_id = 'req-import-1' ORDER BY 1`,
      )) as { username: string; actorId: string }[];
      expect(created).toEqual([
        { username: 'imp.an', actorId: admin.id },
        { username: 'imp.hoa', actorId: admin.id },
        { username: 'imp.tuan', actorId: admin.id },
      ]);
    });

    it('creates nobody when the same file is imported again', async () => {
      const before = await countRows(system, 'users');
      const { job } = await importAndWait(admin.token, mixedFile);
      expect(job.result).toMatchObject({ created: 0, unchanged: 3, failed: 5 });
      expect(job.result.errors.map((e) => [e.row, e.field])).toEqual([
        [3, 'orgUnitCode'],
        [4, 'username'],
        [5, 'password'],
        [6, 'roles'],
        [7, 'username'],
      ]);
      expect(await countRows(system, 'users')).toBe(before);
    });

    it('counts blank lines and multi-line cells like a spreadsheet does when naming rows', async () => {
      const csv = [
        HEADER,
        '',
        'blank.a,"Hai\nDòng",CB1,collaborator,password-1',
        '',
        'blank.b,Sai Mật Khẩu,CB1,collaborator,short',
        '',
      ].join('\r\n');
      const { job } = await importAndWait(admin.token, csv);
      expect(job.progress).toEqual({ done: 2, total: 2 });
      expect(job.result).toEqual({
        created: 1,
        unchanged: 0,
        failed: 1,
        errors: [{ row: 5, username: 'blank.b', ...cells('Sai Mật Khẩu'), field: 'password', message: expect.any(String) }],
      });
    });

    it('reports a changed row for an existing user instead of overwriting it', async () => {
      const { job } = await importAndWait(admin.token, csvOf('imp.an,Nguyễn Văn An,CB2,collaborator,password-1'));
      expect(job.result).toEqual({
        created: 0,
        unchanged: 0,
        failed: 1,
        errors: [{ row: 2, username: 'imp.an', ...cells('Nguyễn Văn An', 'CB2'), field: 'username', message: expect.any(String) }],
      });
      expect((await usersNamed('imp.an'))[0].unit).toBe('CB1');
    });

    it('shows a job to its creator and admins only; others get 404', async () => {
      const { jobId: ownJob } = await importAndWait(secretariat.token, csvOf('sec.only,Chỉ Một,CB1,collaborator,password-1'));
      expect((await system.http.get(`/api/v1/jobs/${ownJob}`).set(bearer(secretariat.token))).status).toBe(200);
      expect((await system.http.get(`/api/v1/jobs/${ownJob}`).set(bearer(admin.token))).status).toBe(200);

      const otherSecretariat = await createUser(system, cb1.id, ['secretariat']);
      const leader = await createUser(system, admin.rootUnitId, ['leader']);
      const collaborator = await createUser(system, cb1.id, ['collaborator']);
      for (const user of [otherSecretariat, leader, collaborator]) {
        const token = await login(system.http, user.username);
        const foreign = await system.http.get(`/api/v1/jobs/${ownJob}`).set(bearer(token));
        const adminJob = await system.http.get(`/api/v1/jobs/${jobId}`).set(bearer(token));
        const unknown = await system.http.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').set(bearer(token));
        expect([foreign.status, adminJob.status, unknown.status]).toEqual([404, 404, 404]);
        expect(foreign.body).toEqual(unknown.body);
      }
      expect((await system.http.get('/api/v1/jobs/not-a-uuid').set(bearer(admin.token))).status).toBe(404);
    });
  });

  describe('as a secretariat', () => {
    it('fails rows granting secretariat or naming a unit outside the subtree; keeps the rest', async () => {
      const { job } = await importAndWait(
        secretariat.token,
        csvOf(
          'sec.a,Cộng Tác A,CB1,collaborator,password-1',
          'sec.b,Thư Ký B,CB1,secretariat,password-1',
          'sec.c,Ngoài C,CB2,collaborator,password-1',
          'sec.d,Cộng Tác D,CB1A,collaborator,password-1',
          'sec.e,Lãnh Đạo E,CB1,"collaborator,leader",password-1',
          'sec.f,Gốc F,ROOT,collaborator,password-1',
        ),
      );
      expect(job.result).toEqual({
        created: 2,
        unchanged: 0,
        failed: 4,
        errors: [
          { row: 3, username: 'sec.b', ...cells('Thư Ký B', 'CB1', 'secretariat'), field: 'roles', message: expect.stringContaining('secretariat') },
          { row: 4, username: 'sec.c', ...cells('Ngoài C', 'CB2'), field: 'orgUnitCode', message: expect.any(String) },
          { row: 6, username: 'sec.e', ...cells('Lãnh Đạo E', 'CB1', 'collaborator,leader'), field: 'roles', message: expect.stringContaining('leader') },
          { row: 7, username: 'sec.f', ...cells('Gốc F', 'ROOT'), field: 'orgUnitCode', message: expect.any(String) },
        ],
      });
      expect((await usersNamed('sec.')).map((u) => u.username)).toEqual(['sec.a', 'sec.d', 'sec.only']);
    });
  });

  describe('refused uploads write nothing', () => {
    it('answers a bad header with 400 naming file, and records no job', async () => {
      const before = await snapshotCounts(system);
      const response = await upload(admin.token, 'user,name,unit\nx,y,z');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, field: 'file', message: expect.stringContaining('file') });
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('answers broken CSV with 400 naming file', async () => {
      const before = await snapshotCounts(system);
      const response = await upload(admin.token, csvOf('x,"unclosed,CB1,collaborator,password-1'));
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('file');
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('answers a request that is not multipart with 400', async () => {
      const before = await snapshotCounts(system);
      const json = await system.http
        .post('/api/v1/users/import')
        .set(bearer(admin.token))
        .send({ file: csvOf('json.user,Json,CB1,collaborator,password-1') });
      expect(json.status).toBe(400);
      expect(json.body.message).toMatch(/multipart/);
      const raw = await system.http
        .post('/api/v1/users/import')
        .set(bearer(admin.token))
        .set('content-type', 'text/csv')
        .send(csvOf('raw.user,Raw,CB1,collaborator,password-1'));
      expect(raw.status).toBeGreaterThanOrEqual(400);
      expect(raw.status).toBeLessThan(500);
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('answers a multipart field not named file with 400', async () => {
      const before = await snapshotCounts(system);
      const response = await system.http
        .post('/api/v1/users/import')
        .set(bearer(admin.token))
        .attach('upload', Buffer.from(csvOf('f.user,F,CB1,collaborator,password-1')), 'users.csv');
      expect(response.status).toBe(400);
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('answers a file that is not UTF-8 text with 400', async () => {
      const before = await snapshotCounts(system);
      const latin1 = Buffer.from(csvOf('l.user,Tr\u00e2n,CB1,collaborator,password-1'), 'latin1');
      expect((await upload(admin.token, latin1)).status).toBe(400);
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('answers a file over 5 MB with 413 and records nothing', async () => {
      const before = await snapshotCounts(system);
      const row = 'big.user,Người Dùng Rất Dài,CB1,collaborator,password-1\n';
      const big = Buffer.from(HEADER + '\n' + row.repeat(Math.ceil((5 * 1024 * 1024 + 1) / row.length)));
      expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
      const response = await upload(admin.token, big);
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413 });
      expect(await snapshotCounts(system)).toEqual(before);
    });

    it('accepts a file between the 1 MB JSON body limit and the 5 MB upload limit', async () => {
      // Rows fail fast (unknown unit), so the job is quick; what matters is that the upload is taken.
      const row = (i: number) => `big${i},${'Tên rất dài '.repeat(20)},NOPE,collaborator,password-1`;
      const csv = csvOf(...Array.from({ length: 6000 }, (_, i) => row(i)));
      expect(Buffer.byteLength(csv)).toBeGreaterThan(1.5 * 1024 * 1024);
      const accepted = await upload(admin.token, csv);
      expect(accepted.status).toBe(202);
      const job = await finished(admin.token, accepted.body.jobId);
      expect(job.result).toMatchObject({ created: 0, unchanged: 0, failed: 6000 });
      expect(job.progress).toEqual({ done: 6000, total: 6000 });
    });

    it('refuses collaborators and leaders', async () => {
      const leader = await createUser(system, cb1.id, ['leader']);
      const collaborator = await createUser(system, cb1.id, ['collaborator']);
      const tokens = [await login(system.http, leader.username), await login(system.http, collaborator.username)];
      const before = await snapshotCounts(system);
      for (const token of tokens) {
        expect((await upload(token, csvOf('l.x,L,CB1,collaborator,password-1'))).status).toBe(403);
      }
      expect(await snapshotCounts(system)).toEqual(before);
    });
  });

  describe('a job Redis never got', () => {
    it('is run by the sweeper', async () => {
      const producer = system.app.get(JobProducer);
      const csv = csvOf('swept.user,Quét Lại,CB1,collaborator,password-1');
      // Recorded and committed, but never handed to BullMQ: as if Redis was away at dispatch.
      const job = await system.db.transaction((m) => producer.record(m, 'users.import', { csv }, admin.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [waiting] = (await system.db.query(`SELECT status FROM jobs WHERE id = $1`, [job.id])) as { status: string }[];
      expect(waiting.status).toBe('queued');

      expect(await system.runner!.sweep(0)).toBeGreaterThanOrEqual(1);
      const done = await finished(admin.token, job.id);
      expect(done.result).toEqual({ created: 1, unchanged: 0, failed: 0, errors: [] });
      expect(await usersNamed('swept.user')).toHaveLength(1);

      // Sweeping again does not run it twice.
      await system.runner!.sweep(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [row] = (await system.db.query(`SELECT attempts, status FROM jobs WHERE id = $1`, [job.id])) as {
        attempts: number;
        status: string;
      }[];
      expect(row).toEqual({ attempts: 1, status: 'done' });
    });
  });
});

import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { FIGURE_NAMES } from '@app/contracts';
import { Response, Test } from 'supertest';
import { EXPORT_SYNC_MAX_MEMBERS, FIGURE_LABELS, StatsExportsService } from '@app/reporting';
import { StatsExpireExportsProcessor } from '../../apps/worker/src/processors/stats-expire-exports.processor';
import { StatsExportProcessor } from '../../apps/worker/src/processors/stats-export.processor';
import { bearer, countRows, createUnit, eventually, seedAdmin, startTestSystem, TestSystem } from '../support';
import { Person, person } from '../support/takedowns';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * GET /stats/yearly/export over a small organisation whose figures are known by
 * construction:
 *
 *   root ── U "Đảng ủy Khối Cơ quan tỉnh" (secretariat, leader)
 *            ├─ C1 "Chi bộ Sở Thông tin" (an: 1.000 shares, reach 12 each; 2 shares in 2022)
 *            └─ C2 "Chi bộ Báo tỉnh"     (binh: 64 posts, reach 350 in all; cuong: 3 comments)
 *        └─ O "Đơn vị khác" (its own leader)
 *
 * 2023 in U: 1 website post with 2.490 interactions, 1.064 shares with 12.350 reach,
 * 3 interactions, 1 directive, 5 members; target 100 shares/posts per member: 1 meets it.
 */
describe('yearly exports: xlsx, docx, the summary template, the job path, scope', () => {
  let system: TestSystem;
  let adminToken: string;
  let unit: string;
  let c1: string;
  let c2: string;
  let other: string;
  let secretariat: Person;
  /** The secretariat of the top unit: the one that words the organisation's summary. */
  let topSecretariat: Person;
  let leader: Person;
  let an: Person;
  let binh: Person;
  let cuong: Person;
  let otherLeader: Person;
  let rootUnit: string;
  /** GET /stats/yearly for U in 2023 once fresh: the export must say the same. */
  let figures: Record<string, number> & { previousYear: Record<string, number> };

  const UNIT_NAME = 'Đảng ủy Khối Cơ quan tỉnh';

  beforeAll(async () => {
    system = await startTestSystem({ figures: true });
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    rootUnit = admin.rootUnitId;
    unit = (await createUnit(system, UNIT_NAME, admin.rootUnitId)).id;
    c1 = (await createUnit(system, 'Chi bộ Sở Thông tin', unit)).id;
    c2 = (await createUnit(system, 'Chi bộ Báo tỉnh', unit)).id;
    other = (await createUnit(system, 'Đơn vị khác', admin.rootUnitId)).id;
    secretariat = await person(system, unit, ['secretariat']);
    topSecretariat = await person(system, admin.rootUnitId, ['secretariat']);
    leader = await person(system, unit, ['leader']);
    an = await person(system, c1, ['collaborator']);
    binh = await person(system, c2, ['collaborator']);
    cuong = await person(system, c2, ['collaborator']);
    otherLeader = await person(system, other, ['leader']);

    const send = async (who: Person, path: string, body: object, status: number) => {
      const response = await system.http.post(`/api/v1${path}`).set(bearer(who.token)).send(body);
      if (response.status !== status) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response;
    };
    const batch = async (who: Person, items: object[]) => {
      for (let i = 0; i < items.length; i += 500) {
        const response = await send(who, '/actions/batch', { items: items.slice(i, i + 500) }, 200);
        const statuses = (response.body.results as { status: number }[]).map((r) => r.status);
        if (statuses.some((status) => status !== 201)) throw new Error(`batch: ${JSON.stringify(response.body.results.slice(0, 3))}`);
      }
    };
    const at = (i: number) => new Date(Date.UTC(2023, 0, 10, 2, 0, i)).toISOString();

    await send(secretariat, '/contents', {
      kind: 'website_post',
      title: 'Tin trên trang thông tin điện tử',
      url: 'https://dangbo.example.vn/tin-2023',
      publishedAt: '2023-05-01T08:00:00+07:00',
      interactions: 2490,
    }, 201);
    await send(secretariat, '/directives', { title: 'Hướng dẫn lan tỏa thông tin tích cực', issuedOn: '2023-02-01' }, 201);
    await batch(
      an,
      Array.from({ length: 1000 }, (_, i) => ({
        clientId: `an-${i}`,
        type: 'share',
        url: `https://facebook.com/bai/${i}`,
        reach: 12,
        occurredAt: at(i),
      })),
    );
    await batch(
      an,
      [0, 1].map((i) => ({ clientId: `an-2022-${i}`, type: 'share', url: `https://facebook.com/cu/${i}`, reach: 5, occurredAt: `2022-06-0${i + 1}T09:00:00+07:00` })),
    );
    await batch(
      binh,
      Array.from({ length: 64 }, (_, i) => ({
        clientId: `binh-${i}`,
        type: 'post',
        url: `https://zalo.me/bai/${i}`,
        reach: i === 0 ? 350 : 0,
        occurredAt: `2023-02-${String((i % 28) + 1).padStart(2, '0')}T10:00:00+07:00`,
      })),
    );
    await batch(
      cuong,
      [0, 1, 2].map((i) => ({ clientId: `cuong-${i}`, type: 'comment', platform: 'facebook', occurredAt: '2023-03-15T10:00:00+07:00' })),
    );
    const target = await system.http
      .put('/api/v1/targets/2023')
      .set(bearer(secretariat.token))
      .send({ orgUnitId: unit, perMember: 100, actionTypes: ['share', 'post'] });
    expect(target.status).toBe(200);

    // The figures worker runs inside the test system: wait until GET /stats/yearly shows every write.
    const seededAt = Date.now();
    const fresh = await eventually(
      () => system.http.get('/api/v1/stats/yearly').query({ year: 2023, orgUnitId: unit }).set(bearer(leader.token)),
      (r) => r.status === 200 && Date.parse(r.body.asOf) >= seededAt && r.body.shares === 1064 && r.body.members === 5,
      60_000,
    );
    figures = fresh.body;
    expect(fresh.body).toMatchObject({
      websitePosts: 1,
      websiteInteractions: 2490,
      shares: 1064,
      reach: 12350,
      interactions: 3,
      directives: 1,
      members: 5,
      target: { perMember: 100, membersMeeting: 1, membersTotal: 5 },
      previousYear: { shares: 2, reach: 10 },
    });
  }, 180_000);

  afterAll(() => system?.close());

  /** The body as bytes, whatever the content type (JSON errors included: see {@link json}). */
  const binary = (test: Test) =>
    test.buffer(true).parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  const exportAs = (who: Person | string, query: Record<string, unknown>) =>
    binary(system.http.get('/api/v1/stats/yearly/export').query(query).set(bearer(typeof who === 'string' ? who : who.token)));
  const json = (response: Response) => JSON.parse((response.body as Buffer).toString('utf8'));

  async function workbookOf(content: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
    return workbook;
  }
  const sheet = (workbook: ExcelJS.Workbook, name: string) => {
    const found = workbook.getWorksheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  };
  const rowWhere = (ws: ExcelJS.Worksheet, column: number, value: unknown): ExcelJS.Row => {
    for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(column).value === value) return ws.getRow(r);
    throw new Error(`no row with ${String(value)} in column ${column} of ${ws.name}`);
  };
  const columnOf = (ws: ExcelJS.Worksheet, label: string): number => {
    for (let c = 1; c <= ws.columnCount; c++) if (ws.getRow(1).getCell(c).value === label) return c;
    throw new Error(`no column ${label} in ${ws.name}`);
  };
  async function textOf(content: Buffer): Promise<string> {
    const xml = await (await JSZip.loadAsync(content)).file('word/document.xml')?.async('string');
    if (!xml) throw new Error('no word/document.xml');
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  }

  describe('xlsx', () => {
    let response: Response;
    let workbook: ExcelJS.Workbook;

    beforeAll(async () => {
      response = await exportAs(leader, { year: 2023, orgUnitId: unit, format: 'xlsx' });
      workbook = await workbookOf(response.body as Buffer);
    });

    it('answers 200 with an xlsx attachment named in ASCII', () => {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="lan-toa-2023-${unit}.xlsx"`);
      expect((response.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    });

    it('has the four sheets', () => {
      expect(workbook.worksheets.map((ws) => ws.name)).toEqual(['Số liệu', 'Theo đơn vị', 'Theo tháng', 'Tiến độ thành viên']);
    });

    it('gives the figures as real number cells with the exact values, last year beside them', () => {
      const ws = sheet(workbook, 'Số liệu');
      expect(ws.getRow(1).getCell(2).value).toBe(UNIT_NAME);
      const expected: [string, number, number][] = [
        ['websitePosts', 1, 0],
        ['websiteInteractions', 2490, 0],
        ['shares', 1064, 2],
        ['reach', 12350, 10],
        ['interactions', 3, 0],
        ['directives', 1, 0],
      ];
      for (const [figure, value, previous] of expected) {
        const row = rowWhere(ws, 5, figure);
        expect([figure, row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual([figure, value, previous, value - previous]);
        expect(row.getCell(2).numFmt).toBe('#,##0');
        expect(row.getCell(1).value).toBe(FIGURE_LABELS[figure as keyof typeof FIGURE_LABELS]);
      }
      for (const name of FIGURE_NAMES) {
        const row = rowWhere(ws, 5, name);
        expect([name, row.getCell(2).value, row.getCell(3).value]).toEqual([name, figures[name], figures.previousYear[name]]);
      }
      expect(rowWhere(ws, 5, 'members').getCell(2).value).toBe(5);
      expect(rowWhere(ws, 5, 'target.perMember').getCell(2).value).toBe(100);
      expect(rowWhere(ws, 5, 'target.membersMeeting').getCell(2).value).toBe(1);
    });

    it('breaks the figures down per unit: the unit itself, each child subtree, the total', () => {
      const ws = sheet(workbook, 'Theo đơn vị');
      const shares = columnOf(ws, FIGURE_LABELS.shares);
      const reach = columnOf(ws, FIGURE_LABELS.reach);
      const members = columnOf(ws, FIGURE_LABELS.members);
      const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2)).map((row) => [
        row.getCell(2).value,
        row.getCell(shares).value,
        row.getCell(reach).value,
        row.getCell(members).value,
      ]);
      expect(rows).toEqual([
        [unit, 0, 0, 2],
        [c2, 64, 350, 2],
        [c1, 1000, 12000, 1],
        [unit, 1064, 12350, 5],
      ]);
      expect(ws.getRow(2).getCell(1).value).toBe(`${UNIT_NAME} (riêng đơn vị)`);
      expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('Toàn đơn vị');
    });

    it('breaks the figures down per month', () => {
      const ws = sheet(workbook, 'Theo tháng');
      const shares = columnOf(ws, FIGURE_LABELS.shares);
      const byMonth = Object.fromEntries(
        Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2)).map((row) => [row.getCell(1).value, row.getCell(shares).value]),
      );
      expect(byMonth).toMatchObject({ '01/2023': 1000, '02/2023': 64, '03/2023': 0, '12/2023': 0, 'Cả năm 2023': 1064 });
      expect(Object.keys(byMonth)).toHaveLength(13);
    });

    it('lists every member of the subtree with their count against the target', async () => {
      const ws = sheet(workbook, 'Tiến độ thành viên');
      expect(ws.rowCount).toBe(1 + 5);
      const byUsername = Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => ws.getRow(i + 2)).map((row) => [
          row.getCell(2).value,
          [row.getCell(4).value, row.getCell(5).value, row.getCell(6).value, row.getCell(7).value],
        ]),
      );
      const name = async (who: Person) => ((await system.db.query(`SELECT username FROM users WHERE id = $1`, [who.id])) as { username: string }[])[0].username;
      expect(byUsername[await name(an)]).toEqual([100, 1000, 0, 'Đạt']);
      expect(byUsername[await name(binh)]).toEqual([100, 64, 36, 'Chưa đạt']);
      // Comments are not of the target's types.
      expect(byUsername[await name(cuong)]).toEqual([100, 0, 100, 'Chưa đạt']);
      expect(byUsername[await name(leader)]).toEqual([100, 0, 100, 'Chưa đạt']);
      expect(ws.getRow(2).getCell(5).numFmt).toBe('#,##0');
      expect(byUsername).not.toHaveProperty(await name(otherLeader));
    });

    it('defaults to the caller’s unit', async () => {
      const mine = await exportAs(leader, { year: 2023, format: 'xlsx' });
      expect(mine.status).toBe(200);
      expect(mine.headers['content-disposition']).toBe(`attachment; filename="lan-toa-2023-${unit}.xlsx"`);
      const child = await exportAs(secretariat, { year: 2023, orgUnitId: c2, format: 'xlsx' });
      expect(child.status).toBe(200);
      const figures = sheet(await workbookOf(child.body as Buffer), 'Số liệu');
      expect(rowWhere(figures, 5, 'shares').getCell(2).value).toBe(64);
      expect(rowWhere(figures, 5, 'reach').getCell(2).value).toBe(350);
    });
  });

  describe('docx and its template', () => {
    const docx = async (who: Person = leader, orgUnitId = unit) => {
      const response = await exportAs(who, { year: 2023, orgUnitId, format: 'docx' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(DOCX);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="lan-toa-2023-${orgUnitId}.docx"`);
      return textOf(response.body as Buffer);
    };
    const template = (who: Person) => system.http.get('/api/v1/stats/templates/yearly-summary').set(bearer(who.token));
    const putTemplate = (who: Person, body: object) =>
      system.http.put('/api/v1/stats/templates/yearly-summary').set(bearer(who.token)).send(body);

    it('writes the year-end summary in Vietnamese with vi-VN numbers, from the default template', async () => {
      const text = await docx();
      expect(text).toContain('BÁO CÁO TỔNG KẾT CÔNG TÁC NĂM 2023');
      expect(text).toContain(
        `Năm 2023, ${UNIT_NAME} đã đăng tải 1 tin, bài viết trên trang thông tin điện tử, thu hút 2.490 lượt tương tác; ` +
          'đăng tải, chia sẻ 1.064 bài viết với 12.350 lượt tiếp cận, 3 lượt bình luận, bày tỏ cảm xúc;',
      );
      expect(text).toContain('ban hành 1 văn bản chỉ đạo.');
      expect(text).toContain('So với năm 2022, số bài viết đăng tải, chia sẻ tăng 1.062 (2 bài viết năm 2022); lượt tiếp cận tăng 12.340;');
      expect(text).toContain('có 1/5 thành viên (20%) đạt chỉ tiêu 100 tin, bài/người.');
    });

    it('has the per-unit table', async () => {
      const text = await docx();
      expect(text).toContain('III. SỐ LIỆU THEO ĐƠN VỊ');
      expect(text).toMatch(/Chi bộ Sở Thông tin01\.00012\.000/);
      expect(text).toMatch(/Chi bộ Báo tỉnh064350/);
    });

    it('shows the template to the secretariat, the default until one is saved; not to leaders', async () => {
      const response = await template(secretariat);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ key: 'yearly-summary', isDefault: true, updatedBy: null });
      expect(response.body.body).toBe(response.body.defaultBody);
      expect(response.body.body).toContain('{{shares}}');
      expect(response.body.placeholders).toEqual(expect.arrayContaining(['year', 'unitName', 'shares', 'previousYear.shares', 'change.shares', 'target.perMember']));
      expect((await template(leader)).status).toBe(403);
    });

    it('refuses a template with unknown placeholders, naming body, and writes nothing', async () => {
      const before = await countRows(system, 'audit_log');
      const response = await putTemplate(topSecretariat, { body: 'Năm {{year}}: {{soBaiViet}} bài, {{#foo}}x{{/foo}}' });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, field: 'body' });
      expect(response.body.message).toContain('{{soBaiViet}}');
      expect(response.body.message).toContain('{{#foo}}');
      expect((await template(secretariat)).body.isDefault).toBe(true);
      expect(await countRows(system, 'report_templates')).toBe(0);
      expect(await countRows(system, 'audit_log')).toBe(before);
    });

    it.each<[string, object, string]>([
      ['an empty body', { body: '' }, 'body'],
      ['no body', {}, 'body'],
      ['a body that is not text', { body: 42 }, 'body'],
      ['an unknown field', { body: 'Năm {{year}}', key: 'other' }, 'key'],
      ['an unclosed section', { body: '{{#target}}Năm {{year}}' }, 'never closed'],
    ])('refuses %s with 400', async (_case, body, fragment) => {
      const response = await putTemplate(topSecretariat, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(fragment);
      expect(await countRows(system, 'report_templates')).toBe(0);
    });

    it('lets only admins and the top unit’s secretariat reword it: a secretariat further down would reword other subtrees’ reports', async () => {
      for (const who of [leader, an, secretariat]) expect((await putTemplate(who, { body: 'Năm {{year}}.' })).status).toBe(403);
      expect(await countRows(system, 'report_templates')).toBe(0);
    });

    it('puts the new words in the next docx, audited', async () => {
      const body = 'Báo cáo nhanh năm {{year}} của {{unitName}}: {{shares}} bài viết ({{change.shares}} so với năm {{previousYear}}).\n\n{{#target}}Đạt chỉ tiêu: {{target.membersMeeting}} người.{{/target}}';
      const saved = await putTemplate(topSecretariat, { body });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ key: 'yearly-summary', body, isDefault: false, updatedBy: topSecretariat.id });
      const text = await docx();
      expect(text).toContain(`Báo cáo nhanh năm 2023 của ${UNIT_NAME}: 1.064 bài viết (+1.062 so với năm 2022).`);
      expect(text).toContain('Đạt chỉ tiêu: 1 người.');
      expect(text).not.toContain('đã đăng tải 1 tin, bài viết trên trang thông tin điện tử');
      const [audit] = (await system.db.query(
        `SELECT actor_id::text AS "actorId", entity_id AS "entityId", before, after FROM audit_log WHERE action = 'report-template.update'`,
      )) as { actorId: string; entityId: string; before: { body: string | null }; after: { body: string } }[];
      expect(audit).toEqual({ actorId: topSecretariat.id, entityId: `yearly-summary:${rootUnit}`, before: { body: null }, after: { body } });
      const again = await template(secretariat);
      expect(again.body).toMatchObject({ body, isDefault: false });
    });

    describe('a second tree beside it', () => {
      let treeB: string;
      let unitB: string;
      let secretariatB: Person;
      let lowerSecretariatB: Person;
      let leaderB: Person;
      const A_WORDS = 'Báo cáo nhanh năm';
      const putAs = (token: string, body: object, orgUnitId?: string) =>
        system.http.put('/api/v1/stats/templates/yearly-summary').query(orgUnitId ? { orgUnitId } : {}).set(bearer(token)).send(body);

      beforeAll(async () => {
        treeB = (await createUnit(system, 'Đảng bộ Khối Doanh nghiệp', null)).id;
        unitB = (await createUnit(system, 'Chi bộ Công ty B', treeB)).id;
        secretariatB = await person(system, treeB, ['secretariat']);
        lowerSecretariatB = await person(system, unitB, ['secretariat']);
        leaderB = await person(system, unitB, ['leader']);
      });

      it('keeps the first tree’s wording out of the second tree’s summary: it falls back to the default', async () => {
        const view = await template(secretariatB);
        expect(view.status).toBe(200);
        expect(view.body).toMatchObject({ isDefault: true, updatedBy: null });
        const text = await docx(leaderB, unitB);
        expect(text).not.toContain(A_WORDS);
        expect(text).toContain('Năm 2023, Chi bộ Công ty B đã đăng tải');
      });

      it('lets a top unit’s secretariat reword only its own tree, and 404s on another tree', async () => {
        const foreign = await putAs(secretariatB.token, { body: 'Lời của khối B năm {{year}}.' }, rootUnit);
        expect(foreign.status).toBe(404);
        expect((await putAs(lowerSecretariatB.token, { body: 'Lời của chi bộ năm {{year}}.' })).status).toBe(403);
        const before = await system.db.query(`SELECT body FROM report_templates ORDER BY org_unit_id`);
        expect(before).toHaveLength(1);

        const saved = await putAs(secretariatB.token, { body: 'Lời của khối B năm {{year}}.' });
        expect(saved.status).toBe(200);
        expect(saved.body).toMatchObject({ isDefault: false, updatedBy: secretariatB.id });
        expect(await docx(leaderB, unitB)).toContain('Lời của khối B năm 2023.');
        const textA = await docx();
        expect(textA).toContain(A_WORDS);
        expect(textA).not.toContain('Lời của khối B');
        expect((await template(secretariat)).body.body).toContain(A_WORDS);
        expect((await template(lowerSecretariatB)).body.body).toBe('Lời của khối B năm {{year}}.');
      });

      it('lets an admin reword any tree, naming it', async () => {
        const saved = await putAs(adminToken, { body: 'Quản trị viết cho khối B năm {{year}}.' }, treeB);
        expect(saved.status).toBe(200);
        expect(await docx(leaderB, unitB)).toContain('Quản trị viết cho khối B năm 2023.');
        expect(await docx()).toContain(A_WORDS);
        const view = await system.http.get('/api/v1/stats/templates/yearly-summary').query({ orgUnitId: treeB }).set(bearer(adminToken));
        expect(view.body).toMatchObject({ body: 'Quản trị viết cho khối B năm {{year}}.', isDefault: false });
      });
    });
  });

  describe('large subtrees run as a job', () => {
    let exports: StatsExportsService;

    beforeAll(() => {
      exports = system.app.get(StatsExportsService);
      // U has 5 active members, C2 has 2: only U is "large" now.
      exports.syncMaxMembers = 2;
    });
    afterAll(() => {
      exports.syncMaxMembers = EXPORT_SYNC_MAX_MEMBERS;
    });

    const job = (token: string, id: string) => system.http.get(`/api/v1/jobs/${id}`).set(bearer(token));
    const file = (who: Person | string, id: string) =>
      binary(system.http.get(`/api/v1/stats/exports/${id}`).set(bearer(typeof who === 'string' ? who : who.token)));

    it('stops serving a file to its requester once its unit is outside their scope: they moved to another subtree', async () => {
      const mover = await person(system, unit, ['leader']);
      const accepted = await exportAs(mover, { year: 2023, orgUnitId: unit, format: 'xlsx' });
      expect(accepted.status).toBe(202);
      const { jobId } = json(accepted);
      const done = await eventually(() => job(mover.token, jobId), (r) => r.body.status === 'done' || r.body.status === 'failed', 60_000);
      const { fileId } = done.body.result as { fileId: string };
      expect((await file(mover, fileId)).status).toBe(200);

      const moved = await system.http.patch(`/api/v1/users/${mover.id}`).set(bearer(adminToken)).send({ orgUnitId: other });
      expect(moved.status).toBe(200);
      expect((await file(mover, fileId)).status).toBe(404);
      expect((await file(adminToken, fileId)).status).toBe(200);
    });

    it('answers 202 with a job, shows its progress, then serves the file to whoever asked', async () => {
      const accepted = await exportAs(leader, { year: 2023, orgUnitId: unit, format: 'xlsx' });
      expect(accepted.status).toBe(202);
      const { jobId } = json(accepted);
      expect(jobId).toMatch(/^[0-9a-f-]{36}$/);

      const done = await eventually(() => job(leader.token, jobId), (r) => r.body.status === 'done' || r.body.status === 'failed', 60_000);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: jobId, name: 'stats.export', status: 'done', progress: { done: 5, total: 5 } });
      const { fileId, bytes } = done.body.result as { fileId: string; bytes: number };

      const downloaded = await file(leader, fileId);
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers['content-type']).toBe(XLSX);
      expect(downloaded.headers['content-disposition']).toBe(`attachment; filename="lan-toa-2023-${unit}.xlsx"`);
      expect((downloaded.body as Buffer).length).toBe(bytes);
      const figures = sheet(await workbookOf(downloaded.body as Buffer), 'Số liệu');
      expect(rowWhere(figures, 5, 'shares').getCell(2).value).toBe(1064);
      expect(sheet(await workbookOf(downloaded.body as Buffer), 'Tiến độ thành viên').rowCount).toBe(6);

      // Admins may fetch it too; anyone else, even in scope, is told it does not exist.
      expect((await file(adminToken, fileId)).status).toBe(200);
      expect((await file(secretariat, fileId)).status).toBe(404);
      expect((await file(otherLeader, fileId)).status).toBe(404);
      expect((await job(secretariat.token, jobId)).status).toBe(404);
    });

    it('builds a docx job with the saved wording', async () => {
      const accepted = await exportAs(secretariat, { year: 2023, orgUnitId: unit, format: 'docx' });
      expect(accepted.status).toBe(202);
      const { jobId } = json(accepted);
      const done = await eventually(() => job(secretariat.token, jobId), (r) => r.body.status === 'done' || r.body.status === 'failed', 60_000);
      expect(done.body.status).toBe('done');
      const downloaded = await file(secretariat, done.body.result.fileId);
      expect(downloaded.headers['content-type']).toBe(DOCX);
      expect(await textOf(downloaded.body as Buffer)).toContain(`Báo cáo nhanh năm 2023 của ${UNIT_NAME}: 1.064 bài viết`);
    });

    it('stores one file per job however often the job runs', async () => {
      const accepted = await exportAs(leader, { year: 2022, orgUnitId: unit, format: 'xlsx' });
      const { jobId } = json(accepted);
      const done = await eventually(() => job(leader.token, jobId), (r) => r.body.status === 'done' || r.body.status === 'failed', 60_000);
      expect(done.body.status).toBe('done');
      const files = await countRows(system, 'stats_exports');
      const rerun = await system.app.get(StatsExportProcessor).handle({
        id: jobId,
        name: 'stats.export',
        payload: { year: 2022, orgUnitId: unit, format: 'xlsx' },
        createdBy: leader.id,
        reportProgress: async () => undefined,
      });
      expect(rerun.fileId).toBe(done.body.result.fileId);
      expect(await countRows(system, 'stats_exports')).toBe(files);
      const figures = sheet(await workbookOf((await file(leader, rerun.fileId)).body as Buffer), 'Số liệu');
      expect(rowWhere(figures, 5, 'shares').getCell(2).value).toBe(2);
    });

    it('deletes files older than EXPORT_RETENTION_DAYS each night, once, and their link then answers 404', async () => {
      expect(system.config.exportRetentionDays).toBe(30);
      const finished = async (format: 'xlsx' | 'docx') => {
        const { jobId } = json(await exportAs(leader, { year: 2023, orgUnitId: unit, format }));
        const done = await eventually(() => job(leader.token, jobId), (r) => r.body.status === 'done' || r.body.status === 'failed', 60_000);
        expect(done.body.status).toBe('done');
        return done.body.result.fileId as string;
      };
      const old = await finished('xlsx');
      const recent = await finished('docx');
      const age = (id: string, days: number) =>
        system.db.query(`UPDATE stats_exports SET created_at = now() - make_interval(days => $2::int) WHERE id = $1`, [id, days]);
      await age(old, 31);
      await age(recent, 29);
      const files = await countRows(system, 'stats_exports');

      const expire = () => system.app.get(StatsExpireExportsProcessor).handle({
        id: '00000000-0000-4000-8000-000000000001',
        name: 'stats.expire-exports',
        payload: {},
        createdBy: null,
        reportProgress: async () => undefined,
      });
      expect(await expire()).toEqual({ deleted: 1 });
      expect(await countRows(system, 'stats_exports')).toBe(files - 1);
      expect((await file(leader, old)).status).toBe(404);
      expect((await file(leader, recent)).status).toBe(200);
      expect(await expire()).toEqual({ deleted: 0 });
    });

    it('still answers small subtrees at once', async () => {
      const response = await exportAs(leader, { year: 2023, orgUnitId: c2, format: 'xlsx' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
    });

    it('answers 404 for an export id that is unknown or not an id', async () => {
      expect((await file(leader, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await file(leader, 'not-an-id')).status).toBe(404);
    });
  });

  describe('scope and bad input', () => {
    it('answers 404 for a unit outside the caller’s subtree, and writes no job', async () => {
      const jobs = await countRows(system, 'jobs');
      for (const [who, orgUnitId] of [
        [otherLeader, unit],
        [otherLeader, c1],
        [leader, other],
        [secretariat, '999999'],
      ] as [Person, string][]) {
        const response = await exportAs(who, { year: 2023, orgUnitId, format: 'xlsx' });
        expect([orgUnitId, response.status]).toEqual([orgUnitId, 404]);
        expect(json(response)).toMatchObject({ statusCode: 404, field: 'orgUnitId' });
      }
      expect(await countRows(system, 'jobs')).toBe(jobs);
    });

    it('answers 403 to a collaborator, even for their own unit', async () => {
      for (const format of ['xlsx', 'docx']) {
        expect((await exportAs(an, { year: 2023, orgUnitId: c1, format })).status).toBe(403);
        expect((await exportAs(an, { year: 2023, format })).status).toBe(403);
      }
    });

    it('is in the OpenAPI document', async () => {
      const paths = Object.keys((await system.http.get('/docs-json')).body.paths);
      expect(paths).toEqual(
        expect.arrayContaining(['/api/v1/stats/yearly/export', '/api/v1/stats/exports/{id}', '/api/v1/stats/templates/yearly-summary']),
      );
    });

    it('answers 401 without a token', async () => {
      expect((await system.http.get('/api/v1/stats/yearly/export').query({ year: 2023, format: 'xlsx' })).status).toBe(401);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['format=pdf', { year: 2023, format: 'pdf' }, 'format'],
      ['no format', { year: 2023 }, 'format'],
      ['year=1999', { year: 1999, format: 'xlsx' }, 'year'],
      ['year=2101', { year: 2101, format: 'xlsx' }, 'year'],
      ['a year that is not a number', { year: 'hai nghìn', format: 'xlsx' }, 'year'],
      ['no year', { format: 'docx' }, 'year'],
      ['an orgUnitId that is not an id', { year: 2023, orgUnitId: 'abc', format: 'xlsx' }, 'orgUnitId'],
      ['an unknown parameter', { year: 2023, format: 'xlsx', groupBy: 'unit' }, 'groupBy'],
    ])('answers 400 for %s, naming the parameter', async (_case, query, field) => {
      const response = await exportAs(leader, query);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toContain('application/json');
      expect(json(response).message).toContain(field);
    });
  });
});

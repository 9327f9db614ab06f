import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Test } from 'supertest';
import { Actor } from '@app/access';
import { UsersService } from '@app/identity';
import { TakedownPackagesService } from '@app/takedowns';
import { bearer, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { minimalPdf, minimalPng } from '../support/evidence-files';
import { jobsIdle, linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/** What one tree put into a shared page case, every piece of it something another tree must not read. */
interface TreeRecords {
  reporterName: string;
  reporterUsername: string;
  unitName: string;
  topUnitName: string;
  description: string;
  url: string;
  reportId: string;
  evidenceId: string;
  sha256: string;
  reviewerName: string;
  notes: string[];
  platformRef: string;
}

/**
 * Every file Lan Tỏa produces holds only what its reader may see (ADR 013). Two trees —
 * the subtrees of two top units — report the same page; each reviews it on its own track.
 *
 *   A "Đảng bộ Khối Sen Hồng" ── A1 "Chi bộ Cầu Giấy Sen" (reporterA)
 *                           └── A2 "Chi bộ Tây Hồ Sen"   (reporterA2)
 *   B "Đảng bộ Khối Mai Vàng" ── B1 "Chi bộ Hải Châu Mai" (reporterB)
 */
describe('documents are built for their reader: the takedown package and the yearly exports', () => {
  let system: TestSystem;
  let adminToken: string;
  let storageDir: string;
  let treeA: string;
  let unitA1: string;
  let unitA2: string;
  let treeB: string;
  let unitB1: string;
  let leaderA: Person;
  let leaderA1: Person;
  let leaderB: Person;
  let adminInA: Person;
  let caseId: string;
  let a: TreeRecords;
  let a2: Pick<TreeRecords, 'reporterName' | 'unitName' | 'description'>;
  let b: TreeRecords;
  const page = `trang.gia.mao.${unique()}`;

  const fullName = async (who: Person) =>
    ((await system.db.query(`SELECT full_name AS name, username FROM users WHERE id = $1`, [who.id])) as { name: string; username: string }[])[0];

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'lantoa-documents-'));
    system = await startTestSystem({ config: { storageDir } });
    adminToken = (await seedAdmin(system)).token;
    treeA = (await createUnit(system, 'Đảng bộ Khối Sen Hồng', null)).id;
    unitA1 = (await createUnit(system, 'Chi bộ Cầu Giấy Sen', treeA)).id;
    unitA2 = (await createUnit(system, 'Chi bộ Tây Hồ Sen', treeA)).id;
    treeB = (await createUnit(system, 'Đảng bộ Khối Mai Vàng', null)).id;
    unitB1 = (await createUnit(system, 'Chi bộ Hải Châu Mai', treeB)).id;
    const reporterA = await person(system, unitA1, ['collaborator']);
    const reporterA2 = await person(system, unitA2, ['collaborator']);
    const reporterB = await person(system, unitB1, ['collaborator']);
    const secretariatA = await person(system, treeA, ['secretariat']);
    const secretariatB = await person(system, treeB, ['secretariat']);
    leaderA = await person(system, treeA, ['leader']);
    leaderA1 = await person(system, unitA1, ['leader']);
    leaderB = await person(system, treeB, ['leader']);
    adminInA = await person(system, treeA, ['admin']);

    const file = async (who: Person, url: string, description: string) => {
      const response = await system.http.post('/api/v1/reports').set(bearer(who.token)).send({ url, category: 'scam', description });
      if (response.status !== 201) throw new Error(`report: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.id as string;
    };
    const attach = async (who: Person, reportId: string, content: Buffer) => {
      const response = await system.http.post(`/api/v1/reports/${reportId}/evidence`).set(bearer(who.token)).attach('file', content, 'bang-chung.bin');
      if (response.status !== 201) throw new Error(`evidence: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as { id: string; sha256: string };
    };
    const review = async (who: Person, status: string, body: { note?: string; platformRef?: string }) => {
      const response = await system.http.patch(`/api/v1/pages/${caseId}`).set(bearer(who.token)).send({ status, ...body });
      if (response.status !== 200) throw new Error(`review: ${response.status} ${JSON.stringify(response.body)}`);
    };

    const descriptionA = 'Khối Sen: trang mạo danh Sở Y tế để bán thuốc giả';
    const descriptionA2 = 'Khối Sen, Tây Hồ: trang kêu gọi góp vốn lừa đảo';
    const descriptionB = 'Khối Mai: trang giả danh ngân hàng xin mã OTP';
    const reportA = await file(reporterA, `https://www.facebook.com/${page}`, descriptionA);
    const reportA2 = await file(reporterA2, `https://facebook.com/${page}?fbclid=x`, descriptionA2);
    const reportB = await file(reporterB, `https://m.facebook.com/${page}/`, descriptionB);
    const linked = await linkedCases(system, [reportA, reportA2, reportB]);
    caseId = linked[reportA];
    expect(new Set(Object.values(linked)).size).toBe(1);
    const evidenceA = await attach(reporterA, reportA, minimalPng(3, 2, 0x11));
    const evidenceB = await attach(reporterB, reportB, minimalPdf());

    const notesA = ['Khối Sen đã đối chiếu với Sở Y tế', 'Khối Sen gửi đề nghị qua kênh chính thức'];
    const notesB = ['Khối Mai đã xác minh với ngân hàng', 'Khối Mai gửi đề nghị gỡ'];
    await review(secretariatA, 'verified', { note: notesA[0] });
    await review(secretariatA, 'removal_requested', { note: notesA[1], platformRef: 'FB-SEN-40417' });
    await review(secretariatB, 'verified', { note: notesB[0] });
    await review(secretariatB, 'removal_requested', { note: notesB[1], platformRef: 'FB-MAI-90233' });
    await jobsIdle(system);

    const urls = Object.fromEntries(
      ((await system.db.query(`SELECT id::text AS id, url FROM reports WHERE page_case_id = $1`, [caseId])) as { id: string; url: string }[]).map(
        (r) => [r.id, r.url],
      ),
    );
    const [ra, ra2, rb, sa, sb] = await Promise.all([reporterA, reporterA2, reporterB, secretariatA, secretariatB].map(fullName));
    a = {
      reporterName: ra.name,
      reporterUsername: ra.username,
      unitName: 'Chi bộ Cầu Giấy Sen',
      topUnitName: 'Đảng bộ Khối Sen Hồng',
      description: descriptionA,
      url: urls[reportA],
      reportId: reportA,
      evidenceId: evidenceA.id,
      sha256: evidenceA.sha256,
      reviewerName: sa.name,
      notes: notesA,
      platformRef: 'FB-SEN-40417',
    };
    a2 = { reporterName: ra2.name, unitName: 'Chi bộ Tây Hồ Sen', description: descriptionA2 };
    b = {
      reporterName: rb.name,
      reporterUsername: rb.username,
      unitName: 'Chi bộ Hải Châu Mai',
      topUnitName: 'Đảng bộ Khối Mai Vàng',
      description: descriptionB,
      url: urls[reportB],
      reportId: reportB,
      evidenceId: evidenceB.id,
      sha256: evidenceB.sha256,
      reviewerName: sb.name,
      notes: notesB,
      platformRef: 'FB-MAI-90233',
    };
    // Each tree's link as given differs from the case's own URL, so finding it means that tree's report is shown.
    const [{ canonicalUrl }] = (await system.db.query(`SELECT canonical_url AS "canonicalUrl" FROM page_cases WHERE id = $1`, [caseId])) as {
      canonicalUrl: string;
    }[];
    expect(new Set([a.url, b.url, canonicalUrl]).size).toBe(3);
    for (const url of [a.url, b.url]) expect(canonicalUrl).not.toContain(url);
  }, 120_000);

  afterAll(async () => {
    await system?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  const binary = (test: Test) =>
    test.buffer(true).parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });

  /**
   * Every XML part of an Office file (body, metadata, shared strings), so nothing can hide in
   * one part, then the document's text with its runs joined (a label and its value are two runs).
   */
  async function partsOf(content: Buffer): Promise<string> {
    const zip = await JSZip.loadAsync(content);
    const parts = Object.values(zip.files).filter((f) => !f.dir && /\.(xml|rels)$/.test(f.name));
    const xml = (await Promise.all(parts.map((f) => f.async('string')))).join('\n');
    return `${xml}\n${[...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')}`;
  }

  async function packageFor(token: string): Promise<string> {
    const response = await binary(system.http.get(`/api/v1/pages/${caseId}/package`).set(bearer(token)));
    expect(response.status).toBe(200);
    return partsOf(response.body as Buffer);
  }

  /** Everything of a tree's records that names a person, a unit, what they wrote or a file. */
  const piecesOf = (t: TreeRecords) => ({
    reporterName: t.reporterName,
    reporterUsername: t.reporterUsername,
    unitName: t.unitName,
    topUnitName: t.topUnitName,
    description: t.description,
    url: t.url,
    report: `phản ánh ${t.reportId})`,
    evidenceId: t.evidenceId,
    sha256: t.sha256,
    reviewerName: t.reviewerName,
    note0: t.notes[0],
    note1: t.notes[1],
    platformRef: t.platformRef,
  });
  /** The pieces of `t` found in `text` (so a failure names them). */
  const found = (text: string, pieces: Record<string, string>) => Object.entries(pieces).filter(([, value]) => text.includes(value)).map(([key]) => key);

  describe('the takedown package', () => {
    it('served to a leader of tree A holds A’s reporters, units, descriptions, evidence and reviewers, and nothing of B’s', async () => {
      const xml = await packageFor(leaderA.token);
      const { reporterUsername: _user, ...ofA } = piecesOf(a);
      expect(found(xml, ofA)).toEqual(Object.keys(ofA));
      expect(xml).toContain(a2.description);
      expect(found(xml, piecesOf(b))).toEqual([]);
      // B's part of the case is counted, never named: the counts cover every report (like GET /pages/:id).
      expect(xml).toContain('Số lượt phản ánh: 3');
      expect(xml).toContain('Ngoài ra còn 1 lượt phản ánh từ đơn vị ngoài phạm vi');
      expect(xml).toContain('Ngoài ra còn 1 tệp bằng chứng');
      expect(xml).toContain('Lập cho: Đảng bộ Khối Sen Hồng và các đơn vị trực thuộc');
      expect(xml).toContain('Tình trạng xử lý: Đã đề nghị gỡ bỏ');
    });

    it('served to a leader of tree B holds B’s records and nothing of A’s', async () => {
      const xml = await packageFor(leaderB.token);
      const { reporterUsername: _user, ...ofB } = piecesOf(b);
      expect(found(xml, ofB)).toEqual(Object.keys(ofB));
      expect(found(xml, piecesOf(a))).toEqual([]);
      expect(found(xml, a2)).toEqual([]);
      expect(xml).toContain('Ngoài ra còn 2 lượt phản ánh từ đơn vị ngoài phạm vi');
    });

    it('served to a leader lower in tree A holds their own subtree’s reports, and A’s review as what and when only', async () => {
      const xml = await packageFor(leaderA1.token);
      expect(found(xml, { reporterName: a.reporterName, description: a.description, sha256: a.sha256 })).toHaveLength(3);
      expect(found(xml, a2)).toEqual([]);
      expect(found(xml, piecesOf(b))).toEqual([]);
      // The review was made from A's top unit, outside this leader's scope, as page history shows it.
      expect(found(xml, { reviewerName: a.reviewerName, note0: a.notes[0], note1: a.notes[1], platformRef: a.platformRef })).toEqual([]);
      expect(xml).toContain('Mới tiếp nhận → Đã xác minh');
      expect(xml).toContain('Đơn vị ngoài phạm vi');
    });

    it('served to an admin holds every tree’s reports and evidence', async () => {
      const xml = await packageFor(adminInA.token);
      for (const t of [a, b]) expect(found(xml, { reporterName: t.reporterName, description: t.description, sha256: t.sha256, evidenceId: t.evidenceId })).toHaveLength(4);
      expect(xml).not.toContain('Ngoài ra còn');
    });

    it('reads, for an admin, the tree named by orgUnitId as GET /pages/:id does; 404 to anyone naming a tree outside their scope', async () => {
      const actorOf = async (id: string) => (await system.app.get(UsersService).actorOf(id)) as Actor;
      const packages = system.app.get(TakedownPackagesService);
      const rootAdmin = await actorOf((await system.http.get('/api/v1/me').set(bearer(adminToken))).body.id);
      // The seeded admin's own tree never reviewed the case: it has nothing to file.
      await expect(packages.download(rootAdmin, caseId)).rejects.toThrow('removal_requested');
      const ofB = await partsOf((await packages.download(rootAdmin, caseId, unitB1)).content);
      expect(found(ofB, { note0: b.notes[0], platformRef: b.platformRef, reviewerName: b.reviewerName, sha256: a.sha256 })).toHaveLength(4);
      // B's track's history only: A's review is A's.
      expect(found(ofB, { note0: a.notes[0], platformRef: a.platformRef })).toEqual([]);
      await expect(packages.download(await actorOf(leaderA.id), caseId, unitB1)).rejects.toThrow('does not name a unit you can see');
      // The route passes orgUnitId through: the admin gets B's filing, A's leader a 404 naming it.
      const overHttp = (token: string) =>
        binary(system.http.get(`/api/v1/pages/${caseId}/package`).query({ orgUnitId: unitB1 }).set(bearer(token)));
      const byAdmin = await overHttp(adminToken);
      expect(byAdmin.status).toBe(200);
      expect(found(await partsOf(byAdmin.body as Buffer), { note0: b.notes[0] })).toHaveLength(1);
      const byLeaderA = await overHttp(leaderA.token);
      expect(byLeaderA.status).toBe(404);
    });

    it('is stored per reader’s scope, and the copy the job built for A’s reviewer holds nothing of B', async () => {
      const rows = (await system.db.query(`SELECT scope, content FROM page_packages WHERE page_case_id = $1 ORDER BY scope`, [caseId])) as {
        scope: string;
        content: Buffer;
      }[];
      const pathOf = async (id: string) => ((await system.db.query(`SELECT path::text AS path FROM org_units WHERE id = $1`, [id])) as { path: string }[])[0].path;
      const [pathA, pathB] = [await pathOf(treeA), await pathOf(treeB)];
      const ofA = rows.find((r) => r.scope === `subtree:${pathA}`);
      const ofB = rows.find((r) => r.scope === `subtree:${pathB}`);
      if (!ofA || !ofB) throw new Error(`no stored copy per tree: ${rows.map((r) => r.scope).join(', ')}`);
      expect(found(await partsOf(ofA.content), piecesOf(b))).toEqual([]);
      expect(found(await partsOf(ofB.content), piecesOf(a))).toEqual([]);
    });

    it('answers 404 to a tree that has not requested removal, though it sees the case', async () => {
      const treeC = (await createUnit(system, `Khối C ${unique()}`, null)).id;
      const reporterC = await person(system, treeC, ['collaborator']);
      const leaderC = await person(system, treeC, ['leader']);
      const filed = await system.http.post('/api/v1/reports').set(bearer(reporterC.token)).send({ url: `https://facebook.com/${page}`, category: 'scam' });
      expect(filed.status).toBe(201);
      await linkedCases(system, [filed.body.id]);
      expect((await system.http.get(`/api/v1/pages/${caseId}`).set(bearer(leaderC.token))).status).toBe(200);
      expect((await system.http.get(`/api/v1/pages/${caseId}/package`).set(bearer(leaderC.token))).status).toBe(404);
    });

    it('is rebuilt for its reader after a unit moves out of their tree: a stored copy never outlives its scope', async () => {
      expect(await packageFor(leaderA.token)).toContain(a.description);
      const moveA1 = (parentId: string) => system.http.patch(`/api/v1/org-units/${unitA1}`).set(bearer(adminToken)).send({ parentId });
      expect((await moveA1(unitB1)).status).toBe(200);
      try {
        const xml = await packageFor(leaderA.token);
        expect(found(xml, { reporterName: a.reporterName, unitName: a.unitName, description: a.description, sha256: a.sha256 })).toEqual([]);
        expect(xml).toContain(a2.description);
      } finally {
        // The exports below read A as it was.
        expect((await moveA1(treeA)).status).toBe(200);
      }
    });
  });

  describe('evidence downloads', () => {
    it('answer 404 to another tree’s leader', async () => {
      const foreign = await system.http.get(`/api/v1/reports/${b.reportId}/evidence/${b.evidenceId}`).set(bearer(leaderA.token));
      expect(foreign.status).toBe(404);
      const own = await binary(system.http.get(`/api/v1/reports/${b.reportId}/evidence/${b.evidenceId}`).set(bearer(leaderB.token)));
      expect(own.status).toBe(200);
    });
  });

  describe('yearly exports', () => {
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
    const exportOf = (token: string, orgUnitId: string, format: 'xlsx' | 'docx') =>
      binary(system.http.get('/api/v1/stats/yearly/export').query({ year, orgUnitId, format }).set(bearer(token)));

    it.each<['xlsx' | 'docx']>([['xlsx'], ['docx']])('of tree A (%s) hold A’s units and nothing of B: no unit, member or username', async (format) => {
      for (const token of [leaderA.token, adminToken]) {
        const response = await exportOf(token, treeA, format);
        expect(response.status).toBe(200);
        const xml = await partsOf(response.body as Buffer);
        expect(xml).toContain(a2.unitName);
        if (format === 'xlsx') expect(found(xml, { reporterName: a.reporterName, reporterUsername: a.reporterUsername })).toHaveLength(2);
        expect(found(xml, { unitName: b.unitName, topUnitName: b.topUnitName, reporterName: b.reporterName, reporterUsername: b.reporterUsername, reviewerName: b.reviewerName })).toEqual([]);
      }
    });

    it('of tree B answer 404 to tree A’s leader', async () => {
      expect((await exportOf(leaderA.token, treeB, 'xlsx')).status).toBe(404);
    });
  });
});

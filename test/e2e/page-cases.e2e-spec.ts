import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Response } from 'supertest';
import { PAGE_CASE_STATUSES, PageCaseStatus } from '@app/contracts';
import { PageRecheckProcessor } from '../../apps/worker/src/processors/page-recheck.processor';
import { JobScheduler } from '../../apps/worker/src/job-scheduler';
import { bearer, countRows, createUnit, eventually, seedAdmin, startTestSystem, TestSystem } from '../support';
import { minimalPdf, minimalPng } from '../support/evidence-files';
import { execution, hanoiDay, jobsIdle, linkedCases, Person, person } from '../support/takedowns';

const unique = () => randomBytes(4).toString('hex');

/** The allowed moves, written out by hand from SPEC. */
const ALLOWED: Record<PageCaseStatus, PageCaseStatus[]> = {
  new: ['verified', 'rejected'],
  verified: ['removal_requested'],
  rejected: [],
  removal_requested: ['removed', 'still_online'],
  removed: [],
  still_online: [],
};

/** How to bring a new case to each status through allowed moves. */
const PATH_TO: Record<PageCaseStatus, PageCaseStatus[]> = {
  new: [],
  verified: ['verified'],
  rejected: ['rejected'],
  removal_requested: ['verified', 'removal_requested'],
  removed: ['verified', 'removal_requested', 'removed'],
  still_online: ['verified', 'removal_requested', 'still_online'],
};

const PAIRS = PAGE_CASE_STATUSES.flatMap((from) => PAGE_CASE_STATUSES.map((to) => [from, to] as [PageCaseStatus, PageCaseStatus]));

/** What a status change writes; a refused one writes none of it. */
const TABLES = ['page_case_events', 'figure_changes', 'audit_log', 'jobs', 'page_packages'];

describe('page cases: workflow, history, scope, figures, package, re-check', () => {
  let system: TestSystem;
  let adminToken: string;
  let rootUnit: string;
  let unitA: string;
  let unitA1: string;
  let unitB: string;
  let reporterA1: Person;
  let reporterB: Person;
  let secretariatA: Person;
  let secretariatB: Person;
  let leaderA: Person;

  let storageDir: string;

  beforeAll(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'lantoa-pages-'));
    system = await startTestSystem({ config: { storageDir } });
    const admin = await seedAdmin(system);
    adminToken = admin.token;
    rootUnit = admin.rootUnitId;
    unitA = (await createUnit(system, 'Ban Tuyên giáo A', admin.rootUnitId)).id;
    unitA1 = (await createUnit(system, 'Chi bộ A1', unitA)).id;
    unitB = (await createUnit(system, 'Ban Tuyên giáo B', admin.rootUnitId)).id;
    reporterA1 = await person(system, unitA1, ['collaborator']);
    reporterB = await person(system, unitB, ['collaborator']);
    secretariatA = await person(system, unitA, ['secretariat']);
    secretariatB = await person(system, unitB, ['secretariat']);
    leaderA = await person(system, unitA, ['leader']);
  });
  afterAll(async () => {
    await system?.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(system, t)])));
  const file = (who: Person, url: string, category = 'false_information', description?: string) =>
    system.http.post('/api/v1/reports').set(bearer(who.token)).send({ url, category, ...(description ? { description } : {}) });
  const patch = (token: string, id: string, body: Record<string, unknown>) =>
    system.http.patch(`/api/v1/pages/${id}`).set(bearer(token)).send(body);
  const history = (token: string, id: string) => system.http.get(`/api/v1/pages/${id}/history`).set(bearer(token));

  /** A new case of a fresh page, reported by `who`; returns the case id. */
  async function newCase(who: Person = reporterA1, url = `https://www.facebook.com/trang.${unique()}`): Promise<string> {
    const response = await file(who, url);
    expect(response.status).toBe(201);
    return (await linkedCases(system, [response.body.id]))[response.body.id];
  }

  async function moveTo(id: string, status: PageCaseStatus): Promise<void> {
    for (const step of PATH_TO[status]) {
      const response = await patch(secretariatA.token, id, { status: step });
      expect(response.status).toBe(200);
    }
  }

  describe('the workflow matrix', () => {
    const caseOf = new Map<string, string>();

    beforeAll(async () => {
      const reported = await Promise.all(
        PAIRS.map(async ([from, to]) => {
          const response = await file(reporterA1, `https://www.facebook.com/ma-tran.${from}.${to}.${unique()}`);
          expect(response.status).toBe(201);
          return { key: `${from}→${to}`, reportId: response.body.id as string };
        }),
      );
      const linked = await linkedCases(system, reported.map((r) => r.reportId));
      for (const { key, reportId } of reported) caseOf.set(key, linked[reportId]);
      for (const [from, to] of PAIRS) await moveTo(caseOf.get(`${from}→${to}`) as string, from);
      await jobsIdle(system);
    });

    it('covers all 36 pairs, 5 of them allowed', () => {
      expect(PAIRS).toHaveLength(36);
      expect(PAIRS.filter(([from, to]) => ALLOWED[from].includes(to))).toHaveLength(5);
    });

    it.each(PAIRS)('%s → %s', async (from, to) => {
      const id = caseOf.get(`${from}→${to}`) as string;
      const allowed = ALLOWED[from].includes(to);
      const before = await history(secretariatA.token, id);
      expect(before.status).toBe(200);
      expect(before.body.items.map((e: { toStatus: string }) => e.toStatus)).toEqual(PATH_TO[from]);
      const tables = await counts();
      const note = `ghi chú ${from} → ${to}`;
      const response = await patch(secretariatA.token, id, { status: to, note, platformRef: `REF-${from}-${to}` });
      if (!allowed) {
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ statusCode: 409, field: 'status' });
        expect(response.body.message).toContain(`${from} cannot become ${to}`);
        expect(await counts()).toEqual(tables);
        expect((await system.http.get(`/api/v1/pages/${id}`).set(bearer(secretariatA.token))).body.status).toBe(from);
        return;
      }
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id, status: to });
      await jobsIdle(system); // a move to removal_requested builds a package; let it land before the next pair counts
      const after = await history(secretariatA.token, id);
      expect(after.body.items).toHaveLength(PATH_TO[from].length + 1);
      expect(after.body.nextCursor).toBeNull();
      expect(after.body.items[after.body.items.length - 1]).toMatchObject({
        pageCaseId: id,
        fromStatus: from,
        toStatus: to,
        actorId: secretariatA.id,
        orgUnitId: unitA,
        orgUnitName: 'Ban Tuyên giáo A',
        note,
        platformRef: `REF-${from}-${to}`,
        createdAt: expect.any(String),
      });
    });
  });

  describe('who may change a case', () => {
    it.each<[string, number, () => string]>([
      ['a collaborator, even the reporter', 403, () => reporterA1.token],
      ['a leader of the subtree', 403, () => leaderA.token],
      ['another subtree’s secretariat', 404, () => secretariatB.token],
    ])('refuses %s with %i, writing nothing', async (_case, status, token) => {
      const id = await newCase();
      await jobsIdle(system);
      const before = await counts();
      const response = await patch(token(), id, { status: 'verified' });
      expect(response.status).toBe(status);
      expect(await counts()).toEqual(before);
      expect((await system.http.get(`/api/v1/pages/${id}`).set(bearer(adminToken))).body.status).toBe('new');
    });

    it('lets an admin and the subtree’s secretariat change it', async () => {
      const id = await newCase();
      expect((await patch(adminToken, id, { status: 'verified' })).status).toBe(200);
      expect((await patch(secretariatA.token, id, { status: 'removal_requested' })).status).toBe(200);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['an unknown status', { status: 'deleted' }, 'status'],
      ['no status', { note: 'x' }, 'status'],
      ['a note of 2001 characters', { status: 'verified', note: 'n'.repeat(2001) }, 'note'],
      ['a platformRef of 501 characters', { status: 'verified', platformRef: 'r'.repeat(501) }, 'platformRef'],
      ['an unknown field', { status: 'verified', canonicalUrl: 'https://evil.example/' }, 'canonicalUrl'],
      ['a mass-assigned reportCount', { status: 'verified', reportCount: 0 }, 'reportCount'],
    ])('refuses %s with 400, writing nothing', async (_case, body, field) => {
      const id = await newCase();
      await jobsIdle(system);
      const before = await counts();
      const response = await patch(secretariatA.token, id, body);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('serialises two reviewers: of two concurrent moves from new, one wins and the other gets 409', async () => {
      const id = await newCase();
      const responses = await Promise.all([
        patch(secretariatA.token, id, { status: 'verified' }),
        patch(adminToken, id, { status: 'rejected' }),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await history(adminToken, id)).body.items).toHaveLength(1);
    });
  });

  describe('attribution, figures and audit', () => {
    it('records the "pages" figure bucket of the changer’s unit (not the reporter’s) and an audit row', async () => {
      const id = await newCase(reporterA1);
      const response = await patch(secretariatA.token, id, { status: 'verified', note: 'Đã kiểm tra nội dung' });
      expect(response.status).toBe(200);
      const [event] = (await history(secretariatA.token, id)).body.items;
      const pages = (await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day FROM figure_changes WHERE family = 'pages' AND org_unit_id = ANY($1::bigint[])`,
        [[unitA, unitA1]],
      )) as { unit: string; day: string }[];
      expect(pages).toContainEqual({ unit: unitA, day: hanoiDay(event.createdAt) });
      expect(pages.filter((p) => p.unit === unitA1)).toEqual([]);
      const audit = (await system.db.query(
        `SELECT actor_id::text AS "actorId", before, after FROM audit_log WHERE action = 'page_case.status' AND entity_id = $1`,
        [id],
      )) as { actorId: string; before: { status: string }; after: { status: string; note: string } }[];
      expect(audit).toEqual([
        {
          actorId: secretariatA.id,
          // A and B are one tree here (one top unit): the change moved that tree's track.
          before: { status: 'new', treeUnitId: rootUnit },
          after: expect.objectContaining({ status: 'verified', treeUnitId: rootUnit, note: 'Đã kiểm tra nội dung' }),
        },
      ]);
    });
  });

  describe('listing and scope', () => {
    let shared: string;
    let onlyB: string;
    let onlyA: string;

    beforeAll(async () => {
      const url = `https://www.tiktok.com/@chung.${unique()}`;
      const a = await file(reporterA1, url, 'scam');
      const b = await file(reporterB, url, 'scam');
      const b2 = await file(reporterB, `https://zalo.me/chi.b.${unique()}`, 'hate');
      const a2 = await file(reporterA1, `https://zalo.me/chi.a.${unique()}`, 'hate');
      const linked = await linkedCases(system, [a.body.id, b.body.id, b2.body.id, a2.body.id]);
      shared = linked[a.body.id];
      expect(linked[b.body.id]).toBe(shared);
      onlyB = linked[b2.body.id];
      onlyA = linked[a2.body.id];
    });

    async function listed(token: string, query: Record<string, unknown> = {}) {
      const items: { id: string; reportCount: number; status: string; dueForRecheck: boolean }[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await system.http
          .get('/api/v1/pages')
          .query({ ...query, limit: 7, ...(cursor ? { cursor } : {}) })
          .set(bearer(token));
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      return items;
    }

    it('shows the cases with a report from the caller’s subtree, with counts over all reports', async () => {
      const a = await listed(secretariatA.token);
      expect(a.find((c) => c.id === shared)).toMatchObject({ reportCount: 2 });
      expect(a.map((c) => c.id)).toContain(onlyA);
      expect(a.map((c) => c.id)).not.toContain(onlyB);
      const b = await listed(secretariatB.token);
      expect(b.find((c) => c.id === shared)).toMatchObject({ reportCount: 2 });
      expect(b.map((c) => c.id)).toEqual(expect.arrayContaining([shared, onlyB]));
      expect(b.map((c) => c.id)).not.toContain(onlyA);
    });

    it('shows a collaborator only the cases with one of their own reports', async () => {
      const mine = await listed(reporterB.token);
      expect(mine.map((c) => c.id).sort()).toEqual([shared, onlyB].sort());
    });

    it('shows an admin every case, and pages through them newest first without repeats', async () => {
      const all = await listed(adminToken);
      expect(all).toHaveLength(await countRows(system, 'page_cases'));
      expect(all.map((c) => Number(c.id))).toEqual([...all.map((c) => Number(c.id))].sort((x, y) => y - x));
    });

    it.each<[string, () => string, () => string]>([
      ['another subtree’s secretariat', () => secretariatB.token, () => onlyA],
      ['a collaborator who did not report it', () => reporterB.token, () => onlyA],
      ['anyone, for an id that is no case', () => adminToken, () => '987654321'],
      ['anyone, for an id that is not a number', () => adminToken, () => 'x1'],
    ])('answers 404 to %s on GET /pages/:id and /history', async (_case, token, id) => {
      expect((await system.http.get(`/api/v1/pages/${id()}`).set(bearer(token()))).status).toBe(404);
      expect((await history(token(), id())).status).toBe(404);
    });

    it('shows a shared case’s changes from another subtree without their author, unit, note or reference', async () => {
      const url = `https://www.facebook.com/chung.${unique()}`;
      const id = await newCase(reporterA1, url);
      expect(await newCase(reporterB, url)).toBe(id);
      expect((await patch(secretariatB.token, id, { status: 'verified', note: 'ghi chú nội bộ B', platformRef: 'REF-B' })).status).toBe(200);
      expect((await patch(secretariatA.token, id, { status: 'removal_requested', note: 'ghi chú A' })).status).toBe(200);

      const seenByA = (await history(secretariatA.token, id)).body.items;
      expect(seenByA).toEqual([
        expect.objectContaining({ fromStatus: 'new', toStatus: 'verified', actorId: null, actorName: null, orgUnitId: null, orgUnitName: null, note: null, platformRef: null }),
        expect.objectContaining({ toStatus: 'removal_requested', actorId: secretariatA.id, orgUnitId: unitA, note: 'ghi chú A' }),
      ]);
      expect(JSON.stringify(seenByA)).not.toContain('REF-B');
      const seenByB = (await history(secretariatB.token, id)).body.items;
      expect(seenByB[0]).toMatchObject({ actorId: secretariatB.id, orgUnitId: unitB, note: 'ghi chú nội bộ B', platformRef: 'REF-B' });
      expect(seenByB[1]).toMatchObject({ actorId: null, note: null });
      const seenByAdmin = (await history(adminToken, id)).body.items;
      expect(seenByAdmin.map((e: { actorId: string }) => e.actorId)).toEqual([secretariatB.id, secretariatA.id]);
      // Its own reporter, in A1, sees the status but not who in A moved it.
      expect((await history(reporterA1.token, id)).body.items.map((e: { toStatus: string; actorId: string | null }) => [e.toStatus, e.actorId])).toEqual([
        ['verified', null],
        ['removal_requested', null],
      ]);
    });

    it('filters by status', async () => {
      const id = await newCase();
      await patch(secretariatA.token, id, { status: 'rejected' });
      const rejected = await listed(secretariatA.token, { status: 'rejected' });
      expect(rejected.map((c) => c.id)).toContain(id);
      expect(rejected.every((c) => c.status === 'rejected')).toBe(true);
    });

    it('filters by year: the cases with a report from the caller’s scope created that year (ORG_TIMEZONE)', async () => {
      // 2023-12-31T18:00Z is already 2024 in Hà Nội.
      await system.db.query(`UPDATE reports SET created_at = '2023-12-31T18:00:00Z' WHERE page_case_id = $1 AND user_id = $2`, [
        shared,
        reporterB.id,
      ]);
      expect((await listed(secretariatB.token, { year: 2024 })).map((c) => c.id)).toEqual([shared]);
      expect(await listed(secretariatA.token, { year: 2024 })).toEqual([]);
      expect(await listed(secretariatB.token, { year: 2023 })).toEqual([]);
    });

    it.each<[string, Record<string, unknown>]>([
      ['an unknown status', { status: 'gone' }],
      ['a year before 2000', { year: 1999 }],
      ['due that is not a boolean', { due: 'yes' }],
      ['a limit over 200', { limit: 201 }],
      ['a forged cursor', { cursor: 'eyJpZCI6Ii0xIn0' }],
      ['an unknown filter', { reporterId: '1' }], // orgUnitId is a filter now (the drill-down)
    ])('refuses %s with 400', async (_case, query) => {
      const response = await system.http.get('/api/v1/pages').query(query).set(bearer(adminToken));
      expect(response.status).toBe(400);
    });
  });

  describe('takedown package', () => {
    let caseId: string;
    let hashes: string[];
    const url = `https://www.facebook.com/trang.lua.dao.${unique()}`;

    beforeAll(async () => {
      const first = await file(reporterA1, url, 'scam', 'Trang giả mạo cơ quan nhà nước để lừa đảo');
      const second = await file(reporterB, url, 'scam', 'Kêu gọi chuyển tiền');
      caseId = (await linkedCases(system, [first.body.id, second.body.id]))[first.body.id];
      hashes = [];
      for (const [who, reportId, content] of [
        [reporterA1, first.body.id, minimalPng(3, 2, 1)],
        [reporterB, second.body.id, minimalPdf()],
      ] as [Person, string, Buffer][]) {
        const uploaded = await system.http
          .post(`/api/v1/reports/${reportId}/evidence`)
          .set(bearer(who.token))
          .attach('file', content, 'bang-chung.bin');
        expect(uploaded.status).toBe(201);
        hashes.push(uploaded.body.sha256);
      }
    });

    const download = (token: string) =>
      system.http
        .get(`/api/v1/pages/${caseId}/package`)
        .set(bearer(token))
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });

    async function documentText(content: Buffer): Promise<string> {
      const zip = await JSZip.loadAsync(content);
      const xml = await zip.file('word/document.xml')?.async('string');
      if (!xml) throw new Error('the package has no word/document.xml');
      return xml;
    }

    it('answers 404 before the case reaches removal_requested', async () => {
      expect((await download(secretariatA.token)).status).toBe(404);
      expect((await patch(secretariatA.token, caseId, { status: 'verified' })).status).toBe(200);
      expect((await download(secretariatA.token)).status).toBe(404);
    });

    it('is built by a job when the case reaches removal_requested, and holds the URL and its reader’s evidence hashes', async () => {
      const moved = await patch(secretariatA.token, caseId, { status: 'removal_requested', platformRef: 'FB-123456' });
      expect(moved.status).toBe(200);
      const built = await eventually(
        () => system.db.query(`SELECT count(*)::int AS n FROM page_packages WHERE page_case_id = $1`, [caseId]) as Promise<{ n: number }[]>,
        (rows) => rows[0].n === 1,
        30_000,
      );
      expect(built[0].n).toBe(1);
      const response = await download(secretariatA.token);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(response.headers['content-disposition']).toBe(`attachment; filename="ho-so-go-bo-trang-${caseId}.docx"`);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const xml = await documentText(response.body as Buffer);
      expect(xml).toContain(url.replace('https://www.', 'https://'));
      expect(hashes).toHaveLength(2);
      // Built for its reader (ADR 013): A's report and evidence are named, B's subtree's only counted.
      expect(xml).toContain(hashes[0]);
      expect(xml).not.toContain(hashes[1]);
      for (const text of ['Trang giả mạo cơ quan nhà nước để lừa đảo', 'FB-123456', 'Lừa đảo']) {
        expect(xml).toContain(text);
      }
      expect(xml).not.toContain('Kêu gọi chuyển tiền');
    });

    it('is built on demand when the stored one is missing (job not run yet, or Redis lost it)', async () => {
      await jobsIdle(system);
      await system.db.query(`DELETE FROM page_packages WHERE page_case_id = $1`, [caseId]);
      const response = await download(adminToken);
      expect(response.status).toBe(200);
      const xml = await documentText(response.body as Buffer);
      for (const hash of hashes) expect(xml).toContain(hash);
      expect(await countRows(system, 'page_packages')).toBeGreaterThanOrEqual(1);
    });

    it.each<[string, number, () => string]>([
      ['a leader of the subtree', 200, () => leaderA.token],
      ['another subtree’s secretariat whose collaborator reported it', 200, () => secretariatB.token],
      ['a collaborator, even a reporter', 403, () => reporterA1.token],
    ])('answers %s with %i', async (_case, status, token) => {
      expect((await download(token())).status).toBe(status);
    });

    it('answers 404 to a secretariat who can see none of its reports', async () => {
      const other = await newCase(reporterB);
      await patch(secretariatB.token, other, { status: 'verified' });
      await patch(secretariatB.token, other, { status: 'removal_requested' });
      const response = await system.http.get(`/api/v1/pages/${other}/package`).set(bearer(secretariatA.token));
      expect(response.status).toBe(404);
    });
  });

  describe('re-check of removal requests', () => {
    const recheck = () => system.app.get(PageRecheckProcessor).handle(execution('pages.recheck', {}));
    const backdate = (id: string, days: number) =>
      system.db.query(
        `UPDATE page_case_events SET created_at = now() - make_interval(days => $2::int)
          WHERE page_case_id = $1 AND to_status = 'removal_requested'`,
        [id, days],
      );
    const due = async (token = secretariatA.token) => {
      const response = await system.http.get('/api/v1/pages').query({ due: 'true', limit: 200 }).set(bearer(token));
      expect(response.status).toBe(200);
      return response.body.items.map((c: { id: string }) => c.id) as string[];
    };

    it('marks cases in removal_requested for longer than TAKEDOWN_RECHECK_DAYS, once, and clears the mark on a change', async () => {
      expect(system.config.takedownRecheckDays).toBe(7);
      const old = await newCase();
      const recent = await newCase();
      const verifiedLongAgo = await newCase();
      await moveTo(old, 'removal_requested');
      await moveTo(recent, 'removal_requested');
      await moveTo(verifiedLongAgo, 'verified');
      await backdate(old, 8);
      await backdate(recent, 6);
      await system.db.query(`UPDATE page_case_events SET created_at = now() - interval '30 days' WHERE page_case_id = $1`, [
        verifiedLongAgo,
      ]);
      expect(await due()).not.toContain(old);

      const first = await recheck();
      expect(first.marked).toBeGreaterThanOrEqual(1);
      expect(await due()).toContain(old);
      expect(await due()).not.toContain(recent);
      expect(await due()).not.toContain(verifiedLongAgo);
      const shown = await system.http.get(`/api/v1/pages/${old}`).set(bearer(secretariatA.token));
      expect(shown.body).toMatchObject({ status: 'removal_requested', dueForRecheck: true });
      const [marked] = (await system.db.query(`SELECT due_for_recheck_at AS at FROM page_case_tracks WHERE page_case_id = $1`, [old])) as {
        at: Date;
      }[];

      expect(await recheck()).toEqual({ marked: 0 });
      const [again] = (await system.db.query(`SELECT due_for_recheck_at AS at FROM page_case_tracks WHERE page_case_id = $1`, [old])) as {
        at: Date;
      }[];
      expect(again.at).toEqual(marked.at);

      expect((await patch(secretariatA.token, old, { status: 'still_online', note: 'Trang vẫn hoạt động' })).status).toBe(200);
      expect(await due()).not.toContain(old);
      expect((await system.http.get(`/api/v1/pages/${old}`).set(bearer(secretariatA.token))).body.dueForRecheck).toBe(false);
      expect(await recheck()).toEqual({ marked: 0 });
    });

    it('runs on a schedule in ORG_TIMEZONE that several workers register only once, each tick a recorded job', async () => {
      const scheduler = system.app.get(JobScheduler);
      await scheduler.register();
      await scheduler.register();
      const schedules = await scheduler.schedules();
      expect(schedules.map((s) => s.key).sort()).toEqual(['pages.recheck', 'stats.expire-exports']);
      expect(schedules.find((s) => s.key === 'pages.recheck')).toMatchObject({
        name: 'pages.recheck',
        pattern: '0 6 * * *',
        tz: 'Asia/Ho_Chi_Minh',
      });
      const job = await scheduler.tick('pages.recheck');
      const done = await eventually(
        () => system.db.query(`SELECT status, result FROM jobs WHERE id = $1`, [job.id]) as Promise<{ status: string; result: unknown }[]>,
        (rows) => rows[0]?.status === 'done',
        30_000,
      );
      expect(done[0]).toEqual({ status: 'done', result: { marked: expect.any(Number) } });
    });
  });
});

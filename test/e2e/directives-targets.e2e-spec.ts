import { randomBytes } from 'node:crypto';
import { Response } from 'supertest';
import {
  bearer,
  countRows,
  createUnit,
  createUser,
  login,
  seedAdmin,
  snapshotCounts,
  startTestSystem,
  TestSystem,
} from '../support';

/**
 * Directives, yearly targets and /me/progress over HTTP.
 *
 *   root ─┬─ A (secA, leadA, colA) ─┬─ A1 (colA1)
 *         │                         └─ A2 (colA2)
 *         └─ B (secB)
 */

const unique = () => randomBytes(4).toString('hex');

type Who = 'admin' | 'secA' | 'leadA' | 'colA' | 'colA1' | 'colA2' | 'secB';

describe('directives, targets and progress', () => {
  let system: TestSystem;
  const unit = {} as Record<'root' | 'A' | 'A1' | 'A2' | 'B', string>;
  const token = {} as Record<Who, string>;
  const userId = {} as Record<Who, string>;

  const http = () => system.http;
  const as = (who: Who) => bearer(token[who]);
  const put = (who: Who, year: number | string, body: Record<string, unknown>) =>
    http().put(`/api/v1/targets/${year}`).set(as(who)).send(body);

  /** Row counts of everything these requests could write. */
  async function counts(): Promise<Record<string, number>> {
    const all = await snapshotCounts(system);
    for (const table of ['surveys', 'questionnaires', 'directives', 'targets', 'figure_changes', 'actions']) {
      all[table] = await countRows(system, table);
    }
    return all;
  }

  beforeAll(async () => {
    // No worker: nothing may consume figure_changes while the tests read them.
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    token.admin = admin.token;
    unit.root = admin.rootUnitId;
    userId.admin = (await http().get('/api/v1/me').set(bearer(admin.token))).body.id;
    unit.A = (await createUnit(system, `A ${unique()}`, unit.root)).id;
    unit.A1 = (await createUnit(system, `A1 ${unique()}`, unit.A)).id;
    unit.A2 = (await createUnit(system, `A2 ${unique()}`, unit.A)).id;
    unit.B = (await createUnit(system, `B ${unique()}`, unit.root)).id;
    const people: [Who, string, ('collaborator' | 'secretariat' | 'leader')[]][] = [
      ['secA', unit.A, ['secretariat']],
      ['leadA', unit.A, ['leader']],
      ['colA', unit.A, ['collaborator']],
      ['colA1', unit.A1, ['collaborator']],
      ['colA2', unit.A2, ['collaborator']],
      ['secB', unit.B, ['secretariat']],
    ];
    for (const [who, unitId, roles] of people) {
      const user = await createUser(system, unitId, roles);
      userId[who] = user.id;
      token[who] = await login(system.http, user.username);
    }
  });
  afterAll(() => system?.close());

  describe('directives', () => {
    const post = (who: Who, body: Record<string, unknown>) => http().post('/api/v1/directives').set(as(who)).send(body);

    it('creates a directive stamped with the creator’s unit, audited, with a figure change on its issue date', async () => {
      const before = await counts();
      const response = await post('secA', { number: '15-CV/ĐUK', title: 'Hướng dẫn đấu tranh phản bác', issuedOn: '2023-03-15' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        number: '15-CV/ĐUK',
        title: 'Hướng dẫn đấu tranh phản bác',
        issuedOn: '2023-03-15',
        orgUnitId: unit.A,
        createdBy: userId.secA,
        createdAt: expect.any(String),
      });
      const after = await counts();
      expect(after.directives - before.directives).toBe(1);
      expect(after.audit_log - before.audit_log).toBe(1);
      expect(after.figure_changes - before.figure_changes).toBe(1);
      const [change] = await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day, family FROM figure_changes ORDER BY id DESC LIMIT 1`,
      );
      expect(change).toEqual({ unit: unit.A, day: '2023-03-15', family: 'directives' });
      const [audit] = await system.db.query(`SELECT action, entity_id AS "entityId" FROM audit_log ORDER BY id DESC LIMIT 1`);
      expect(audit).toEqual({ action: 'directive.create', entityId: response.body.id });
    });

    it('accepts a directive without a number', async () => {
      const response = await post('secB', { title: 'Kế hoạch tuyên truyền', issuedOn: '2023-12-31' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ number: null, orgUnitId: unit.B, issuedOn: '2023-12-31' });
    });

    it('stores an NFD title in NFC', async () => {
      const title = 'Chỉ thị về công tác bảo vệ nền tảng tư tưởng';
      const response = await post('secA', { title: title.normalize('NFD'), issuedOn: '2023-05-05' });
      expect(response.status).toBe(201);
      const [row] = await system.db.query(`SELECT title FROM directives WHERE id = $1`, [response.body.id]);
      expect(row.title).toBe(title.normalize('NFC'));
      expect(row.title).not.toBe(title.normalize('NFD'));
    });

    it.each(['colA', 'leadA'] as const)('refuses a %s (403), writing nothing', async (who) => {
      const before = await counts();
      expect((await post(who, { title: 'Không được', issuedOn: '2023-01-01' })).status).toBe(403);
      expect(await counts()).toEqual(before);
    });

    const BAD: [string, Record<string, unknown>, string][] = [
      ['a mass-assigned orgUnitId', { title: 'Văn bản', issuedOn: '2023-01-01', orgUnitId: '1' }, 'orgUnitId'],
      ['a mass-assigned createdBy', { title: 'Văn bản', issuedOn: '2023-01-01', createdBy: '1' }, 'createdBy'],
      ['issuedOn 2023-02-30', { title: 'Văn bản', issuedOn: '2023-02-30' }, 'issuedOn'],
      ['issuedOn 2023-02-29 (not a leap year)', { title: 'Văn bản', issuedOn: '2023-02-29' }, 'issuedOn'],
      ['issuedOn 2023-6-1', { title: 'Văn bản', issuedOn: '2023-6-1' }, 'issuedOn'],
      ['issuedOn in 1999', { title: 'Văn bản', issuedOn: '1999-12-31' }, 'issuedOn'],
      ['a missing issuedOn', { title: 'Văn bản' }, 'issuedOn'],
      ['an empty title', { title: '', issuedOn: '2023-01-01' }, 'title'],
      ['a title of 501 characters', { title: 'x'.repeat(501), issuedOn: '2023-01-01' }, 'title'],
      ['a number of 101 characters', { number: 'x'.repeat(101), title: 'Văn bản', issuedOn: '2023-01-01' }, 'number'],
      ['a numeric number', { number: 15, title: 'Văn bản', issuedOn: '2023-01-01' }, 'number'],
    ];
    it.each(BAD)('refuses %s with a 400 naming the field, writing nothing', async (_case, body, field) => {
      const before = await counts();
      const response = await post('secA', body);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('accepts 29 February in a leap year', async () => {
      expect((await post('secA', { title: 'Năm nhuận', issuedOn: '2024-02-29' })).status).toBe(201);
    });

    async function listAll(who: Who, query: Record<string, unknown> = {}): Promise<{ id: string; orgUnitId: string; issuedOn: string }[]> {
      const items: { id: string; orgUnitId: string; issuedOn: string }[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const response: Response = await http()
          .get('/api/v1/directives')
          .query({ ...query, limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(who));
        expect(response.status).toBe(200);
        items.push(...response.body.items);
        if (response.body.nextCursor === null) return items;
        cursor = response.body.nextCursor;
      }
      throw new Error('too many pages');
    }

    it('lists the directives of units in scope, optionally for one year', async () => {
      const ofA1 = await post('admin', { title: 'Ghi nhận hộ A1', issuedOn: '2023-08-08' });
      expect(ofA1.body.orgUnitId).toBe(unit.root);
      const all = (await system.db.query(
        `SELECT id::text AS id, org_unit_id::text AS unit, issued_on::text AS day FROM directives ORDER BY id`,
      )) as { id: string; unit: string; day: string }[];

      const secA = await listAll('secA');
      expect(secA.map((d) => d.id)).toEqual(all.filter((d) => d.unit === unit.A).map((d) => d.id));
      const leadA = await listAll('leadA');
      expect(leadA.map((d) => d.id)).toEqual(secA.map((d) => d.id));
      const secB = await listAll('secB');
      expect(secB.map((d) => d.id)).toEqual(all.filter((d) => d.unit === unit.B).map((d) => d.id));
      const admin = await listAll('admin');
      expect(admin.map((d) => d.id)).toEqual(all.map((d) => d.id));

      const in2023 = await listAll('secA', { year: 2023 });
      expect(in2023.map((d) => d.id)).toEqual(all.filter((d) => d.unit === unit.A && d.day.startsWith('2023')).map((d) => d.id));
      expect(in2023.length).toBeGreaterThan(0);
      expect(in2023.length).toBeLessThan(secA.length);
    });

    it('refuses a collaborator (403) and a bad year (400)', async () => {
      expect((await http().get('/api/v1/directives').set(as('colA'))).status).toBe(403);
      expect((await http().get('/api/v1/directives').query({ year: 1999 }).set(as('secA'))).status).toBe(400);
      expect((await http().get('/api/v1/directives').query({ year: 'abc' }).set(as('secA'))).status).toBe(400);
    });
  });

  describe('targets', () => {

    it('sets a target (200), then replaces it in place, auditing both', async () => {
      const before = await counts();
      const first = await put('secA', 2030, { orgUnitId: unit.A, perMember: 100, actionTypes: ['post', 'share'] });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        year: 2030,
        orgUnitId: unit.A,
        perMember: 100,
        actionTypes: ['share', 'post'],
        setBy: userId.secA,
        updatedAt: expect.any(String),
      });
      const second = await put('secA', 2030, { orgUnitId: unit.A, perMember: 120, actionTypes: ['comment'] });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: first.body.id, perMember: 120, actionTypes: ['comment'] });
      const after = await counts();
      expect(after.targets - before.targets).toBe(1);
      expect(after.audit_log - before.audit_log).toBe(2);
      const audits = await system.db.query(
        `SELECT action FROM audit_log WHERE entity_type = 'target' AND entity_id = $1 ORDER BY id`,
        [first.body.id],
      );
      expect(audits.map((a: { action: string }) => a.action)).toEqual(['target.create', 'target.update']);
    });

    it('lets a secretariat set targets in its subtree and an admin anywhere', async () => {
      expect((await put('secA', 2030, { orgUnitId: unit.A1, perMember: 5, actionTypes: ['share'] })).status).toBe(200);
      expect((await put('admin', 2030, { orgUnitId: unit.B, perMember: 7, actionTypes: ['reaction'] })).status).toBe(200);
    });

    it.each<[string, Who, () => string, number]>([
      ['a secretariat for another subtree', 'secA', () => unit.B, 404],
      ['a secretariat for its parent', 'secA', () => unit.root, 404],
      ['another subtree’s secretariat', 'secB', () => unit.A, 404],
      ['an unknown unit', 'admin', () => '999999999', 404],
      ['a leader', 'leadA', () => unit.A, 403],
      ['a collaborator', 'colA', () => unit.A, 403],
    ])('refuses %s, writing nothing', async (_case, who, orgUnitId, status) => {
      const before = await counts();
      const response = await put(who, 2031, { orgUnitId: orgUnitId(), perMember: 10, actionTypes: ['share'] });
      expect(response.status).toBe(status);
      if (status === 404) expect(response.body.field).toBe('orgUnitId');
      expect(await counts()).toEqual(before);
    });

    const valid = () => ({ orgUnitId: unit.A, perMember: 100, actionTypes: ['share'] });
    const BAD: [string, number | string, () => Record<string, unknown>, string][] = [
      ['perMember 0', 2032, () => ({ ...valid(), perMember: 0 }), 'perMember'],
      ['perMember 1,000,001', 2032, () => ({ ...valid(), perMember: 1_000_001 }), 'perMember'],
      ['a fractional perMember', 2032, () => ({ ...valid(), perMember: 1.5 }), 'perMember'],
      ['perMember as text', 2032, () => ({ ...valid(), perMember: '100' }), 'perMember'],
      ['an unknown action type', 2032, () => ({ ...valid(), actionTypes: ['share', 'like'] }), 'actionTypes'],
      ['no action types', 2032, () => ({ ...valid(), actionTypes: [] }), 'actionTypes'],
      ['a repeated action type', 2032, () => ({ ...valid(), actionTypes: ['share', 'share'] }), 'actionTypes'],
      ['a missing orgUnitId', 2032, () => ({ perMember: 1, actionTypes: ['share'] }), 'orgUnitId'],
      ['an unknown field', 2032, () => ({ ...valid(), year: 2032 }), 'year'],
      ['year 1999', 1999, valid, 'year'],
      ['year 2101', 2101, valid, 'year'],
      ['a year that is not a number', 'abc', valid, 'year'],
      ['a fractional year', '2024.5', valid, 'year'],
    ];
    it.each(BAD)('refuses %s with a 400 naming the field, writing nothing', async (_case, year, body, field) => {
      const before = await counts();
      const response = await put('secA', year, body());
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('lists the targets of units in scope for a year', async () => {
      await put('secB', 2033, { orgUnitId: unit.B, perMember: 9, actionTypes: ['post'] });
      await put('secA', 2033, { orgUnitId: unit.A2, perMember: 8, actionTypes: ['post'] });
      const list = async (who: Who, year: number) => {
        const response = await http().get('/api/v1/targets').query({ year }).set(as(who));
        expect(response.status).toBe(200);
        expect(response.body.nextCursor).toBeNull();
        return response.body.items.map((t: { orgUnitId: string; year: number }) => `${t.year}/${t.orgUnitId}`);
      };
      expect(await list('secA', 2033)).toEqual([`2033/${unit.A2}`]);
      expect(await list('leadA', 2033)).toEqual([`2033/${unit.A2}`]);
      expect(await list('secB', 2033)).toEqual([`2033/${unit.B}`]);
      expect((await list('admin', 2033)).sort()).toEqual([`2033/${unit.A2}`, `2033/${unit.B}`].sort());
      expect((await list('secA', 2030)).sort()).toEqual([`2030/${unit.A}`, `2030/${unit.A1}`].sort());
      expect((await http().get('/api/v1/targets').set(as('colA'))).status).toBe(403);
      expect((await http().get('/api/v1/targets').query({ year: 1999 }).set(as('secA'))).status).toBe(400);
    });
  });

  describe('GET /me/progress', () => {
    const progress = (who: Who, year: number | string | undefined) => {
      const request = http().get('/api/v1/me/progress').set(as(who));
      return year === undefined ? request : request.query({ year });
    };

    /** Inserts actions directly, as the actions API would have stamped them. */
    async function act(who: Who, unitId: string, rows: [string, string][]): Promise<void> {
      for (const [type, occurredAt] of rows) {
        await system.db.query(
          `INSERT INTO actions (user_id, org_unit_id, type, platform, url, reach, occurred_at)
           VALUES ($1, $2, $3, 'facebook', $4, 10, $5)`,
          [userId[who], unitId, type, `https://facebook.com/posts/${unique()}`, occurredAt],
        );
      }
    }

    beforeAll(async () => {
      expect(system.config.orgTimezone).toBe('Asia/Ho_Chi_Minh');
      // A's target for 2024 covers the whole subtree; A1 has its own, nearer one.
      expect((await put('secA', 2024, { orgUnitId: unit.A, perMember: 5, actionTypes: ['share', 'post'] })).status).toBe(200);
      expect((await put('secA', 2024, { orgUnitId: unit.A1, perMember: 6, actionTypes: ['comment'] })).status).toBe(200);
      // Another subtree's target must never apply to A's members.
      expect((await put('admin', 2024, { orgUnitId: unit.B, perMember: 1, actionTypes: ['reaction'] })).status).toBe(200);

      await act('colA1', unit.A1, [
        ['comment', '2023-12-31T16:59:59Z'], // 23:59:59 on 31 Dec 2023 in +07: 2023
        ['share', '2023-12-31T16:59:59Z'], // 2023
        ['comment', '2023-12-31T17:00:00Z'], // 00:00 on 1 Jan 2024 in +07: 2024
        ['comment', '2023-12-31T18:00:00Z'], // 01:00 on 1 Jan 2024 in +07 (SPEC's example): 2024
        ['comment', '2024-07-01T03:00:00Z'], // 2024
        ['comment', '2024-12-31T16:59:59Z'], // last second of 2024 in +07
        ['comment', '2024-12-31T17:00:00Z'], // 2025
        ['reaction', '2024-06-01T00:00:00Z'], // 2024, but not a type of A1's target
        ['share', '2024-06-01T00:00:00Z'], // 2024, but not a type of A1's target
      ]);
      await act('colA2', unit.A2, [
        ['share', '2023-12-31T17:00:00Z'], // 2024
        ['post', '2024-03-01T02:00:00Z'], // 2024
        ['comment', '2024-03-01T02:00:00Z'], // 2024, not a type of A's target
        ['share', '2023-12-31T16:59:59Z'], // 2023
      ]);
      // Someone else's actions in the same unit never count for colA1.
      await act('colA', unit.A1, [['comment', '2024-05-05T05:05:05Z']]);
      await act('colA', unit.A, Array.from({ length: 6 }, (): [string, string] => ['post', '2024-02-02T02:02:02Z']));
    });

    it('counts my actions of the nearest target’s types inside the year in ORG_TIMEZONE', async () => {
      const response = await progress('colA1', 2024);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        year: 2024,
        actions: 4,
        perMember: 6,
        remaining: 2,
        actionTypes: ['comment'],
        targetOrgUnitId: unit.A1,
      });
    });

    it('falls back to the target of an ancestor unit', async () => {
      const response = await progress('colA2', 2024);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        year: 2024,
        actions: 2,
        perMember: 5,
        remaining: 3,
        actionTypes: ['share', 'post'],
        targetOrgUnitId: unit.A,
      });
    });

    it('never answers a negative remainder', async () => {
      const response = await progress('colA', 2024);
      expect(response.body).toMatchObject({ actions: 6, perMember: 5, remaining: 0, targetOrgUnitId: unit.A });
    });

    it('counts every action of the year when no target is in force', async () => {
      const in2023 = await progress('colA1', 2023);
      expect(in2023.status).toBe(200);
      expect(in2023.body).toEqual({ year: 2023, actions: 2, perMember: null, remaining: null, actionTypes: null, targetOrgUnitId: null });
      const in2025 = await progress('colA1', 2025);
      expect(in2025.body).toMatchObject({ actions: 1, perMember: null, remaining: null });
      const admin = await progress('admin', 2024);
      expect(admin.body).toEqual({ year: 2024, actions: 0, perMember: null, remaining: null, actionTypes: null, targetOrgUnitId: null });
    });

    it('is open to every role', async () => {
      for (const who of ['secA', 'leadA', 'secB'] as const) {
        const response = await progress(who, 2024);
        expect(response.status).toBe(200);
      }
      expect((await progress('secB', 2024)).body).toMatchObject({ perMember: 1, targetOrgUnitId: unit.B });
      expect((await progress('leadA', 2024)).body).toMatchObject({ perMember: 5, targetOrgUnitId: unit.A });
    });

    it.each<[string, number | string | undefined]>([
      ['a missing year', undefined],
      ['year 1999', 1999],
      ['year 2101', 2101],
      ['a year that is not a number', 'năm nay'],
    ])('refuses %s with a 400 naming year', async (_case, year) => {
      const response = await progress('colA1', year);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('year');
    });

    it('refuses an unknown query field', async () => {
      expect((await http().get('/api/v1/me/progress').query({ year: 2024, userId: userId.colA2 }).set(as('colA1'))).status).toBe(400);
    });
  });
});

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
 * Surveys, questionnaires and results over HTTP.
 *
 *   root ─┬─ A (secA, leadA, colLeadA) ─┬─ A1 (colA1)
 *         │                             ├─ A2 (colA2)
 *         │                             └─ A3
 *         └─ B (secB) ── B1 (colB1)
 */

const unique = () => randomBytes(4).toString('hex');

describe('surveys and questionnaires', () => {
  let system: TestSystem;
  const unit = {} as Record<'root' | 'A' | 'A1' | 'A2' | 'A3' | 'B' | 'B1', string>;
  const token = {} as Record<'admin' | 'secA' | 'leadA' | 'colLeadA' | 'colA1' | 'colA2' | 'secB' | 'colB1', string>;
  const userId = {} as Record<'colA1' | 'secA', string>;

  const http = () => system.http;
  const as = (who: keyof typeof token) => bearer(token[who]);

  /** Row counts of everything a survey request could write. */
  async function counts(): Promise<Record<string, number>> {
    const all = await snapshotCounts(system);
    for (const table of ['surveys', 'survey_units', 'questionnaires', 'directives', 'targets', 'figure_changes']) {
      all[table] = await countRows(system, table);
    }
    return all;
  }

  async function createSurvey(who: keyof typeof token, body: Record<string, unknown>): Promise<Response> {
    return http().post('/api/v1/surveys').set(as(who)).send(body);
  }

  /** A survey by secA over A1, A2, A3 with a 3-option choice, a text and a 2-option choice question. */
  async function surveyOfA(startsOn = '2023-06-01'): Promise<{ id: string; startsOn: string }> {
    const response = await createSurvey('secA', {
      title: `Khảo sát ${unique()}`,
      startsOn,
      orgUnitIds: [unit.A1, unit.A2, unit.A3],
      questions: [
        { text: 'Đồng chí có đọc tin trên trang của Đảng bộ không?', kind: 'choice', options: ['Có', 'Không', 'Thỉnh thoảng'] },
        { text: 'Góp ý', kind: 'text' },
        { text: 'Có dùng Zalo không?', kind: 'choice', options: ['Có', 'Không'] },
      ],
    });
    expect(response.status).toBe(201);
    return { id: response.body.id, startsOn };
  }

  const enter = (who: keyof typeof token, surveyId: string, body: Record<string, unknown>, key?: string) => {
    const request = http().post(`/api/v1/surveys/${surveyId}/questionnaires`).set(as(who));
    if (key !== undefined) void request.set('Idempotency-Key', key);
    return request.send(body);
  };

  beforeAll(async () => {
    // No worker: nothing may consume figure_changes while the tests read them.
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    token.admin = admin.token;
    unit.root = admin.rootUnitId;
    unit.A = (await createUnit(system, `A ${unique()}`, unit.root)).id;
    unit.A1 = (await createUnit(system, `A1 ${unique()}`, unit.A)).id;
    unit.A2 = (await createUnit(system, `A2 ${unique()}`, unit.A)).id;
    unit.A3 = (await createUnit(system, `A3 ${unique()}`, unit.A)).id;
    unit.B = (await createUnit(system, `B ${unique()}`, unit.root)).id;
    unit.B1 = (await createUnit(system, `B1 ${unique()}`, unit.B)).id;
    const people: [keyof typeof token, string, ('collaborator' | 'secretariat' | 'leader')[]][] = [
      ['secA', unit.A, ['secretariat']],
      ['leadA', unit.A, ['leader']],
      ['colLeadA', unit.A, ['collaborator', 'leader']],
      ['colA1', unit.A1, ['collaborator']],
      ['colA2', unit.A2, ['collaborator']],
      ['secB', unit.B, ['secretariat']],
      ['colB1', unit.B1, ['collaborator']],
    ];
    for (const [who, unitId, roles] of people) {
      const user = await createUser(system, unitId, roles);
      if (who === 'colA1' || who === 'secA') userId[who] = user.id;
      token[who] = await login(system.http, user.username);
    }
  });
  afterAll(() => system?.close());

  describe('POST /surveys', () => {
    it('creates a survey stamped with the creator’s unit, with question ids, audit and a figure change', async () => {
      const before = await counts();
      const response = await createSurvey('secA', {
        title: 'Điều tra dư luận xã hội năm 2023',
        startsOn: '2023-06-01',
        endsOn: '2023-06-30',
        orgUnitIds: [unit.A2, unit.A1],
        questions: [
          { text: 'Đồng chí có chia sẻ tin bài không?', kind: 'choice', options: ['Có', 'Không'] },
          { text: 'Ý kiến khác', kind: 'text' },
        ],
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        title: 'Điều tra dư luận xã hội năm 2023',
        orgUnitId: unit.A,
        startsOn: '2023-06-01',
        endsOn: '2023-06-30',
        orgUnitIds: [unit.A1, unit.A2].sort((a, b) => Number(a) - Number(b)),
        unitCount: 2,
        questions: [
          { id: 'q1', text: 'Đồng chí có chia sẻ tin bài không?', kind: 'choice', options: ['Có', 'Không'] },
          { id: 'q2', text: 'Ý kiến khác', kind: 'text' },
        ],
        createdBy: userId.secA,
        createdAt: expect.any(String),
      });
      expect(Number.isNaN(Date.parse(response.body.createdAt))).toBe(false);

      const after = await counts();
      expect(after.surveys - before.surveys).toBe(1);
      expect(after.survey_units - before.survey_units).toBe(2);
      expect(after.audit_log - before.audit_log).toBe(1);
      expect(after.figure_changes - before.figure_changes).toBe(1);
      const [row] = await system.db.query(
        `SELECT org_unit_id::text AS unit, starts_on::text AS "startsOn" FROM surveys WHERE id = $1`,
        [response.body.id],
      );
      expect(row).toEqual({ unit: unit.A, startsOn: '2023-06-01' });
      const [change] = await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day, family FROM figure_changes ORDER BY id DESC LIMIT 1`,
      );
      expect(change).toEqual({ unit: unit.A, day: '2023-06-01', family: 'surveys' });
      const [audit] = await system.db.query(
        `SELECT action, entity_id AS "entityId", actor_id::text AS actor FROM audit_log ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toEqual({ action: 'survey.create', entityId: response.body.id, actor: userId.secA });
    });

    it('lets an admin create a survey over units of two subtrees, stamped with the admin’s unit', async () => {
      const response = await createSurvey('admin', {
        title: 'Khảo sát liên khối',
        startsOn: '2024-01-01',
        orgUnitIds: [unit.A1, unit.B1],
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ orgUnitId: unit.root, endsOn: null, questions: [], unitCount: 2 });
    });

    it('stores an NFD title in NFC', async () => {
      const title = 'Khảo sát ý kiến đoàn viên';
      const response = await createSurvey('secA', {
        title: title.normalize('NFD'),
        startsOn: '2023-07-01',
        orgUnitIds: [unit.A1],
      });
      expect(response.status).toBe(201);
      expect(response.body.title).toBe(title.normalize('NFC'));
      const [row] = await system.db.query(`SELECT title FROM surveys WHERE id = $1`, [response.body.id]);
      expect(row.title).toBe(title.normalize('NFC'));
      expect(row.title).not.toBe(title.normalize('NFD'));
    });

    it('answers 404 naming orgUnitIds when a participating unit lies outside the creator’s scope, writing nothing', async () => {
      for (const outside of [unit.B1, unit.root, '999999999']) {
        const before = await counts();
        const response = await createSurvey('secA', {
          title: 'Ngoài phạm vi',
          startsOn: '2023-06-01',
          orgUnitIds: [unit.A1, outside],
        });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ statusCode: 404, field: 'orgUnitIds' });
        expect(response.body.message).toContain('orgUnitIds');
        expect(await counts()).toEqual(before);
      }
    });

    it.each(['colA1', 'leadA'] as const)('refuses a %s (403) and writes nothing', async (who) => {
      const before = await counts();
      const response = await createSurvey(who, { title: 'Không được', startsOn: '2023-06-01', orgUnitIds: [unit.A1] });
      expect(response.status).toBe(403);
      expect(await counts()).toEqual(before);
    });

    const valid = () => ({ title: 'Khảo sát', startsOn: '2023-06-01', orgUnitIds: [unit.A1] });
    const choice = (options: string[]) => ({ text: 'Câu hỏi', kind: 'choice', options });
    const BAD: [string, () => Record<string, unknown>, string][] = [
      ['startsOn 2023-02-30', () => ({ ...valid(), startsOn: '2023-02-30' }), 'startsOn'],
      ['startsOn 2023-13-01', () => ({ ...valid(), startsOn: '2023-13-01' }), 'startsOn'],
      ['startsOn with a time', () => ({ ...valid(), startsOn: '2023-06-01T00:00:00Z' }), 'startsOn'],
      ['startsOn in 1999', () => ({ ...valid(), startsOn: '1999-12-31' }), 'startsOn'],
      ['endsOn 2023-04-31', () => ({ ...valid(), endsOn: '2023-04-31' }), 'endsOn'],
      ['endsOn before startsOn', () => ({ ...valid(), endsOn: '2023-05-31' }), 'endsOn'],
      ['a missing title', () => ({ startsOn: '2023-06-01', orgUnitIds: [unit.A1] }), 'title'],
      ['an empty title', () => ({ ...valid(), title: '' }), 'title'],
      ['a title of 301 characters', () => ({ ...valid(), title: 'x'.repeat(301) }), 'title'],
      ['an unknown field', () => ({ ...valid(), status: 'open' }), 'status'],
      ['a mass-assigned orgUnitId', () => ({ ...valid(), orgUnitId: unit.A1 }), 'orgUnitId'],
      ['a mass-assigned createdBy', () => ({ ...valid(), createdBy: '1' }), 'createdBy'],
      ['no participating units', () => ({ ...valid(), orgUnitIds: [] }), 'orgUnitIds'],
      ['a repeated participating unit', () => ({ ...valid(), orgUnitIds: [unit.A1, unit.A1] }), 'orgUnitIds'],
      ['a unit id that is not an id', () => ({ ...valid(), orgUnitIds: ['A1'] }), 'orgUnitIds'],
      ['1001 participating units', () => ({ ...valid(), orgUnitIds: Array.from({ length: 1001 }, (_, i) => String(i + 1)) }), 'orgUnitIds'],
      ['a choice question with one option', () => ({ ...valid(), questions: [choice(['Có'])] }), 'questions.0.options'],
      ['a choice question with 21 options', () => ({ ...valid(), questions: [choice(Array.from({ length: 21 }, (_, i) => `o${i}`))] }), 'questions.0.options'],
      ['a choice question without options', () => ({ ...valid(), questions: [{ text: 'Câu hỏi', kind: 'choice' }] }), 'questions.0.options'],
      ['a text question with options', () => ({ ...valid(), questions: [{ text: 'Câu hỏi', kind: 'text', options: ['a', 'b'] }] }), 'questions.0.options'],
      ['an unknown question kind', () => ({ ...valid(), questions: [{ text: 'Câu hỏi', kind: 'scale' }] }), 'kind'],
      ['an empty question text', () => ({ ...valid(), questions: [{ text: '', kind: 'text' }] }), 'text'],
      ['a question text of 1001 characters', () => ({ ...valid(), questions: [{ text: 'x'.repeat(1001), kind: 'text' }] }), 'text'],
      ['an unknown field in a question', () => ({ ...valid(), questions: [{ text: 'Câu hỏi', kind: 'text', id: 'q7' }] }), 'id'],
      ['101 questions', () => ({ ...valid(), questions: Array.from({ length: 101 }, () => ({ text: 'Câu hỏi', kind: 'text' })) }), 'questions'],
      ['a question that is an empty array', () => ({ ...valid(), questions: [[]] }), 'questions'],
      ['a question that is an array of questions', () => ({ ...valid(), questions: [[{ text: 'Câu hỏi', kind: 'text' }]] }), 'questions'],
      ['a question that is null', () => ({ ...valid(), questions: [null] }), 'questions'],
      ['a question that is a string', () => ({ ...valid(), questions: ['Câu hỏi'] }), 'questions'],
      ['a question that is a number', () => ({ ...valid(), questions: [5] }), 'questions'],
      ['a question that is a boolean', () => ({ ...valid(), questions: [true] }), 'questions'],
      ['questions that is an object', () => ({ ...valid(), questions: { 0: { text: 'Câu hỏi', kind: 'text' } } }), 'questions'],
    ];
    it.each(BAD)('refuses %s with a 400 naming the field, writing nothing', async (_case, body, field) => {
      const before = await counts();
      const response = await createSurvey('secA', body());
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });
  });

  describe('GET /surveys and /surveys/:id', () => {
    let ofA: string;
    let ofB: string;
    let shared: string;

    beforeAll(async () => {
      ofA = (await surveyOfA('2022-03-01')).id;
      const b = await createSurvey('secB', { title: 'Khảo sát khối B', startsOn: '2022-04-01', orgUnitIds: [unit.B1] });
      expect(b.status).toBe(201);
      ofB = b.body.id;
      const s = await createSurvey('admin', { title: 'Chung', startsOn: '2022-05-01', orgUnitIds: [unit.A1, unit.B1] });
      expect(s.status).toBe(201);
      shared = s.body.id;
    });

    const get = (who: keyof typeof token, id: string) => http().get(`/api/v1/surveys/${id}`).set(as(who));

    it.each<[keyof typeof token, number]>([
      ['secA', 200],
      ['leadA', 200],
      ['colA1', 200],
      ['colA2', 200],
      ['admin', 200],
      ['secB', 404],
      ['colB1', 404],
    ])('answers %s about a survey of A with %i', async (who, status) => {
      const response = await get(who, ofA);
      expect(response.status).toBe(status);
      if (status === 200) expect(response.body).toMatchObject({ id: ofA, orgUnitId: unit.A, startsOn: '2022-03-01' });
    });

    it('shows a participant only the participating units in its scope, and how many there are', async () => {
      const colA1 = await get('colA1', ofA);
      expect(colA1.body.orgUnitIds).toEqual([unit.A1]);
      expect(colA1.body.unitCount).toBe(3);
      const secB = await get('secB', shared);
      expect(secB.status).toBe(200);
      expect(secB.body.orgUnitIds).toEqual([unit.B1]);
      expect(secB.body.unitCount).toBe(2);
      const admin = await get('admin', shared);
      expect(admin.body.orgUnitIds).toEqual([unit.A1, unit.B1]);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      expect((await get('admin', '999999999')).status).toBe(404);
      expect((await get('admin', 'abc')).status).toBe(404);
    });

    async function listAll(who: keyof typeof token, query: Record<string, unknown> = {}): Promise<string[]> {
      const ids: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const response = await http()
          .get('/api/v1/surveys')
          .query({ ...query, limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(who));
        expect(response.status).toBe(200);
        expect(response.body.items.length).toBeLessThanOrEqual(2);
        ids.push(...response.body.items.map((s: { id: string }) => s.id));
        if (response.body.nextCursor === null) return ids;
        cursor = response.body.nextCursor;
      }
      throw new Error('too many pages');
    }

    it('lists the surveys owned by, or with a participating unit in, the caller’s scope', async () => {
      const secA = await listAll('secA');
      expect(secA).toEqual(expect.arrayContaining([ofA, shared]));
      expect(secA).not.toContain(ofB);
      const secB = await listAll('secB');
      expect(secB).toEqual(expect.arrayContaining([ofB, shared]));
      expect(secB).not.toContain(ofA);
      const colB1 = await listAll('colB1');
      expect(colB1).toEqual(expect.arrayContaining([ofB, shared]));
      expect(colB1).not.toContain(ofA);
      const colA2 = await listAll('colA2');
      expect(colA2).toContain(ofA);
      expect(colA2).not.toContain(shared);
      const admin = await listAll('admin');
      expect(admin).toEqual(expect.arrayContaining([ofA, ofB, shared]));
      expect(new Set(admin).size).toBe(admin.length);
      expect(admin).toEqual([...admin].sort((a, b) => Number(a) - Number(b)));
      const [{ n }] = await system.db.query(`SELECT count(*)::int AS n FROM surveys`);
      expect(admin).toHaveLength(n);
    });

    it('filters by the year the survey starts in', async () => {
      const in2022 = await listAll('admin', { year: 2022 });
      expect(in2022.sort()).toEqual([ofA, ofB, shared].sort());
      const response = await http().get('/api/v1/surveys').query({ year: 1999 }).set(as('admin'));
      expect(response.status).toBe(400);
      const cursor = await http().get('/api/v1/surveys').query({ cursor: 'not-a-cursor!' }).set(as('admin'));
      expect(cursor.status).toBe(400);
    });
  });

  describe('POST /surveys/:id/questionnaires', () => {
    let survey: { id: string; startsOn: string };
    let shared: string;

    beforeAll(async () => {
      survey = await surveyOfA('2023-09-15');
      const s = await createSurvey('admin', { title: 'Chung A1 B1', startsOn: '2023-10-01', orgUnitIds: [unit.A1, unit.B1] });
      shared = s.body.id;
    });

    it('lets a collaborator enter for their own unit: 201, stamped with that unit, figure change on the survey’s start', async () => {
      const before = await counts();
      const response = await enter('colA1', survey.id, { orgUnitId: unit.A1, answers: { q1: 2, q2: 'Nên có thêm video', q3: 0 } });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^\d+$/),
        surveyId: survey.id,
        orgUnitId: unit.A1,
        answers: { q1: 2, q2: 'Nên có thêm video', q3: 0 },
        enteredBy: userId.colA1,
        createdAt: expect.any(String),
      });
      const after = await counts();
      expect(after.questionnaires - before.questionnaires).toBe(1);
      expect(after.figure_changes - before.figure_changes).toBe(1);
      // Collaborators' writes are not audited (only secretariat and admin).
      expect(after.audit_log).toBe(before.audit_log);
      const [change] = await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day, family FROM figure_changes ORDER BY id DESC LIMIT 1`,
      );
      expect(change).toEqual({ unit: unit.A1, day: '2023-09-15', family: 'questionnaires' });
    });

    it('lets a secretariat type paper questionnaires for any participating unit of its subtree, audited', async () => {
      const before = await counts();
      const response = await enter('secA', survey.id, { orgUnitId: unit.A2, answers: { q1: 0 } });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ orgUnitId: unit.A2, answers: { q1: 0 } });
      const after = await counts();
      expect(after.questionnaires - before.questionnaires).toBe(1);
      expect(after.audit_log - before.audit_log).toBe(1);
      const [change] = await system.db.query(
        `SELECT org_unit_id::text AS unit, day::text AS day, family FROM figure_changes ORDER BY id DESC LIMIT 1`,
      );
      expect(change).toEqual({ unit: unit.A2, day: '2023-09-15', family: 'questionnaires' });
    });

    it('accepts a questionnaire without answers', async () => {
      const response = await enter('colA2', survey.id, { orgUnitId: unit.A2 });
      expect(response.status).toBe(201);
      expect(response.body.answers).toEqual({});
    });

    it('lets an admin enter for any participating unit', async () => {
      const response = await enter('admin', shared, { orgUnitId: unit.B1 });
      expect(response.status).toBe(201);
    });

    const REFUSED: [string, keyof typeof token, () => string, () => string, number, string][] = [
      ['a collaborator entering for another unit', 'colA1', () => survey.id, () => unit.A2, 404, 'orgUnitId'],
      ['a collaborator entering for their parent unit', 'colA1', () => survey.id, () => unit.A, 404, 'orgUnitId'],
      ['a collaborator on a survey their unit is not in', 'colB1', () => survey.id, () => unit.B1, 404, 'id'],
      ['a secretariat of another subtree', 'secB', () => survey.id, () => unit.A1, 404, 'id'],
      ['a secretariat of another subtree on a shared survey', 'secB', () => shared, () => unit.A1, 404, 'orgUnitId'],
      ['a secretariat for a unit outside its subtree', 'secA', () => shared, () => unit.B1, 404, 'orgUnitId'],
      ['an unknown survey', 'admin', () => '999999999', () => unit.A1, 404, 'id'],
      ['a unit in scope that does not participate', 'secA', () => survey.id, () => unit.A, 400, 'orgUnitId'],
      ['a unit that does not participate, by an admin', 'admin', () => survey.id, () => unit.B1, 400, 'orgUnitId'],
      ['a leader (who only reads)', 'leadA', () => survey.id, () => unit.A1, 403, ''],
      ['a collaborator who is also a leader, for a unit below their own', 'colLeadA', () => survey.id, () => unit.A1, 404, 'orgUnitId'],
    ];
    it.each(REFUSED)('refuses %s, writing nothing', async (_case, who, surveyId, orgUnitId, status, field) => {
      const before = await counts();
      const response = await enter(who, surveyId(), { orgUnitId: orgUnitId(), answers: { q1: 0 } });
      expect(response.status).toBe(status);
      if (field) expect(response.body.field).toBe(field);
      expect(await counts()).toEqual(before);
    });

    const BAD_ANSWERS: [string, Record<string, unknown>, string][] = [
      ['an unknown question id', { answers: { q9: 0 } }, 'answers.q9'],
      ['an option index past the last option', { answers: { q1: 3 } }, 'answers.q1'],
      ['a negative option index', { answers: { q3: -1 } }, 'answers.q3'],
      ['a fractional option index', { answers: { q3: 0.5 } }, 'answers.q3'],
      ['text for a choice question', { answers: { q1: 'Có' } }, 'answers.q1'],
      ['a number for a text question', { answers: { q2: 5 } }, 'answers.q2'],
      ['a text answer over 2000 characters', { answers: { q2: 'x'.repeat(2001) } }, 'answers.q2'],
      ['answers as an array', { answers: [0, 1] }, 'answers'],
      ['an unknown body field', { answers: {}, enteredBy: '1' }, 'enteredBy'],
      ['a malformed unit id', { orgUnitId: 'A1' }, 'orgUnitId'],
    ];
    it.each(BAD_ANSWERS)('refuses %s with a 400, writing nothing', async (_case, body, field) => {
      const before = await counts();
      const response = await enter('colA1', survey.id, { orgUnitId: unit.A1, ...body });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
      expect(await counts()).toEqual(before);
    });

    describe('Idempotency-Key', () => {
      it('answers a replay with 200 and the stored questionnaire, writing nothing', async () => {
        const key = `phieu-${unique()}`;
        const body = { orgUnitId: unit.A1, answers: { q1: 1, q2: 'Đồng ý' } };
        const first = await enter('colA1', survey.id, body, key);
        expect(first.status).toBe(201);
        const before = await counts();
        // Same fields in another order are the same request.
        const again = await enter('colA1', survey.id, { answers: { q2: 'Đồng ý', q1: 1 }, orgUnitId: unit.A1 }, key);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
        expect(await counts()).toEqual(before);
        const [{ n }] = await system.db.query(`SELECT count(*)::int AS n FROM questionnaires WHERE idempotency_key = $1`, [key]);
        expect(n).toBe(1);
      });

      it('refuses the same key with a different body, or on another survey, with 422 and writes nothing', async () => {
        const key = `phieu-${unique()}`;
        expect((await enter('colA1', survey.id, { orgUnitId: unit.A1, answers: { q1: 0 } }, key)).status).toBe(201);
        const before = await counts();
        const changed = await enter('colA1', survey.id, { orgUnitId: unit.A1, answers: { q1: 1 } }, key);
        expect(changed.status).toBe(422);
        expect(changed.body).toMatchObject({ statusCode: 422, field: 'Idempotency-Key' });
        const elsewhere = await enter('colA1', shared, { orgUnitId: unit.A1, answers: { q1: 0 } }, key);
        expect(elsewhere.status).toBe(422);
        expect(await counts()).toEqual(before);
      });

      it('keeps keys per user: another user’s same key is a new questionnaire', async () => {
        const key = `phieu-${unique()}`;
        const body = { orgUnitId: unit.A2, answers: { q1: 0 } };
        const mine = await enter('colA2', survey.id, body, key);
        const theirs = await enter('secA', survey.id, body, key);
        expect(mine.status).toBe(201);
        expect(theirs.status).toBe(201);
        expect(theirs.body.id).not.toBe(mine.body.id);
      });

      it('writes exactly one questionnaire for 20 concurrent requests with one key', async () => {
        const key = `phieu-${unique()}`;
        const before = await counts();
        const body = { orgUnitId: unit.A1, answers: { q1: 2, q3: 1 } };
        const responses = await Promise.all(Array.from({ length: 20 }, () => enter('colA1', survey.id, body, key)));
        const statuses = responses.map((r) => r.status).sort((a, b) => a - b);
        expect(statuses).toEqual([...Array<number>(19).fill(200), 201]);
        expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
        const after = await counts();
        expect(after.questionnaires - before.questionnaires).toBe(1);
        expect(after.figure_changes - before.figure_changes).toBe(1);
        const [{ n }] = await system.db.query(
          `SELECT count(*)::int AS n FROM questionnaires WHERE entered_by = $1 AND idempotency_key = $2`,
          [userId.colA1, key],
        );
        expect(n).toBe(1);
      });

      it('refuses a malformed key with a 400 naming the header, writing nothing', async () => {
        const before = await counts();
        const response = await enter('colA1', survey.id, { orgUnitId: unit.A1 }, 'bad key with spaces');
        expect(response.status).toBe(400);
        expect(response.body.field).toBe('Idempotency-Key');
        expect(await counts()).toEqual(before);
      });
    });
  });

  describe('GET /surveys/:id/results', () => {
    let survey: { id: string };

    beforeAll(async () => {
      survey = await surveyOfA('2023-11-01');
      const entries: [keyof typeof token, string, Record<string, unknown>][] = [
        ['colA1', unit.A1, { q1: 0, q2: 'Tốt' }],
        ['colA1', unit.A1, { q1: 1 }],
        ['colA1', unit.A1, { q1: 0, q3: 1 }],
        ['colA2', unit.A2, { q1: 2, q2: 'Cần thêm bài', q3: 1 }],
        ['secA', unit.A2, {}],
      ];
      for (const [who, orgUnitId, answers] of entries) {
        expect((await enter(who, survey.id, { orgUnitId, answers })).status).toBe(201);
      }
    });

    const results = (who: keyof typeof token, query: Record<string, string> = {}) =>
      http().get(`/api/v1/surveys/${survey.id}/results`).query(query).set(as(who));

    it('counts per option, per text question and per participating unit, exactly', async () => {
      const response = await results('secA');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        surveyId: survey.id,
        orgUnitId: null,
        questionnaires: 5,
        unitsResponding: 2,
        units: [
          { orgUnitId: unit.A1, questionnaires: 3 },
          { orgUnitId: unit.A2, questionnaires: 2 },
          { orgUnitId: unit.A3, questionnaires: 0 },
        ],
        questions: [
          {
            id: 'q1',
            text: 'Đồng chí có đọc tin trên trang của Đảng bộ không?',
            kind: 'choice',
            answered: 4,
            options: [
              { index: 0, text: 'Có', count: 2 },
              { index: 1, text: 'Không', count: 1 },
              { index: 2, text: 'Thỉnh thoảng', count: 1 },
            ],
          },
          { id: 'q2', text: 'Góp ý', kind: 'text', answered: 2 },
          {
            id: 'q3',
            text: 'Có dùng Zalo không?',
            kind: 'choice',
            answered: 2,
            options: [
              { index: 0, text: 'Có', count: 0 },
              { index: 1, text: 'Không', count: 2 },
            ],
          },
        ],
      });
    });

    it('restricts to a subtree with ?orgUnitId=', async () => {
      const response = await results('secA', { orgUnitId: unit.A1 });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ orgUnitId: unit.A1, questionnaires: 3, unitsResponding: 1 });
      expect(response.body.units).toEqual([{ orgUnitId: unit.A1, questionnaires: 3 }]);
      expect(response.body.questions[0].options.map((o: { count: number }) => o.count)).toEqual([2, 1, 0]);
      expect(response.body.questions[1].answered).toBe(1);
      expect(response.body.questions[2].options.map((o: { count: number }) => o.count)).toEqual([0, 1]);
    });

    it('counts only the units in a collaborator’s scope', async () => {
      const response = await results('colA2');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ questionnaires: 2, unitsResponding: 1 });
      expect(response.body.units).toEqual([{ orgUnitId: unit.A2, questionnaires: 2 }]);
      expect(response.body.questions[0].options.map((o: { count: number }) => o.count)).toEqual([0, 0, 1]);
    });

    it('answers 404 outside scope: another subtree’s secretariat, or a unit filter outside scope', async () => {
      expect((await results('secB')).status).toBe(404);
      const outside = await results('secA', { orgUnitId: unit.B });
      expect(outside.status).toBe(404);
      expect(outside.body.field).toBe('orgUnitId');
      const collaborator = await results('colA1', { orgUnitId: unit.A2 });
      expect(collaborator.status).toBe(404);
    });

    it('refuses a malformed or unknown filter', async () => {
      expect((await results('secA', { orgUnitId: 'abc' })).status).toBe(400);
      expect((await results('secA', { other: '1' })).status).toBe(400);
    });
  });
});

import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Response } from 'supertest';
import { bearer, createUnit, eventually, seedAdmin, startTestSystem, TestSystem } from '../support';
import { jpegHeader, minimalPdf, minimalPng } from '../support/evidence-files';
import { countAllRows, rowsChanged, totalChanged } from '../support/row-counts';
import { jobsIdle, linkedCases, Person, person } from '../support/takedowns';

/**
 * The hostile-input suite (issue 9): named, table-driven attacks on every write route.
 * Each case compares the row counts of every table before and after, expects an exact
 * status (or a short list where the contract allows more than one), and for a 4xx the
 * contract's error body naming the field and nothing written. One line sums it up.
 */

const API = '/api/v1';
const unique = () => randomBytes(4).toString('hex');
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const YEAR = new Date().getUTCFullYear();

/** What a case got back, from supertest or from fastify's inject. */
interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

interface HostileCase {
  name: string;
  /** The status the case must get; a list where the contract leaves the choice open. */
  status: number | number[];
  /** The field a 4xx must name (one of, when a list). */
  field?: string | string[];
  /** May an answer of 2xx write rows? (default yes; a 4xx never may) */
  writes?: boolean;
  send: () => Promise<Answer>;
  /** Further checks on the answer. */
  check?: (answer: Answer, changed: Record<string, number>) => void | Promise<void>;
}

/** Hosts no url field may name (issue 9, defect 10). */
const PRIVATE_HOSTS: [string, string][] = [
  ['hex-and-short IPv4 loopback', 'http://0x7f.1/'],
  ['decimal IPv4 loopback', 'http://2130706433/'],
  ['octal IPv4 loopback', 'http://017700000001/'],
  ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
  ['an RFC 1918 address', 'http://10.0.0.1/'],
  ['localhost with a trailing dot', 'http://localhost./'],
  ['an empty first label', 'https://.com/'],
  ['an empty middle label', 'https://a..b.com/'],
  ['IPv6 loopback', 'http://[::1]/'],
  ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
  ['a CGNAT address', 'http://100.64.0.1/'],
  ['an IPv6 unique-local address', 'http://[fd00::1]/'],
];

const outcomes: { name: string; asExpected: boolean; status: number; written: number }[] = [];

describe('hostile input: every write route, every class of issue 9', () => {
  let system: TestSystem;
  let admin: string;
  let rootA: string;
  let unitA: string;
  let rootB: string;
  let unitB: string;
  let sA: Person; // secretariat of unit A (below tree A's root)
  let sRootA: Person; // secretariat of tree A's root
  let cA: Person;
  let cA2: Person;
  let sB: Person; // secretariat of tree B's root
  let cB: Person;
  const ids: Record<string, string> = {};
  let actionCursor: string;

  const http = () => system.http;
  const asJson = (response: Response): Answer => ({ status: response.status, body: response.body, headers: response.headers });
  const post = (path: string, token: string, body: unknown) =>
    http().post(`${API}${path}`).set(bearer(token)).send(body as object).then(asJson);
  const patch = (path: string, token: string, body: unknown) =>
    http().patch(`${API}${path}`).set(bearer(token)).send(body as object).then(asJson);
  const put = (path: string, token: string, body: unknown) =>
    http().put(`${API}${path}`).set(bearer(token)).send(body as object).then(asJson);
  const get = (path: string, token: string) => http().get(`${API}${path}`).set(bearer(token)).then(asJson);
  /** Sends text as it is, with exactly the headers given (none added). */
  async function raw(method: 'POST' | 'PATCH' | 'PUT', path: string, token: string, headers: Record<string, string>, payload: string | Buffer) {
    const fastify = system.app.getHttpAdapter().getInstance();
    const answer = await fastify.inject({ method, url: `${API}${path}`, headers: { ...bearer(token), ...headers }, payload });
    let body: unknown = answer.body;
    try {
      body = JSON.parse(answer.body);
    } catch {
      // not JSON: the contract check below says so
    }
    return { status: answer.statusCode, body, headers: answer.headers } as Answer;
  }
  const rawJson = (method: 'POST' | 'PATCH' | 'PUT', path: string, token: string, text: string) =>
    raw(method, path, token, { 'content-type': 'application/json' }, text);

  // Valid bodies, each a fresh one, that the cases below spoil one way at a time.
  const content = (o: Record<string, unknown> = {}) => ({
    kind: 'article',
    title: `Bài ${unique()}`,
    url: `https://example.com/bai/${unique()}`,
    publishedAt: hourAgo(),
    ...o,
  });
  const task = (o: Record<string, unknown> = {}) => ({ title: `Việc ${unique()}`, kind: 'share', assignees: { userIds: [cA.id] }, ...o });
  const action = (o: Record<string, unknown> = {}) => ({
    type: 'share',
    platform: 'website',
    url: `https://example.com/chia-se/${unique()}`,
    occurredAt: hourAgo(),
    ...o,
  });
  const report = (o: Record<string, unknown> = {}) => ({ url: `https://example.com/tin-gia/${unique()}`, category: 'false_information', ...o });
  const directive = (o: Record<string, unknown> = {}) => ({ title: `Chỉ thị ${unique()}`, issuedOn: `${YEAR}-01-15`, ...o });
  const survey = (o: Record<string, unknown> = {}) => ({ title: `Khảo sát ${unique()}`, startsOn: `${YEAR}-01-01`, orgUnitIds: [unitA], ...o });
  const target = (o: Record<string, unknown> = {}) => ({ orgUnitId: unitA, perMember: 10, actionTypes: ['share'], ...o });
  const team = (o: Record<string, unknown> = {}) => ({ name: `Tổ ${unique()}`, orgUnitId: unitA, ...o });
  const user = (o: Record<string, unknown> = {}) => ({
    username: `h${unique()}`,
    password: 'password-123',
    fullName: 'Trần Thị Hoa',
    orgUnitId: unitA,
    roles: ['collaborator'],
    ...o,
  });
  const batch = (items: unknown[]) => post('/actions/batch', cA.token, { items });
  const evidence = (reportId: string, token: string, file: Buffer, filename: string, contentType: string) =>
    http()
      .post(`${API}/reports/${reportId}/evidence`)
      .set(bearer(token))
      .attach('file', file, { filename, contentType })
      .then(asJson);

  beforeAll(async () => {
    system = await startTestSystem({ worker: true });
    const seeded = await seedAdmin(system);
    admin = seeded.token;
    rootA = seeded.rootUnitId;
    unitA = (await createUnit(system, 'Chi bộ A', rootA, `CBA${unique()}`)).id;
    rootB = (await createUnit(system, 'Đảng bộ B', null, `DBB${unique()}`)).id;
    unitB = (await createUnit(system, 'Chi bộ B', rootB, `CBB${unique()}`)).id;
    sA = await person(system, unitA, ['secretariat']);
    sRootA = await person(system, rootA, ['secretariat']);
    cA = await person(system, unitA, ['collaborator']);
    cA2 = await person(system, unitA, ['collaborator']);
    sB = await person(system, rootB, ['secretariat']);
    cB = await person(system, unitB, ['collaborator']);

    const created = async (what: string, answer: Promise<Answer>) => {
      const a = await answer;
      if (a.status !== 201) throw new Error(`setup ${what}: ${a.status} ${JSON.stringify(a.body)}`);
      ids[what] = a.body.id;
    };
    await created('contentA', post('/contents', sA.token, content()));
    await created('contentB', post('/contents', sB.token, content()));
    await created('taskA', post('/tasks', sA.token, task({ assignees: { userIds: [cA.id] } })));
    await created('taskB', post('/tasks', sB.token, task({ assignees: { userIds: [cB.id] } })));
    await created('teamA', post('/teams', sA.token, team({ userIds: [cA.id] })));
    await created('teamB', post('/teams', sB.token, team({ orgUnitId: unitB, userIds: [cB.id] })));
    await created('surveyA', post('/surveys', sA.token, survey()));
    await created('surveyB', post('/surveys', sB.token, survey({ orgUnitIds: [unitB] })));
    await created('reportA', post('/reports', cA.token, report()));
    await created('reportB', post('/reports', cB.token, report()));
    await created('action1', post('/actions', cA.token, action()));
    await created('action2', post('/actions', cA.token, action()));
    const cases = await linkedCases(system, [ids.reportA, ids.reportB]);
    ids.caseA = cases[ids.reportA];
    ids.caseB = cases[ids.reportB];
    const mine = async (who: Person, taskId: string) =>
      (
        await eventually(
          () => get('/me/assignments', who.token),
          (a) => (a.body.items ?? []).some((i: { taskId?: string; task?: { id: string } }) => (i.taskId ?? i.task?.id) === taskId),
        )
      ).body.items.find((i: { taskId?: string; task?: { id: string } }) => (i.taskId ?? i.task?.id) === taskId).id as string;
    ids.assignmentA = await mine(cA, ids.taskA);
    ids.assignmentB = await mine(cB, ids.taskB);
    actionCursor = (await get('/actions?limit=1', cA.token)).body.nextCursor;
    if (!actionCursor) throw new Error('setup: no cursor on /actions');
    await jobsIdle(system);
  }, 120_000);

  afterAll(async () => {
    const expected = outcomes.filter((o) => o.asExpected).length;
    const fiveXx = outcomes.filter((o) => o.status >= 500).length;
    const written = outcomes.filter((o) => o.status >= 400).reduce((sum, o) => sum + o.written, 0);
    console.log(`hostile ${expected}/${outcomes.length} as expected; 5xx ${fiveXx}; rows written ${written}`);
    await system?.close();
  });

  /** Runs one case: counts rows, sends, checks the answer, records the outcome. */
  async function run(c: HostileCase): Promise<void> {
    // Work an earlier case queued (a task's fan-out, a report's linking) lands before counting.
    const record = { name: c.name, asExpected: false, status: 0, written: 0 };
    outcomes.push(record);
    await jobsIdle(system);
    const before = await countAllRows(system);
    const answer = await c.send();
    // A refused request must not leave work behind for the worker either.
    await jobsIdle(system);
    const changed = rowsChanged(before, await countAllRows(system));
    record.status = answer.status;
    record.written = totalChanged(changed);
    const allowed = Array.isArray(c.status) ? c.status : [c.status];
    const seen = { status: answer.status, body: answer.body, changed };
    expect(seen).toEqual(expect.objectContaining({ status: allowed.includes(answer.status) ? answer.status : allowed[0] }));
    if (answer.status >= 400) {
      expect(seen).toEqual(expect.objectContaining({ changed: {} }));
      expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
      expect(answer.body).toMatchObject({ statusCode: answer.status, error: expect.any(String), message: expect.any(String) });
      if (c.field !== undefined && answer.status === 400) {
        const fields = Array.isArray(c.field) ? c.field : [c.field];
        expect(fields).toContain(answer.body.field);
      }
      if (answer.status === 400) expect(answer.body.field).toEqual(expect.any(String));
    } else if (c.writes === false) {
      expect(seen).toEqual(expect.objectContaining({ changed: {} }));
    }
    await c.check?.(answer, changed);
    record.asExpected = true;
  }

  const table = (title: string, cases: () => HostileCase[]) =>
    describe(title, () => {
      // The builders read ids made in beforeAll, so they run when the case does.
      const names = placeholderCases(cases);
      it.each(names)('%s', async (name) => {
        const c = cases().find((x) => x.name === name);
        if (!c) throw new Error(`no case ${name}`);
        await run(c);
      });
    });

  /** The case names, built with stand-in ids (only the names are used). */
  function placeholderCases(cases: () => HostileCase[]): string[] {
    const list = cases().map((c) => c.name);
    if (new Set(list).size !== list.length) throw new Error(`duplicate case names in ${list.join(', ')}`);
    return list;
  }

  table('scope: ids of another tree answer 404 and write nothing', () => [
    { name: 'PATCH /users/:id of tree B', status: 404, send: () => patch(`/users/${cB?.id}`, sA.token, { active: false }) },
    { name: 'PATCH /users/:id moving a user into tree B', status: 404, field: 'orgUnitId', send: () => patch(`/users/${cA.id}`, sA.token, { orgUnitId: unitB }) },
    { name: 'POST /users into a unit of tree B', status: 404, field: 'orgUnitId', send: () => post('/users', sA.token, user({ orgUnitId: unitB })) },
    { name: 'POST /users with a team of tree B', status: 404, field: 'teamIds', send: () => post('/users', sA.token, user({ teamIds: [ids.teamB] })) },
    { name: 'POST /teams in a unit of tree B', status: 404, field: 'orgUnitId', send: () => post('/teams', sA.token, team({ orgUnitId: unitB })) },
    { name: 'POST /teams with a member of tree B', status: 404, field: 'userIds', send: () => post('/teams', sA.token, team({ userIds: [cB.id] })) },
    { name: 'POST /teams/:id/members of a team of tree B', status: 404, send: () => post(`/teams/${ids.teamB}/members`, sA.token, { userIds: [cA.id] }) },
    { name: 'POST /teams/:id/members adding a user of tree B', status: 404, field: 'userIds', send: () => post(`/teams/${ids.teamA}/members`, sA.token, { userIds: [cB.id] }) },
    {
      name: 'DELETE /teams/:id/members/:userId of tree B',
      status: 404,
      send: () => http().delete(`${API}/teams/${ids.teamB}/members/${cB.id}`).set(bearer(sA.token)).then(asJson),
    },
    { name: 'PATCH /org-units/:id of tree B by a secretariat', status: [403, 404], send: () => patch(`/org-units/${unitB}`, sA.token, { name: 'Chiếm' }) },
    { name: 'PATCH /contents/:id of tree B', status: 404, send: () => patch(`/contents/${ids.contentB}`, sA.token, { title: 'Sửa' }) },
    { name: 'POST /tasks/:id/close of tree B', status: 404, send: () => post(`/tasks/${ids.taskB}/close`, sA.token, {}) },
    { name: 'POST /tasks assigned to a user of tree B', status: 404, field: 'assignees.userIds', send: () => post('/tasks', sA.token, task({ assignees: { userIds: [cB.id] } })) },
    { name: 'POST /tasks assigned to a team of tree B', status: 404, field: 'assignees.teamIds', send: () => post('/tasks', sA.token, task({ assignees: { teamIds: [ids.teamB] } })) },
    { name: 'POST /tasks assigned to a unit of tree B', status: 404, field: 'assignees.orgUnitIds', send: () => post('/tasks', sA.token, task({ assignees: { orgUnitIds: [unitB] } })) },
    { name: 'POST /tasks about a content of tree B', status: 404, field: 'contentId', send: () => post('/tasks', sA.token, task({ contentId: ids.contentB })) },
    { name: 'PATCH /assignments/:id of tree B', status: 404, send: () => patch(`/assignments/${ids.assignmentB}`, cA.token, { status: 'done' }) },
    { name: 'POST /actions for a task of tree B', status: 404, field: 'taskId', send: () => post('/actions', cA.token, action({ taskId: ids.taskB })) },
    { name: 'POST /actions for a content of tree B', status: 404, field: 'contentId', send: () => post('/actions', cA.token, action({ contentId: ids.contentB })) },
    { name: 'POST /reports for a task of tree B', status: 404, field: 'taskId', send: () => post('/reports', cA.token, report({ taskId: ids.taskB })) },
    { name: 'POST /reports/:id/evidence on a report of tree B', status: 404, send: () => evidence(ids.reportB, sA.token, minimalPng(1, 1, 7), 'a.png', 'image/png') },
    { name: 'PATCH /pages/:id of a case reported only in tree B', status: 404, send: () => patch(`/pages/${ids.caseB}`, sA.token, { status: 'verified' }) },
    { name: 'POST /surveys for a unit of tree B', status: 404, field: 'orgUnitIds', send: () => post('/surveys', sA.token, survey({ orgUnitIds: [unitB] })) },
    { name: 'POST /surveys/:id/questionnaires of tree B', status: 404, send: () => post(`/surveys/${ids.surveyB}/questionnaires`, sA.token, { orgUnitId: unitA }) },
    { name: 'PUT /targets/:year for a unit of tree B', status: 404, field: 'orgUnitId', send: () => put(`/targets/${YEAR}`, sA.token, target({ orgUnitId: unitB })) },
    {
      name: 'PUT /stats/templates/yearly-summary by a secretariat below the root',
      status: [403, 404],
      send: () => put('/stats/templates/yearly-summary', sA.token, { body: 'Chi bộ A đổi lời của cả tổ chức.' }),
    },
    {
      name: 'PUT /stats/templates/yearly-summary by tree B leaves tree A its own wording',
      status: 200,
      send: () => put('/stats/templates/yearly-summary', sB.token, { body: `Lời của Đảng bộ B ${unique()}.` }),
      check: async (answer) => {
        const seenByA = await get('/stats/templates/yearly-summary', sRootA.token);
        expect(seenByA.status).toBe(200);
        expect(seenByA.body.body).not.toBe(answer.body.body);
      },
    },
  ]);

  table('PATCH: null on a field that cannot be null is a 400 naming it; a PATCH that changes nothing writes nothing', () => [
    ...['fullName', 'roles', 'password', 'orgUnitId', 'active'].map((f) => ({
      name: `PATCH /users/:id {"${f}": null}`,
      status: 400,
      field: f,
      send: () => patch(`/users/${cA2.id}`, sA.token, { [f]: null }),
    })),
    { name: 'PATCH /org-units/:id {"name": null}', status: 400, field: 'name', send: () => patch(`/org-units/${unitA}`, admin, { name: null }) },
    { name: 'PATCH /contents/:id {"title": null}', status: 400, field: 'title', send: () => patch(`/contents/${ids.contentA}`, sA.token, { title: null }) },
    { name: 'PATCH /contents/:id {"interactions": null}', status: 400, field: 'interactions', send: () => patch(`/contents/${ids.contentA}`, sA.token, { interactions: null }) },
    { name: 'PATCH /assignments/:id {"status": null}', status: 400, field: 'status', send: () => patch(`/assignments/${ids.assignmentA}`, cA.token, { status: null }) },
    { name: 'PATCH /pages/:id {"status": null}', status: 400, field: 'status', send: () => patch(`/pages/${ids.caseA}`, sA.token, { status: null }) },
    { name: 'PATCH /users/:id {} changes nothing', status: 200, writes: false, send: () => patch(`/users/${cA2.id}`, sA.token, {}) },
    {
      name: 'PATCH /users/:id with the same fullName changes nothing',
      status: 200,
      writes: false,
      send: async () => patch(`/users/${cA2.id}`, sA.token, { fullName: (await get(`/users/${cA2.id}`, sA.token)).body.fullName }),
    },
    {
      name: 'PATCH /org-units/:id with the same name changes nothing',
      status: 200,
      writes: false,
      send: async () => patch(`/org-units/${unitA}`, admin, { name: (await get(`/org-units/${unitA}`, admin)).body.name }),
    },
    {
      name: 'PATCH /contents/:id with the same title changes nothing',
      status: 200,
      writes: false,
      send: async () => patch(`/contents/${ids.contentA}`, sA.token, { title: (await get(`/contents/${ids.contentA}`, sA.token)).body.title }),
    },
  ]);

  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  table('content types: a JSON route answers 415 to anything but JSON', () => [
    { name: 'POST /directives as a form', status: 415, send: () => raw('POST', '/directives', sA.token, FORM, `title=Ch%E1%BB%89&issuedOn=${YEAR}-01-15`) },
    { name: 'POST /actions as a form', status: 415, send: () => raw('POST', '/actions', cA.token, FORM, `type=share&platform=website&occurredAt=${encodeURIComponent(hourAgo())}`) },
    { name: 'POST /actions/batch as a form', status: 415, send: () => raw('POST', '/actions/batch', cA.token, FORM, 'items=1') },
    { name: 'POST /reports as a form', status: 415, send: () => raw('POST', '/reports', cA.token, FORM, 'url=https%3A%2F%2Fexample.com%2Fx&category=scam') },
    { name: 'POST /contents as a form', status: 415, send: () => raw('POST', '/contents', sA.token, FORM, 'kind=article&title=A&url=https%3A%2F%2Fexample.com%2F') },
    { name: 'POST /tasks as a form', status: 415, send: () => raw('POST', '/tasks', sA.token, FORM, 'title=A&kind=share') },
    { name: 'POST /teams as a form', status: 415, send: () => raw('POST', '/teams', sA.token, FORM, `name=T&orgUnitId=${unitA}`) },
    { name: 'POST /users as a form', status: 415, send: () => raw('POST', '/users', sA.token, FORM, `username=f${unique()}&password=password-123&fullName=A&orgUnitId=${unitA}&roles=collaborator`) },
    { name: 'POST /surveys as a form', status: 415, send: () => raw('POST', '/surveys', sA.token, FORM, `title=S&startsOn=${YEAR}-01-01&orgUnitIds=${unitA}`) },
    { name: 'POST /auth/login as a form', status: 415, send: () => raw('POST', '/auth/login', '', FORM, `username=${cA.id}&password=password-123`) },
    { name: 'PATCH /users/:id as a form', status: 415, send: () => raw('PATCH', `/users/${cA2.id}`, sA.token, FORM, 'active=false') },
    { name: 'PATCH /org-units/:id as a form', status: 415, send: () => raw('PATCH', `/org-units/${unitA}`, admin, FORM, 'name=Form') },
    { name: 'PATCH /contents/:id as a form', status: 415, send: () => raw('PATCH', `/contents/${ids.contentA}`, sA.token, FORM, 'title=Form') },
    { name: 'PATCH /assignments/:id as a form', status: 415, send: () => raw('PATCH', `/assignments/${ids.assignmentA}`, cA.token, FORM, 'status=done') },
    { name: 'PATCH /pages/:id as a form', status: 415, send: () => raw('PATCH', `/pages/${ids.caseA}`, sA.token, FORM, 'status=verified') },
    { name: 'PUT /targets/:year as a form', status: 415, send: () => raw('PUT', `/targets/${YEAR}`, sA.token, FORM, `orgUnitId=${unitA}&perMember=3&actionTypes=share`) },
    { name: 'PUT /stats/templates/yearly-summary as a form', status: 415, send: () => raw('PUT', '/stats/templates/yearly-summary', sRootA.token, FORM, 'body=X') },
    { name: 'POST /contents as text/plain holding JSON', status: 415, send: () => raw('POST', '/contents', sA.token, { 'content-type': 'text/plain' }, JSON.stringify(content())) },
    { name: 'POST /directives with no content type', status: 415, send: () => raw('POST', '/directives', sA.token, {}, JSON.stringify(directive())) },
    { name: 'POST /actions/batch with no content type', status: 415, send: () => raw('POST', '/actions/batch', cA.token, {}, JSON.stringify({ items: [action({ clientId: unique() })] })) },
    {
      name: 'POST /directives as multipart',
      status: 415,
      send: () => http().post(`${API}/directives`).set(bearer(sA.token)).field('title', 'Chỉ thị').field('issuedOn', `${YEAR}-01-15`).then(asJson),
    },
    {
      name: 'PATCH /users/:id as multipart',
      status: 415,
      send: () => http().patch(`${API}/users/${cA2.id}`).set(bearer(sA.token)).field('active', 'false').then(asJson),
    },
  ]);

  table('content-type games', () => [
    {
      name: 'application/json; charset=utf-8 is JSON (the control)',
      status: 201,
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(directive())),
    },
    {
      name: 'Application/JSON in capitals is JSON (the control)',
      status: 201,
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'Application/JSON' }, JSON.stringify(directive())),
    },
    {
      name: 'application/json; charset=utf-16 with UTF-16 bytes',
      status: [400, 415],
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json; charset=utf-16le' }, Buffer.from(JSON.stringify(directive()), 'utf16le')),
    },
    {
      name: 'application/json; charset=latin1 with latin-1 bytes',
      status: [400, 415],
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json; charset=latin1' }, Buffer.from(JSON.stringify(directive({ title: 'Chỉ thị é' })), 'latin1')),
    },
    { name: 'application/jsonx', status: 415, send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/jsonx' }, JSON.stringify(directive())) },
    { name: 'text/json', status: 415, send: () => raw('POST', '/directives', sA.token, { 'content-type': 'text/json' }, JSON.stringify(directive())) },
    {
      name: 'application/json, text/html (two types)',
      status: [400, 415],
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json, text/html' }, JSON.stringify(directive())),
    },
    {
      name: 'application/json; with a junk parameter',
      status: [400, 415],
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json; ;;junk' }, JSON.stringify(directive())),
    },
    {
      name: 'application/json holding a form body',
      status: 400,
      send: () => raw('POST', '/directives', sA.token, { 'content-type': 'application/json' }, `title=A&issuedOn=${YEAR}-01-15`),
    },
    {
      name: 'POST /users/import with a JSON body',
      status: [400, 415],
      field: ['file', 'body'],
      send: () => rawJson('POST', '/users/import', sA.token, JSON.stringify({ file: 'username,fullName\nx,y' })),
    },
    {
      name: 'POST /reports/:id/evidence with a JSON body',
      status: [400, 415],
      field: ['file', 'body'],
      send: () => rawJson('POST', `/reports/${ids.reportA}/evidence`, cA.token, JSON.stringify({ file: 'iVBORw0KGgo=' })),
    },
  ]);

  table('unknown fields, prototype and constructor included, answer 400 naming the field', () => [
    { name: 'POST /directives with prototype', status: 400, field: 'prototype', send: () => post('/directives', sA.token, directive({ prototype: { admin: true } })) },
    { name: 'POST /contents with prototype', status: 400, field: 'prototype', send: () => post('/contents', sA.token, content({ prototype: 1 })) },
    { name: 'PATCH /users/:id with prototype', status: 400, field: 'prototype', send: () => patch(`/users/${cA2.id}`, sA.token, { fullName: 'Tên mới', prototype: {} }) },
    { name: 'POST /tasks with constructor', status: 400, field: 'constructor', send: () => post('/tasks', sA.token, task({ constructor: { prototype: { x: 1 } } })) },
    { name: 'POST /reports with constructor', status: 400, field: 'constructor', send: () => post('/reports', cA.token, report({ constructor: 'x' })) },
    { name: 'POST /actions with prototype', status: 400, field: 'prototype', send: () => post('/actions', cA.token, action({ prototype: 'x' })) },
    { name: 'POST /surveys with constructor', status: 400, field: 'constructor', send: () => post('/surveys', sA.token, survey({ constructor: {} })) },
    { name: 'PUT /targets/:year with prototype', status: 400, field: 'prototype', send: () => put(`/targets/${YEAR}`, sA.token, target({ prototype: 1 })) },
    { name: 'PUT /stats/templates/yearly-summary with prototype', status: 400, field: 'prototype', send: () => put('/stats/templates/yearly-summary', sRootA.token, { body: 'X', prototype: 1 }) },
    { name: 'POST /teams with prototype', status: 400, field: 'prototype', send: () => post('/teams', sA.token, team({ prototype: 1 })) },
    { name: 'POST /org-units with constructor', status: 400, field: 'constructor', send: () => post('/org-units', admin, { name: 'Đơn vị', parentId: unitA, constructor: 1 }) },
    { name: 'PATCH /org-units/:id with prototype', status: 400, field: 'prototype', send: () => patch(`/org-units/${unitA}`, admin, { name: 'Đổi', prototype: 1 }) },
    { name: 'PATCH /contents/:id with constructor', status: 400, field: 'constructor', send: () => patch(`/contents/${ids.contentA}`, sA.token, { title: 'Đổi', constructor: 1 }) },
    { name: 'PATCH /pages/:id with prototype', status: 400, field: 'prototype', send: () => patch(`/pages/${ids.caseA}`, sA.token, { status: 'verified', prototype: 1 }) },
    { name: 'PATCH /assignments/:id with userId', status: 400, field: 'userId', send: () => patch(`/assignments/${ids.assignmentA}`, cA.token, { status: 'done', userId: cB.id }) },
    { name: 'POST /surveys/:id/questionnaires with prototype', status: 400, field: 'prototype', send: () => post(`/surveys/${ids.surveyA}/questionnaires`, sA.token, { orgUnitId: unitA, prototype: 1 }) },
    { name: 'POST /auth/refresh with constructor', status: 400, field: 'constructor', send: () => post('/auth/refresh', '', { refreshToken: 'x'.repeat(40), constructor: 1 }) },
    {
      name: 'POST /actions with __proto__ (raw JSON)',
      status: 400,
      field: ['__proto__', 'body'],
      send: () => rawJson('POST', '/actions', cA.token, JSON.stringify(action()).replace(/^\{/, '{"__proto__":{"userId":"1"},')),
    },
    {
      name: 'POST /directives with __proto__ (raw JSON)',
      status: 400,
      field: ['__proto__', 'body'],
      send: () => rawJson('POST', '/directives', sA.token, JSON.stringify(directive()).replace(/^\{/, '{"__proto__":{"orgUnitId":"1"},')),
    },
    {
      name: 'PATCH /users/:id with constructor.prototype (raw JSON)',
      status: 400,
      field: ['constructor', 'body'],
      send: () => rawJson('PATCH', `/users/${cA2.id}`, sA.token, '{"constructor":{"prototype":{"roles":["admin"]}}}'),
    },
  ]);

  /** A batch of [good, bad, good]: the bad item gets its own 400, the others are written. */
  const badItemInBatch = (name: string, spoil: (item: Record<string, unknown>) => Record<string, unknown>, rawText?: (json: string) => string): HostileCase => ({
    name,
    status: 200,
    send: () => {
      const items = [action({ clientId: unique() }), spoil(action({ clientId: unique() })), action({ clientId: unique() })];
      const json = JSON.stringify({ items });
      return rawText ? rawJson('POST', '/actions/batch', cA.token, rawText(json)) : batch(items);
    },
    check: (answer, changed) => {
      expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201]);
      expect(answer.body.results[1].error.field).toEqual(expect.any(String));
      expect(changed.actions).toBe(2);
    },
  });
  const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
  table('batch items: text that is not text, or nesting too deep, is refused item by item', () => [
    badItemInBatch('an item with a NUL byte in its url', (i) => ({ ...i, url: `${String(i.url)}\u0000` })),
    badItemInBatch('an item with a lone surrogate in its clientId', (i) => ({ ...i, clientId: 'LONE' }), (j) => j.replace('"LONE"', '"a\\ud800b"')),
    badItemInBatch('an item with U+FFFD in its url', (i) => ({ ...i, url: `${String(i.url)}\ufffd` })),
    badItemInBatch('an item nested deeper than the limit', (i) => ({ ...i, reach: nested(12) })),
    badItemInBatch('an item with prototype', (i) => ({ ...i, prototype: 1 })),
    {
      name: 'a batch of 501 items',
      status: 400,
      field: 'items',
      send: () => batch(Array.from({ length: 501 }, () => action({ clientId: unique() }))),
    },
  ]);

  /** Sends a url in one url field, as a caller allowed to write there. */
  const urlFields: [string, (url: string) => Promise<Answer>][] = [
    ['POST /contents url', (url) => post('/contents', sA.token, content({ url }))],
    ['POST /tasks targetUrl', (url) => post('/tasks', sA.token, task({ targetUrl: url }))],
    ['POST /actions url', (url) => post('/actions', cA.token, action({ url }))],
    ['POST /reports url', (url) => post('/reports', cA.token, report({ url }))],
  ];
  table('url fields: a host that is not public answers 400 naming the field', () => [
    ...urlFields.flatMap(([where, send]) =>
      PRIVATE_HOSTS.map(([what, url]) => ({
        name: `${where} = ${url} (${what})`,
        status: 400,
        field: where.endsWith('targetUrl') ? 'targetUrl' : 'url',
        send: () => send(url),
      })),
    ),
    ...PRIVATE_HOSTS.map(([what, url]) => ({
      name: `POST /actions/batch item url = ${url} (${what})`,
      status: 200,
      writes: false,
      send: () => batch([action({ clientId: unique(), url })]),
      check: (answer: Answer) => {
        expect(answer.body.results[0]).toMatchObject({ status: 400, error: { field: 'url' } });
      },
    })),
  ]);

  const html = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>', 'latin1');
  table('evidence: a file must be what it says, whole', () => [
    { name: 'a PNG that is a PNG (the control)', status: 201, send: () => evidence(ids.reportA, cA.token, minimalPng(2, 2, 3), 'a.png', 'image/png') },
    {
      name: 'JPEG magic followed by HTML',
      status: [400, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, Buffer.concat([jpegHeader(), html]), 'a.jpg', 'image/jpeg'),
    },
    {
      name: '%PDF- followed by HTML',
      status: [400, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, Buffer.concat([Buffer.from('%PDF-1.4\n'), html]), 'a.pdf', 'application/pdf'),
    },
    {
      name: 'a PDF with HTML appended after %%EOF and no xref',
      status: [400, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, Buffer.concat([minimalPdf(), html]), 'b.pdf', 'application/pdf'),
    },
    {
      name: 'a PNG with HTML appended',
      status: [400, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, Buffer.concat([minimalPng(1, 1, 9), html]), 'b.png', 'image/png'),
    },
    {
      name: 'HTML named .png',
      status: [400, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, html, 'c.png', 'image/png'),
    },
    {
      name: 'a PNG of more than 50 megapixels',
      status: [400, 413, 415],
      field: 'file',
      send: () => evidence(ids.reportA, cA.token, minimalPng(7100, 7100, 1), 'big.png', 'image/png'),
    },
    {
      name: 'two file parts',
      status: 400,
      field: 'file',
      send: () =>
        http()
          .post(`${API}/reports/${ids.reportA}/evidence`)
          .set(bearer(cA.token))
          .attach('file', minimalPng(1, 1, 11), { filename: 'a.png', contentType: 'image/png' })
          .attach('file', minimalPng(1, 1, 12), { filename: 'b.png', contentType: 'image/png' })
          .then(asJson),
    },
  ]);

  table('CSV import: every echo of client input is cut', () => [
    {
      name: 'a CSV row with a 5 MB username',
      status: [202, 400],
      field: 'file',
      send: () =>
        http()
          .post(`${API}/users/import`)
          .set(bearer(sA.token))
          .attach('file', Buffer.from(`username,fullName,orgUnitCode,roles,password\n${'u'.repeat(5 * 1024 * 1024 - 200)},Tên,X,collaborator,password-123\n`), 'users.csv')
          .then(asJson),
      check: async (answer) => {
        if (answer.status !== 202) return;
        const job = await eventually(
          () => get(`/jobs/${answer.body.jobId}`, sA.token),
          (j) => ['done', 'failed'].includes(j.body.status),
          60_000,
        );
        expect(JSON.stringify(job.body).length).toBeLessThan(10_000);
      },
    },
  ]);

  table('types and bounds', () => [
    { name: 'POST /directives with a 10,000-character title', status: 400, field: 'title', send: () => post('/directives', sA.token, directive({ title: 'T'.repeat(10_000) })) },
    { name: 'POST /directives issued on 30 February', status: 400, field: 'issuedOn', send: () => post('/directives', sA.token, directive({ issuedOn: `${YEAR}-02-30` })) },
    { name: 'POST /directives with title as an array', status: 400, field: 'title', send: () => post('/directives', sA.token, directive({ title: ['a'] })) },
    { name: 'PUT /targets/1999', status: 400, field: 'year', send: () => put('/targets/1999', sA.token, target()) },
    { name: 'PUT /targets/abc', status: [400, 404], send: () => put('/targets/abc', sA.token, target()) },
    { name: 'PUT /targets/:year perMember -1', status: 400, field: 'perMember', send: () => put(`/targets/${YEAR}`, sA.token, target({ perMember: -1 })) },
    { name: 'PUT /targets/:year perMember 1e12', status: 400, field: 'perMember', send: () => put(`/targets/${YEAR}`, sA.token, target({ perMember: 1e12 })) },
    { name: 'PUT /targets/:year perMember "10"', status: 400, field: 'perMember', send: () => put(`/targets/${YEAR}`, sA.token, target({ perMember: '10' })) },
    { name: 'PUT /targets/:year actionTypes ["like"]', status: 400, field: 'actionTypes', send: () => put(`/targets/${YEAR}`, sA.token, target({ actionTypes: ['like'] })) },
    { name: 'POST /actions reach -1', status: 400, field: 'reach', send: () => post('/actions', cA.token, action({ reach: -1 })) },
    { name: 'POST /actions reach 2^53', status: 400, field: 'reach', send: () => post('/actions', cA.token, action({ reach: 2 ** 53 })) },
    { name: 'POST /actions type "like"', status: 400, field: 'type', send: () => post('/actions', cA.token, action({ type: 'like' })) },
    { name: 'POST /actions occurredAt in 2101', status: 400, field: 'occurredAt', send: () => post('/actions', cA.token, action({ occurredAt: '2101-01-01T00:00:00Z' })) },
    { name: 'PATCH /contents/:id interactions -5', status: 400, field: 'interactions', send: () => patch(`/contents/${ids.contentA}`, sA.token, { interactions: -5 }) },
    { name: 'PATCH /contents/:id interactions 1.5', status: 400, field: 'interactions', send: () => patch(`/contents/${ids.contentA}`, sA.token, { interactions: 1.5 }) },
    { name: 'POST /reports description of 5,001 characters', status: 400, field: 'description', send: () => post('/reports', cA.token, report({ description: 'd'.repeat(5001) })) },
    { name: 'POST /reports category "spam"', status: 400, field: 'category', send: () => post('/reports', cA.token, report({ category: 'spam' })) },
    { name: 'POST /reports url of 3,000 characters', status: 400, field: 'url', send: () => post('/reports', cA.token, report({ url: `https://example.com/${'a'.repeat(3000)}` })) },
    { name: 'PATCH /pages/:id status "deleted"', status: 400, field: 'status', send: () => patch(`/pages/${ids.caseA}`, sA.token, { status: 'deleted' }) },
    { name: 'PATCH /pages/:id note of 2,001 characters', status: 400, field: 'note', send: () => patch(`/pages/${ids.caseA}`, sA.token, { status: 'verified', note: 'n'.repeat(2001) }) },
    { name: 'PATCH /assignments/:id status "open"', status: 400, field: 'status', send: () => patch(`/assignments/${ids.assignmentA}`, cA.token, { status: 'open' }) },
    { name: 'POST /tasks dueAt "tomorrow"', status: 400, field: 'dueAt', send: () => post('/tasks', sA.token, task({ dueAt: 'tomorrow' })) },
    { name: 'POST /tasks assignees as a string', status: 400, field: 'assignees', send: () => post('/tasks', sA.token, task({ assignees: 'everyone' })) },
    { name: 'POST /surveys ending before it starts', status: 400, field: 'endsOn', send: () => post('/surveys', sA.token, survey({ startsOn: `${YEAR}-06-01`, endsOn: `${YEAR}-01-01` })) },
    { name: 'POST /surveys with a question of kind "scale"', status: 400, field: ['questions.0.kind', 'questions'], send: () => post('/surveys', sA.token, survey({ questions: [{ text: 'Q', kind: 'scale' }] })) },
    { name: 'POST /teams/:id/members userIds as a string', status: 400, field: 'userIds', send: () => post(`/teams/${ids.teamA}/members`, sA.token, { userIds: cA.id }) },
    { name: 'POST /users with 1,000 roles', status: 400, field: 'roles', send: () => post('/users', sA.token, user({ roles: Array.from({ length: 1000 }, () => 'collaborator') })) },
    { name: 'POST /auth/login with username as an object', status: 400, field: 'username', send: () => post('/auth/login', '', { username: { $ne: '' }, password: 'x' }) },
    { name: 'POST /auth/refresh with a made-up token', status: 401, send: () => post('/auth/refresh', '', { refreshToken: 'x'.repeat(64) }) },
  ]);

  table('oversize bodies and deep nesting', () => [
    { name: 'POST /contents with a 1.1 MB body', status: 413, send: () => post('/contents', sA.token, content({ title: 'x'.repeat(1_150_000) })) },
    { name: 'POST /actions/batch with a 2 MB body', status: 413, send: () => batch(Array.from({ length: 400 }, () => action({ clientId: unique(), url: `https://example.com/${'p'.repeat(5000)}` }))) },
    { name: 'PATCH /users/:id with a 1.1 MB fullName', status: 413, send: () => patch(`/users/${cA2.id}`, sA.token, { fullName: 'x'.repeat(1_150_000) }) },
    { name: 'POST /directives nested 100,000 arrays deep', status: 400, send: () => rawJson('POST', '/directives', sA.token, `${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
    { name: 'POST /tasks with assignees nested 12 deep', status: 400, send: () => post('/tasks', sA.token, task({ assignees: nested(12) })) },
    { name: 'POST /surveys/:id/questionnaires with answers nested 12 deep', status: 400, send: () => post(`/surveys/${ids.surveyA}/questionnaires`, sA.token, { orgUnitId: unitA, answers: nested(12) }) },
    { name: 'PATCH /pages/:id with a note nested 12 deep', status: 400, send: () => patch(`/pages/${ids.caseA}`, sA.token, { status: 'verified', note: nested(12) }) },
  ]);

  /** A 201 that stores text typed in NFD as NFC. */
  const storesNfc = (name: string, table: string, column: string, send: (nfd: string) => Promise<Answer>): HostileCase => {
    const nfc = 'Nguyễn Thị Ánh Tuyết';
    return {
      name,
      status: 201,
      send: () => send(nfc.normalize('NFD')),
      check: async (answer) => {
        const [row] = await system.db.query(`SELECT ${column} AS text FROM ${table} WHERE id = $1`, [answer.body.id]);
        expect(row.text).toContain(nfc);
      },
    };
  };
  /** A 201 that stores the text exactly as sent (zero-width and bidi characters are text). */
  const storesAsGiven = (name: string, table: string, column: string, text: string, send: (t: string) => Promise<Answer>): HostileCase => ({
    name,
    status: 201,
    send: () => send(text),
    check: async (answer) => {
      const [row] = await system.db.query(`SELECT ${column} AS text FROM ${table} WHERE id = $1`, [answer.body.id]);
      expect(row.text).toBe(text);
    },
  });
  table('Unicode: NFD is stored as NFC; zero-width and bidi characters are kept in text and refused in usernames', () => [
    storesNfc('POST /directives title in NFD', 'directives', 'title', (t) => post('/directives', sA.token, directive({ title: t }))),
    storesNfc('POST /contents title in NFD', 'contents', 'title', (t) => post('/contents', sA.token, content({ title: t }))),
    storesNfc('POST /tasks title in NFD', 'tasks', 'title', (t) => post('/tasks', sA.token, task({ title: t }))),
    storesNfc('POST /teams name in NFD', 'teams', 'name', (t) => post('/teams', sA.token, team({ name: `${t} ${unique()}` }))),
    storesNfc('POST /org-units name in NFD', 'org_units', 'name', (t) => post('/org-units', admin, { name: t, parentId: unitA })),
    storesNfc('POST /reports description in NFD', 'reports', 'description', (t) => post('/reports', cA.token, report({ description: t }))),
    storesNfc('POST /surveys title in NFD', 'surveys', 'title', (t) => post('/surveys', sA.token, survey({ title: t }))),
    storesNfc('POST /users fullName in NFD', 'users', 'full_name', (t) => post('/users', sA.token, user({ fullName: t }))),
    storesAsGiven('POST /directives title with a zero-width space', 'directives', 'title', 'Chỉ\u200bthị', (t) => post('/directives', sA.token, directive({ title: t }))),
    storesAsGiven('POST /contents title with a right-to-left override', 'contents', 'title', 'Bài \u202egnp.exe', (t) => post('/contents', sA.token, content({ title: t }))),
    storesAsGiven('POST /users fullName with a zero-width joiner', 'users', 'full_name', 'Lê\u200dVăn', (t) => post('/users', sA.token, user({ fullName: t }))),
    { name: 'POST /users username with a zero-width space', status: 400, field: 'username', send: () => post('/users', sA.token, user({ username: `ad\u200bmin${unique()}` })) },
    { name: 'POST /users username with a bidi override', status: 400, field: 'username', send: () => post('/users', sA.token, user({ username: `u\u202e${unique()}` })) },
  ]);

  const editedCursor = () => {
    const decoded = JSON.parse(Buffer.from(actionCursor, 'base64url').toString('utf8')) as Record<string, string>;
    return Object.fromEntries(Object.keys(decoded).map((k) => [k, `${decoded[k]}' OR '1'='1`]));
  };
  table('cursors and limits', () => [
    ...['/contents', '/tasks', '/actions', '/pages', '/reports', '/directives', '/surveys', '/targets', '/me/assignments', '/questionnaires'].map(
      (path) => ({ name: `GET ${path}?cursor=<{"id":"x"}>`, status: 400, field: 'cursor', send: () => get(`${path}?cursor=${base64url({ id: 'x' })}`, sA.token) }),
    ),
    { name: 'GET /actions with an issued cursor cut short', status: 400, field: 'cursor', send: () => get(`/actions?cursor=${actionCursor.slice(0, -3)}`, cA.token) },
    { name: 'GET /actions with an issued cursor whose fields were edited', status: 400, field: 'cursor', send: () => get(`/actions?cursor=${base64url(editedCursor())}`, cA.token) },
    { name: 'GET /actions with an issued cursor plus a stray =', status: 400, field: 'cursor', send: () => get(`/actions?cursor=${actionCursor}%3D`, cA.token) },
    { name: 'GET /actions with a cursor of 10,000 characters', status: 400, field: 'cursor', send: () => get(`/actions?cursor=${'A'.repeat(10_000)}`, cA.token) },
    ...['0', '201', '-1', 'abc', '1e2', '50&limit=60'].map((limit) => ({
      name: `GET /actions?limit=${limit}`,
      status: 400,
      field: 'limit',
      send: () => get(`/actions?limit=${limit}`, cA.token),
    })),
    { name: 'GET /pages?limit=201', status: 400, field: 'limit', send: () => get('/pages?limit=201', sA.token) },
    { name: 'GET /contents?limit=0', status: 400, field: 'limit', send: () => get('/contents?limit=0', sA.token) },
  ]);

  const sign = (payload: object, secret = system.config.jwtSecret) => jwt.sign(payload, secret, { algorithm: 'HS256' });
  const claims = () => jwt.decode(sA.token) as { sub: string; ver: number; exp: number };
  const withToken = (token: () => string) => () => post('/directives', token(), directive());
  table('bearer tokens on a write route answer 401', () => [
    {
      name: 'alg none',
      status: 401,
      send: withToken(() => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), exp: Math.floor(Date.now() / 1000) + 600 })}.`),
    },
    { name: 'expired', status: 401, send: withToken(() => sign({ sub: claims().sub, ver: claims().ver, exp: Math.floor(Date.now() / 1000) - 5 })) },
    { name: 'signed with another secret', status: 401, send: withToken(() => sign({ sub: claims().sub, ver: claims().ver, exp: claims().exp }, 'not-the-secret-not-the-secret-not-it')) },
    {
      name: 'an edited payload (another subject)',
      status: 401,
      send: withToken(() => {
        const [header, , signature] = sA.token.split('.');
        return `${header}.${base64url({ ...claims(), sub: sRootA.id })}.${signature}`;
      }),
    },
    {
      name: 'an edited payload (a later expiry)',
      status: 401,
      send: withToken(() => {
        const [header, , signature] = sA.token.split('.');
        return `${header}.${base64url({ ...claims(), exp: claims().exp + 86_400 })}.${signature}`;
      }),
    },
  ]);
});

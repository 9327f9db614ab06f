import { Actor } from '@app/access';
import { ActionErrorCode, ActionsRepository, ActionsService, ActionWriter } from '@app/actions';
import { LogActionDto } from '@app/contracts';
import { UsersService } from '@app/identity';
import { bearer, countRows, createUnit, createUser, login, seedAdmin, startTestSystem, TestSystem } from '../support';

/**
 * The database failing in the middle of a group-committed write: nothing is written twice,
 * nothing written is reported as lost, and what was not written can be sent again.
 */
/** The writer's one statement, seen from a test that makes it fail. */
type Insert = { runInsert: (...args: unknown[]) => Promise<unknown> };
const realInsert = (ActionWriter.prototype as unknown as Insert).runInsert;

describe('actions when the database fails mid-write', () => {
  let system: TestSystem;
  let token: string;
  let userId: string;
  let writer: ActionWriter;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const admin = await seedAdmin(system);
    const unitId = (await createUnit(system, 'Chi bộ B', admin.rootUnitId)).id;
    const user = await createUser(system, unitId, ['collaborator']);
    userId = user.id;
    token = await login(system.http, user.username);
    writer = system.app.get(ActionWriter);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => system.close());

  const item = (clientId: string | undefined, n: number) => ({
    ...(clientId ? { clientId } : {}),
    type: 'comment',
    platform: 'zalo',
    occurredAt: `2024-04-0${n}T09:00:00+07:00`,
  });
  const batch = (items: object[]) => system.http.post('/api/v1/actions/batch').set(bearer(token)).send({ items });
  const statuses = (response: { body: { results: { status: number }[] } }) => response.body.results.map((r) => r.status);
  const spyOnInsert = () => jest.spyOn(writer as unknown as Insert, 'runInsert');
  const rowsOf = (day: string) =>
    system.db.query(`SELECT id FROM actions WHERE user_id = $1 AND occurred_at::date = $2::date`, [userId, day]);

  it('keeps what the insert wrote when the look-up of taken keys fails after it, and writes nothing twice', async () => {
    const actor = (await system.app.get(UsersService).actorOf(userId)) as Actor;
    const actions = system.app.get(ActionsService);
    const keyed = item(undefined, 1) as unknown as LogActionDto;
    const keyless = item(undefined, 2) as unknown as LogActionDto;
    expect((await actions.log(actor, keyed, 'f-1')).created).toBe(true);
    // The look-up of taken keys, which runs after the insert in the same flush, fails once.
    let failed = false;
    jest.spyOn(system.app.get(ActionsRepository), 'findByIdempotencyKeys').mockImplementationOnce(async () => {
      failed = true;
      throw new Error('timeout exceeded when trying to connect');
    });

    // A phone's replay of f-1 and a new action without a key, in the same turn: one statement.
    const [replay, fresh] = await Promise.allSettled([actions.log(actor, keyed, 'f-1'), actions.log(actor, keyless, null)]);
    expect(failed).toBe(true);
    expect(replay).toMatchObject({ status: 'rejected', reason: { code: ActionErrorCode.NotWritten } });
    expect(fresh).toMatchObject({ status: 'fulfilled', value: { created: true } });
    expect(await rowsOf('2024-04-02')).toHaveLength(1);
    expect(await rowsOf('2024-04-01')).toHaveLength(1);

    // The failed one sent again is answered from the stored row, not written a second time.
    expect((await actions.log(actor, keyed, 'f-1')).created).toBe(false);
    expect(await rowsOf('2024-04-01')).toHaveLength(1);
  });

  it('retries each row on its own when PostgreSQL refuses the statement because of one of them', async () => {
    let refused = 0;
    spyOnInsert().mockImplementation(async (...args: unknown[]) => {
      const values = args[1] as unknown[][];
      if (values[0].length > 1) {
        refused++;
        throw Object.assign(new Error('insert or update on table "actions" violates foreign key constraint'), { code: '23503' });
      }
      return realInsert.apply(writer, args);
    });
    const before = await countRows(system, 'actions');
    const response = await batch([item('r-1', 3), item('r-2', 4), item('r-3', 5)]);
    expect(refused).toBe(1);
    expect(statuses(response)).toEqual([201, 201, 201]);
    expect(await countRows(system, 'actions')).toBe(before + 3);
  });

  it('does not write again when the connection is lost after the insert committed; a keyed resend is answered from the stored rows', async () => {
    let lost = false;
    spyOnInsert().mockImplementation(async (...args: unknown[]) => {
      const rows = await realInsert.apply(writer, args);
      if (!lost) {
        lost = true;
        throw new Error('Connection terminated unexpectedly');
      }
      return rows;
    });
    const before = await countRows(system, 'actions');
    const items = [item('c-1', 6), item('c-2', 7)];
    expect(statuses(await batch(items))).toEqual([503, 503]);
    expect(lost).toBe(true);
    expect(await countRows(system, 'actions')).toBe(before + 2);

    const again = await batch(items);
    expect(statuses(again)).toEqual([200, 200]);
    expect(await countRows(system, 'actions')).toBe(before + 2);
  });

  it('answers a single POST /actions with 503 when it could not be written, and the same key then writes it once', async () => {
    spyOnInsert().mockRejectedValueOnce(new Error('timeout exceeded when trying to connect'));
    const body = item(undefined, 8);
    const post = () => system.http.post('/api/v1/actions').set(bearer(token)).set('Idempotency-Key', 'single-1').send(body);
    const failed = await post();
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(await rowsOf('2024-04-08')).toHaveLength(0);
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(200);
    expect(await rowsOf('2024-04-08')).toHaveLength(1);
  });
});

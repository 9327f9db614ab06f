import { bearer, createUnit, seedAdmin, startTestSystem, TestSystem } from '../support';
import { Person, person } from '../support/takedowns';

/** Issue 10: the web app's language is kept on the person's account, so it follows them to another phone. */
describe('my preferences: the language I chose, mine only', () => {
  let system: TestSystem;
  let me: Person;
  let colleague: Person;
  let leader: Person;

  const read = (who: Person) => system.http.get('/api/v1/me/preferences').set(bearer(who.token));
  const choose = (who: Person, body: unknown) =>
    system.http.patch('/api/v1/me/preferences').set(bearer(who.token)).set('content-type', 'application/json').send(JSON.stringify(body));
  const stored = async (who: Person) =>
    ((await system.db.query(`SELECT language FROM users WHERE id = $1`, [who.id])) as { language: string | null }[])[0].language;

  beforeAll(async () => {
    system = await startTestSystem();
    const admin = await seedAdmin(system);
    const unit = (await createUnit(system, 'Chi bộ Ngôn ngữ', admin.rootUnitId)).id;
    me = await person(system, unit, ['collaborator']);
    colleague = await person(system, unit, ['collaborator']);
    leader = await person(system, unit, ['leader']);
  });
  afterAll(() => system?.close());

  it('answers null until I choose', async () => {
    const response = await read(me);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ language: null });
  });

  it('keeps my choice on my account, and only mine', async () => {
    const chosen = await choose(me, { language: 'en' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toEqual({ language: 'en' });
    expect((await read(me)).body).toEqual({ language: 'en' });
    expect((await read(colleague)).body).toEqual({ language: null });
    expect(await stored(colleague)).toBeNull();
  });

  it('lets every role choose (a leader too)', async () => {
    expect((await choose(leader, { language: 'vi' })).body).toEqual({ language: 'vi' });
  });

  it.each<[string, unknown, string]>([
    ['another language', { language: 'fr' }, 'language'],
    ['null', { language: null }, 'language'],
    ['nothing', {}, 'language'],
    ['an upper-case code', { language: 'EN' }, 'language'],
    ['a number', { language: 1 }, 'language'],
    ['someone else’s id beside it', { language: 'vi', userId: '1' }, 'userId'],
  ])('refuses %s with a 400 naming the field, and changes nothing', async (_name, body, field) => {
    const response = await choose(me, body);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(field);
    expect(await stored(me)).toBe('en');
  });

  it('answers 401 without a token', async () => {
    expect((await system.http.get('/api/v1/me/preferences')).status).toBe(401);
    expect((await system.http.patch('/api/v1/me/preferences').send({ language: 'vi' })).status).toBe(401);
  });
});

import { ApiClient } from '../../scripts/demo/api-client';
import { figuresAsLeaderSeesThem, loadReferenceYear, REFERENCE_2023 } from '../../scripts/demo/reference-year';
import { ADMIN, seedAdmin, startTestSystem, TestSystem } from '../support';

/** `npm run demo` loads the reference year through the HTTP API; its figures must be the reference's. */
describe('the reference year (npm run demo)', () => {
  let system: TestSystem;
  let api: ApiClient;

  beforeAll(async () => {
    system = await startTestSystem({ figures: true });
    await seedAdmin(system);
    await system.app.listen(0, '127.0.0.1');
    api = new ApiClient((await system.app.getUrl()).replace('[::1]', '127.0.0.1'));
  }, 120_000);
  afterAll(() => system.close());

  it('reproduces 83 / 2.490 / 1.064 / 12.350 / 13.984 / 76 / 1 / 25 / 500 for 2023, with a 2024 target of 100', async () => {
    const admin = await api.login(ADMIN.username, ADMIN.password);
    const year = await loadReferenceYear(api, admin);
    const stats = await figuresAsLeaderSeesThem(api, year);
    const printed = Object.fromEntries(Object.keys(REFERENCE_2023).map((figure) => [figure, stats[figure]]));
    expect(printed).toEqual(REFERENCE_2023);
    const leader = await api.login(year.leader.username, year.leader.password);
    const next = await api.call<{ target: { perMember: number; membersTotal: number } | null }>(
      'GET',
      `/stats/yearly?year=2024&orgUnitId=${year.blocUnitId}`,
      leader,
    );
    expect(next.target).toMatchObject({ perMember: 100, membersTotal: 502 });
  }, 600_000);
});

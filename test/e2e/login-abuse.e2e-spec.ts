import { Response } from 'supertest';
import { bearer, createUnit, createUser, login, PASSWORD, snapshotCounts, startTestSystem, TestSystem } from '../support';

/**
 * Sign-in throttling (per IP and per account) and the per-user API rate limit. Each
 * describe has its own system, so that no limit carries over from another block: every
 * request from supertest comes from the same address.
 */

const LOGIN_LIMITS = { loginRateLimitPerIp: 10, loginRateLimitPerAccount: 5 };
const WRONG = 'wrong-password-1';

async function startWithUsers(config: Parameters<typeof startTestSystem>[0], count: number) {
  const system = await startTestSystem(config);
  const root = await createUnit(system, 'Đảng ủy Khối', null);
  const users: string[] = [];
  for (let i = 0; i < count; i++) users.push((await createUser(system, root.id, ['collaborator'])).username);
  return { system, rootId: root.id, users };
}

const signIn = (system: TestSystem, username: string, password: string) =>
  system.http.post('/api/v1/auth/login').send({ username, password });

function expectTooMany(response: Response): void {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
  const retryAfter = response.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  expect(response.body).not.toHaveProperty('accessToken');
}

describe('login abuse: an account locks after 5 failures, then the IP after 10 attempts', () => {
  let system: TestSystem;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    const started = await startWithUsers({ config: LOGIN_LIMITS, worker: false }, 2);
    system = started.system;
    [alice, bob] = started.users;
  });
  afterAll(() => system?.close());

  it('refuses the 6th attempt on an account, even with the right password; other accounts go on until the IP limit', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await signIn(system, alice, WRONG);
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
    }
    const before = await snapshotCounts(system);
    const locked = await signIn(system, alice, PASSWORD);
    expectTooMany(locked);
    expect(await snapshotCounts(system)).toEqual(before);

    // Six attempts so far from this address: another account gets four more, then the IP is refused.
    for (let attempt = 7; attempt <= 10; attempt++) {
      const response = await signIn(system, bob, PASSWORD);
      expect({ attempt, status: response.status }).toEqual({ attempt, status: 200 });
    }
    expectTooMany(await signIn(system, bob, PASSWORD));
    expectTooMany(await signIn(system, `nobody-${Date.now()}`, PASSWORD));
  });
});

describe('login abuse: the address counted is the peer, or the client named by a trusted proxy', () => {
  const signInFrom = (system: TestSystem, forwardedFor: string, username: string) =>
    system.http.post('/api/v1/auth/login').set('X-Forwarded-For', forwardedFor).send({ username, password: PASSWORD });

  it('ignores X-Forwarded-For from a peer that is not a named proxy (a client cannot pick its address)', async () => {
    const { system, users } = await startWithUsers({ config: LOGIN_LIMITS, worker: false }, 1);
    try {
      for (let attempt = 1; attempt <= 10; attempt++) {
        const response = await signInFrom(system, `203.0.113.${attempt}`, users[0]);
        expect({ attempt, status: response.status }).toEqual({ attempt, status: 200 });
      }
      expectTooMany(await signInFrom(system, '198.51.100.77', users[0]));
    } finally {
      await system.close();
    }
  });

  it('counts each client behind a proxy named in TRUST_PROXY on its own', async () => {
    const trusted = { ...LOGIN_LIMITS, trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] };
    const { system, users } = await startWithUsers({ config: trusted, worker: false }, 1);
    try {
      for (let attempt = 1; attempt <= 10; attempt++) {
        const response = await signInFrom(system, '203.0.113.7', users[0]);
        expect({ attempt, status: response.status }).toEqual({ attempt, status: 200 });
      }
      expectTooMany(await signInFrom(system, '203.0.113.7', users[0]));
      expect((await signInFrom(system, '203.0.113.8', users[0])).status).toBe(200);
    } finally {
      await system.close();
    }
  });
});

describe('login abuse: unknown accounts and wrong passwords answer alike', () => {
  let system: TestSystem;
  let rootId: string;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    // A high per-IP limit here, so that only the per-account limit is exercised.
    const started = await startWithUsers({ config: { loginRateLimitPerIp: 1000, loginRateLimitPerAccount: 5 }, worker: false }, 2);
    system = started.system;
    rootId = started.rootId;
    [carol, dave] = started.users;
  });
  afterAll(() => system?.close());

  it('gives an unknown username and a wrong password the same status and body', async () => {
    const unknown = await signIn(system, 'no-such-user', WRONG);
    const wrong = await signIn(system, carol, WRONG);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
    expect(unknown.body.message).not.toMatch(/not found|exist|unknown/i);
  });

  it('locks an unknown username exactly as it locks a real one', async () => {
    const real: Response[] = [];
    const ghost: Response[] = [];
    for (let i = 0; i < 6; i++) {
      real.push(await signIn(system, dave, WRONG));
      ghost.push(await signIn(system, 'ghost-account', WRONG));
    }
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(ghost.map((r) => r.status)).toEqual(real.map((r) => r.status));
    expect(ghost[5].body).toEqual(real[5].body);
    expectTooMany(real[5]);
    expectTooMany(ghost[5]);
  });

  it('counts an account’s attempts whatever the case of the username', async () => {
    const { username: user } = await createUser(system, rootId, ['collaborator']);
    const spellings = [user.toUpperCase(), user, user.toUpperCase(), user, user.toUpperCase()];
    for (const spelling of spellings) expect((await signIn(system, spelling, WRONG)).status).toBe(401);
    expectTooMany(await signIn(system, user, PASSWORD));
  });
});

describe('login abuse: a successful sign-in clears the account’s failures', () => {
  let system: TestSystem;
  let erin: string;

  beforeAll(async () => {
    const started = await startWithUsers({ config: LOGIN_LIMITS, worker: false }, 1);
    system = started.system;
    [erin] = started.users;
  });
  afterAll(() => system?.close());

  it('allows 4 failures, a success, 4 more failures and a success; the IP limit still counts them all', async () => {
    const statuses: number[] = [];
    for (const password of [WRONG, WRONG, WRONG, WRONG, PASSWORD, WRONG, WRONG, WRONG, WRONG, PASSWORD]) {
      statuses.push((await signIn(system, erin, password)).status);
    }
    // Without the reset the 6th attempt (the first failure after the success) would be a 429.
    expect(statuses).toEqual([401, 401, 401, 401, 200, 401, 401, 401, 401, 200]);
    expectTooMany(await signIn(system, erin, PASSWORD));
  });
});

/**
 * The API quota counts per clock minute (ApiQuotaService). Each test below starts with at least
 * 15 s left in one and spends the budget it needs itself, so no sequence of requests straddles
 * two windows: loaded CI runs saw a 6th request, or a token limited by an earlier test, land in
 * a fresh minute and answer 2xx.
 */
async function earlyInAClockMinute(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

describe('API rate limit: 5 requests per user per minute', () => {
  let system: TestSystem;
  let rootId: string;
  let frank: string;
  let grace: string;
  let secretariat: string;

  beforeAll(async () => {
    const started = await startWithUsers({ config: { apiRateLimitPerUser: 5 } }, 2);
    system = started.system;
    rootId = started.rootId;
    frank = await login(system.http, started.users[0]);
    grace = await login(system.http, started.users[1]);
    const secretary = await createUser(system, rootId, ['secretariat']);
    secretariat = await login(system.http, secretary.username);
  });
  beforeEach(() => earlyInAClockMinute());
  afterAll(() => system?.close());

  it('answers the 6th authenticated request within a minute with 429 and Retry-After, per user', async () => {
    for (let request = 1; request <= 5; request++) {
      const response = await system.http.get('/api/v1/me').set(bearer(frank));
      expect({ request, status: response.status }).toEqual({ request, status: 200 });
    }
    expectTooMany(await system.http.get('/api/v1/me').set(bearer(frank)));
    expectTooMany(await system.http.get('/api/v1/org-units').set(bearer(frank)));
    // Another user has their own budget.
    const other = await system.http.get('/api/v1/me').set(bearer(grace));
    expect(other.status).toBe(200);
  });

  it('refuses a write over the limit without writing anything', async () => {
    for (let request = 1; request <= 5; request++) {
      expect((await system.http.get('/api/v1/me').set(bearer(secretariat))).status).toBe(200);
    }
    const before = await snapshotCounts(system);
    const response = await system.http
      .post('/api/v1/users')
      .set(bearer(secretariat))
      .send({ username: 'over-limit', password: PASSWORD, fullName: 'Hoàng Văn Em', orgUnitId: rootId, roles: ['collaborator'] });
    expectTooMany(response);
    expect(await snapshotCounts(system)).toEqual(before);
  });

  it('never limits GET /health, with or without a (limited) token', async () => {
    // Frank's budget is spent in this minute, whether or not the first test's minute is over.
    for (let request = 1; request <= 5; request++) await system.http.get('/api/v1/me').set(bearer(frank));
    expectTooMany(await system.http.get('/api/v1/me').set(bearer(frank)));
    for (let i = 0; i < 15; i++) {
      const outside = await system.http.get('/health');
      const prefixed = await system.http.get('/api/v1/health');
      const withToken = await system.http.get('/api/v1/health').set(bearer(frank));
      expect([outside.status, prefixed.status, withToken.status]).toEqual([200, 200, 200]);
    }
  });
});

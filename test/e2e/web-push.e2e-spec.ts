import { createECDH, randomUUID } from 'node:crypto';
import { WebPushKeys } from '@app/config';
import { JobResults } from '@app/queue-contracts';
import { TasksService } from '@app/tasks';
import { NewAssignmentsPushProcessor } from '../../apps/worker/src/processors/new-assignments-push.processor';
import { LoopbackPushService, TestBrowser } from '../support/loopback-push-service';
import { bearer, createUnit, createUser, eventually, login, seedAdmin, startTestSystem, TestSystem } from '../support';

const A_BROWSER_KEY = (() => {
  const ecdh = createECDH('prime256v1');
  return ecdh.generateKeys().toString('base64url');
})();

interface Person {
  id: string;
  token: string;
}

function vapidKeys(): WebPushKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: ecdh.getPrivateKey().toString('base64url'),
    subject: 'mailto:ban.tuyen.giao@example.vn',
  };
}

/** A system, its admin, a unit and a way to make collaborators in it. */
async function setUp(system: TestSystem) {
  const seeded = await seedAdmin(system);
  const unitId = (await createUnit(system, 'Chi bộ Phường 1', seeded.rootUnitId)).id;
  const person = async (): Promise<Person> => {
    const user = await createUser(system, unitId, ['collaborator']);
    return { id: user.id, token: await login(system.http, user.username) };
  };
  return { admin: seeded.token, person };
}

async function subscribe(system: TestSystem, who: Person, browser: TestBrowser) {
  const saved = await system.http.post('/api/v1/me/push-subscriptions').set(bearer(who.token)).send(browser.subscription);
  expect(saved.status).toBe(201);
}

/** Creates a task for the users and waits until its fan-out is done; answers the task id. */
async function assign(system: TestSystem, admin: string, title: string, userIds: string[]): Promise<string> {
  const created = await system.http
    .post('/api/v1/tasks')
    .set(bearer(admin))
    .send({ title, kind: 'share', targetUrl: 'https://www.baochinhphu.vn/bai-1.htm', assignees: { userIds } });
  expect(created.status).toBe(201);
  const job = await eventually(
    () => system.http.get(`/api/v1/jobs/${created.body.fanOutJobId}`).set(bearer(admin)),
    (r) => r.body.status === 'done' || r.body.status === 'failed',
    30_000,
  );
  expect(job.body.status).toBe('done');
  return created.body.id;
}

interface PushJobRow {
  id: string;
  status: string;
  payload: { taskId: string; title: string; userIds: string[] };
  result: JobResults['notifications.new-assignments'] | null;
}

const pushJobsOf = async (system: TestSystem, taskId: string) =>
  (await system.db.query(
    `SELECT id, status, payload, result FROM jobs WHERE name = 'notifications.new-assignments' AND payload->>'taskId' = $1 ORDER BY created_at`,
    [taskId],
  )) as PushJobRow[];

/** Waits until every push job of the task has finished, and answers them. */
const pushJobsDone = (system: TestSystem, taskId: string) =>
  eventually(
    () => pushJobsOf(system, taskId),
    (jobs) => jobs.length > 0 && jobs.every((j) => j.status === 'done' || j.status === 'failed'),
    30_000,
  );

describe('Web Push to assignees, against a loopback push service that decrypts per RFC 8291', () => {
  const push = new LoopbackPushService();
  beforeAll(() => push.start());
  afterAll(() => push.stop());

  describe('with VAPID keys', () => {
    const keys = vapidKeys();
    let system: TestSystem;
    let admin: string;
    let person: () => Promise<Person>;

    beforeAll(async () => {
      system = await startTestSystem({ config: { webPush: keys } });
      ({ admin, person } = await setUp(system));
    });
    afterAll(() => system?.close());

    it('answers the public key to anyone signed in', async () => {
      const someone = await person();
      const key = await system.http.get('/api/v1/push/key').set(bearer(someone.token));
      expect(key.status).toBe(200);
      expect(key.body).toEqual({ publicKey: keys.publicKey });
      expect((await system.http.get('/api/v1/push/key')).status).toBe(401);
    });

    it('sends the new assignee an encrypted message with the task title, signed for the endpoint origin', async () => {
      const minh = await person();
      const bystander = await person();
      const browser = push.browser();
      const other = push.browser();
      await subscribe(system, minh, browser);
      await subscribe(system, bystander, other);
      const taskId = await assign(system, admin, 'Chia sẻ bài viết về Nghị quyết 57', [minh.id]);
      const [job] = await pushJobsDone(system, taskId);
      expect(job.payload).toEqual({ taskId, title: 'Chia sẻ bài viết về Nghị quyết 57', userIds: [minh.id] });
      expect(job.result).toEqual({ notified: 1, alreadyNotified: 0, failed: 0, removed: 0 });
      expect(push.to(browser.subscription.endpoint)).toHaveLength(1);
      const [message] = push.to(browser.subscription.endpoint);
      expect(message.payload).toEqual({ title: 'Chia sẻ bài viết về Nghị quyết 57', body: 'Nhiệm vụ mới', url: '/', tag: `task-${taskId}` });
      expect(message.vapidKey).toBe(keys.publicKey);
      expect(message.claims).toMatchObject({ aud: push.origin, sub: keys.subject });
      expect(message.headers['content-encoding']).toBe('aes128gcm');
      expect(push.to(other.subscription.endpoint)).toEqual([]);
      expect(push.refused).toEqual([]);
    });

    it('a retried job tells nobody twice', async () => {
      const lan = await person();
      const browser = push.browser();
      await subscribe(system, lan, browser);
      const taskId = await assign(system, admin, 'Bình luận bài viết về chuyển đổi số', [lan.id]);
      const [job] = await pushJobsDone(system, taskId);
      expect(push.to(browser.subscription.endpoint)).toHaveLength(1);
      // BullMQ delivers at least once: the same job again, as a redelivery would run it.
      const again = await system.app
        .get(NewAssignmentsPushProcessor)
        .handle({ id: job.id, name: 'notifications.new-assignments', payload: job.payload, createdBy: null, reportProgress: async () => undefined });
      expect(again).toEqual({ notified: 0, alreadyNotified: 1, failed: 0, removed: 0 });
      expect(push.to(browser.subscription.endpoint)).toHaveLength(1);
      // A fan-out run again creates no assignment, so it records no second push job.
      await system.app
        .get(TasksService)
        .fanOut({ id: 'again', name: 'tasks.fan-out', payload: { taskId }, createdBy: null, reportProgress: async () => undefined });
      expect(await pushJobsOf(system, taskId)).toHaveLength(1);
    });

    it('someone none of whose browsers answered stays untold: the job is put back, and the retry tells them once', async () => {
      const ngoc = await person();
      const phone = push.browser();
      await subscribe(system, ngoc, phone);
      push.answer(phone.subscription.endpoint, 503);
      const taskId = await assign(system, admin, 'Chia sẻ bài về phòng chống lừa đảo', [ngoc.id]);
      const [job] = await eventually(
        () => pushJobsOf(system, taskId),
        (jobs) => jobs.length === 1 && jobs[0].status === 'queued' && push.to(phone.subscription.endpoint).length > 0,
        30_000,
      );
      const [{ error }] = (await system.db.query(`SELECT error FROM jobs WHERE id = $1`, [job.id])) as { error: string }[];
      expect(error).toMatch(/could be reached/);
      const told = async () => ((await system.db.query(`SELECT count(*)::int AS n FROM push_deliveries WHERE task_id = $1`, [taskId])) as { n: number }[])[0].n;
      expect(await told()).toBe(0);

      push.answer(phone.subscription.endpoint, 201);
      const processor = system.app.get(NewAssignmentsPushProcessor);
      const run = () => processor.handle({ id: job.id, name: 'notifications.new-assignments', payload: job.payload, createdBy: null, reportProgress: async () => undefined });
      const attemptsBefore = push.to(phone.subscription.endpoint).length;
      expect(await run()).toEqual({ notified: 1, alreadyNotified: 0, failed: 0, removed: 0 });
      expect(await run()).toEqual({ notified: 0, alreadyNotified: 1, failed: 0, removed: 0 });
      expect(push.to(phone.subscription.endpoint)).toHaveLength(attemptsBefore + 1);
      expect(await told()).toBe(1);
    });

    it('two runs of one job at the same moment tell each person once', async () => {
      const quang = await person();
      const phone = push.browser();
      await subscribe(system, quang, phone);
      // A task given to someone else: the job below is the only one that names Quang.
      const other = await person();
      const taskId = await assign(system, admin, 'Tương tác bài viết về an ninh mạng', [other.id]);
      const payload = { taskId, title: 'Tương tác bài viết về an ninh mạng', userIds: [quang.id] };
      const processor = system.app.get(NewAssignmentsPushProcessor);
      const run = () => processor.handle({ id: randomUUID(), name: 'notifications.new-assignments', payload, createdBy: null, reportProgress: async () => undefined });
      const results = await Promise.all([run(), run()]);
      expect(results.map((r) => r.notified).sort()).toEqual([0, 1]);
      expect(push.to(phone.subscription.endpoint)).toHaveLength(1);
    });

    it('keeps at most 10 browsers per person, dropping the oldest', async () => {
      const lan = await person();
      const browsers = Array.from({ length: 12 }, () => push.browser());
      for (const browser of browsers) await subscribe(system, lan, browser);
      const kept = (await system.db.query(`SELECT endpoint FROM push_subscriptions WHERE user_id = $1 ORDER BY id`, [lan.id])) as { endpoint: string }[];
      expect(kept.map((row) => row.endpoint)).toEqual(browsers.slice(2).map((b) => b.subscription.endpoint));
    });

    it('a 410 deletes that subscription; a refusing endpoint does not stop the others', async () => {
      const hoa = await person();
      const tuan = await person();
      const gone = push.browser();
      const kept = push.browser();
      const broken = push.browser();
      const tuansPhone = push.browser();
      await subscribe(system, hoa, gone);
      await subscribe(system, hoa, kept);
      await subscribe(system, tuan, broken);
      await subscribe(system, tuan, tuansPhone);
      push.answer(gone.subscription.endpoint, 410);
      push.answer(broken.subscription.endpoint, 500);
      const taskId = await assign(system, admin, 'Báo cáo trang giả mạo', [hoa.id, tuan.id]);
      const [job] = await pushJobsDone(system, taskId);
      expect(job.status).toBe('done');
      expect(job.result).toEqual({ notified: 2, alreadyNotified: 0, failed: 1, removed: 1 });
      const endpoints = (await system.db.query(`SELECT endpoint FROM push_subscriptions WHERE user_id = $1`, [hoa.id])) as { endpoint: string }[];
      expect(endpoints.map((e) => e.endpoint)).toEqual([kept.subscription.endpoint]);
      expect(push.to(kept.subscription.endpoint)).toHaveLength(1);
      expect(push.to(tuansPhone.subscription.endpoint)).toHaveLength(1);
    });

    it('saves a subscription once per endpoint, for its caller only, and forgets it on DELETE', async () => {
      const an = await person();
      const binh = await person();
      const browser = push.browser();
      const first = await system.http.post('/api/v1/me/push-subscriptions').set(bearer(an.token)).send(browser.subscription);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ endpoint: browser.subscription.endpoint, createdAt: expect.any(String) });
      const again = await system.http.post('/api/v1/me/push-subscriptions').set(bearer(an.token)).send(browser.subscription);
      expect(again.status).toBe(200);
      const owners = () => system.db.query(`SELECT user_id::text AS "userId" FROM push_subscriptions WHERE endpoint = $1`, [browser.subscription.endpoint]);
      expect(await owners()).toEqual([{ userId: an.id }]);
      // Someone else cannot delete it.
      const foreign = await system.http.delete('/api/v1/me/push-subscriptions').set(bearer(binh.token)).send({ endpoint: browser.subscription.endpoint });
      expect(foreign.status).toBe(204);
      expect(await owners()).toEqual([{ userId: an.id }]);
      const removed = await system.http.delete('/api/v1/me/push-subscriptions').set(bearer(an.token)).send({ endpoint: browser.subscription.endpoint });
      expect(removed.status).toBe(204);
      expect(await owners()).toEqual([]);
    });

    it.each([
      ['a non-loopback http endpoint', { endpoint: 'http://push.example.vn/1' }, 'endpoint'],
      ['a non-URL endpoint', { endpoint: 'javascript:alert(1)' }, 'endpoint'],
      ['a p256dh of the wrong length', { keys: { p256dh: 'BAAA', auth: 'tBHItJI5svbpez7KI4CCXg' } }, 'p256dh'],
      ['a p256dh off the curve', { keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'tBHItJI5svbpez7KI4CCXg' } }, 'point on the P-256 curve'],
      ['an auth secret of the wrong length', { keys: { p256dh: A_BROWSER_KEY, auth: 'short' } }, 'keys.auth'],
      ['no keys', { keys: undefined }, 'keys'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_case, over, field) => {
      const someone = await person();
      const body = { ...push.browser().subscription, ...over };
      const refused = await system.http.post('/api/v1/me/push-subscriptions').set(bearer(someone.token)).send(body);
      expect(refused.status).toBe(400);
      expect(`${refused.body.field ?? ''} ${refused.body.message}`).toContain(field);
      expect(await system.db.query(`SELECT 1 FROM push_subscriptions WHERE user_id = $1`, [someone.id])).toEqual([]);
    });
  });

  describe('without VAPID keys', () => {
    let system: TestSystem;
    let admin: string;
    let person: () => Promise<Person>;

    beforeAll(async () => {
      system = await startTestSystem({ config: { webPush: null } });
      ({ admin, person } = await setUp(system));
    });
    afterAll(() => system?.close());

    it('says push is off and sends nothing when a task is assigned', async () => {
      const mai = await person();
      const key = await system.http.get('/api/v1/push/key').set(bearer(mai.token));
      expect(key.body).toEqual({ publicKey: null });
      const browser = push.browser();
      await subscribe(system, mai, browser);
      const taskId = await assign(system, admin, 'Chia sẻ bài viết không có thông báo', [mai.id]);
      const assigned = await system.db.query(`SELECT 1 FROM assignments WHERE task_id = $1 AND user_id = $2`, [taskId, mai.id]);
      expect(assigned).toHaveLength(1);
      expect(await pushJobsOf(system, taskId)).toEqual([]);
      expect(push.to(browser.subscription.endpoint)).toEqual([]);
    });
  });
});

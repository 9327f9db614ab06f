import { createHmac } from 'node:crypto';
import { FIGURES_QUEUE, QUEUE_NAMES, SCHEDULE_QUEUE } from '@app/queue-contracts';
import { bearer, createUnit, createUser, login, seedAdmin, snapshotCounts, startTestSystem, TestSystem } from '../support';
import { adminQueuesSigningKey } from '../../apps/api/src/admin-queues';

/** The admin console's API: unit deactivation, move previews, audit filters, Bull Board, system status. */
describe('admin console', () => {
  let system: TestSystem;
  let admin: { token: string; rootUnitId: string; id: string };
  let secretariat: { token: string; id: string };

  beforeAll(async () => {
    system = await startTestSystem();
    const seeded = await seedAdmin(system);
    const me = await system.http.get('/api/v1/me').set(bearer(seeded.token));
    admin = { ...seeded, id: me.body.id };
    const user = await createUser(system, seeded.rootUnitId, ['secretariat']);
    secretariat = { token: await login(system.http, user.username), id: user.id };
  });
  afterAll(() => system.close());

  const patchUnit = (id: string, body: object, token = admin.token) =>
    system.http.patch(`/api/v1/org-units/${id}`).set(bearer(token)).send(body);
  const audit = (query: Record<string, string>, token = admin.token) =>
    system.http.get('/api/v1/audit').query({ limit: 200, ...query }).set(bearer(token));

  describe('deactivating units', () => {
    it('refuses a unit with active child units, then one with active members, naming why (409), writing nothing', async () => {
      const top = await createUnit(system, 'Đảng bộ A', admin.rootUnitId);
      const child = await createUnit(system, 'Chi bộ A1', top.id);
      const member = await createUser(system, top.id, ['collaborator']);
      const before = await snapshotCounts(system);

      const withChild = await patchUnit(top.id, { active: false });
      expect(withChild.status).toBe(409);
      expect(withChild.body).toMatchObject({ field: 'active', message: expect.stringContaining('active unit') });

      expect((await patchUnit(child.id, { active: false })).status).toBe(200);
      const withMember = await patchUnit(top.id, { active: false });
      expect(withMember.status).toBe(409);
      expect(withMember.body.message).toContain('active member');
      expect(await snapshotCounts(system)).toEqual({ ...before, audit_log: before.audit_log + 1 });

      await system.http.patch(`/api/v1/users/${member.id}`).set(bearer(admin.token)).send({ active: false }).expect(200);
      const done = await patchUnit(top.id, { active: false });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: top.id, active: false, deactivatedAt: expect.any(String) });

      // Its former member cannot come back to life there: that would be a new member.
      const revived = await system.http.patch(`/api/v1/users/${member.id}`).set(bearer(admin.token)).send({ active: true });
      expect(revived.status).toBe(409);
      expect(revived.body.field).toBe('active');
    });

    it('a deactivated unit takes no new members, child units or moved units; reactivation needs an active parent', async () => {
      const top = await createUnit(system, 'Đảng bộ B', admin.rootUnitId);
      const child = await createUnit(system, 'Chi bộ B1', top.id);
      const elsewhere = await createUnit(system, 'Chi bộ C', admin.rootUnitId);
      await patchUnit(child.id, { active: false }).expect(200);
      await patchUnit(top.id, { active: false }).expect(200);
      const before = await snapshotCounts(system);

      const newUser = await system.http
        .post('/api/v1/users')
        .set(bearer(admin.token))
        .send({ username: 'newbie.b', password: 'password-123', fullName: 'Trần Thị B', orgUnitId: top.id, roles: ['collaborator'] });
      expect(newUser.status).toBe(409);
      expect(newUser.body.field).toBe('orgUnitId');
      const newChild = await system.http.post('/api/v1/org-units').set(bearer(admin.token)).send({ name: 'Chi bộ B2', parentId: top.id });
      expect(newChild.status).toBe(409);
      expect(newChild.body.field).toBe('parentId');
      expect((await patchUnit(elsewhere.id, { parentId: top.id })).status).toBe(409);
      const early = await patchUnit(child.id, { active: true });
      expect(early.status).toBe(409);
      expect(early.body.message).toContain('parent');
      expect(await snapshotCounts(system)).toEqual(before);

      await patchUnit(top.id, { active: true }).expect(200);
      const back = await patchUnit(child.id, { active: true });
      expect(back.body).toMatchObject({ active: true, deactivatedAt: null });
    });

    it('refuses active that is not a boolean (400 naming it), and a secretariat (403)', async () => {
      const unit = await createUnit(system, 'Chi bộ D', admin.rootUnitId);
      const bad = await patchUnit(unit.id, { active: 'no' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('active');
      expect((await patchUnit(unit.id, { active: false }, secretariat.token)).status).toBe(403);
    });
  });

  describe('the subtree summary of a move', () => {
    it('counts the unit with its descendants and their active members only', async () => {
      const top = await createUnit(system, 'Đảng bộ E', admin.rootUnitId);
      const a = await createUnit(system, 'Chi bộ E1', top.id);
      const b = await createUnit(system, 'Chi bộ E2', a.id);
      await createUser(system, top.id, ['collaborator']);
      await createUser(system, b.id, ['collaborator']);
      const gone = await createUser(system, b.id, ['collaborator']);
      await system.http.patch(`/api/v1/users/${gone.id}`).set(bearer(admin.token)).send({ active: false }).expect(200);

      const summary = await system.http.get(`/api/v1/org-units/${top.id}/subtree-summary`).set(bearer(admin.token));
      expect(summary.status).toBe(200);
      expect(summary.body).toEqual({ units: 3, members: 2 });
      const leaf = await system.http.get(`/api/v1/org-units/${b.id}/subtree-summary`).set(bearer(admin.token));
      expect(leaf.body).toEqual({ units: 1, members: 1 });
    });

    it('answers 404 for an unknown unit or a non-id, and 403 for a secretariat', async () => {
      expect((await system.http.get('/api/v1/org-units/999999/subtree-summary').set(bearer(admin.token))).status).toBe(404);
      expect((await system.http.get('/api/v1/org-units/abc/subtree-summary').set(bearer(admin.token))).status).toBe(404);
      const own = await system.http.get(`/api/v1/org-units/${admin.rootUnitId}/subtree-summary`).set(bearer(secretariat.token));
      expect(own.status).toBe(403);
    });
  });

  describe('audit filters', () => {
    let renamed: string;

    beforeAll(async () => {
      renamed = (await createUnit(system, 'Chi bộ F', admin.rootUnitId)).id;
      await patchUnit(renamed, { name: 'Chi bộ F (mới)' }).expect(200);
      await system.http
        .post('/api/v1/users')
        .set(bearer(secretariat.token))
        .send({ username: 'by.secretariat', password: 'password-123', fullName: 'Lê Văn C', orgUnitId: admin.rootUnitId, roles: ['collaborator'] })
        .expect(201);
    });

    it('narrows by actor, entity, action and dates, each on its own', async () => {
      const all = (await audit({})).body.items as { actorId: string | null; action: string; entityType: string; createdAt: string }[];
      const byActor = (await audit({ actorId: secretariat.id })).body.items as typeof all;
      expect(byActor.length).toBeGreaterThan(0);
      expect(byActor.length).toBeLessThan(all.length);
      expect(byActor.every((entry) => entry.actorId === secretariat.id)).toBe(true);

      const byEntity = (await audit({ entityType: 'org-unit' })).body.items as typeof all;
      expect(byEntity.length).toBeLessThan(all.length);
      expect(byEntity.every((entry) => entry.entityType === 'org-unit')).toBe(true);

      const byAction = (await audit({ action: 'org-unit.update' })).body.items as typeof all;
      expect(byAction.length).toBeGreaterThan(0);
      expect(byAction.length).toBeLessThan(all.length);
      expect(byAction.every((entry) => entry.action === 'org-unit.update')).toBe(true);
      const diff = byAction.find((entry) => (entry as unknown as { entityId: string }).entityId === renamed) as unknown as {
        before: { name: string };
        after: { name: string };
      };
      expect(diff.before.name).toBe('Chi bộ F');
      expect(diff.after.name).toBe('Chi bộ F (mới)');
    });

    it('reads dates as days in ORG_TIMEZONE, both ends included', async () => {
      // Back-date one entry to 2024-03-10 00:30 in Hanoi (17:30 UTC the day before).
      await system.db.query(
        `UPDATE audit_log SET created_at = '2024-03-09T17:30:00Z' WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'org-unit.update')`,
      );
      const day = (await audit({ from: '2024-03-10', to: '2024-03-10' })).body.items as { action: string }[];
      expect(day.map((entry) => entry.action)).toEqual(['org-unit.update']);
      expect((await audit({ from: '2024-03-09', to: '2024-03-09' })).body.items).toEqual([]);
      expect((await audit({ to: '2024-03-09' })).body.items).toEqual([]);
      const since = (await audit({ from: '2024-03-11' })).body.items as unknown[];
      expect(since.length).toBe(((await audit({})).body.items as unknown[]).length - 1);
    });

    it('keeps cursor paging within a filter', async () => {
      const first = await audit({ entityType: 'org-unit', limit: '1' });
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await audit({ entityType: 'org-unit', limit: '1', cursor: first.body.nextCursor });
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      expect(second.body.items[0].entityType).toBe('org-unit');
    });

    it.each([
      [{ actorId: 'abc' }, 'actorId'],
      [{ action: 'DROP TABLE' }, 'action'],
      [{ from: '2024-02-30' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ from: '2024-03-10', to: '2024-03-01' }, 'to'],
    ])('refuses %o with a 400 naming %s', async (query, field) => {
      const response = await audit(query as Record<string, string>);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
    });
  });

  describe('Bull Board at /admin/queues', () => {
    const COOKIE = 'lantoa_admin_queues';

    async function openSession(token: string) {
      return system.http.post('/api/v1/admin/queues/session').set(bearer(token));
    }
    const cookieOf = (response: { headers: Record<string, unknown> }) => {
      const set = ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);
      return set.find((line) => line.startsWith(`${COOKIE}=`)) ?? '';
    };

    it('an admin gets a short-lived HttpOnly, SameSite=Strict cookie scoped to /admin/queues (204)', async () => {
      const response = await openSession(admin.token);
      expect(response.status).toBe(204);
      const cookie = cookieOf(response);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/admin\/queues(;|$)/);
      expect(cookie).toMatch(/Max-Age=600/);
      expect(cookie).not.toMatch(/Secure/i);
    });

    it('with that cookie the board and its API answer, listing every queue', async () => {
      const cookie = cookieOf(await openSession(admin.token)).split(';')[0];
      const page = await system.http.get('/admin/queues').set('cookie', cookie);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('__UI_CONFIG__');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const api = await system.http.get('/admin/queues/api/queues').set('cookie', cookie);
      expect(api.status).toBe(200);
      const names = (api.body.queues as { name: string }[]).map((queue) => queue.name).sort();
      expect(names).toEqual([...QUEUE_NAMES, FIGURES_QUEUE, SCHEDULE_QUEUE].sort());
      expect(names).toEqual(expect.arrayContaining(['identity', 'tasks', 'takedown', 'exports', 'figures', 'schedules']));
    });

    it('refuses anonymous, forged, expired and wrong-audience cookies, a bearer header and a token in the URL (401)', async () => {
      const good = cookieOf(await openSession(admin.token)).split(';')[0].slice(COOKIE.length + 1);
      const [header, payload] = good.split('.');
      const sign = (body: object, secret = adminQueuesSigningKey(system.config.jwtSecret)) => {
        const encoded = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
        return `${encoded}.${createHmac('sha256', secret).update(encoded).digest('base64url')}`;
      };
      const now = Math.floor(Date.now() / 1000);
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const attempts: [string, Record<string, string>, string][] = [
        ['anonymous', {}, '/admin/queues'],
        ['forged signature', { cookie: `${COOKIE}=${header}.${payload}.AAAA` }, '/admin/queues'],
        ['other secret', { cookie: `${COOKIE}=${sign(claims, 'not-the-secret')}` }, '/admin/queues'],
        ['expired', { cookie: `${COOKIE}=${sign({ ...claims, iat: now - 1200, exp: now - 600 })}` }, '/admin/queues/api/queues'],
        ['an access token', { cookie: `${COOKIE}=${admin.token}` }, '/admin/queues'],
        ['signed with the access tokens\' key', { cookie: `${COOKIE}=${sign(claims, system.config.jwtSecret)}` }, '/admin/queues'],
        ['bearer header', bearer(admin.token), '/admin/queues/api/queues'],
        ['token in the query', {}, `/admin/queues?token=${good}&access_token=${admin.token}`],
      ];
      for (const [why, headers, path] of attempts) {
        const response = await system.http.get(path).set(headers);
        expect({ why, status: response.status }).toEqual({ why, status: 401 });
        expect(response.text).not.toContain('__UI_CONFIG__');
      }
      // Nor is the board's session an access token to the API.
      expect((await system.http.get('/api/v1/me').set(bearer(good))).status).toBe(401);
    });

    it('refuses a secretariat the session (403), and an admin demoted since opening it (401: a role change ends their sessions)', async () => {
      const refused = await openSession(secretariat.token);
      expect(refused.status).toBe(403);
      expect(cookieOf(refused)).toBe('');

      const user = await createUser(system, admin.rootUnitId, ['admin']);
      const token = await login(system.http, user.username);
      const cookie = cookieOf(await openSession(token)).split(';')[0];
      expect((await system.http.get('/admin/queues').set('cookie', cookie)).status).toBe(200);
      await system.http.patch(`/api/v1/users/${user.id}`).set(bearer(admin.token)).send({ roles: ['secretariat'] }).expect(200);
      const demoted = await system.http.get('/admin/queues/api/queues').set('cookie', cookie);
      expect(demoted.status).toBe(401);
      expect(demoted.body?.queues).toBeUndefined();
    });
  });

  describe('GET /admin/system', () => {
    it('shows the admin the version, health, queues, job names and the figures’ lag', async () => {
      const response = await system.http.get('/api/v1/admin/system').set(bearer(admin.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        version: { version: expect.stringMatching(/^\d+\.\d+\.\d+/), commit: null },
        health: { status: expect.stringMatching(/^(ok|unavailable)$/), database: 'up', redis: 'up', workers: expect.any(Number) },
        jobs: { queues: expect.any(Array), byName: expect.any(Array) },
        figures: { asOf: expect.any(String), lagSeconds: expect.any(Number) },
      });
      // Health says what GET /health says: ok exactly when a worker answers.
      expect(response.body.health.status).toBe(response.body.health.workers > 0 ? 'ok' : 'unavailable');
      expect(response.body.jobs.queues.map((queue: { queue: string }) => queue.queue)).toEqual([...QUEUE_NAMES]);
      expect(response.body.jobs.queues[0]).toEqual({ queue: 'identity', waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) });
    });

    it('counts job rows per name', async () => {
      await system.db.query(`INSERT INTO jobs (queue, name, payload, status) VALUES ('tasks', 'tasks.fan-out', '{}', 'failed')`);
      const response = await system.http.get('/api/v1/admin/system').set(bearer(admin.token));
      expect(response.body.jobs.byName).toContainEqual({ queue: 'tasks', name: 'tasks.fan-out', queued: expect.any(Number), running: expect.any(Number), failed: 1 });
    });

    it('refuses a secretariat (403) and an anonymous caller (401)', async () => {
      expect((await system.http.get('/api/v1/admin/system').set(bearer(secretariat.token))).status).toBe(403);
      expect((await system.http.get('/api/v1/admin/system')).status).toBe(401);
    });
  });
});

/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import { bearer } from '../support';
import { screenshot, startWebSystem, watchCsp, WebSystem } from './support/browser';
import { actionsOf, assignTask, Collaborator, logQueuedShare, seedCollaborator, serviceWorkerInControl, signIn, signInHere, until } from './support/journeys';

/** What an injected script would set; nothing may ever set it. */
declare global {
  interface Window {
    __xss?: string;
  }
}

const MARKUP_TITLE = 'Nhiệm vụ <img src=x onerror="window.__xss=\'title\'"> <b>in đậm</b>';
const MARKUP_INSTRUCTIONS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  '<a href="javascript:window.__xss=\'link\'">Bấm vào đây</a>',
].join('\n');
const JAVASCRIPT_URL = "javascript:window.__xss='target'";

/** The browser's refresh cookie, as the API stores its hash. */
async function refreshCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'lantoa_refresh');
  if (!cookie) throw new Error('no lantoa_refresh cookie in the browser');
  return decodeURIComponent(cookie.value);
}

/** Whether every refresh token of the cookie's family is revoked at the API (without presenting it). */
async function familyRevoked(system: WebSystem, cookie: string): Promise<boolean> {
  const hash = createHash('sha256').update(cookie, 'utf8').digest();
  const [row] = (await system.db.query(
    `SELECT bool_and(revoked_at IS NOT NULL) AS revoked FROM refresh_tokens
      WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
    [hash],
  )) as { revoked: boolean | null }[];
  if (row.revoked === null) throw new Error('the cookie is not a refresh token the API issued');
  return row.revoked;
}

const signInHeading = (page: Page) => page.getByRole('heading', { name: 'Đăng nhập Lan Tỏa' });

/**
 * Issue 10, journey 5: the app runs under its Content-Security-Policy with no violation; a task
 * whose text holds markup is shown as text and runs nothing, its javascript: link is never a
 * link; signing out clears the runtime caches, the token and the refresh cookie (also when made
 * offline) and returns to sign-in; a session that ends for good returns to sign-in and keeps
 * what was queued, which the next sign-in sends once.
 */
describe('security: CSP, markup shown as text, signing out, a session that ends', () => {
  let system: WebSystem;
  let who: Collaborator;
  let context: BrowserContext;
  let page: Page;
  let csp: string[];
  let markupTask: { taskId: string };

  beforeAll(async () => {
    system = await startWebSystem();
    who = await seedCollaborator(system);
    const refused = await system.http
      .post('/api/v1/tasks')
      .set(bearer(who.adminToken))
      .send({ title: 'x', kind: 'share', targetUrl: JAVASCRIPT_URL, assignees: { userIds: [who.userId] } });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('targetUrl');
    markupTask = await assignTask(system, who, { title: MARKUP_TITLE, kind: 'share', instructions: MARKUP_INSTRUCTIONS, targetUrl: 'https://www.facebook.com/lantoa.demo/posts/9' });
    // A row the API would refuse today (an older import, a hand edit): the app must still not make it a link.
    await system.db.query(`UPDATE tasks SET target_url = $1 WHERE id = $2`, [JAVASCRIPT_URL, markupTask.taskId]);
    context = await system.phone();
    page = await context.newPage();
    csp = await watchCsp(page);
  });
  afterAll(async () => {
    await context?.close();
    await system?.shutdown();
  });

  it('serves the app with a policy that runs only its own scripts and is never framed', async () => {
    const answer = await system.http.get('/');
    const policy = String(answer.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/object-src 'none'/);
  });

  it('reports a violation when a script is injected, so “none reported” below means something', async () => {
    const probe = await context.newPage();
    const violations = await watchCsp(probe);
    await probe.goto(`${system.baseUrl}/`);
    await signInHeading(probe).waitFor();
    await probe.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__xss = "injected"';
      document.head.append(script);
    });
    await until(async () => violations.length > 0, 'the CSP violation of the injected script');
    expect(await probe.evaluate(() => window.__xss)).toBeUndefined();
    await probe.close();
  });

  it('shows a task’s markup as text, runs none of it and makes no javascript: link', async () => {
    await signIn(page, system, who.username);
    const card = page.getByRole('article').filter({ hasText: 'Bấm vào đây' });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('<script>window.__xss = "script"</script>');
    expect(text).toContain('<img src=x onerror=');
    expect(text).toContain('<a href="javascript:');
    expect(text).toContain('<b>in đậm</b>');
    expect(await card.locator('script, img, b, a[href^="javascript:" i]').count()).toBe(0);
    // The target is javascript:, so the card offers no "open" link at all.
    expect(await card.getByRole('link').count()).toBe(0);
    await card.getByText('Bấm vào đây', { exact: false }).click();
    await screenshot(page, 'j5-01-markup-as-text');
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('a[href^="javascript:" i], [onerror]').length)).toBe(0);
  });

  it('shows the same title as text where the log form offers the task', async () => {
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Ghi nhận', exact: true }).click();
    await page.getByRole('combobox', { name: 'Nhiệm vụ (không bắt buộc)' }).click();
    await page.getByRole('option', { name: /Nhiệm vụ <img/ }).waitFor();
    await screenshot(page, 'j5-02-markup-in-task-choice');
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await page.keyboard.press('Escape');
  });

  it('signing out clears the runtime caches, the token and the refresh cookie, and returns to sign-in', async () => {
    await serviceWorkerInControl(page);
    // What a runtime cache of this person's answers would hold, had anything ever cached one.
    await page.evaluate(async () => {
      const cache = await caches.open('lantoa-runtime');
      await cache.put('/api/v1/me/assignments', new Response('{"items":[]}'));
    });
    const cookie = await refreshCookie(context);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signInHeading(page).waitFor();
    await screenshot(page, 'j5-03-signed-out');
    const left = await page.evaluate(async () => ({ caches: await caches.keys(), user: localStorage.getItem('lantoa.user') }));
    expect(left.caches.length).toBeGreaterThan(0);
    expect(left.caches.every((name) => name.includes('precache'))).toBe(true);
    expect(left.user).toBeNull();
    expect((await context.cookies()).map((c) => c.name)).not.toContain('lantoa_refresh');
    expect(await familyRevoked(system, cookie)).toBe(true);
    // Nothing resumes the session: a reload stays on the sign-in screen.
    await page.reload();
    await signInHeading(page).waitFor();
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(0);
  });

  it('a sign-out made offline revokes the cookie as soon as the network is back', async () => {
    await signInHere(page, who.username);
    const cookie = await refreshCookie(context);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await signInHeading(page).waitFor();
    expect(await familyRevoked(system, cookie)).toBe(false);
    await context.setOffline(false);
    await until(() => familyRevoked(system, cookie), 'the offline sign-out to reach the API');
  });

  it('a session that ends for good returns to sign-in, keeps the queue, and the next sign-in sends it once', async () => {
    await signInHere(page, who.username);
    await serviceWorkerInControl(page);
    await logQueuedShare(page, context, 'https://www.facebook.com/lan.ctv/posts/giu-lai');
    await page.reload(); // offline: the access token (in memory) is gone
    await page.getByRole('link', { name: '1 mục chờ gửi' }).waitFor();
    // Meanwhile the secretariat resets the password: every session of the account ends.
    const reset = await system.http.patch(`/api/v1/users/${who.userId}`).set(bearer(who.adminToken)).send({ password: 'mat-khau-moi-456' });
    expect(reset.status).toBe(200);
    await context.setOffline(false);
    await signInHeading(page).waitFor();
    await page.getByText('1 mục đã ghi ngoại tuyến vẫn được giữ và sẽ gửi sau khi đăng nhập.').waitFor();
    await screenshot(page, 'j5-04-session-ended-queue-kept');
    expect(await actionsOf(system, who)).toEqual([]);

    await signInHere(page, who.username, 'mat-khau-moi-456');
    await page.getByRole('link', { name: '0 mục chờ gửi' }).waitFor();
    const actions = await actionsOf(system, who);
    expect(actions).toHaveLength(1);
    expect(actions[0].url).toContain('facebook.com/lan.ctv/posts/giu-lai');
  });

  it('reported no Content-Security-Policy violation on any of these screens', () => {
    expect(csp).toEqual([]);
  });
});

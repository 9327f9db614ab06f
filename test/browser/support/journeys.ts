/// <reference lib="dom" />
import { BrowserContext, Page } from 'playwright-core';
import { bearer, createUser, login, PASSWORD, seedAdmin } from '../../support';
import { WebSystem } from './browser';

/** What a collaborator journey starts from: an admin's token and a collaborator with an open task. */
export interface Collaborator {
  adminToken: string;
  userId: string;
  username: string;
  token: string;
}

export interface TaskSeed {
  title: string;
  kind?: 'share' | 'interact' | 'write' | 'report_page' | 'survey' | 'other';
  instructions?: string;
  targetUrl?: string;
  dueAt?: string;
}

/** The first admin, the root unit and one collaborator in it. */
export async function seedCollaborator(system: WebSystem, username = 'lan.ctv'): Promise<Collaborator> {
  const { token: adminToken, rootUnitId } = await seedAdmin(system);
  const user = await createUser(system, rootUnitId, ['collaborator'], username);
  return { adminToken, userId: user.id, username, token: await login(system.http, username, PASSWORD) };
}

/** Creates a task for the collaborator and waits until its assignment exists (fan-out may be asynchronous). */
export async function assignTask(system: WebSystem, who: Collaborator, task: TaskSeed): Promise<{ taskId: string; assignmentId: string }> {
  const created = await system.http
    .post('/api/v1/tasks')
    .set(bearer(who.adminToken))
    .send({ kind: 'share', ...task, assignees: { userIds: [who.userId] } });
  if (created.status !== 201) throw new Error(`POST /tasks: ${created.status} ${JSON.stringify(created.body)}`);
  const taskId = created.body.id as string;
  const assignment = await until(async () => {
    const mine = await system.http.get('/api/v1/me/assignments').set(bearer(who.token)).query({ limit: 100 });
    return (mine.body.items as { id: string; taskId: string }[]).find((a) => a.taskId === taskId);
  }, `the assignment of task ${taskId}`);
  return { taskId, assignmentId: assignment.id };
}

/** The organisation's year now (Asia/Ho_Chi_Minh, UTC+7 all year): what the app shows as this year. */
export const orgYear = (): number => new Date(Date.now() + 7 * 3600_000).getUTCFullYear();

/** Polls `check` until it answers something truthy (never a fixed sleep); fails naming `what`. */
export async function until<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The collaborator's actions as the API lists them (the admin's view, so nothing is filtered by the page). */
export async function actionsOf(system: WebSystem, who: Collaborator): Promise<ActionRow[]> {
  const answer = await system.http.get('/api/v1/actions').set(bearer(who.adminToken)).query({ userId: who.userId, limit: 200 });
  if (answer.status !== 200) throw new Error(`GET /actions: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.items as ActionRow[];
}

export interface ActionRow {
  id: string;
  type: string;
  platform: string;
  url: string | null;
  reach: number;
  taskId: string | null;
  occurredAt: string;
}

/** The collaborator's reports with their evidence, as the API answers them. */
export async function reportsOf(system: WebSystem, who: Collaborator): Promise<ReportDetail[]> {
  const list = await system.http.get('/api/v1/reports').set(bearer(who.token)).query({ limit: 200 });
  if (list.status !== 200) throw new Error(`GET /reports: ${list.status} ${JSON.stringify(list.body)}`);
  const details: ReportDetail[] = [];
  for (const item of list.body.items as { id: string }[]) {
    details.push((await system.http.get(`/api/v1/reports/${item.id}`).set(bearer(who.token))).body as ReportDetail);
  }
  return details;
}

export interface ReportDetail {
  id: string;
  url: string;
  category: string;
  taskId: string | null;
  evidence: { id: string; sha256: string; mediaType: string }[];
}

/** A fresh phone context with the clipboard readable, as a person who allowed it once. */
export async function phoneWithClipboard(system: WebSystem): Promise<BrowserContext> {
  const context = await system.phone();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.baseUrl });
  return context;
}

/**
 * Signs in through the sign-in page shown at `path` (the task list at `/`; a shared link keeps
 * its own address) and waits until the signed-in shell is drawn.
 */
export async function signIn(page: Page, system: WebSystem, username: string, options: { path?: string; password?: string } = {}): Promise<void> {
  await page.goto(`${system.baseUrl}${options.path ?? '/'}`);
  await signInHere(page, username, options.password);
}

/** Fills and sends the sign-in form the page shows now. */
export async function signInHere(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByRole('textbox', { name: 'Tên đăng nhập' }).fill(username);
  await page.locator('input[type="password"]').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Opens the app, signs in someone who works at the desk, and waits until they land on it. */
export async function signInAtDesk(page: Page, system: WebSystem, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${system.baseUrl}/`);
  await signInHere(page, username, password);
  await page.waitForURL(/\/desk$/);
}

/** Waits until the service worker controls the page, so the shell is precached for offline use. */
export async function serviceWorkerInControl(page: Page): Promise<void> {
  await page
    .waitForFunction(() => navigator.serviceWorker?.controller !== null && navigator.serviceWorker?.controller !== undefined, null, {
      timeout: 20_000,
    })
    .catch(async (error: Error) => {
      // Say where the worker got to: not registered, installing (precaching), waiting or active.
      const state = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const worker = (w: ServiceWorker | null | undefined) => w?.state ?? 'none';
        return registration
          ? `installing ${worker(registration.installing)}, waiting ${worker(registration.waiting)}, active ${worker(registration.active)}`
          : 'no registration';
      });
      throw new Error(`${error.message} (service worker: ${state})`);
    });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // Every precached entry is in place before the test pulls the network.
    const names = await caches.keys();
    const precache = names.find((name) => name.includes('precache'));
    if (!precache) throw new Error(`no precache among ${names.join(', ')}`);
  });
}

/**
 * Takes the phone offline and logs a share there, which then waits in the queue (the phone
 * stays offline); `platform` is chosen by hand, for a link on no known platform.
 */
export async function logQueuedShare(page: Page, context: BrowserContext, url: string, platform?: string): Promise<void> {
  await context.setOffline(true);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Ghi nhận', exact: true }).click();
  await page.getByRole('textbox', { name: 'Đường dẫn' }).fill(url);
  if (platform) {
    await page.getByRole('combobox', { name: 'Nền tảng' }).click();
    await page.getByRole('option', { name: platform }).click();
  }
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu trên máy, sẽ tự gửi khi có mạng.' }).waitFor();
}

/** Puts text on the page's clipboard, as the person copying a link in another app. */
export async function copyToClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
}

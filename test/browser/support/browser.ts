/// <reference lib="dom" />
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startTestSystem, TestSystem, TestSystemOptions } from '../../support';

/** Debian's Chromium; the tests never let a tool download a browser (scripts/ensure-chromium.sh). */
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The built app the API serves; `npm test` builds it first (pretest). */
export const WEB_DIST = resolve(__dirname, '..', '..', '..', 'apps', 'web', 'dist');

/** Where the journeys' screenshots go: test output, never committed. */
export const SCREENSHOTS = resolve(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** How long one step (a click, a text to appear) may take before the test fails. */
export const STEP_TIMEOUT_MS = 10_000;

/** A cheap Android phone's screen. */
export const PHONE = { width: 360, height: 740 };

/** A secretariat's desk: a common office laptop screen. */
export const DESK = { width: 1366, height: 800 };

/** The API with the built web app, listening on a loopback port a browser can reach. */
export interface WebSystem extends TestSystem {
  baseUrl: string;
  /** This run's copy of the built app, the one the API serves (its manifest, its service worker). */
  webAppDir: string;
  browser: Browser;
  /** A fresh browser profile (cookies, storage, service worker) at phone size. */
  phone(): Promise<BrowserContext>;
  /** A fresh browser profile at desk size (the secretariat's and admin's screens). */
  desk(): Promise<BrowserContext>;
  shutdown(): Promise<void>;
}

export async function startWebSystem(options: TestSystemOptions = {}): Promise<WebSystem> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh (apt-get install -y chromium)`);
  if (!existsSync(join(WEB_DIST, 'index.html')) && !existsSync(join(WEB_DIST, 'sw.js'))) {
    throw new Error(`no built web app in ${WEB_DIST}: run npm run build -w apps/web`);
  }
  const webAppDir = await copyOfTheBuiltApp();
  const system = await startTestSystem({ figures: true, ...options, config: { webAppDir, ...options.config } });
  await system.app.listen({ port: 0, host: '127.0.0.1' });
  const address = system.app.getHttpServer().address() as { port: number };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    ...system,
    baseUrl: `http://localhost:${address.port}`,
    webAppDir,
    browser,
    async phone() {
      const context = await browser.newContext({
        viewport: PHONE,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        serviceWorkers: 'allow',
      });
      // A step that does not happen fails in seconds, naming what it waited for, not at jest's timeout.
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      return context;
    },
    async desk() {
      const context = await browser.newContext({ viewport: DESK, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      return context;
    },
    async shutdown() {
      await browser.close().catch(() => undefined);
      await system.close();
      rmSync(webAppDir, { recursive: true, force: true });
    },
  };
}

/**
 * A copy of apps/web/dist for this test file: a build started elsewhere meanwhile rewrites dist,
 * and a service worker that finds one of its precached files gone never takes control. A copy
 * caught in the middle of such a build (some file the service worker lists is missing) is taken again.
 */
async function copyOfTheBuiltApp(): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const copy = mkdtempSync(join(tmpdir(), 'lantoa-web-'));
    cpSync(WEB_DIST, copy, { recursive: true });
    if (isWhole(copy)) return copy;
    rmSync(copy, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`${WEB_DIST} stayed incomplete for a minute: is a build stuck?`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isWhole(directory: string): boolean {
  const worker = join(directory, 'sw.js');
  if (!existsSync(join(directory, 'index.html')) || !existsSync(worker)) return false;
  const precached = [...readFileSync(worker, 'utf8').matchAll(/url:"([^"]+)"/g)].map((match) => match[1]);
  return precached.length > 0 && precached.every((file) => existsSync(join(directory, file)));
}

/** Records every Content-Security-Policy violation the page reports, for a test to assert none. */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __cspViolation(line: string): void }).__cspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no injected scripts) stays as it is.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => {
        // Each node's own finding ("insufficient color contrast of 4.3 (foreground …)"), so a failure says what to change.
        const nodes = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.any[0]?.message ? ` [${n.any[0].message}]` : ''}`);
        return `${v.impact} ${v.id}: ${v.help} — ${nodes.join('; ')}`;
      });
  });
  return violations;
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; any: { message?: string }[] }[] }[];
}

/** Saves a screenshot of the journey's step under test-output/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Transitions finished: a menu sliding away after a resize is shown where it ends up.
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * A desk screen at the desk's size and at a phone's (`<name>.desk.png`, `<name>.phone.png`),
 * with axe-core's serious and critical findings at both; the page is left at desk size.
 */
export async function lookAtDeskScreen(page: Page, name: string): Promise<string[]> {
  const found: string[] = [];
  for (const [size, viewport] of [['phone', PHONE], ['desk', DESK]] as const) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}.${size}`);
    found.push(...(await seriousAccessibilityViolations(page)).map((line) => `${name} at ${size}: ${line}`));
  }
  return found;
}

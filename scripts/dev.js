#!/usr/bin/env node
// `npm run dev`: the whole system in one command. Checks PostgreSQL and Redis, builds when
// the sources changed, migrates, makes sure an admin exists, starts the API and the worker,
// waits for /health and prints where to go and how to sign in. Ctrl+C stops everything.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const { randomInt } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const ADMIN_FILE = path.join(ROOT, '.dev-admin.json');
const CLI = path.join('dist', 'apps', 'cli', 'main.js');
const APPS = { api: path.join('dist', 'apps', 'api', 'main.js'), worker: path.join('dist', 'apps', 'worker', 'main.js') };
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

const DEFAULTS = {
  DATABASE_URL: 'postgres://postgres@localhost:5432/lantoa',
  REDIS_URL: 'redis://localhost:6379',
  PORT: '3000',
  // The development system serves its own demo (`npm run demo`: 500 members signing in from
  // one address in a minute), so its limits are a demo's; production keeps SPEC's defaults.
  LOGIN_RATE_LIMIT: '100000',
  LOGIN_ACCOUNT_RATE_LIMIT: '1000',
  API_RATE_LIMIT: '1000000',
};

const PG_START = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const REDIS_START = 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no';

/** A failure whose message is the one line the developer needs; printed without a stack. */
class DevError extends Error {}

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function fail(line) {
  throw new DevError(line);
}

// ---------------------------------------------------------------- configuration

function loadEnvironment() {
  const envFile = path.join(ROOT, '.env');
  if (fs.existsSync(envFile)) {
    if (typeof process.loadEnvFile !== 'function') fail('Node.js 20.12 or newer is needed (process.loadEnvFile).');
    try {
      process.loadEnvFile(envFile); // variables already set in the shell win
    } catch (error) {
      fail(`Cannot read .env: ${error.message}`);
    }
  }
  for (const [key, value] of Object.entries(DEFAULTS)) {
    if (!process.env[key]) process.env[key] = value;
  }
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be an integer between 1 and 65535, not "${process.env.PORT}".`);
  return { databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL, port };
}

/**
 * ADMIN_USERNAME / ADMIN_PASSWORD when set; otherwise "admin" with a password generated once
 * and kept in .dev-admin.json (gitignored, 0600), so every run prints the same one.
 */
function adminCredentials() {
  const username = process.env.ADMIN_USERNAME || undefined;
  const password = process.env.ADMIN_PASSWORD || undefined;
  if (password) return { username: username ?? 'admin', password, source: 'environment' };
  let saved;
  try {
    saved = JSON.parse(fs.readFileSync(ADMIN_FILE, 'utf8'));
  } catch {
    saved = undefined;
  }
  if (saved && typeof saved.password === 'string' && saved.password && (!username || username === saved.username)) {
    return { username: saved.username, password: saved.password, source: 'file' };
  }
  const created = { username: username ?? 'admin', password: generatePassword(20) };
  fs.writeFileSync(ADMIN_FILE, `${JSON.stringify({ ...created, createdAt: new Date().toISOString() }, null, 2)}\n`, {
    mode: 0o600,
  });
  fs.chmodSync(ADMIN_FILE, 0o600);
  return { ...created, source: 'file' };
}

/** Letters and digits only, so the password can be pasted into any shell unquoted. */
function generatePassword(length) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

// ---------------------------------------------------------------- services

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function maintenanceUrl(databaseUrl) {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

function dockerEngineRuns() {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
  return probe.status === 0;
}

function startHint(service) {
  if (service === 'PostgreSQL' && fs.existsSync('/etc/postgresql')) return PG_START;
  if (service === 'Redis' && spawnSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' }).status === 0) {
    return REDIS_START;
  }
  if (dockerEngineRuns()) return 'docker compose up -d postgres redis; README, "With Docker", says which DATABASE_URL';
  return service === 'PostgreSQL' ? 'PostgreSQL 15 or newer' : 'Redis 6 or newer, maxmemory-policy noeviction';
}

function reasonOf(error) {
  const code = error && error.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ETIMEDOUT') return 'timed out';
  const message = String((error && error.message) || error).split('\n')[0];
  return /timeout|timed out/i.test(message) ? 'timed out' : message || 'no answer';
}

async function checkPostgres(databaseUrl) {
  let url;
  try {
    url = maintenanceUrl(databaseUrl);
  } catch {
    fail(`DATABASE_URL is not a valid URL: ${redact(databaseUrl)}.`);
  }
  const { Client } = require('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const code = error && error.code;
    if (code === '28P01' || code === '28000') {
      fail(`PostgreSQL at ${redact(url)} refused the login (${reasonOf(error)}). Fix: correct the user or password in DATABASE_URL.`);
    }
    fail(`PostgreSQL is not reachable at ${redact(url)} (${reasonOf(error)}). Fix: start it (${startHint('PostgreSQL')}) or set DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(redisUrl) {
  const Redis = require('ioredis');
  let redis;
  try {
    redis = new Redis(redisUrl, {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
  } catch (error) {
    fail(`REDIS_URL is not valid (${reasonOf(error)}): ${redact(redisUrl)}.`);
  }
  let lastError;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    fail(`Redis is not reachable at ${redact(redisUrl)} (${reasonOf(lastError ?? error)}). Fix: start it (${startHint('Redis')}) or set REDIS_URL.`);
  }
  let policy;
  try {
    policy = (await redis.config('GET', 'maxmemory-policy'))[1];
  } catch {
    policy = undefined; // CONFIG may be disabled on managed Redis; the apps check again at start
  } finally {
    redis.disconnect();
  }
  if (policy && policy !== 'noeviction') {
    fail(`Redis at ${redact(redisUrl)} has maxmemory-policy "${policy}"; queued jobs could be evicted. Fix: redis-cli config set maxmemory-policy noeviction.`);
  }
}

function checkPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') {
        reject(new DevError(`Port ${port} is already in use (another npm run dev?). Fix: stop that process, or set PORT.`));
      } else resolve(); // let the API report anything stranger itself
    });
    server.listen({ port, host: '0.0.0.0' }, () => server.close(() => resolve()));
  });
}

// ---------------------------------------------------------------- build, migrate, admin

function newestMtime(dir, skip) {
  let newest = 0;
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (skip(full)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function buildIsCurrent() {
  const outputs = [CLI, APPS.api, APPS.worker].map((file) => path.join(ROOT, file));
  if (!outputs.every((file) => fs.existsSync(file))) return false;
  const built = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  const skip = (full) => /[\\/](node_modules|dist)$/.test(full) || full === path.join(ROOT, 'apps', 'web');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'apps'), skip),
    newestMtime(path.join(ROOT, 'libs'), skip),
    ...['package-lock.json', 'tsconfig.json', 'nest-cli.json']
      .map((file) => path.join(ROOT, file))
      .filter((file) => fs.existsSync(file))
      .map((file) => fs.statSync(file).mtimeMs),
  );
  return built > sources;
}

function build() {
  if (buildIsCurrent()) return say('» build is up to date (dist/ is newer than apps/ and libs/)');
  say('» npm run build');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) fail('The build failed (see above). Fix the error and run npm run dev again.');
}

const WEB = path.join(ROOT, 'apps', 'web');
const WEB_INDEX = path.join(WEB, 'dist', 'index.html');

function webBuildIsCurrent() {
  if (!fs.existsSync(WEB_INDEX)) return false;
  const skip = (full) => /[\\/](node_modules|dist)$/.test(full);
  const sources = Math.max(
    newestMtime(WEB, skip),
    // The app imports the pure platform rules from the API's own lib.
    newestMtime(path.join(ROOT, 'libs', 'platforms'), skip),
    fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs,
  );
  return fs.statSync(WEB_INDEX).mtimeMs > sources;
}

/** Builds the web app the API serves at `/` when its sources changed. */
function buildWeb() {
  if (!fs.existsSync(path.join(WEB, 'package.json'))) return;
  if (webBuildIsCurrent()) return say('» web app build is up to date (apps/web/dist is newer than its sources)');
  say('» npm run build -w apps/web');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '-w', 'apps/web'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) fail('The web app build failed (see above). Fix the error and run npm run dev again.');
}

/** Runs the admin CLI; its output is shown prefixed, and its one-line error ends the run. */
function cli(args, label) {
  say(`» ${label}`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: process.env, encoding: 'utf8' });
  const lines = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter((line) => line.trim());
  const failed = result.status !== 0;
  for (const line of failed ? lines.slice(0, -1) : lines) say(`  ${line}`);
  if (failed) fail(`${label} failed: ${lines.at(-1) ?? `exit code ${result.status ?? result.signal}`}`);
  return lines.join('\n');
}

/**
 * Whether the printed credentials really sign in. ensure-admin changes nothing when an
 * admin exists already, so a password chosen earlier may differ from the one we print.
 */
async function checkAdmin(databaseUrl, admin) {
  const { Client } = require('pg');
  const argon2 = require('argon2');
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      `SELECT username, password_hash, active, 'admin' = ANY(roles) AS admin FROM users WHERE lower(username) = lower($1)`,
      [admin.username],
    );
    const user = rows[0];
    const password = passwordOption(admin.password);
    const setPassword = `npm run cli -- set-password --username ${user ? user.username : admin.username} ${password}`;
    if (!user) {
      const others = await client.query(`SELECT username FROM users WHERE active AND 'admin' = ANY(roles) ORDER BY id LIMIT 5`);
      const names = others.rows.map((row) => row.username).join(', ');
      return `No user "${admin.username}": an admin already existed (${names}), so none was created. Sign in as ${names.split(',')[0]}, or reset that password: npm run cli -- set-password --username ${others.rows[0] ? others.rows[0].username : 'NAME'} ${password}`;
    }
    if (!user.active || !user.admin) {
      return `"${user.username}" exists but is ${user.active ? 'not an admin' : 'deactivated'}; another admin holds the keys. Set ADMIN_USERNAME to a free name, or ask an admin.`;
    }
    if (!(await argon2.verify(user.password_hash, admin.password).catch(() => false))) {
      return `The admin "${user.username}" already existed with a different password; the one above does not work yet. To use it: ${setPassword}`;
    }
    return null;
  } catch (error) {
    return `Could not check the admin's password (${reasonOf(error)}).`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `--password P`, quoted for the shell; a password starting with "-" needs `--password=P` for the CLI. */
function passwordOption(value) {
  const word = /^[A-Za-z0-9._@%+:,/=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  return value.startsWith('-') ? `--password=${word}` : `--password ${word}`;
}

// ---------------------------------------------------------------- the running system

const children = new Map(); // name -> ChildProcess
let stopping = false;
let exitCode = 0;

// Development logs are for a person reading a terminal; the processes still write JSON lines
// (what production ships), and only this script makes them readable.
const pretty = require('pino-pretty').prettyFactory({
  colorize: process.stdout.isTTY,
  translateTime: 'SYS:HH:MM:ss',
  ignore: 'pid,hostname,context',
  messageFormat: '{if context}{context}: {end}{msg}',
});

function readable(line) {
  if (!line.startsWith('{')) return `${line}\n`;
  try {
    return pretty(JSON.parse(line));
  } catch {
    return `${line}\n`;
  }
}

function prefixed(stream, name, target) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => target.write(`[${name}] ${readable(line)}`));
}

function startChild(name, file) {
  const child = spawn(process.execPath, [file], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixed(child.stdout, name, process.stdout);
  prefixed(child.stderr, name, process.stderr);
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the rest.\n`);
      exitCode = code || 1;
      stopAll('SIGTERM', null);
    }
    if (children.size === 0) {
      if (stopping) process.stderr.write(`[dev] stopped${exitCode ? ` (exit code ${exitCode})` : ''}.\n`);
      process.exit(exitCode);
    }
  });
  return child;
}

function stopAll(signal, why = signal) {
  if (stopping) return; // npm and the terminal may both deliver Ctrl+C: forward it once
  stopping = true;
  if (why && children.size > 0) process.stderr.write(`[dev] ${why}: stopping the API and the worker…\n`);
  for (const child of children.values()) child.kill(signal);
  if (children.size === 0) process.exit(exitCode);
  setTimeout(() => {
    for (const [name, child] of children) {
      process.stderr.write(`[dev] ${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it.\n`);
      child.kill('SIGKILL');
    }
  }, STOP_TIMEOUT_MS).unref();
}

async function health(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return { ok: response.status === 200, said: `${response.status} ${(await response.text()).slice(0, 300)}` };
  } catch (error) {
    return { ok: false, said: reasonOf(error.cause ?? error) };
  }
}

async function waitForHealth(port) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = { ok: false, said: 'no answer yet' };
  while (Date.now() < deadline) {
    if (stopping) return null;
    last = await health(port);
    if (last.ok) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return last;
}

function banner(port, admin, note) {
  const base = `http://localhost:${port}`;
  const rule = '─'.repeat(72);
  const lines = [
    rule,
    ' Lan Tỏa is running',
    `   App       ${base}/   (sign in with the admin below, or the demo's accounts after npm run demo)`,
    `   Desk      ${base}/desk   (the secretariat's and the admin's screens; where they land on signing in)`,
    `   API       ${base}/api/v1`,
    `   Docs      ${base}/docs   (OpenAPI: ${base}/docs-json)`,
    `   Health    ${base}/health`,
    `   Admin     username: ${admin.username}`,
    `             password: ${admin.password}`,
    admin.source === 'file'
      ? '             (generated once, kept in .dev-admin.json; set ADMIN_USERNAME / ADMIN_PASSWORD to choose)'
      : '             (from ADMIN_USERNAME / ADMIN_PASSWORD)',
  ];
  if (note) lines.push('', ` Note: ${note}`);
  lines.push('', ' Press Ctrl+C to stop the API and the worker.', rule);
  say(lines.join('\n'));
}

async function main() {
  process.chdir(ROOT);
  if (!fs.existsSync(path.join(ROOT, 'node_modules'))) fail('Dependencies are not installed. Fix: npm ci');
  const config = loadEnvironment();
  const admin = adminCredentials();
  // The API seeds the same admin itself when none exists; keep both in agreement.
  process.env.ADMIN_USERNAME = admin.username;
  process.env.ADMIN_PASSWORD = admin.password;

  say(`» checking PostgreSQL (${redact(config.databaseUrl)}) and Redis (${redact(config.redisUrl)})`);
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  await checkPortFree(config.port);

  build();
  buildWeb();
  cli(['migrate'], 'migrate');
  cli(['ensure-admin', `--username=${admin.username}`, `--password=${admin.password}`], 'ensure-admin');
  const note = await checkAdmin(config.databaseUrl, admin);

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => stopAll(signal === 'SIGHUP' ? 'SIGTERM' : signal, signal));
  }
  // `kill <npm's pid>` reaches only npm and its shell, which die without telling us: a new
  // parent means whoever started us is gone, so stop as if told to. `npm run demo` starts us
  // detached (LANTOA_DEV_DETACHED=1) to leave the system running after it ends.
  const parent = process.ppid;
  if (process.env.LANTOA_DEV_DETACHED !== '1') {
    setInterval(() => {
      if (process.ppid !== parent) stopAll('SIGTERM', 'the parent process (npm) exited');
    }, 1000).unref();
  }
  process.on('exit', () => {
    for (const child of children.values()) child.kill('SIGTERM');
  });

  say('» starting the API and the worker');
  startChild('api', APPS.api);
  startChild('worker', APPS.worker);

  const result = await waitForHealth(config.port);
  if (result === null) return; // stopped while starting
  if (!result.ok) {
    process.stderr.write(
      `[dev] /health did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s; it last said: ${result.said}. Stopping.\n`,
    );
    exitCode = 1;
    stopAll('SIGTERM', null);
    return;
  }
  banner(config.port, admin, note);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof DevError ? error.message : `dev: ${error && error.stack ? error.stack : error}`}\n`);
  exitCode = 1;
  if (children.size > 0) stopAll('SIGTERM');
  else process.exit(1);
});

import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { Role, ROLES } from '@app/access';
import { AppConfig, ConfigError, loadConfig, loadEnvFile } from '@app/config';
import { FirstAdminService, UserImportService, UsersService } from '@app/identity';
import { OrgUnitsService } from '@app/organisation';
import { describeUnreachable, ensureDatabase, revertLastMigration, runMigrations } from '@app/persistence';
import { preflight } from '@app/runtime';
import { FiguresRefresher } from '@app/stats';
import { CliModule } from './cli.module';

const USAGE = `Lan Tỏa admin CLI

  npm run cli -- migrate                      apply pending migrations (creates the database if needed)
  npm run cli -- migrate:revert               revert the last migration
  npm run cli -- ensure-admin --username U --password P
                                              create the first admin unless an active admin exists
  npm run cli -- create-unit --name N [--code C] [--parent-code P]
  npm run cli -- create-user --username U --password P --full-name "Họ Tên" --unit-code C --roles collaborator[,secretariat…]
  npm run cli -- set-password --username U --password P
  npm run cli -- import-users FILE.csv        header: username,fullName,orgUnitCode,roles,password
  npm run cli -- rebuild-figures --year YYYY  recompute a year's figures from the records (after a bulk load)
`;

type Options = Record<string, string | undefined>;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      'full-name': { type: 'string' },
      'unit-code': { type: 'string' },
      'parent-code': { type: 'string' },
      name: { type: 'string' },
      code: { type: 'string' },
      roles: { type: 'string' },
      year: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) return void process.stdout.write(USAGE);
  loadEnvFile();
  const config = loadConfig();
  const options = values as Options;
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'migrate:revert':
      await revertLastMigration(config.databaseUrl);
      return say('reverted the last migration');
    case 'ensure-admin':
    case 'create-unit':
    case 'create-user':
    case 'set-password':
    case 'import-users':
    case 'rebuild-figures':
      return withContext(config, (app) => runCommand(app, command, options, rest));
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function migrate(config: AppConfig): Promise<void> {
  try {
    if (await ensureDatabase(config.databaseUrl)) say('created the database');
  } catch (error) {
    throw new UsageError(describeUnreachable('PostgreSQL', config.databaseUrl, error));
  }
  const applied = await runMigrations(config.databaseUrl);
  say(applied.length ? `applied ${applied.join(', ')}` : 'database schema is up to date');
}

async function runCommand(app: INestApplicationContext, command: string, o: Options, rest: string[]): Promise<void> {
  const users = app.get(UsersService);
  const units = app.get(OrgUnitsService);
  switch (command) {
    case 'ensure-admin': {
      const outcome = await app.get(FirstAdminService).ensure(required(o, 'username'), required(o, 'password'));
      return say(outcome === 'created' ? `admin "${o.username}" created` : 'an active admin already exists; nothing changed');
    }
    case 'create-unit': {
      const parent = o['parent-code'] ? await units.findByCode(o['parent-code']) : null;
      if (o['parent-code'] && !parent) throw new UsageError(`no unit with code "${o['parent-code']}"`);
      const unit = await units.create(null, { name: required(o, 'name'), code: o.code, parentId: parent?.id });
      return say(`unit ${unit.id} "${unit.name}" created`);
    }
    case 'create-user': {
      const unit = await units.findByCode(required(o, 'unit-code'));
      if (!unit) throw new UsageError(`no unit with code "${o['unit-code']}"`);
      const user = await users.create(null, {
        username: required(o, 'username'),
        password: required(o, 'password'),
        fullName: required(o, 'full-name'),
        orgUnitId: unit.id,
        roles: parseRoles(required(o, 'roles')),
      });
      return say(`user ${user.id} "${user.username}" created`);
    }
    case 'set-password': {
      const user = await users.findByUsername(required(o, 'username'));
      if (!user) throw new UsageError(`no user "${o.username}"`);
      await users.update(null, user.id, { password: required(o, 'password') });
      return say(`password of "${user.username}" changed; their sessions were ended`);
    }
    case 'rebuild-figures': {
      const year = Number(required(o, 'year'));
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError('--year must be a year between 2000 and 2100');
      const started = Date.now();
      await app.get(FiguresRefresher).rebuildYear(year);
      return say(`figures of ${year} rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    case 'import-users': {
      if (!rest[0]) throw new UsageError('import-users needs a CSV file');
      const result = await app.get(UserImportService).importCsv(null, readFileSync(rest[0], 'utf8').normalize('NFC'));
      say(`created ${result.created}, unchanged ${result.unchanged}, failed ${result.failed}`);
      for (const e of result.errors) say(`  row ${e.row} ${e.field}: ${e.message}`);
      return;
    }
  }
}

async function withContext(config: AppConfig, run: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  await preflight(config);
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

function parseRoles(list: string): Role[] {
  const roles = list.split(/[\s,|;]+/).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length) throw new UsageError(`--roles must list ${ROLES.join(', ')}`);
  return roles as Role[];
}

function required(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value.normalize('NFC');
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof UsageError || error instanceof ConfigError || (error as { preflight?: boolean })?.preflight;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${known ? message : `error: ${message}`}\n`);
  process.exit(1);
});

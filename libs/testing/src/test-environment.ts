import { splitDatabaseUrl } from '@app/persistence';

/** What global setup hands every test worker through the environment. */
export interface TestRun {
  runId: string;
  templateDatabase: string;
  baseDatabaseUrl: string;
  redisUrl: string;
}

const RUN = 'LANTOA_TEST_RUN';
const TEMPLATE = 'LANTOA_TEST_TEMPLATE';
const BASE_URL = 'LANTOA_TEST_DATABASE_URL';
const REDIS_URL = 'LANTOA_TEST_REDIS_URL';

export function publishTestRun(run: TestRun): void {
  process.env[RUN] = run.runId;
  process.env[TEMPLATE] = run.templateDatabase;
  process.env[BASE_URL] = run.baseDatabaseUrl;
  process.env[REDIS_URL] = run.redisUrl;
}

export function currentTestRun(): TestRun {
  const runId = process.env[RUN];
  if (!runId) throw new Error('no test run: start tests with npm test (jest global setup)');
  return {
    runId,
    templateDatabase: process.env[TEMPLATE] as string,
    baseDatabaseUrl: process.env[BASE_URL] as string,
    redisUrl: process.env[REDIS_URL] as string,
  };
}

/** Every database a run creates starts with this prefix, so teardown can find them all. */
export const databasePrefix = (runId: string) => `lantoa_${runId}_`;

/** Every Redis key a run writes starts with this prefix. */
export const redisPrefix = (runId: string) => `lantoa-test-${runId}`;

/** A database URL naming another database on the same server. */
export function databaseUrlFor(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const maintenanceUrlOf = (baseUrl: string) => splitDatabaseUrl(baseUrl).maintenanceUrl;

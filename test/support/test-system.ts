import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, loadConfig } from '@app/config';
import { createDatabaseFromTemplate, dropDatabases } from '@app/persistence';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp, createFastifyAdapter } from '../../apps/api/src/configure-api';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { JobRunner } from '../../apps/worker/src/job-runner';
import { currentTestRun, databasePrefix, databaseUrlFor, maintenanceUrlOf, redisPrefix } from '@app/testing';

export interface TestSystemOptions {
  /** Run the worker in the same process (default true). */
  worker?: boolean;
  /**
   * Let the worker fold figure changes on its own every 200 ms (default false: tests that
   * look at figure_changes rows, or drain by hand, see them stay put).
   */
  figures?: boolean;
  /** Configuration to change from the test defaults (rate limits are high unless set here). */
  config?: Partial<AppConfig>;
}

/** The API (and worker) over a fresh copy of the migrated database and an own Redis prefix. */
export interface TestSystem {
  app: NestFastifyApplication;
  http: TestAgent;
  db: DataSource;
  config: AppConfig;
  /** The worker's runner when one is running, for sweeps in tests. */
  runner?: JobRunner;
  close(): Promise<void>;
}

let counter = 0;

/** Starts a whole system for one test file. Call close() in afterAll: it drops the database. */
export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  const run = currentTestRun();
  const suffix = `${process.pid}_${++counter}_${randomBytes(2).toString('hex')}`;
  const database = `${databasePrefix(run.runId)}${suffix}`;
  const maintenanceUrl = maintenanceUrlOf(run.baseDatabaseUrl);
  await createDatabaseFromTemplate(maintenanceUrl, database, run.templateDatabase);
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test' }),
    databaseUrl: databaseUrlFor(run.baseDatabaseUrl, database),
    redisUrl: run.redisUrl,
    redisPrefix: `${redisPrefix(run.runId)}:${suffix}`,
    logLevel: 'silent',
    loginRateLimitPerIp: 10_000,
    loginRateLimitPerAccount: 10_000,
    apiRateLimitPerUser: 100_000,
    // Evidence from tests never lands in the working tree.
    storageDir: mkdtempSync(join(tmpdir(), 'lantoa-evidence-')),
    figuresRefreshMs: options.figures ? 200 : 0,
    ...options.config,
  };
  const withWorker = options.worker ?? true;
  const moduleRef = await Test.createTestingModule({ imports: withWorker ? [ApiModule, WorkerModule] : [ApiModule] })
    .overrideProvider(APP_CONFIG)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config.trustedProxies), {
    logger: false,
  });
  await configureApiApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let closed = false;
  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get<DataSource>(getDataSourceToken()),
    config,
    runner: withWorker ? app.get(JobRunner) : undefined,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await dropDatabases(maintenanceUrl, [database]);
      if (!options.config?.storageDir) rmSync(config.storageDir, { recursive: true, force: true });
    },
  };
}

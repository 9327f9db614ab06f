import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, loadEnvFile } from '@app/config';
import { PinoNestLogger, preflight } from '@app/runtime';
import { WorkerAppModule } from './worker-app.module';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  await preflight(config);
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || (error as { preflight?: boolean })?.preflight;
  process.stderr.write(`${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});

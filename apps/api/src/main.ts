import 'reflect-metadata';
import { ConfigError, loadConfig, loadEnvFile } from '@app/config';
import { preflight } from '@app/runtime';
import { createApiApp } from './configure-api';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  await preflight(config);
  const app = await createApiApp(config.trustedProxies);
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error: unknown) => {
  // One clear line for the operator; stack traces only for what we did not foresee.
  const known = error instanceof ConfigError || (error as { preflight?: boolean })?.preflight;
  process.stderr.write(`${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});

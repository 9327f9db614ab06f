export { APP_CONFIG, AppConfig, ConfigError, loadConfig, WebPushKeys } from './app-config';
export { ConfigModule } from './config.module';
export { loadEnvFile } from './load-env-file';

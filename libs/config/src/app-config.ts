import { createECDH } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentVariables } from './environment';

/** Thrown at boot when the environment is invalid; its message is the one line an operator sees. */
export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${detail}`);
  }
}

/** Typed, validated configuration shared by every app. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  port: number;
  orgTimezone: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  admin?: { username: string; password: string };
  /** Reverse proxies whose X-Forwarded-For names the client (empty: the peer is the client). */
  trustedProxies: string[];
  loginRateLimitPerIp: number;
  loginRateLimitPerAccount: number;
  apiRateLimitPerUser: number;
  logLevel: string;
  /** Directory of the local evidence store (relative paths are taken from the working directory). */
  storageDir: string;
  /** Directory of the built web app the API serves at `/` (relative paths from the working directory). */
  webAppDir: string;
  /** Days a page case may stay in removal_requested before it is due for a re-check. */
  takedownRecheckDays: number;
  /** Days a yearly export built by a job stays downloadable before the nightly sweep deletes it. */
  exportRetentionDays: number;
  /** How often the worker folds figure changes into the aggregates; 0 turns the schedule off. */
  figuresRefreshMs: number;
  /** Web Push VAPID keys (base64url); null when none are set, and then nothing is sent. */
  webPush: WebPushKeys | null;
}

/** The VAPID key pair and contact the API signs Web Push requests with. */
export interface WebPushKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Injection token for {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

// Development-only signing key; production refuses to start without JWT_SECRET.
const DEVELOPMENT_JWT_SECRET = 'lan-toa-development-only-secret-do-not-use-in-production';

const KNOWN = Object.keys(new EnvironmentVariables());

/** Reads and validates the environment; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of [...KNOWN, 'JWT_SECRET', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'TRUST_PROXY', ...VAPID_VARIABLES]) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(env, { stopAtFirstError: true });
  if (errors.length > 0) {
    const first = errors[0];
    const detail = Object.values(first.constraints ?? {})[0] ?? `${first.property} is invalid`;
    throw new ConfigError(first.property, detail);
  }
  return {
    nodeEnv: env.NODE_ENV as AppConfig['nodeEnv'],
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    port: env.PORT,
    orgTimezone: env.ORG_TIMEZONE,
    jwtSecret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    admin:
      env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
        : undefined,
    trustedProxies: env.TRUST_PROXY ? env.TRUST_PROXY.split(',').map((entry) => entry.trim()) : [],
    loginRateLimitPerIp: env.LOGIN_RATE_LIMIT,
    loginRateLimitPerAccount: env.LOGIN_ACCOUNT_RATE_LIMIT,
    apiRateLimitPerUser: env.API_RATE_LIMIT,
    logLevel: env.LOG_LEVEL,
    storageDir: env.STORAGE_DIR,
    webAppDir: env.WEB_APP_DIR,
    takedownRecheckDays: env.TAKEDOWN_RECHECK_DAYS,
    exportRetentionDays: env.EXPORT_RETENTION_DAYS,
    figuresRefreshMs: env.FIGURES_REFRESH_MS,
    webPush: webPushOf(env),
  };
}

const VAPID_VARIABLES = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const;

/** All three VAPID variables or none: half a key pair would silently send nothing. */
function webPushOf(env: EnvironmentVariables): WebPushKeys | null {
  const missing = VAPID_VARIABLES.filter((name) => env[name] === undefined);
  if (missing.length === VAPID_VARIABLES.length) return null;
  if (missing.length > 0) {
    throw new ConfigError(missing[0], `${missing.join(', ')} must be set with the other VAPID variables (all three or none)`);
  }
  const publicKey = env.VAPID_PUBLIC_KEY as string;
  // An uncompressed P-256 point: 65 bytes starting with 0x04.
  if (Buffer.from(publicKey, 'base64url')[0] !== 0x04) {
    throw new ConfigError('VAPID_PUBLIC_KEY', 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key (it starts with B in base64url)');
  }
  const privateKey = env.VAPID_PRIVATE_KEY as string;
  if (publicKeyOf(privateKey) !== publicKey) {
    throw new ConfigError('VAPID_PRIVATE_KEY', 'VAPID_PRIVATE_KEY does not belong to VAPID_PUBLIC_KEY (generate both with npx web-push generate-vapid-keys)');
  }
  return { publicKey, privateKey, subject: env.VAPID_SUBJECT as string };
}

function publicKeyOf(privateKey: string): string | null {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().toString('base64url');
  } catch {
    return null;
  }
}

import { createECDH } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';

/** The error loadConfig throws for this environment (fails the test if it throws none). */
function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('gives working local defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      nodeEnv: 'development',
      databaseUrl: 'postgres://postgres@localhost:5432/lantoa',
      redisUrl: 'redis://localhost:6379',
      redisPrefix: 'lantoa',
      port: 3000,
      orgTimezone: 'Asia/Ho_Chi_Minh',
      jwtSecret: expect.any(String),
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      admin: undefined,
      trustedProxies: [],
      loginRateLimitPerIp: 10,
      loginRateLimitPerAccount: 5,
      apiRateLimitPerUser: 600,
      logLevel: 'info',
      storageDir: './storage/evidence',
      webAppDir: './apps/web/dist',
      takedownRecheckDays: 7,
      exportRetentionDays: 30,
      figuresRefreshMs: 1000,
      webPush: null,
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', ORG_TIMEZONE: '', LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      orgTimezone: 'Asia/Ho_Chi_Minh',
      logLevel: 'info',
    });
  });

  it('accepts 0 (off) and the bounds of FIGURES_REFRESH_MS', () => {
    expect(loadConfig({ FIGURES_REFRESH_MS: '0' }).figuresRefreshMs).toBe(0);
    expect(loadConfig({ FIGURES_REFRESH_MS: '200' }).figuresRefreshMs).toBe(200);
    expect(loadConfig({ FIGURES_REFRESH_MS: '60000' }).figuresRefreshMs).toBe(60_000);
  });

  it('accepts the bounds of TAKEDOWN_RECHECK_DAYS', () => {
    expect(loadConfig({ TAKEDOWN_RECHECK_DAYS: '1' }).takedownRecheckDays).toBe(1);
    expect(loadConfig({ TAKEDOWN_RECHECK_DAYS: '365' }).takedownRecheckDays).toBe(365);
  });

  it('accepts the bounds of EXPORT_RETENTION_DAYS', () => {
    expect(loadConfig({ EXPORT_RETENTION_DAYS: '1' }).exportRetentionDays).toBe(1);
    expect(loadConfig({ EXPORT_RETENTION_DAYS: '3650' }).exportRetentionDays).toBe(3650);
  });

  it('reads valid overrides as typed values', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:secret@db.internal:6543/lantoa_prod',
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_PREFIX: 'lt-prod',
      PORT: '8080',
      ORG_TIMEZONE: 'Europe/Paris',
      JWT_SECRET: 'x'.repeat(32),
      ACCESS_TOKEN_TTL: '600',
      REFRESH_TOKEN_TTL_DAYS: '7',
      ADMIN_USERNAME: 'root.admin',
      ADMIN_PASSWORD: 'long-enough-1',
      TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,::1',
      LOGIN_RATE_LIMIT: '100',
      LOGIN_ACCOUNT_RATE_LIMIT: '20',
      API_RATE_LIMIT: '100000',
      LOG_LEVEL: 'debug',
      STORAGE_DIR: '/var/lib/lantoa/evidence',
      WEB_APP_DIR: '/srv/lantoa/web',
      TAKEDOWN_RECHECK_DAYS: '14',
      EXPORT_RETENTION_DAYS: '90',
      FIGURES_REFRESH_MS: '500',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      databaseUrl: 'postgresql://app:secret@db.internal:6543/lantoa_prod',
      redisUrl: 'rediss://cache.internal:6380',
      redisPrefix: 'lt-prod',
      port: 8080,
      orgTimezone: 'Europe/Paris',
      jwtSecret: 'x'.repeat(32),
      accessTokenTtlSeconds: 600,
      refreshTokenTtlDays: 7,
      admin: { username: 'root.admin', password: 'long-enough-1' },
      trustedProxies: ['10.0.0.5', '172.16.0.0/12', '::1'],
      loginRateLimitPerIp: 100,
      loginRateLimitPerAccount: 20,
      apiRateLimitPerUser: 100000,
      logLevel: 'debug',
      storageDir: '/var/lib/lantoa/evidence',
      webAppDir: '/srv/lantoa/web',
      takedownRecheckDays: 14,
      exportRetentionDays: 90,
      figuresRefreshMs: 500,
      webPush: null,
    });
    expect(typeof config.port).toBe('number');
    expect(typeof config.takedownRecheckDays).toBe('number');
    expect(typeof config.apiRateLimitPerUser).toBe('number');
  });

  it('never uses the development signing key when a secret is given', () => {
    const secret = 's'.repeat(40);
    expect(loadConfig({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
    expect(loadConfig({}).jwtSecret).not.toBe(secret);
  });

  it.each<[string, string, NodeJS.ProcessEnv]>([
    ['PORT not a number', 'PORT', { PORT: 'abc' }],
    ['PORT out of range', 'PORT', { PORT: '70000' }],
    ['PORT zero', 'PORT', { PORT: '0' }],
    ['PORT fractional', 'PORT', { PORT: '80.5' }],
    ['DATABASE_URL of another database', 'DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['REDIS_URL over http', 'REDIS_URL', { REDIS_URL: 'http://x' }],
    ['REDIS_PREFIX with spaces', 'REDIS_PREFIX', { REDIS_PREFIX: 'has space' }],
    ['ORG_TIMEZONE unknown', 'ORG_TIMEZONE', { ORG_TIMEZONE: 'Mars/Base' }],
    ['NODE_ENV unknown', 'NODE_ENV', { NODE_ENV: 'staging' }],
    ['production without JWT_SECRET', 'JWT_SECRET', { NODE_ENV: 'production' }],
    ['JWT_SECRET too short', 'JWT_SECRET', { JWT_SECRET: 'short-secret' }],
    ['JWT_SECRET too short in production', 'JWT_SECRET', { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }],
    ['ACCESS_TOKEN_TTL too long', 'ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '86400' }],
    ['REFRESH_TOKEN_TTL_DAYS zero', 'REFRESH_TOKEN_TTL_DAYS', { REFRESH_TOKEN_TTL_DAYS: '0' }],
    ['ADMIN_USERNAME without ADMIN_PASSWORD', 'ADMIN_PASSWORD', { ADMIN_USERNAME: 'admin' }],
    ['ADMIN_PASSWORD short', 'ADMIN_PASSWORD', { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' }],
    ['ADMIN_USERNAME with spaces', 'ADMIN_USERNAME', { ADMIN_USERNAME: 'the admin', ADMIN_PASSWORD: 'long-enough-1' }],
    ['LOGIN_RATE_LIMIT zero', 'LOGIN_RATE_LIMIT', { LOGIN_RATE_LIMIT: '0' }],
    ['TRUST_PROXY as "true" (any proxy)', 'TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['TRUST_PROXY as a hop count', 'TRUST_PROXY', { TRUST_PROXY: '1' }],
    ['TRUST_PROXY with a host name', 'TRUST_PROXY', { TRUST_PROXY: '127.0.0.1,proxy.internal' }],
    ['TRUST_PROXY with a /33 range', 'TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
    ['TRUST_PROXY with an empty entry', 'TRUST_PROXY', { TRUST_PROXY: '10.0.0.1,' }],
    ['LOGIN_ACCOUNT_RATE_LIMIT not a number', 'LOGIN_ACCOUNT_RATE_LIMIT', { LOGIN_ACCOUNT_RATE_LIMIT: 'many' }],
    ['API_RATE_LIMIT negative', 'API_RATE_LIMIT', { API_RATE_LIMIT: '-1' }],
    ['LOG_LEVEL unknown', 'LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['STORAGE_DIR with a line break', 'STORAGE_DIR', { STORAGE_DIR: '/srv/evidence\n/etc' }],
    ['STORAGE_DIR too long', 'STORAGE_DIR', { STORAGE_DIR: `/${'d'.repeat(1024)}` }],
    ['TAKEDOWN_RECHECK_DAYS zero', 'TAKEDOWN_RECHECK_DAYS', { TAKEDOWN_RECHECK_DAYS: '0' }],
    ['FIGURES_REFRESH_MS too often', 'FIGURES_REFRESH_MS', { FIGURES_REFRESH_MS: '50' }],
    ['FIGURES_REFRESH_MS not a number', 'FIGURES_REFRESH_MS', { FIGURES_REFRESH_MS: 'fast' }],
    ['TAKEDOWN_RECHECK_DAYS over a year', 'TAKEDOWN_RECHECK_DAYS', { TAKEDOWN_RECHECK_DAYS: '366' }],
    ['TAKEDOWN_RECHECK_DAYS not a number', 'TAKEDOWN_RECHECK_DAYS', { TAKEDOWN_RECHECK_DAYS: 'weekly' }],
    ['TAKEDOWN_RECHECK_DAYS fractional', 'TAKEDOWN_RECHECK_DAYS', { TAKEDOWN_RECHECK_DAYS: '1.5' }],
    ['EXPORT_RETENTION_DAYS zero', 'EXPORT_RETENTION_DAYS', { EXPORT_RETENTION_DAYS: '0' }],
    ['EXPORT_RETENTION_DAYS over ten years', 'EXPORT_RETENTION_DAYS', { EXPORT_RETENTION_DAYS: '3651' }],
    ['EXPORT_RETENTION_DAYS not a number', 'EXPORT_RETENTION_DAYS', { EXPORT_RETENTION_DAYS: 'monthly' }],
  ])('refuses %s with one line naming %s', (_case, variable, env) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(200);
  });

  it('keeps the message on one line even when the bad value holds a line break', () => {
    const error = configErrorOf({ ORG_TIMEZONE: 'Mars/Base\nInvalid configuration: none, all good' });
    expect(error.variable).toBe('ORG_TIMEZONE');
    expect(error.message).toContain('ORG_TIMEZONE');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('does not echo secrets in the error', () => {
    expect(configErrorOf({ JWT_SECRET: 'my-short-secret' }).message).not.toContain('my-short-secret');
    expect(configErrorOf({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'pw-123' }).message).not.toContain('pw-123');
  });

  describe('VAPID keys for Web Push', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const keys = {
      VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString('base64url'),
      VAPID_PRIVATE_KEY: ecdh.getPrivateKey().toString('base64url'),
      VAPID_SUBJECT: 'mailto:ban.tuyen.giao@example.vn',
    };

    it('reads a matching pair and its subject', () => {
      expect(loadConfig(keys).webPush).toEqual({ publicKey: keys.VAPID_PUBLIC_KEY, privateKey: keys.VAPID_PRIVATE_KEY, subject: keys.VAPID_SUBJECT });
      expect(loadConfig({ ...keys, VAPID_SUBJECT: 'https://lantoa.example.vn' }).webPush?.subject).toBe('https://lantoa.example.vn');
    });

    it.each(['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const)('refuses the others without %s', (name) => {
      const error = configErrorOf({ ...keys, [name]: undefined });
      expect(error.variable).toBe(name);
      expect(error.message).toContain('all three or none');
    });

    it('refuses keys of the wrong length, a key that is not a public point, a stranger private key, a bad subject', () => {
      expect(configErrorOf({ ...keys, VAPID_PUBLIC_KEY: keys.VAPID_PUBLIC_KEY.slice(1) }).variable).toBe('VAPID_PUBLIC_KEY');
      expect(configErrorOf({ ...keys, VAPID_PRIVATE_KEY: `${keys.VAPID_PRIVATE_KEY}A` }).variable).toBe('VAPID_PRIVATE_KEY');
      expect(configErrorOf({ ...keys, VAPID_PUBLIC_KEY: `A${keys.VAPID_PUBLIC_KEY.slice(1)}` }).variable).toBe('VAPID_PUBLIC_KEY');
      const other = createECDH('prime256v1');
      other.generateKeys();
      const stranger = configErrorOf({ ...keys, VAPID_PRIVATE_KEY: other.getPrivateKey().toString('base64url') });
      expect(stranger.variable).toBe('VAPID_PRIVATE_KEY');
      expect(stranger.message).not.toContain(other.getPrivateKey().toString('base64url'));
      expect(configErrorOf({ ...keys, VAPID_SUBJECT: 'ban.tuyen.giao@example.vn' }).variable).toBe('VAPID_SUBJECT');
    });
  });
});

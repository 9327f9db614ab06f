import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * The reverse proxies whose X-Forwarded-For is believed: addresses or CIDR ranges,
 * comma-separated (`127.0.0.1,10.0.0.0/8`). Only named proxies, never "any" or a hop count,
 * so a client cannot choose the address its sign-in attempts are counted against.
 */
export function isProxyList(value: string): boolean {
  return value.split(',').every((entry) => {
    const [address, bits, extra] = entry.trim().split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    if (bits === undefined) return true;
    return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  });
}

/** The environment variables Lan Tỏa reads, with their local defaults (see SPEC, Configuration). */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@localhost:5432/lantoa';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://localhost:6379';

  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 characters of letters, digits, _ . : -',
  })
  REDIS_PREFIX = 'lantoa';

  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT = 3000;

  @IsString()
  // JSON quoting keeps a stray line break in the value from splitting the one-line message.
  @IsTimeZone({ message: ({ value }) => `ORG_TIMEZONE ${JSON.stringify(value)} is not a known time zone` })
  ORG_TIMEZONE = 'Asia/Ho_Chi_Minh';

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt({ message: 'ACCESS_TOKEN_TTL must be a number of seconds between 60 and 3600' })
  @Min(60, { message: 'ACCESS_TOKEN_TTL must be a number of seconds between 60 and 3600' })
  @Max(3600, { message: 'ACCESS_TOKEN_TTL must be a number of seconds between 60 and 3600' })
  ACCESS_TOKEN_TTL = 900;

  @Transform(toInt)
  @IsInt({ message: 'REFRESH_TOKEN_TTL_DAYS must be a whole number of days between 1 and 365' })
  @Min(1, { message: 'REFRESH_TOKEN_TTL_DAYS must be a whole number of days between 1 and 365' })
  @Max(365, { message: 'REFRESH_TOKEN_TTL_DAYS must be a whole number of days between 1 and 365' })
  REFRESH_TOKEN_TTL_DAYS = 30;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, {
    message: 'ADMIN_USERNAME must be 3-64 characters of letters, digits, . _ -',
  })
  ADMIN_USERNAME?: string;

  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_USERNAME !== undefined || env.ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD is required when ADMIN_USERNAME is set' })
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  @MaxLength(256, { message: 'ADMIN_PASSWORD must be at most 256 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @ValidateBy(
    { name: 'isProxyList', validator: { validate: (value: unknown) => typeof value === 'string' && isProxyList(value) } },
    { message: 'TRUST_PROXY must be comma-separated proxy addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8' },
  )
  TRUST_PROXY?: string;

  @Transform(toInt)
  @IsInt({ message: 'LOGIN_RATE_LIMIT must be a positive integer (attempts per minute per IP)' })
  @Min(1, { message: 'LOGIN_RATE_LIMIT must be a positive integer (attempts per minute per IP)' })
  LOGIN_RATE_LIMIT = 10;

  @Transform(toInt)
  @IsInt({ message: 'LOGIN_ACCOUNT_RATE_LIMIT must be a positive integer (attempts per minute per account)' })
  @Min(1, { message: 'LOGIN_ACCOUNT_RATE_LIMIT must be a positive integer (attempts per minute per account)' })
  LOGIN_ACCOUNT_RATE_LIMIT = 5;

  @Transform(toInt)
  @IsInt({ message: 'API_RATE_LIMIT must be a positive integer (requests per minute per user)' })
  @Min(1, { message: 'API_RATE_LIMIT must be a positive integer (requests per minute per user)' })
  API_RATE_LIMIT = 600;

  @Matches(/^[^\0\r\n]{1,1024}$/, {
    message: 'STORAGE_DIR must be a directory path of 1-1024 characters without line breaks',
  })
  STORAGE_DIR = './storage/evidence';

  @Matches(/^[^\0\r\n]{1,1024}$/, {
    message: 'WEB_APP_DIR must be a directory path of 1-1024 characters without line breaks',
  })
  WEB_APP_DIR = './apps/web/dist';

  @Transform(toInt)
  @IsInt({ message: 'TAKEDOWN_RECHECK_DAYS must be a whole number of days between 1 and 365' })
  @Min(1, { message: 'TAKEDOWN_RECHECK_DAYS must be a whole number of days between 1 and 365' })
  @Max(365, { message: 'TAKEDOWN_RECHECK_DAYS must be a whole number of days between 1 and 365' })
  TAKEDOWN_RECHECK_DAYS = 7;

  @Transform(toInt)
  @IsInt({ message: 'EXPORT_RETENTION_DAYS must be a whole number of days between 1 and 3650' })
  @Min(1, { message: 'EXPORT_RETENTION_DAYS must be a whole number of days between 1 and 3650' })
  @Max(3650, { message: 'EXPORT_RETENTION_DAYS must be a whole number of days between 1 and 3650' })
  EXPORT_RETENTION_DAYS = 30;

  @Transform(toInt)
  @IsInt({ message: 'FIGURES_REFRESH_MS must be 0 (off) or a number of milliseconds between 200 and 60000' })
  @ValidateIf((env: EnvironmentVariables) => env.FIGURES_REFRESH_MS !== 0)
  @Min(200, { message: 'FIGURES_REFRESH_MS must be 0 (off) or a number of milliseconds between 200 and 60000' })
  @Max(60_000, { message: 'FIGURES_REFRESH_MS must be 0 (off) or a number of milliseconds between 200 and 60000' })
  FIGURES_REFRESH_MS = 1000;

  /** Web Push (issue 12): all three VAPID variables or none; checked together in loadConfig. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key in base64url (87 characters)' })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'VAPID_PRIVATE_KEY must be a P-256 private key in base64url (43 characters)' })
  VAPID_PRIVATE_KEY?: string;

  @IsOptional()
  @Matches(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+\S*)$/, { message: 'VAPID_SUBJECT must be a mailto: or https: URL' })
  VAPID_SUBJECT?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';
}

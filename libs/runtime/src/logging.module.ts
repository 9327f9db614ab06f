import { Global, Inject, Injectable, LoggerService, Module } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';
import { APP_CONFIG, AppConfig } from '@app/config';

/** Token of the process's pino logger. */
export const PINO = Symbol('PINO');

// Credentials never reach the log, wherever they appear in a logged object.
const REDACT = [
  'password',
  'passwordHash',
  'refreshToken',
  'accessToken',
  '*.password',
  '*.passwordHash',
  '*.refreshToken',
  '*.accessToken',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.cookie',
];

/** Creates the JSON logger every Lan Tỏa process writes with. */
export function createPino(level: string): Pino {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

/**
 * Nest's logger interface over pino. No request-scoped context (no AsyncLocalStorage):
 * request logs carry their request id explicitly, which keeps promise hooks off the hot path.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(PINO) private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context (the class name) last; structured calls pass an object first.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof rest[0] === 'string' ? rest[0] : undefined;
      this.pino[level]({ context, ...(message as object) }, text);
    } else if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else {
      this.pino[level]({ context, ...(rest[0] instanceof Error ? { err: rest[0] } : {}) }, String(message));
    }
  }
}

/** Structured JSON logs (pino) for every app; see {@link PinoNestLogger}. */
@Global()
@Module({
  providers: [
    { provide: PINO, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createPino(config.logLevel) },
    PinoNestLogger,
  ],
  exports: [PINO, PinoNestLogger],
})
export class LoggingModule {}

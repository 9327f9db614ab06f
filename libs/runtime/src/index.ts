export { createPino, LoggingModule, PINO, PinoNestLogger } from './logging.module';
export { preflight, PreflightError } from './preflight';
export { requestIdOf } from './request-id';

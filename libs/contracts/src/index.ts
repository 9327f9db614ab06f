export * from './calendar-date';
export * from './identity.dto';
export * from './idempotency';
export * from './pagination';
export * from './records.dto';
export * from './surveys.dto';
export * from './directives.dto';
export * from './targets.dto';

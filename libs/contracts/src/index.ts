export * from './calendar-date';
export * from './identity.dto';
export * from './idempotency';
export * from './pagination';

export * from './identity.dto';
export * from './pagination';

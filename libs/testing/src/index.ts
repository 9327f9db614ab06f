export * from './eventually';
export * from './test-environment';

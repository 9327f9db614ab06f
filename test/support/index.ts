export * from './fixtures';
export * from './test-system';
export { eventually } from '@app/testing';

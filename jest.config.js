/** One jest run for unit (`*.spec.ts`) and e2e (`*.e2e-spec.ts`) tests; e2e use real PostgreSQL and Redis. */
const paths = {
  '^@app/(config|persistence|queue-contracts|organisation|identity|access|audit|contracts|runtime|testing|platforms|stats|content|tasks|actions|surveys|directives|targets|takedowns|reporting|notifications)$':
    '<rootDir>/libs/$1/src',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: paths,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

// Flat config: eslint 9 + typescript-eslint 8. Besides the recommended rules it enforces the
// module boundaries of STYLE.md: apps import libs, libs never import apps, and a lib is only
// ever imported through its index (`@app/<lib>`).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A lib imported past its index: `@app/identity/src/users.service`. */
const LIB_INTERNALS = {
  regex: '^@app/[^/]+/.+',
  message: "Import a lib only through its index: '@app/<lib>', never a path inside it.",
};

/** A relative or baseUrl path into libs/ (`../../../libs/x/src/…`, `libs/x/src`). */
const LIBS_BY_PATH = {
  regex: '(^|/)libs(/|$)',
  message: "Import a lib only as '@app/<lib>', never by its path.",
};

/** A relative path that leaves this lib for another one's sources (`../../organisation/src/…`). */
const OTHER_LIB_BY_RELATIVE_PATH = {
  regex: '^(\\.\\./)+[A-Za-z0-9_-]+/src(/|$)',
  message: "Another lib is reached through its index ('@app/<lib>'), never by a relative path.",
};

/** Any path into apps/: libs are shared by every app and must not depend on one. */
const APPS = {
  regex: '(^|/)apps(/|$)',
  message: 'libs must not import from apps/ (STYLE: apps import libs; libs never import apps).',
};

const restrict = (...patterns) => ['error', { patterns }];

/** SQL runs from repositories (ADR 016): a service asks a repository a named question. */
const RAW_QUERY = {
  selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
  message: 'Run SQL from a *.repository.ts file of the lib that owns the table (ADR 016), through @app/persistence selectRows/selectOne/changeRows/execute.',
};

/** The id rule (a string of 1-18 digits) lives once, in libs/contracts/src/ids.ts (isId, ID_PATTERN, IsId, IdParamPipe). */
const ID_REGEX = [
  { selector: 'Literal[regex.pattern=/\\{1,18\\}/]', message: 'Use isId / IsId / IdParamPipe from contracts instead of a copy of the id regex.' },
  { selector: 'Literal[value=/\\{1,18\\}/]', message: 'Use ID_PATTERN from contracts instead of a copy of the id regex.' },
  { selector: 'TemplateElement[value.raw=/\\{1,18\\}/]', message: 'Use ID_PATTERN from contracts instead of a copy of the id regex.' },
];

/** Where SQL may run: repositories, migrations, and the one primitive they call. */
const SQL_HOMES = ['**/*.repository.ts', 'libs/persistence/src/migrations/**', 'libs/persistence/src/sql.ts'];
const ID_HOME = ['libs/contracts/src/ids.ts'];


/** Globals of Node.js CommonJS scripts (scripts/*.js, jest.config.js). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'require', 'module', 'exports', '__dirname', '__filename', 'process', 'console', 'Buffer', 'URL',
    'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate',
    'clearImmediate', 'fetch', 'AbortController', 'AbortSignal', 'structuredClone', 'queueMicrotask',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'apps/web/', 'coverage/', 'storage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(APPS, LIB_INTERNALS, LIBS_BY_PATH, OTHER_LIB_BY_RELATIVE_PATH),
    },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(LIB_INTERNALS, LIBS_BY_PATH),
    },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: [...SQL_HOMES, ...ID_HOME],
    rules: { 'no-restricted-syntax': ['error', RAW_QUERY, ...ID_REGEX] },
  },
  {
    files: SQL_HOMES,
    rules: { 'no-restricted-syntax': ['error', ...ID_REGEX] },
  },
  {
    files: ID_HOME,
    rules: { 'no-restricted-syntax': ['error', RAW_QUERY] },
  },
  {
    // The test harness boots the apps' modules in-process, so test/ may import apps/;
    // libs are still reached only through their index.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(LIB_INTERNALS, LIBS_BY_PATH),
    },
  },
);

// ESLint flat config: eslint's and typescript-eslint's recommended rules, plus the type-aware
// rules that catch real bugs (a promise nobody awaits, an async callback where a void one is
// expected, `any` leaking in). TypeScript files are checked with type information through the
// project service (one program for the whole tree, from tsconfig.json); plain JavaScript files
// (bin/, scripts/, these config files) get the rules that need no types.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TESTS = ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'];

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  URLSearchParams: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  setImmediate: 'readonly',
  clearImmediate: 'readonly',
  queueMicrotask: 'readonly',
  structuredClone: 'readonly',
  fetch: 'readonly',
  AbortController: 'readonly',
  AbortSignal: 'readonly',
  TextEncoder: 'readonly',
  TextDecoder: 'readonly',
  performance: 'readonly',
};

export default defineConfig(
  {
    ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', '.tessera/', 'tmp/', '**/*.d.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,

  // TypeScript, with type information.
  {
    files: TS,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Promises: every one is awaited, returned, or explicitly voided; node:test's test() and
      // describe() are the known exception (the runner tracks them itself).
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // An async function without await is still useful (a sync throw becomes a rejection; an
      // in-memory implementation of an async port), so it is not flagged.
      '@typescript-eslint/require-await': 'off',
      // `return promise` inside try/catch skips the catch; await it there.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],

      '@typescript-eslint/no-explicit-any': 'error',
      // noUncheckedIndexedAccess makes `x[i]!` after a bounds check the clearest idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',

      // Type-only imports are erased (verbatimModuleSyntax); say so in the import.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/consistent-type-exports': 'error',

      // A switch over a union must handle every member (or say `default`).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],

      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },

  // Tests and benchmarks: non-null assertions are fine where a test has just checked the value.
  {
    files: TESTS,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },

  // Plain JavaScript: ES modules except .cjs; no type information.
  {
    files: JS,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: nodeGlobals,
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...nodeGlobals, module: 'writable', require: 'readonly', __dirname: 'readonly', __filename: 'readonly', exports: 'writable' },
    },
  },
);

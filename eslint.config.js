// Lint: TypeScript rules plus the import boundaries of DESIGN.md, enforced per folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'systeminformation'];
const nativeOnlyInNative = NATIVE.map((name) => ({ group: [name], message: 'Native modules are imported only under native/.' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'docs/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly', structuredClone: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Protocol parsers match control bytes on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Everything outside native/ may not import native modules.
    files: ['electron/**/*.{ts,tsx}', 'renderer/**/*.{ts,tsx}', 'tests/**/*.ts', 'scripts/**/*.{js,mjs,ts}'],
    rules: { 'no-restricted-imports': ['error', { patterns: nativeOnlyInNative }] },
  },
  {
    // The engine runs under plain Node (headless, tests): never Electron.
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'electron/engine must run under plain Node: no electron imports.' }], patterns: nativeOnlyInNative }],
    },
  },
  {
    // The contract is shared with the renderer: zod and itself only.
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\./)', message: 'electron/shared imports only zod and its own folder.' }] }],
    },
  },
  {
    // The renderer reaches the electron tree only through electron/shared.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the engine through lib/farm-client only.' }],
          patterns: [
            { regex: '^(\\.\\./)+electron/(?!shared/)', message: 'The renderer imports only electron/shared from the electron tree.' },
            ...nativeOnlyInNative,
            { group: ['node:*'], message: 'The renderer runs in a sandboxed browser: no Node built-ins.' },
          ],
        },
      ],
    },
  },
);

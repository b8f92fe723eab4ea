import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layers from './tools/eslint-plugin-layers/index.js';
import clock from './tools/eslint-plugin-clock/index.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.hall-data/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { layers },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'layers/enforce': 'error',
      'layers/no-import-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Raw ipcMain is only allowed inside the one validated IPC module.
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/ipc/validated-ipc.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'ipcMain', message: 'Use main/electron/ipc/validated-ipc.ts' }] },
  },
  {
    // Product layers read wall-clock time only through an injected Clock; contract/clock.ts is the one
    // place that reads the system clock. Tests, benches, scripts and test helpers are exempt.
    files: [
      'contract/**/*.ts',
      'common/**/*.ts',
      'renderer/src/**/*.{ts,tsx}',
      'drivers/**/*.ts',
      'offline-store/**/*.ts',
      'platform/**/*.ts',
      'main/**/*.ts',
      'cli/**/*.ts',
    ],
    ignores: ['contract/clock.ts', '**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing/**', '**/test-helpers.ts'],
    plugins: { clock },
    rules: { 'clock/no-system-time': 'error' },
  },
  {
    // Test doubles stay out of the product: simulators the product runs live in drivers/simulation/.
    files: [
      'contract/**/*.ts',
      'common/**/*.ts',
      'renderer/src/**/*.{ts,tsx}',
      'drivers/**/*.ts',
      'offline-store/**/*.ts',
      'platform/**/*.ts',
      'main/**/*.ts',
      'cli/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', '**/testing/**', '**/test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/testing/**', '**/test/**', '**/fakes/**'], message: 'Product code may not import test doubles or helpers.' }],
          // One event type: typed, and `on` returns its own unsubscriber.
          paths: ['node:events', 'events'].map((name) => ({ name, importNames: ['EventEmitter'], message: 'Use Emitter from contract/async/emitter.ts.' })),
        },
      ],
    },
  },
  {
    // Scripts, CLIs, benches and tests print to the console by design.
    files: ['scripts/**', 'bin/**', 'bench/**', 'cli/**', 'main/headless/cli.ts', 'main/headless/run-headless.ts', '**/*.test.ts', 'e2e/**'],
    rules: { 'no-console': 'off' },
  },
);

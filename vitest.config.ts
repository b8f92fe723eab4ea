import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { shareWithChildProcesses } from './test/time/shift-date.mjs';

// HALL_TEST_NOW=<instant>: the run, its workers and every process they start live at that date.
shareWithChildProcesses();

export default defineConfig({
  resolve: {
    // The Electron binary cannot run here; main-process code is unit-tested against a fake module.
    alias: { electron: fileURLToPath(new URL('./test/fakes/electron.ts', import.meta.url)) },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**', 'tools/eslint-plugin-layers/fixtures/**'],
    environment: 'node',
    // One throw-away PostgreSQL cluster per run for the platform suites (test/postgres/).
    globalSetup: ['./test/postgres/global-setup.ts'],
    pool: 'forks',
    // Many suites wait on child processes, PTYs and sockets rather than compute: on a two-core machine
    // two workers (vitest's default would be one) keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]] : ['default'],
  },
});

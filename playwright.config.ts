import { defineConfig } from '@playwright/test';
import { shareWithChildProcesses } from './test/time/shift-date.mjs';

// HALL_TEST_NOW=<instant>: the runner, its workers and the hosts and platforms specs start live at that
// date; pages take the host's time from terminal.info.
shareWithChildProcesses();

// Debian's Chromium, no browser download. Flags keep it quiet on a closed network as root.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const chromium = { browserName: 'chromium' as const, launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS } };

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.PLAYWRIGHT_JSON ? [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON }]] : [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  },
  projects: [
    {
      name: 'headless-chromium',
      testIgnore: [/electron\//, /accessibility-matrix\.spec\.ts/],
      use: chromium,
    },
    // axe on every screen × language × mode: many independent halls, so `npm test` runs it with two workers.
    { name: 'accessibility', testMatch: /accessibility-matrix\.spec\.ts/, use: chromium },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});

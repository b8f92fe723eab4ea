import { test as base } from '@playwright/test';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';

/** One hall (default config: simulated devices, embedded platform) per Playwright worker. */
export const test = base.extend<object, { hall: RunningHall }>({
  hall: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const hall = await startHall();
      await use(hall);
      await hall.stop();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

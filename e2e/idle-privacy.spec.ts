import type { Page } from '@playwright/test';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test.describe('idle privacy', () => {
  let hall: RunningHall;
  test.beforeAll(async () => {
    hall = await startHall({
      hallId: 'demo-hall',
      terminalId: 'kiosk-03',
      role: 'kiosk',
      platformUrl: 'embedded',
      languages: ['zh-CN', 'en'],
      defaultLanguage: 'zh-CN',
      devices: [{ id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' } }],
      session: { idleSeconds: 5, countdownSeconds: 3 },
    });
  });
  test.afterAll(async () => hall?.stop());

  const call = (page: Page, method: string, input: unknown) =>
    page.evaluate(
      async ({ token, method, input }) =>
        (
          await fetch(`/api/v1/call/${method}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify(input),
          })
        ).json(),
      { token: hall.token, method, input },
    );

  test('a countdown offers more time; when it runs out nothing personal remains on screen, in storage or in the host', async ({ page }) => {
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.getByTestId('lang-en').tap();
    await call(page, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await expect(page.getByTestId('card-holder-name')).toHaveText('张**', { timeout: 10_000 });
    await page.getByTestId('tile-guide').tap();

    // First time: the citizen asks for more time and keeps everything.
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
    await page.getByTestId('idle-more').tap();
    await expect(page.getByTestId('idle-countdown')).toBeHidden();
    await expect(page.getByTestId('card-holder')).toBeVisible();

    // Second time: nobody answers.
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('idle-countdown')).toBeHidden({ timeout: 10_000 });
    await expect(page.getByTestId('tile-guide')).toBeVisible();
    await expect(page.getByTestId('card-holder')).toBeHidden();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

    const html = await page.content();
    expect(html).not.toContain('张**');
    expect(html).not.toMatch(/1101\*+\d{3}[\dX]/);
    const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    expect(storage).toEqual({ session: ['hall.session-token'], local: [] });
    expect(await call(page, 'idcard.current', {})).toEqual({ ok: true, value: null });
  });
});

import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

const call = (page: Page, token: string, method: string, input: unknown) =>
  page.evaluate(
    async ({ token, method, input }) =>
      (
        await fetch(`/api/v1/call/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input),
        })
      ).json(),
    { token, method, input },
  );

const rootFontSize = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

test("an 82-year-old's card brings the elder-mode offer; accepting enlarges everything until the session ends", async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  const normalSize = await rootFontSize(page);

  // A younger citizen is not asked.
  await call(page, hall.token, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await expect(page.getByTestId('card-holder-name')).toHaveText('张**', { timeout: 10_000 });
  await expect(page.getByTestId('elder-offer')).toBeHidden();
  await call(page, hall.token, 'simulator.idcard.remove', { deviceId: 'idcard' });
  // The reader polls: wait until it has seen the card leave, so the next one is a new placement.
  await expect(page.getByTestId('card-holder')).not.toContainText('请取回您的证件', { timeout: 10_000 });
  await page.getByTestId('end-session').tap();

  await call(page, hall.token, 'simulator.idcard.place', { deviceId: 'idcard', card: 'elder' });
  await expect(page.getByTestId('elder-offer')).toBeVisible({ timeout: 10_000 });
  // Offered, never forced.
  await expect(page.locator('html')).not.toHaveClass(/elder/);
  await expect(page.getByTestId('elder-accept')).toBeFocused();
  await page.getByTestId('elder-accept').tap();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await expect(page.getByTestId('elder-toggle')).toHaveAttribute('aria-pressed', 'true');
  expect(await rootFontSize(page)).toBeGreaterThan(normalSize * 1.25);
  await expectAccessible(page, 'home in elder mode');

  await call(page, hall.token, 'simulator.idcard.remove', { deviceId: 'idcard' });
  await page.getByTestId('end-session').tap();
  await expect(page.locator('html')).not.toHaveClass(/elder/);
  expect(await rootFontSize(page)).toBe(normalSize);
});

test('the elder-mode button works on every screen without a card', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await page.getByTestId('tile-guide').tap();
  await page.getByTestId('elder-toggle').tap();
  await expect(page.locator('html')).toHaveClass(/elder/);
  await page.getByTestId('elder-toggle').tap();
  await expect(page.locator('html')).not.toHaveClass(/elder/);
});

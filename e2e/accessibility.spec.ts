import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

for (const language of ['zh-CN', 'en'] as const) {
  test(`home, a service screen, the card banner and admin pass axe in ${language}`, async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.getByTestId(`lang-${language}`).tap();
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectAccessible(page, 'home');
    await page.getByTestId('tile-track').tap();
    await expectAccessible(page, 'service screen');
    await page.getByTestId('back-home').tap();

    await page.evaluate(async (token) => {
      await fetch('/api/v1/call/simulator.idcard.place', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ deviceId: 'idcard', card: 'resident' }) });
    }, hall.token);
    await expect(page.getByTestId('card-holder')).toBeVisible({ timeout: 10_000 });
    await expectAccessible(page, 'home with card');

    await page.getByTestId('simulators-toggle').tap();
    await expectAccessible(page, 'simulator panel');
    await page.getByTestId('simulators-toggle').tap();

    const pin = readFileSync(join(hall.dataDir, 'admin-pin'), 'utf8').trim();
    for (let i = 0; i < 5; i += 1) await page.getByTestId('terminal-label').tap();
    await expectAccessible(page, 'PIN pad');
    for (const digit of pin) await page.getByTestId(`admin-key-${digit}`).tap();
    await page.getByTestId('admin-key-ok').tap();
    await expect(page.getByTestId('admin-screen')).toBeVisible();
    await expectAccessible(page, 'admin');
    await page.getByTestId('admin-lock').tap();
    // Leave the reader empty for the next run: one read per placement.
    await page.evaluate(async (token) => {
      await fetch('/api/v1/call/simulator.idcard.remove', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ deviceId: 'idcard' }) });
    }, hall.token);
    await page.getByTestId('end-session').tap();
  });
}

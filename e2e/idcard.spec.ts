import { RESIDENT_TEXT } from '../drivers/idcard/simulator/test-cards.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test('a card placed on the simulated reader shows its holder masked, and ending the session clears it', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

  await page.getByTestId('simulators-toggle').tap();
  await page.getByTestId('sim-card-idcard').selectOption('resident');
  await page.getByTestId('sim-place-idcard').tap();

  // The real driver polls the simulator over a PTY: find → select → read, then the UI hears of it.
  const banner = page.getByTestId('card-holder');
  await expect(banner).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('card-holder-name')).toHaveText('张**');
  await expect(page.getByTestId('card-holder-id')).toHaveText(`${RESIDENT_TEXT.idNumber.slice(0, 4)}**********${RESIDENT_TEXT.idNumber.slice(-4)}`);
  await expect(banner).toContainText('居民身份证');
  await expect(banner).toContainText('请取回您的证件');

  // Nothing unmasked reaches the page.
  const html = await page.content();
  expect(html).not.toContain(RESIDENT_TEXT.name);
  expect(html).not.toContain(RESIDENT_TEXT.idNumber);
  expect(html).not.toContain('示例路');

  await page.getByTestId('sim-remove-idcard').tap();
  await expect(banner).not.toContainText('请取回您的证件');

  await page.getByTestId('end-session').tap();
  await expect(banner).toBeHidden();
  const current = await page.evaluate(async (token) => {
    const response = await fetch('/api/v1/call/idcard.current', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: '{}',
    });
    return response.json();
  }, hall.token);
  expect(current).toEqual({ ok: true, value: null });
});

test('a card whose number fails the check character is reported, not trusted', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await page.getByTestId('simulators-toggle').tap();
  await page.getByTestId('sim-card-idcard').selectOption('invalid-check');
  await page.getByTestId('sim-place-idcard').tap();
  await expect(page.getByTestId('card-holder')).toContainText('校验未通过', { timeout: 10_000 });
  await page.getByTestId('sim-remove-idcard').tap();
  await page.getByTestId('end-session').tap();
});

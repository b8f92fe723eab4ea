import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

async function enterPin(page: Page, pin: string) {
  for (const digit of pin) await page.getByTestId(`admin-key-${digit}`).tap();
  await page.getByTestId('admin-key-ok').tap();
}

async function openPinPad(page: Page) {
  const label = page.getByTestId('terminal-label');
  for (let i = 0; i < 5; i += 1) await label.tap();
  await expect(page.getByTestId('admin-pin-dialog')).toBeVisible();
}

test.describe('admin mode in the headless shell', () => {
  let hall: RunningHall;
  test.beforeAll(async () => {
    hall = await startHall();
  });
  test.afterAll(async () => hall?.stop());

  test('the hidden gesture and the PIN open diagnostics; a test print reaches the printer', async ({ page }) => {
    const pin = readFileSync(join(hall.dataDir, 'admin-pin'), 'utf8').trim();
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    // Four taps are not enough.
    for (let i = 0; i < 4; i += 1) await page.getByTestId('terminal-label').tap();
    await expect(page.getByTestId('admin-pin-dialog')).toBeHidden();

    await page.reload();
    await openPinPad(page);
    await enterPin(page, pin);
    await expect(page.getByTestId('admin-screen')).toBeVisible();
    await expect(page.getByTestId('admin-device-printer')).toContainText('正常');
    await expect(page.getByTestId('admin-sync')).toContainText('在线');
    await expect(page.getByTestId('admin-parked')).toContainText('没有被退回的数据');
    await expect(page.getByTestId('admin-config')).toContainText('"terminalId": "kiosk-01"');
    await expect(page.getByTestId('admin-config')).toContainText('[generated]');
    await expect(page.getByTestId('admin-logs')).toContainText('admin mode opened');
    expect(await page.getByTestId('admin-logs').textContent()).not.toContain(pin);

    await page.getByTestId('admin-test-print-printer').tap();
    await expect(page.getByTestId('admin-message')).toHaveText('测试小票已打印', { timeout: 15_000 });
    const last = await page.evaluate(async (token) => {
      const r = await fetch('/api/v1/call/simulator.printer.lastPage', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: 'printer' }),
      });
      return (await r.json()) as { value: { text: string } };
    }, hall.token);
    expect(last.value.text).toContain('T000');
    expect(last.value.text).toContain('测试打印');

    await page.getByTestId('admin-lock').tap();
    await expect(page.getByTestId('admin-screen')).toBeHidden();
    await expect(page.getByTestId('tile-guide')).toBeVisible();
  });

  test('a test read, a checked and saved configuration, and a restart the open page survives', async ({ page }) => {
    const pin = readFileSync(join(hall.dataDir, 'admin-pin'), 'utf8').trim();
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.evaluate(async (token) => {
      await fetch('/api/v1/call/simulator.idcard.place', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: 'idcard', card: 'resident' }),
      });
    }, hall.token);
    await openPinPad(page);
    await enterPin(page, pin);
    await page.getByTestId('admin-test-read-idcard').tap();
    await expect(page.getByTestId('admin-message')).toHaveText('读卡成功：张**', { timeout: 15_000 });

    const editor = page.getByTestId('admin-config-editor');
    const original = await editor.inputValue();
    await editor.fill(original.replace('"role": "kiosk"', '"role": "robot"'));
    await page.getByTestId('admin-config-check').tap();
    await expect(page.getByTestId('admin-config-problems')).toContainText('role:');
    await editor.fill(original.replace('"terminalId": "kiosk-01"', '"terminalId": "kiosk-77"'));
    await page.getByTestId('admin-config-save').tap();
    await expect(page.getByTestId('admin-config-note')).toHaveText('配置已保存，重启后生效');

    await page.getByTestId('admin-restart').tap();
    await expect(page.getByTestId('admin-message')).toHaveText('正在重启…');
    // The host restarts in place with the saved configuration; the page keeps its address and token.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('terminal-label')).toContainText('kiosk-77', { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
  });

  test('three wrong PINs lock admin mode for a while, even against the right PIN', async ({ page }) => {
    const pin = readFileSync(join(hall.dataDir, 'admin-pin'), 'utf8').trim();
    const wrong = pin === '000000' ? '111111' : '000000';
    await page.goto(hall.openUrl);
    await openPinPad(page);
    await enterPin(page, wrong);
    await expect(page.getByTestId('admin-pin-error')).toContainText('密码错误，还可以再试 2 次');
    await enterPin(page, wrong);
    await expect(page.getByTestId('admin-pin-error')).toContainText('密码错误，还可以再试 1 次');
    await enterPin(page, wrong);
    await expect(page.getByTestId('admin-pin-error')).toContainText('管理功能已锁定至');
    await enterPin(page, pin);
    await expect(page.getByTestId('admin-pin-error')).toContainText('管理功能已锁定至');
    await expect(page.getByTestId('admin-screen')).toBeHidden();
  });
});

test.describe('admin mode on a terminal allowed onto a plain-http LAN platform', () => {
  let hall: RunningHall;
  test.beforeAll(async () => {
    // Not a loopback name, so the config needs allowInsecureLan; yet on Linux a connection to 0.0.0.0
    // stays on this machine (nothing listens there: the terminal works offline) and no traffic leaves it.
    hall = await startHall({
      hallId: 'demo-hall',
      terminalId: 'kiosk-lan',
      role: 'kiosk',
      platformUrl: 'http://0.0.0.0:4000',
      allowInsecureLan: true,
      languages: ['zh-CN'],
      defaultLanguage: 'zh-CN',
      devices: [],
      sync: { enrolmentCode: 'LANC-ODE0-1234-5678' },
    });
  });
  test.afterAll(async () => hall?.stop());

  test('admin mode shows the insecure-LAN warning', async ({ page }) => {
    const pin = readFileSync(join(hall.dataDir, 'admin-pin'), 'utf8').trim();
    await page.goto(hall.openUrl);
    await openPinPad(page);
    await enterPin(page, pin);
    await expect(page.getByTestId('admin-screen')).toBeVisible();
    await expect(page.getByTestId('admin-warning-insecure-lan')).toContainText('http');
  });
});

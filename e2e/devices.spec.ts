import type { Page } from '@playwright/test';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

async function api<T>(page: Page, token: string, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, input, token }) => {
      const response = await fetch(`/api/v1/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      return response.json();
    },
    { method, input, token },
  ) as Promise<T>;
}

test('a code scanned on the simulated serial scanner reaches the UI', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-scanner')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await page.getByTestId('simulators-toggle').tap();
  await page.getByTestId('sim-code-scanner').fill('HT-2026-0042 社保');
  await page.getByTestId('sim-scan-scanner').tap();
  await expect(page.getByTestId('scan-data')).toHaveText('HT-2026-0042 社保');
});

test('a ticket printed from the UI comes out of the printer simulator with its Chinese text and a QR that decodes', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await page.getByTestId('simulators-toggle').tap();
  await page.getByTestId('sim-test-print-printer').tap();
  await expect(page.locator('.simulator-message')).toHaveText('已打印', { timeout: 15_000 });

  const last = await api<{ ok: true; value: { text: string; pngBase64: string } | null }>(page, hall.token, 'simulator.printer.lastPage', {
    deviceId: 'printer',
  });
  expect(last.ok).toBe(true);
  const pageOut = last.value!;
  expect(pageOut.text).toContain('示例政务服务大厅');
  expect(pageOut.text).toContain('A001');
  expect(pageOut.text).toContain('社保业务');
  expect(decodeQrFromPng(Buffer.from(pageOut.pngBase64, 'base64'))).toBe('HT-TEST-A001');
});

test('with the paper out, printing is refused with a reason the UI shows, and works again after reloading paper', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await page.getByTestId('simulators-toggle').tap();
  await page.getByTestId('sim-paper-out-printer').tap();
  await expect(page.locator('.simulator-message')).toHaveText('已执行');
  await page.getByTestId('sim-test-print-printer').tap();
  await expect(page.locator('.simulator-message')).toContainText('打印被拒绝', { timeout: 15_000 });
  await expect(page.locator('.simulator-message')).toContainText(/paper/i);
  await page.getByTestId('sim-recover-printer').tap();
  await expect(page.locator('.simulator-message')).toHaveText('已执行');
  await page.getByTestId('sim-test-print-printer').tap();
  await expect(page.locator('.simulator-message')).toHaveText('已打印', { timeout: 15_000 });
});

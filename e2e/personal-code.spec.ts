import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { asciiJson, parsePersonalCode } from '../contract/personal-code.js';
import { ADMIN_TOKEN, startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test.describe('a personal code (反向扫码) scanned at a kiosk', () => {
  let platform: PlatformProcess;
  let hall: RunningHall;
  test.beforeAll(async () => {
    platform = await startPlatformProcess(mkdtempSync(join(tmpdir(), 'hall-platform-')));
    hall = await startHall(
      {
        hallId: 'demo-hall',
        terminalId: 'kiosk-05',
        role: 'kiosk',
        platformUrl: platform.url,
        languages: ['zh-CN', 'en'],
        defaultLanguage: 'zh-CN',
        devices: [{ id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } }],
        sync: { pollIntervalMs: 1000 },
      },
      platform,
    );
  });
  test.afterAll(async () => {
    await hall?.stop();
    await platform?.stop();
  });

  async function issue(validSeconds?: number): Promise<string> {
    const response = await fetch(new URL('/v1/admin/personal-codes', platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ maskedName: '王**', ...(validSeconds ? { validSeconds } : {}) }),
    });
    return ((await response.json()) as { code: string }).code;
  }
  async function scan(page: Page, code: string) {
    await page.evaluate(
      async ({ token, code }) => {
        await fetch('/api/v1/call/simulator.scanner.scan', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ deviceId: 'scanner', data: code }),
        });
      },
      { token: hall.token, code },
    );
  }

  test('a valid code is verified; a forged and an expired code are refused, each with its own message', async ({ page }) => {
    const code = await issue();
    const shortLived = await issue(1);
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('device-scanner')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    const result = page.getByTestId('personal-code-result');
    // The terminal verifies offline, against the keys its last sync brought.
    await expect(async () => {
      await scan(page, code);
      await expect(result).toHaveAttribute('data-valid', 'true', { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await expect(result).toContainText('已核验：王**');

    const parsed = parsePersonalCode(code)!;
    const forged = `HTPC1.${Buffer.from(asciiJson({ ...parsed.payload, mn: '李*' })).toString('base64url')}.${parsed.signature}`;
    await scan(page, forged);
    await expect(result).toHaveText('此码未通过验证，请到窗口核实身份');
    await expect(result).toHaveAttribute('role', 'alert');

    // Scan only once it has run out (its expiry is in whole seconds).
    const expiresAtMs = parsePersonalCode(shortLived)!.payload.exp * 1000;
    await expect.poll(() => Date.now() > expiresAtMs + 100).toBe(true);
    await scan(page, shortLived);
    await expect(result).toHaveText('此码已过期，请到窗口重新打印');
  });
});

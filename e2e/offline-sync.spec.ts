import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test.describe('a kiosk whose platform goes away and comes back', () => {
  let platform: PlatformProcess;
  let hall: RunningHall;
  const platformData = mkdtempSync(join(tmpdir(), 'hall-platform-'));

  test.beforeAll(async () => {
    platform = await startPlatformProcess(platformData);
    hall = await startHall(
      {
        hallId: 'demo-hall',
        terminalId: 'kiosk-09',
        role: 'kiosk',
        platformUrl: platform.url,
        languages: ['zh-CN', 'en'],
        defaultLanguage: 'zh-CN',
        devices: [{ id: 'printer', kind: 'printer', transport: { type: 'simulated' } }],
        sync: { pollIntervalMs: 1000, backoffMaxMs: 2000 },
      },
      platform,
    );
  });
  test.afterAll(async () => {
    await hall?.stop();
    await platform?.stop();
  });

  test('shows offline when the platform goes away, keeps writing, and drains the outbox once it returns', async ({ page }) => {
    await page.goto(hall.openUrl);
    const sync = page.getByTestId('sync-state');
    await expect(sync).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
    await expect(sync).toContainText('待同步 0 条');

    const port = Number(new URL(platform.url).port);
    await platform.stop();
    // How fast it notices is measured in bench/store.bench.ts (sync: platform gone → offline shown).
    await expect(sync).toHaveAttribute('data-connectivity', 'offline', { timeout: 20_000 });
    await expect(sync).toContainText('离线');

    // Offline, the printer runs out of paper and is refilled: both events wait in the outbox.
    await page.getByTestId('simulators-toggle').tap();
    await page.getByTestId('sim-paper-out-printer').tap();
    await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'fault', { timeout: 10_000 });
    await page.getByTestId('sim-recover-printer').tap();
    await expect(page.getByTestId('device-printer')).toHaveAttribute('data-state', 'connected', { timeout: 10_000 });
    await expect(sync).toContainText(/待同步 [1-9]\d* 条/);

    platform = await startPlatformProcess(platformData, port);
    await expect(sync).toHaveAttribute('data-connectivity', 'online', { timeout: 15_000 });
    await expect(sync).toContainText('待同步 0 条');

    // The platform now holds the start-up, the fault and the recovery, once each and in order.
    const states = (
      await platform.query<{ payload_json: string }>(
        "SELECT payload_json FROM mutations WHERE terminal_id = 'kiosk-09' AND kind = 'status-event' AND status = 'applied' ORDER BY mutation_id",
      )
    ).map((row) => (JSON.parse(row.payload_json) as { state: string }).state);
    expect(states).toEqual(['connected', 'fault', 'connected']);
  });
});

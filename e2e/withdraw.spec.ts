// 撤回: a citizen takes back an application within the window, offline too, and it is applied once;
// once a clerk has accepted a case, the kiosk refuses and says why.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { fillSbkApplication, openSbkApplication, submitApplication } from './apply-steps.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';

test.use(FAKE_CAMERA_KIOSK);

test.describe('撤回 within the window', () => {
  let platform: PlatformProcess;
  let kiosk: RunningHall;
  let counter: RunningHall;
  const platformData = mkdtempSync(join(tmpdir(), 'hall-withdraw-platform-'));

  test.beforeAll(async () => {
    platform = await startPlatformWithCatalog(platformData);
    kiosk = await startHall(terminalConfig(platform.url, 'withdraw-hall', 'kiosk-w', 'kiosk', simulatedDevices('idcard', 'scanner', 'printer')), platform);
    counter = await startHall(terminalConfig(platform.url, 'withdraw-hall', 'counter-w', 'counter', simulatedDevices('scanner', 'printer')), platform);
  });
  test.afterAll(async () => {
    await kiosk?.stop();
    await counter?.stop();
    await platform?.stop();
  });

  const casesOf = (code: string) => platform.query<{ state: string; case_id: string }>('SELECT state, case_id FROM cases WHERE tracking_code = ?', code);

  test('withdrawn offline from the done screen and applied once; refused after the clerk accepted', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto(kiosk.openUrl);
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });

    // Offline: the application and its withdrawal both wait in the outbox, in that order.
    await openSbkApplication(page);
    await fillSbkApplication(page, kiosk);
    const port = Number(new URL(platform.url).port);
    await platform.stop();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'offline', { timeout: 10_000 });
    const first = await submitApplication(page);
    expect((await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!.text).toContain('如需撤回申请');
    await page.getByTestId('withdraw-offer').tap();
    await expect(page.getByTestId('withdraw-confirm-text')).toContainText('确定撤回这件申请吗');
    await page.getByTestId('withdraw-confirm').tap();
    await expect(page.getByTestId('withdraw-message')).toHaveText('已申请撤回，正在送达平台；受理编号仍可查询结果', { timeout: 15_000 });

    platform = await startPlatformProcess(platformData, port);
    await expect.poll(async () => (await casesOf(first)).map((r) => r.state), { timeout: 40_000 }).toEqual(['withdrawn']);
    const caseId = (await casesOf(first))[0]!.case_id;
    const events = await platform.query<{ state: string }>('SELECT state FROM case_events WHERE case_id = ? ORDER BY seq', caseId);
    expect(events.map((e) => e.state)).toEqual(['submitted', 'withdrawn']);
    await expect(page.getByTestId('sync-state')).toContainText('待同步 0 条', { timeout: 20_000 });

    // 全程一码 shows it withdrawn, and offers no second withdrawal.
    await page.getByTestId('back-home').tap();
    await page.getByTestId('tile-track').tap();
    await page.getByTestId('track-code').fill(first);
    await page.getByTestId('track-submit').tap();
    await expect(page.getByTestId('case-state')).toHaveText('已撤回', { timeout: 15_000 });
    await expect(page.getByTestId('withdraw-offer')).toHaveCount(0);

    // Online this time: a clerk accepts before the citizen changes their mind.
    await page.getByTestId('back-home').tap();
    await openSbkApplication(page);
    await fillSbkApplication(page, kiosk);
    const second = await submitApplication(page);
    await expect.poll(async () => (await casesOf(second)).map((r) => r.state), { timeout: 30_000 }).toEqual(['submitted']);
    const secondCase = (await casesOf(second))[0]!.case_id;
    await expect
      .poll(async () => (await platform.query<{ role: string }>("SELECT role FROM terminal_keys WHERE terminal_id = 'counter-w'")).length, { timeout: 20_000 })
      .toBe(1);
    await api(counter, 'counter.decide', { trackingCode: second, caseId: secondCase, to: 'accepted' });
    await expect.poll(async () => (await casesOf(second)).map((r) => r.state), { timeout: 30_000 }).toEqual(['accepted']);
    await page.getByTestId('withdraw-offer').tap();
    await page.getByTestId('withdraw-confirm').tap();
    await expect(page.getByTestId('withdraw-message')).toHaveText('此办件已是“已受理”，不能再撤回；如需变更请到窗口咨询', { timeout: 15_000 });
    expect((await casesOf(second)).map((r) => r.state)).toEqual(['accepted']);
  });
});

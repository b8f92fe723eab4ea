// 远程帮办 while the link is down: the hall's platform (and its queue service) is stopped, the citizen
// records a voice note with the fake microphone and sends; the screen says it is saved; the service
// returns; the request arrives once on the counter's 帮办席 and the clerk answers it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expectAccessible } from './axe.js';
import { expectElderSized } from './elder-sizes.js';
import { api, FAKE_CAMERA_KIOSK, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';

test.use(FAKE_CAMERA_KIOSK);
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const platformData = mkdtempSync(join(tmpdir(), 'hall-help-platform-'));
let platform: PlatformProcess;
let kiosk: RunningHall;
let counter: RunningHall;
let kioskPage: Page;
let counterPage: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(150_000);
  platform = await startPlatformWithCatalog(platformData);
  [kiosk, counter] = await Promise.all([
    startHall(terminalConfig(platform.url, 'help-hall', 'kiosk-h', 'kiosk', simulatedDevices('printer')), platform),
    startHall(terminalConfig(platform.url, 'help-hall', 'counter-h', 'counter', [], { queue: { counterId: 'counter-1', leasePrefixes: [] } }), platform),
  ]);
  await expect.poll(async () => (await api(counter, 'remoteHelp.list', {})).online, { timeout: 40_000 }).toBe(true);
  kioskPage = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  counterPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await kioskPage.goto(kiosk.openUrl);
  await counterPage.goto(counter.openUrl);
  await expect(kioskPage.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
  await expect(counterPage.getByTestId('counter-screen')).toBeVisible();
});
test.afterAll(async () => {
  await Promise.all([kiosk?.stop(), counter?.stop()]);
  await platform?.stop();
});

test('offline: the citizen records and sends; it is saved, then delivered once when the service returns, and the clerk calls back', async () => {
  // The button sits on the kiosk's header, and beside 呼叫工作人员 in elder mode.
  await expect(kioskPage.getByTestId('remote-help')).toHaveText('远程帮办');
  await kioskPage.getByTestId('elder-toggle').tap();
  await expect(kioskPage.locator('html')).toHaveClass(/\belder\b/);
  const controls = kioskPage.locator('.header-controls');
  await expect(controls.getByTestId('assist-call-button')).toBeVisible();
  await expect(controls.getByTestId('remote-help')).toBeVisible();
  // With the hall link up the button rings the 帮办席 live (e2e/remote-help.spec.ts); the citizen cancels here.
  await kioskPage.getByTestId('remote-help').tap();
  await expect(kioskPage.getByTestId('remote-help-call')).toHaveAttribute('data-state', 'ringing');
  // Elder mode says it aloud, as every step (read-aloud.spec.ts checks the voice itself).
  await expect(kioskPage.getByTestId('narration')).toHaveAttribute('data-narration', 'helpRinging');
  await kioskPage.getByTestId('remote-help-hangup').tap();
  await expect(kioskPage.getByTestId('remote-help-call')).toHaveCount(0);

  const port = Number(new URL(platform.url).port);
  await platform.stop();
  await expect(kioskPage.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'offline', { timeout: 15_000 });

  // The link is down: the same button opens the help request dialog, in elder sizes in elder mode.
  await kioskPage.getByTestId('remote-help').tap();
  await expect(kioskPage.getByTestId('help-record')).toBeFocused();
  await expect(kioskPage.getByTestId('narration')).toHaveAttribute('data-narration', 'helpRecord');
  await expectElderSized(kioskPage, 'the help request dialog in elder mode');
  await kioskPage.keyboard.press('Escape');
  await expect(kioskPage.getByTestId('help-request-dialog')).toHaveCount(0);
  await kioskPage.getByTestId('elder-toggle').tap();
  await expect(kioskPage.locator('html')).not.toHaveClass(/\belder\b/);

  await kioskPage.getByTestId('remote-help').tap();
  const dialog = kioskPage.getByTestId('help-request-dialog');
  await expect(dialog).toBeVisible();
  await expectAccessible(kioskPage, 'the help request dialog');
  await kioskPage.getByTestId('help-record').tap();
  await expect(dialog).toHaveAttribute('data-phase', 'recording');
  await expect(kioskPage.getByTestId('help-request-status')).toContainText('正在录音');
  await kioskPage.getByTestId('help-stop').tap();
  await expect(dialog).toHaveAttribute('data-phase', 'recorded');
  await expect(kioskPage.getByTestId('help-playback')).toBeVisible();
  // A number for the call back, typed on the digit pad.
  await kioskPage.getByTestId('help-add-phone').tap();
  for (const digit of '13800005678') await kioskPage.getByTestId(`help-phone-key-${digit}`).tap();
  await expect(kioskPage.getByTestId('help-phone')).toHaveText('13800005678');
  await kioskPage.getByTestId('help-send').tap();
  await expect(kioskPage.getByTestId('help-request-status')).toHaveText('已保存，网络恢复后自动发送');
  await expect(dialog).toHaveAttribute('data-phase', 'sent-saved');

  platform = await startPlatformProcess(platformData, port);
  await expect(kioskPage.getByTestId('help-request-status')).toHaveText('已送达帮办席，工作人员会尽快处理', { timeout: 40_000 });
  await kioskPage.getByTestId('help-close').tap();
  await expect(dialog).toHaveCount(0);

  // The 叫号 tab is open: the 帮办席 tab says one request waits.
  await expect(counterPage.getByTestId('assist-desk-badge')).toHaveText('1', { timeout: 30_000 });
  await counterPage.getByTestId('counter-tab-assist-desk').click();
  const requests = counterPage.getByTestId('help-request');
  await expect(requests).toHaveCount(1, { timeout: 30_000 });
  const request = requests.first();
  await expect(request).toHaveAttribute('data-state', 'open');
  await expect(request.getByTestId('help-request-step')).toHaveText('首页');
  await expect(request.getByTestId('help-phone-masked')).toHaveText('138****5678');
  await expectAccessible(counterPage, 'the 帮办席 tab with a help request');
  await request.getByTestId('help-play-note').click();
  await expect(request.getByTestId('help-note-audio')).toBeVisible();
  await request.getByTestId('help-reveal-phone').click();
  await expect(request.getByTestId('help-phone-full')).toHaveText('13800005678');
  await request.getByTestId('help-call-back').click();
  await request.getByTestId('help-call-back-note').fill('已回电，指导群众选择事项');
  await request.getByTestId('help-call-back-done').click();
  await expect(request).toHaveAttribute('data-state', 'called-back');
  await expect(request.getByTestId('help-answered')).toContainText('1号窗口已回电');
  await expect(counterPage.getByTestId('assist-desk-badge')).toHaveCount(0);
  expect(await platform.query<{ state: string }>('SELECT state FROM help_requests')).toEqual([{ state: 'called-back' }]);
  expect(await platform.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM mutations WHERE kind = 'help-request'")).toEqual([{ n: 1 }]);
});

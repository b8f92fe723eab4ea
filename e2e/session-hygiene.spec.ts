// Two citizens back to back at one kiosk (#14 item 4): the first goes through every screen — a ticket,
// 预约签到, a guide, a whole application, 全程一码 with their code, 呼叫工作人员 and its cancellation, a
// rating — and presses 结束办理; the second then visits every screen and finds nothing of the first
// (codes, masked names and numbers, what they typed) on screen, in the DOM or in storage.
import type { Page } from '@playwright/test';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { giveRequiredMaterials, submitApplication } from './apply-steps.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, sign, simulatedDevices } from './host-call.js';

test.use(FAKE_CAMERA_KIOSK);

const PHONE = '13912345678';

let hall: RunningHall;
test.beforeAll(async () => {
  hall = await startHall({
    hallId: 'demo-hall',
    terminalId: 'kiosk-hygiene',
    role: 'kiosk',
    platformUrl: 'embedded',
    languages: ['zh-CN', 'en'],
    defaultLanguage: 'zh-CN',
    devices: simulatedDevices('idcard', 'scanner', 'printer'),
    // Long enough that no idle wipe happens by itself: 结束办理 is what ends the first citizen.
    session: { idleSeconds: 600, countdownSeconds: 30 },
  });
});
test.afterAll(async () => hall?.stop());

const home = async (page: Page) => {
  await page.getByTestId('back-home').first().tap();
  await expect(page.getByTestId('tile-guide')).toBeVisible();
};

test('the second citizen sees nothing of the first on any kiosk screen or in storage', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

  // ── The first citizen, in English, with their card on the reader.
  await page.getByTestId('lang-en').tap();
  await api(hall, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await expect(page.getByTestId('card-holder-name')).toHaveText('张**', { timeout: 10_000 });
  const maskedId = (await page.getByTestId('card-holder-id').textContent())!;

  // 取号
  await page.getByTestId('tile-ticket').tap();
  await page.getByTestId('service-social-security').tap();
  await expect(page.getByTestId('ticket-number')).toBeVisible({ timeout: 15_000 });
  const ticketNumber = (await page.getByTestId('ticket-number').textContent())!;
  await page.getByTestId('ticket-done').tap();

  // 预约签到: the demo card has an appointment today, checked in at once.
  await page.getByTestId('tile-appointment').tap();
  await expect(page.getByTestId('ticket-number')).toBeVisible({ timeout: 15_000 });
  const appointmentNumber = (await page.getByTestId('ticket-number').textContent())!;
  await page.getByTestId('ticket-done').tap();

  // 查询一单
  await page.getByTestId('tile-guide').tap();
  await page.getByTestId('catalog-search').fill('sbk');
  await page.getByTestId('catalog-hit').first().tap();
  await expect(page.getByTestId('item-guide')).toBeVisible();
  await home(page);

  // 申办一袋, to the end: a tracking code and a receipt.
  await page.getByTestId('tile-apply').tap();
  await page.getByTestId('catalog-search').fill('sbk');
  await page.getByTestId('catalog-hit').first().tap();
  await expect(page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
  await page.getByTestId('form-phone').fill(PHONE);
  await page.getByTestId('apply-next').tap();
  await giveRequiredMaterials(page);
  await page.getByTestId('apply-next').tap();
  await page.getByTestId('apply-next').tap();
  await sign(page);
  const trackingCode = await submitApplication(page);
  await home(page);

  // 全程一码 with their code
  await page.getByTestId('tile-track').tap();
  await page.getByTestId('track-code').fill(trackingCode);
  await page.getByTestId('track-submit').tap();
  await expect(page.getByTestId('case-timeline')).toBeVisible({ timeout: 15_000 });

  // 呼叫工作人员 (elder mode), then cancelled
  await page.getByTestId('elder-toggle').tap();
  await page.getByTestId('assist-call-button').tap();
  await expect(page.getByTestId('assist-call')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
  await page.getByTestId('assist-cancel').tap();
  await expect(page.getByTestId('assist-message')).not.toBeEmpty();

  // 评价: the ticket is not served yet, so it is refused
  await home(page);
  await page.getByTestId('tile-evaluate').tap();
  // The screen's code loads on first use: it listens for scans once it is drawn.
  await expect(page.getByTestId('service-evaluate')).toBeVisible();
  const issued = await api(hall, 'queue.snapshot', {});
  const mine = issued.snapshot!.tickets.find((t) => t.number === ticketNumber)!;
  await api(hall, 'simulator.scanner.scan', { deviceId: 'scanner', data: mine.id });
  await expect(page.getByTestId('rating-error')).toBeVisible({ timeout: 10_000 });

  // Back to 全程一码 with the code on screen, then 结束办理.
  await home(page);
  await page.getByTestId('tile-track').tap();
  await page.getByTestId('track-code').fill(trackingCode);
  await page.getByTestId('track-submit').tap();
  await expect(page.getByTestId('case-timeline')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('end-session').tap();
  await api(hall, 'simulator.idcard.remove', { deviceId: 'idcard' });

  // ── The second citizen walks up.
  await expect(page.getByTestId('tile-guide')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('elder-toggle')).toHaveAttribute('aria-pressed', 'false');

  const traces = [
    trackingCode,
    trackingCode.replace(/(.{4})(?=.)/g, '$1 '),
    trackingCode.replace(/(.{4})(?=.)/g, '$1-'),
    '张**',
    maskedId,
    PHONE,
    PHONE.slice(-4),
    mine.id,
  ];
  const nothingOfTheFirst = async (where: string) => {
    const html = await page.content();
    for (const trace of traces) expect(html, `${where}: ${trace}`).not.toContain(trace);
    for (const number of [ticketNumber, appointmentNumber])
      expect(html, `${where}: the first citizen's ticket ${number}`).not.toMatch(new RegExp(`>\\s*${number}\\s*<`));
    expect((await page.getByTestId('assist-message').allTextContents()).join(''), `${where}: assist message`).toBe('');
  };
  await nothingOfTheFirst('home');
  for (const tile of ['track', 'guide', 'apply', 'ticket', 'appointment', 'evaluate'] as const) {
    await page.getByTestId(`tile-${tile}`).tap();
    await expect(page.getByTestId(`service-${tile}`)).toBeVisible();
    await nothingOfTheFirst(tile);
    await home(page);
  }
  const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
  expect(storage).toEqual({ session: ['hall.session-token'], local: [] });
  expect(await api(hall, 'idcard.current', {})).toBeNull();
});

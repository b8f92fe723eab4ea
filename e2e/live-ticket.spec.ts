import { chromium, expect, test, type Browser } from '@playwright/test';
import { systemClock } from '../contract/clock.js';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { DEMO_HALL_CONFIG } from '../platform/queue/demo.js';
import { NoticeSimulator } from '../platform/notify/notice-simulator.js';
import { ADMIN_TOKEN } from '../test/helpers/platform-process.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { expectAccessible } from './axe.js';
import { expectElderSized } from './elder-sizes.js';
import { api, startQueueHall, waitFor, type QueueHall } from './queue-helpers.js';

// A hall with the live ticket on: a platform whose reminders go to the SMS simulator, kiosks, counters, a display.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const PHONE = '13800138000';
/** The name phones on the hall's Wi-Fi reach the queue service by; mapped to this machine's platform in the browser. */
const LAN_HOST = 'hall.lan';

let hall: QueueHall;
let sms: NoticeSimulator;
let lanBase = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  sms = new NoticeSimulator({ clock: systemClock });
  const smsUrl = await sms.listen();
  // The platform process reads its gateways from HALL_NOTIFY when it starts.
  process.env.HALL_NOTIFY = JSON.stringify({ sms: { kind: 'http-sms', url: `${smsUrl}/sms` } });
  try {
    hall = await startQueueHall();
  } finally {
    delete process.env.HALL_NOTIFY;
  }
  lanBase = `http://${LAN_HOST}:${new URL(hall.platform.url).port}`;
  const response = await fetch(`${hall.platform.url}/v1/admin/queue/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({
      ...DEMO_HALL_CONFIG,
      recall: { max: 2, minGapSeconds: 1 },
      leaseBlockSize: 10,
      liveTicket: { baseUrl: lanBase, awayMinutes: 15 },
      reminders: { firstAtPeopleAhead: 2, reminders: 2, atCall: true },
      askPhoneAtKiosk: true,
      silentCalling: { showMaskedName: true },
    }),
  });
  expect(response.ok).toBe(true);
  await waitFor(async () => (await api(hall.kiosks[0]!, 'queue.snapshot', {})).snapshot?.config.askPhoneAtKiosk, 20_000, 'kiosk has the new hall config');
});
test.afterAll(async () => {
  await hall?.stop();
  await sms?.close();
});

/** A phone on the hall's Wi-Fi (its own browser, whose resolver answers the LAN name with this machine): 390×844, touch. */
async function phoneBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
  });
}

const textsTo = (to: string) => sms.messages.filter((m) => m.to === to).map((m) => m.text ?? '');

test('a citizen follows the live ticket on a phone: reminders, stepping out, park and recall, a masked name on the display', async ({ browser }) => {
  const [k1, k2] = hall.kiosks as [QueueHall['display'], QueueHall['display']];
  const c1 = hall.counters[0]!;
  // Two citizens ahead, in the same service.
  const first = await api(k2, 'queue.issue', { service: 'social-security', priority: 'normal' });
  const second = await api(k2, 'queue.issue', { service: 'social-security', priority: 'normal' });

  // At kiosk 1 with an ID card on the reader: a social-security ticket, a phone number typed on the digit pad.
  await api(k1, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  const kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await kiosk.goto(k1.openUrl);
  await kiosk.getByTestId('tile-ticket').tap();
  await kiosk.getByTestId('service-social-security').tap();
  await expect(kiosk.getByTestId('phone-step')).toContainText('家人');
  for (const digit of PHONE) await kiosk.getByTestId(`phone-key-${digit}`).tap();
  await expect(kiosk.getByTestId('phone-number')).toHaveText(PHONE);
  await kiosk.screenshot({ path: test.info().outputPath('kiosk-phone-step.png') });
  await kiosk.getByTestId('phone-key-ok').tap();
  const number = (await kiosk.getByTestId('ticket-number').textContent())!;
  await expect(kiosk.getByTestId('print-status')).toHaveAttribute('data-outcome', 'printed');
  await expect(kiosk.getByTestId('ticket-reminders')).toHaveText('短信提醒：138****8000');
  await kiosk.context().close();

  // The printed ticket's QR opens the live page on the phone.
  const printed = (await api(k1, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
  expect(printed.text).toContain(number);
  const link = decodeQrFromPng(Buffer.from(printed.pngBase64, 'base64'))!;
  expect(link).toMatch(new RegExp(`^${lanBase}/t/[A-Za-z0-9_-]{43}$`));
  const phone = await phoneBrowser();
  const page = await (
    await phone.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
  ).newPage();
  await page.goto(link);
  await expect(page.getByTestId('live-number')).toHaveText(number);
  await expect(page.getByTestId('live-detail')).toHaveText('前面还有 2 人');
  expect(await page.content()).not.toContain(PHONE);

  // The first reminder at 2 ahead.
  await waitFor(async () => textsTo(PHONE).some((t) => t.includes('前面还有 2 人')), 20_000, 'first reminder');
  expect(textsTo(PHONE)[0]).toContain(`${lanBase}/t/`);

  // Stepping out: kept, not called; the first citizen is called meanwhile; back again.
  await page.getByTestId('live-away').tap();
  await expect(page.getByTestId('live-status')).toContainText('已暂时离开');
  await api(c1, 'queue.call', {});
  await expect(page.getByTestId('live-back')).toBeVisible();
  await page.getByTestId('live-back').tap();
  await expect(page.getByTestId('live-status')).toHaveText('正在排队');
  await expect(page.getByTestId('live-detail')).toHaveText('前面还有 1 人');
  // The second reminder at 1 ahead, and no third.
  await waitFor(async () => textsTo(PHONE).some((t) => t.includes('前面还有 1 人')), 20_000, 'second reminder');

  await api(c1, 'queue.finish', {});
  const called = await api(c1, 'queue.call', {});
  expect(called.ticket?.id).toBe(second.ticket.id);
  await api(c1, 'queue.finish', {});
  expect(first.ticket.number).not.toBe(number);

  // The clerk calls in the UI: the display shows the number with the masked name, the phone the window.
  const display = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await display.goto(hall.display.openUrl);
  const counter = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await counter.goto(c1.openUrl);
  await counter.getByTestId('call-next').click();
  await expect(counter.getByTestId('current-ticket')).toHaveText(number);
  await expect(display.getByTestId('now-number')).toHaveText(number);
  await expect(display.getByTestId('now-name')).toHaveText('张**先生');
  expect(await display.content()).not.toContain('张示例');
  await expect(page.getByTestId('live-status')).toHaveText('请到 1 号窗口办理');
  await waitFor(async () => textsTo(PHONE).some((t) => t.includes(`请 ${number} 号到 1 号窗口办理`)), 20_000, 'the call by SMS');
  expect(textsTo(PHONE).filter((t) => t.includes('前面还有'))).toHaveLength(2);

  // A missing material: the clerk parks the ticket, the phone says where to return; recalled from the park list.
  await counter.getByTestId('park').click();
  await expect(page.getByTestId('live-status')).toHaveText('已暂停，请回到 1 号窗口');
  await expect(counter.getByTestId('counter-parked')).toContainText(number);
  await counter.getByTestId(`recall-parked-${number}`).click();
  await expect(counter.getByTestId('current-ticket')).toHaveText(number);
  await expect(page.getByTestId('live-status')).toHaveText('请到 1 号窗口办理');
  await counter.getByTestId('finish').click();
  await expect(page.getByTestId('live-status')).toHaveText('已办结，感谢您的耐心');
  expect(textsTo(PHONE)).toHaveLength(3);
  // The phone number was erased when the ticket ended.
  expect(await hall.platform.query('SELECT * FROM queue_ticket_contacts')).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('live-ticket-phone.png') });
  await phone.close();
});

test("the kiosk's phone step passes axe (AAA) and the elder-mode sizes: an elder types a relative's number there", async ({ browser }) => {
  const kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await kiosk.goto(hall.kiosks[0]!.openUrl);
  await kiosk.getByTestId('elder-toggle').tap();
  await expect(kiosk.getByTestId('elder-toggle')).toHaveAttribute('aria-pressed', 'true');
  await kiosk.getByTestId('tile-ticket').tap();
  await kiosk.getByTestId('service-social-security').tap();
  await expect(kiosk.getByTestId('phone-step')).toBeVisible();
  await kiosk.getByTestId('phone-key-1').tap();
  await expectAccessible(kiosk, 'kiosk phone step, elder mode', { enhancedContrast: true });
  await expectElderSized(kiosk, 'kiosk phone step, elder mode');
  await kiosk.context().close();
});

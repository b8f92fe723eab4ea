// 呼叫工作人员: an elder stuck at a kiosk calls staff; the counters' banner lights up; one clerk goes.
// A platform process (the hall service) and two real hosts: a kiosk and a counter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { TerminalConfigInput } from '../contract/config.js';
import { SUPPORTED_LANGUAGES } from '../contract/languages.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expectAccessible } from './axe.js';
import { api, setHallConfig, waitFor } from './queue-helpers.js';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const terminal = (
  terminalId: string,
  role: TerminalConfigInput['role'],
  platformUrl: string,
  extra: Partial<TerminalConfigInput> = {},
): TerminalConfigInput => ({
  hallId: 'demo-hall',
  terminalId,
  role,
  platformUrl,
  languages: [...SUPPORTED_LANGUAGES],
  defaultLanguage: 'zh-CN',
  devices: [{ id: 'printer', kind: 'printer', transport: { type: 'simulated' } }],
  queue: { leasePrefixes: [] },
  sync: { pollIntervalMs: 1000, backoffMaxMs: 2000 },
  ...extra,
});

let platform: PlatformProcess;
let kiosk: RunningHall;
let counter: RunningHall;
let kioskPage: Page;
let counterPage: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(150_000);
  platform = await startPlatformProcess(mkdtempSync(join(tmpdir(), 'hall-assist-platform-')));
  await setHallConfig(platform);
  [kiosk, counter] = await Promise.all([
    startHall(terminal('kiosk-03', 'kiosk', platform.url), platform),
    startHall(terminal('counter-01', 'counter', platform.url, { devices: [], queue: { counterId: 'counter-1', leasePrefixes: [] } }), platform),
  ]);
  for (const h of [kiosk, counter]) await waitFor(async () => (await api(h, 'assist.state', {})).online, 40_000, 'terminals following the hall stream');
  // Only counters acknowledge: the platform knows this one's role once its signing key has gone up through the outbox.
  await waitFor(
    async () => (await platform.query<{ role: string }>("SELECT role FROM terminal_keys WHERE terminal_id = 'counter-01'"))[0]?.role === 'counter',
    30_000,
    'counter role announced',
  );
  kioskPage = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  counterPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await kioskPage.goto(kiosk.openUrl);
  await counterPage.goto(counter.openUrl);
  await expect(counterPage.getByTestId('counter-screen')).toBeVisible();
});
test.afterAll(async () => {
  await Promise.all([kiosk?.stop(), counter?.stop()]);
  await platform?.stop();
});

/** HALL_SCREENSHOTS=<dir> keeps a picture of each state (to check the layout by eye, also right to left). */
async function picture(page: Page, name: string) {
  if (process.env.HALL_SCREENSHOTS) await page.screenshot({ path: join(process.env.HALL_SCREENSHOTS, `call-staff-${name}.png`) });
}

/** Tab from the top of the page until the element has the keyboard focus (the clerk's hands stay on the keys). */
async function tabTo(page: Page, testId: string, maxTabs = 30) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < maxTabs; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
  }
  throw new Error(`${testId} is not reachable with the Tab key`);
}

test('an elder presses "call staff"; the counter banner lights up; the clerk takes it and the kiosk says who is coming', async () => {
  // The button belongs to elder mode.
  await expect(kioskPage.getByTestId('elder-toggle')).toBeVisible();
  await expect(kioskPage.getByTestId('assist-call-button')).toHaveCount(0);
  await kioskPage.getByTestId('elder-toggle').tap();
  await expect(kioskPage.locator('html')).toHaveClass(/\belder\b/);
  const button = kioskPage.getByTestId('assist-call-button');
  await expect(button).toHaveText('呼叫工作人员');
  await expectAccessible(kioskPage, 'kiosk in elder mode with the call-staff button', { enhancedContrast: true });
  await picture(kioskPage, 'kiosk-button');
  await expect(counterPage.getByTestId('assist-banner')).toHaveCount(0);

  await button.tap();
  await expect(kioskPage.getByTestId('assist-message')).toHaveText('工作人员已收到，请稍候');
  await expect(kioskPage.getByTestId('assist-status')).toHaveAttribute('data-state', 'open');
  await expectAccessible(kioskPage, 'kiosk: staff called', { enhancedContrast: true });
  await picture(kioskPage, 'kiosk-sent');

  // The counter: one request, announced as an alert, with the time waited and a button.
  const item = counterPage.getByTestId('assist-request');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-terminal', 'kiosk-03');
  const alert = item.getByRole('alert');
  await expect(alert).toHaveText(/^自助终端 \u2068kiosk-03\u2069 的长者需要帮助$/);
  await expect(item.getByTestId('assist-waited')).toHaveText('刚刚发起');

  // Not on the counter's citizen-facing rating window (its second display).
  const evaluatePage = await counterPage.context().newPage();
  await evaluatePage.goto(counter.openUrl.replace('/#', '/?view=evaluate#'));
  await expect(evaluatePage.getByTestId('evaluate-idle')).toBeVisible();
  await expect(evaluatePage.getByTestId('assist-banner')).toHaveCount(0);
  await evaluatePage.close();

  // Pressing again at the kiosk (here: the host API, as a double tap would) does not call twice.
  const again = await api(kiosk, 'assist.call', {});
  expect(again.created).toBe(false);
  // The alert stays the same element through other changes in the hall, so it is announced once.
  await alert.evaluate((el) => el.setAttribute('data-seen', 'yes'));
  await api(kiosk, 'queue.issue', { service: 'social-security', priority: 'normal' });
  await expect(counterPage.getByTestId('counter-waiting').locator('li')).toHaveCount(1);
  await expect(item).toHaveCount(1);
  await expect(alert).toHaveAttribute('data-seen', 'yes');

  // The banner in every language passes axe (the Uyghur page is right to left).
  for (const lng of SUPPORTED_LANGUAGES) {
    await counterPage.getByTestId(`lang-${lng}`).click();
    await expect(counterPage.locator('html')).toHaveAttribute('lang', lng);
    await expectAccessible(counterPage, `counter with the call-staff banner (${lng})`);
    await picture(counterPage, `counter-banner-${lng}`);
  }
  await counterPage.getByTestId('lang-zh-CN').click();
  await expect(alert).toHaveAttribute('data-seen', 'yes');

  // The clerk reaches "我去处理" with the keyboard alone.
  await tabTo(counterPage, 'assist-acknowledge');
  await expect(counterPage.getByTestId('assist-acknowledge')).toHaveText('我去处理');
  await counterPage.keyboard.press('Enter');
  await expect(counterPage.getByTestId('assist-banner')).toHaveCount(0);
  await expect(kioskPage.getByTestId('assist-message')).toHaveText('1号窗口的工作人员马上过来');
  await expect(kioskPage.getByTestId('assist-status')).toHaveAttribute('data-state', 'acknowledged');
  await picture(kioskPage, 'kiosk-coming');
  await expectAccessible(kioskPage, 'kiosk: staff coming', { enhancedContrast: true });
  const closed = await platform.query<{ state: string; counter_id: string; terminal_id: string }>('SELECT state, counter_id, terminal_id FROM queue_assists');
  expect(closed).toEqual([{ state: 'acknowledged', counter_id: 'counter-1', terminal_id: 'kiosk-03' }]);

  await kioskPage.getByTestId('assist-dismiss').tap();
  await expect(button).toHaveText('呼叫工作人员');
});

test('the elder calls again and then cancels: the banner goes out at the counter', async () => {
  await kioskPage.getByTestId('assist-call-button').tap();
  await expect(counterPage.getByTestId('assist-request')).toHaveCount(1);
  await kioskPage.getByTestId('assist-cancel').tap();
  await expect(kioskPage.getByTestId('assist-message')).toHaveText('已取消呼叫');
  await expect(counterPage.getByTestId('assist-banner')).toHaveCount(0);
  await expect(kioskPage.getByTestId('assist-call-button')).toBeVisible();
});

test('with the hall service stopped, the kiosk says staff cannot be called and sends the elder to the information desk', async () => {
  await platform.stop();
  await waitFor(async () => !(await api(kiosk, 'assist.state', {})).online, 20_000, 'kiosk notices the hall service is gone');
  await kioskPage.getByTestId('assist-call-button').tap();
  const unavailable = kioskPage.getByTestId('assist-unavailable');
  await expect(unavailable.getByRole('alert')).toHaveText('现在无法呼叫工作人员。请到大厅的咨询台，那里的工作人员会帮助您。');
  await expectAccessible(kioskPage, 'kiosk: staff cannot be called', { enhancedContrast: true });
  await picture(kioskPage, 'kiosk-unavailable');
  await kioskPage.getByTestId('assist-dismiss').tap();
  await expect(kioskPage.getByTestId('assist-call-button')).toBeVisible();
});

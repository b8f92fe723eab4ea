// The counter workstation, built for 200 calls a day: at 1920×1080 and 1366×768 the current ticket,
// the action buttons and the waiting list are all in view; every action has a function key; feedback
// sits beside the buttons; an outage disables the actions with the reason and its errors go on
// reconnect. The hall asks for a clerk's sign-in (工号 + PIN) first, and the calls name the clerk. 一窗受理: feedback beside the decision, the case's state at once, one acceptance only,
// and a decision slip that says when the decision was made.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ADMIN_TOKEN, startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { expectAccessible } from './axe.js';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { PNG } from 'pngjs';
import { jpeg } from '../test/helpers/sample-images.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { api, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';
import { setHallConfig, waitFor } from './queue-helpers.js';
import { expect, test } from './hall-fixture.js';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
/** A signature as the pad sends it: a PNG with a stroke across it. */
function signaturePng(): string {
  const image = new PNG({ width: 120, height: 48 });
  image.data.fill(255);
  for (let x = 10; x < 110; x++) image.data.writeUInt32BE(0x000000ff, (24 * 120 + x) * 4);
  return PNG.sync.write(image).toString('base64');
}
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const;
const CLERK = { id: 'C1001', pin: '135790' } as const;

let platform: PlatformProcess;
let kiosk: RunningHall;
let counter: RunningHall;
const platformData = mkdtempSync(join(tmpdir(), 'hall-counter-desk-platform-'));

test.beforeAll(async () => {
  test.setTimeout(120_000);
  platform = await startPlatformWithCatalog(platformData);
  // Every call at this hall names the clerk who made it: the desk asks for 工号 + PIN first.
  await setHallConfig(platform, { clerks: { idleSignOutMinutes: 30, signInRequired: true } });
  const clerk = await fetch(`${platform.url}/v1/admin/clerks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ clerkId: CLERK.id, name: '王小明', hallId: 'demo-hall', pin: CLERK.pin }),
  });
  if (!clerk.ok) throw new Error(`clerk refused: ${await clerk.text()}`);
  const queue = { leasePrefixes: [] };
  [kiosk, counter] = await Promise.all([
    startHall(terminalConfig(platform.url, 'demo-hall', 'kiosk-01', 'kiosk', simulatedDevices('idcard', 'printer'), { queue }), platform),
    startHall(
      terminalConfig(platform.url, 'demo-hall', 'counter-01', 'counter', simulatedDevices('scanner', 'printer'), {
        queue: { ...queue, counterId: 'counter-1' },
      }),
      platform,
    ),
  ]);
  for (const hall of [kiosk, counter]) await waitFor(async () => (await api(hall, 'queue.snapshot', {})).connectivity.online, 40_000, 'queue online');
});
test.afterAll(async () => {
  await Promise.all([kiosk?.stop(), counter?.stop()]);
  await platform?.stop().catch(() => undefined);
});

/** The element is wholly inside the window: seen without scrolling anything. */
async function expectInView(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  expect(box!.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box!.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what}: bottom within ${viewport.height}`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width, `${what}: right within ${viewport.width}`).toBeLessThanOrEqual(viewport.width);
}

/** Controls drawn by the product, not the browser: no native selects, every button and input styled and large. */
async function expectStyledControls(page: Page) {
  const controls = await page.getByTestId('counter-screen').evaluate((root) =>
    [...root.querySelectorAll('button, input, select, textarea')].map((el) => {
      const style = getComputedStyle(el);
      return {
        tag: el.tagName,
        id: el.getAttribute('data-testid') ?? el.textContent,
        radius: parseFloat(style.borderTopLeftRadius),
        height: el.getBoundingClientRect().height,
        background: style.backgroundColor,
      };
    }),
  );
  expect(controls.length).toBeGreaterThan(5);
  for (const control of controls) {
    expect(control.tag, String(control.id)).not.toBe('SELECT');
    expect(control.radius, `${control.id}: rounded like the rest of the product`).toBeGreaterThan(0);
    expect(control.height, `${control.id}: a target for a busy hand`).toBeGreaterThanOrEqual(60);
    // Chromium's default button face.
    expect(control.background, String(control.id)).not.toBe('rgb(239, 239, 239)');
  }
}

test('the desk at both sizes: everything in view, function keys, feedback beside the buttons, outage and reconnect', async ({ page }) => {
  // The clerk signs in first: no desk action until then. A wrong PIN is told with the tries left;
  // the 工号 typed on the keyboard, the PIN on the digit pad.
  await page.setViewportSize(VIEWPORTS[1]);
  await page.goto(counter.openUrl);
  await expect(page.getByTestId('clerk-sign-in')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('call-next')).toHaveCount(0);
  await expectAccessible(page, 'counter clerk sign-in');
  await page.getByTestId('clerk-id').fill(CLERK.id);
  await page.getByTestId('clerk-pin').fill('000000');
  await page.getByTestId('clerk-submit').click();
  await expect(page.getByTestId('clerk-refusal')).toHaveText('密码不正确，还可以再试 4 次');
  await page.getByTestId('clerk-pin').focus();
  for (const digit of CLERK.pin) await page.getByTestId(`clerk-key-${digit}`).click();
  await page.getByTestId('clerk-submit').click();
  await expect(page.getByTestId('clerk-name')).toContainText('王**');
  await expect(page.getByTestId('clerk-name')).toContainText(CLERK.id);

  // A morning's queue for counter 1: more tickets than the list can show at once.
  const issued = [];
  for (let i = 0; i < 14; i++)
    issued.push(
      (await api(kiosk, 'queue.issue', { service: i % 2 ? 'medical-insurance' : 'social-security', priority: i === 3 ? 'elderly' : 'normal' })).ticket,
    );

  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.goto(counter.openUrl);
    await expect(page.getByTestId('counter-waiting').locator('li')).toHaveCount(14, { timeout: 15_000 });
    const at = `${viewport.width}×${viewport.height}`;
    await expectInView(page, page.getByTestId('counter-current'), `${at} current ticket`);
    for (const action of ['call-next', 'recall', 'finish', 'no-show', 'transfer', 'pause'])
      await expectInView(page, page.getByTestId(action), `${at} ${action}`);
    await expectInView(page, page.locator('#counter-waiting-title'), `${at} waiting list title`);
    for (const row of [0, 4]) await expectInView(page, page.getByTestId('counter-waiting').locator('li').nth(row), `${at} waiting row ${row + 1}`);
    await expectStyledControls(page);
    // The elderly citizen is first, as the hall's strict order says.
    await expect(page.getByTestId('counter-waiting').locator('li').first()).toContainText(issued[3]!.number);
  }

  // F6 calls the next citizen, F7 recalls, F8 finishes; F9 marks a no-show.
  await page.keyboard.press('F6');
  await expect(page.getByTestId('current-ticket')).toHaveText(issued[3]!.number);
  await expect(page.getByTestId('call-next')).toBeDisabled();
  // With a citizen called (reason, timer, 市民已到窗), the actions still fit the 1366×768 desk.
  await expect(page.getByTestId('start-service')).toBeVisible();
  for (const action of ['recall', 'finish', 'no-show', 'transfer', 'pause']) await expectInView(page, page.getByTestId(action), `serving: ${action}`);
  await expectStyledControls(page);
  await page.waitForTimeout(1100);
  await page.keyboard.press('F7');
  await expect(page.getByTestId('counter-current')).toContainText('已重呼 1/2 次');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('counter-current')).toContainText('当前无人办理');
  await page.keyboard.press('F6');
  await expect(page.getByTestId('current-ticket')).toHaveText(issued[0]!.number);
  await page.keyboard.press('F9');
  await expect(page.getByTestId('counter-current')).toContainText('当前无人办理');

  // F10 transfers, to a counter chosen from large buttons; the confirmation is beside the buttons.
  await page.keyboard.press('F6');
  await expect(page.getByTestId('current-ticket')).toHaveText(issued[1]!.number);
  await page.keyboard.press('F10');
  await page.getByTestId('transfer-counter-counter-2').click();
  await expect(page.getByTestId('counter-message')).toHaveText('已转至 2号窗口');
  await expectInView(page, page.getByTestId('counter-message'), 'transfer confirmation');
  const actions = (await page.locator('.queue-actions').boundingBox())!;
  const feedback = (await page.getByTestId('counter-message').boundingBox())!;
  expect(feedback.y - (actions.y + actions.height), 'feedback right under the buttons').toBeLessThan(120);

  // F11 pauses with a reason from the list; resume. The transfer's answer comes before the queue's
  // event that frees the counter, and 暂停 (like its key) waits for that.
  await expect(page.getByTestId('counter-current')).toContainText('当前无人办理');
  await expect(page.getByTestId('pause')).toBeEnabled();
  await page.keyboard.press('F11');
  await page.getByTestId('pause-meal').click();
  await expect(page.getByTestId('counter-paused')).toHaveText('暂停服务：用餐');
  await expect(page.getByTestId('call-next')).toBeDisabled();
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('call-next')).toBeEnabled();

  // A refusal (a third recall; two are allowed) is shown beside the buttons, in the clerk's words.
  await page.keyboard.press('F6');
  await expect(page.getByTestId('current-ticket')).toHaveText(issued[2]!.number);
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(1100);
    await page.getByTestId('recall').click();
    await expect(page.getByTestId('counter-current')).toContainText(`已重呼 ${i + 1}/2 次`);
  }
  await page.waitForTimeout(1100);
  await page.getByTestId('recall').click();
  await expect(page.getByTestId('counter-message')).toHaveAttribute('data-tone', 'error');
  await expectInView(page, page.getByTestId('counter-message'), 'refusal');

  // The hall queue service goes away: every action is disabled, with the reason beside them.
  const port = Number(new URL(platform.url).port);
  await platform.stop();
  await expect(page.getByTestId('counter-degraded')).toHaveText('叫号系统连接中断：正在重连，暂时无法叫号', { timeout: 15_000 });
  for (const action of ['recall', 'finish', 'no-show', 'transfer']) await expect(page.getByTestId(action)).toBeDisabled();
  await expectInView(page, page.getByTestId('counter-degraded'), 'outage reason');
  // It comes back: the actions return and the old error is gone.
  platform = await startPlatformProcess(platformData, port);
  await expect(page.getByTestId('counter-degraded')).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('finish')).toBeEnabled();
  await expect(page.getByTestId('counter-message')).toHaveCount(0);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('counter-current')).toContainText('当前无人办理');
  // Every call was recorded with the clerk who made it.
  expect(await platform.query<{ clerk_id: string | null }>('SELECT DISTINCT clerk_id FROM queue_calls')).toEqual([{ clerk_id: CLERK.id }]);
  // The manager's view lists the clerk's figures beside the counters'.
  const stats = await page.context().newPage();
  await stats.goto(counter.openUrl.replace('/#', '/?view=stats#'));
  await expect(stats.getByTestId('productivity-clerks').locator(`tr[data-clerk="${CLERK.id}"]`)).toContainText('王**');
  await stats.close();

  // Signing out takes the actions away until someone signs in again.
  await page.getByTestId('clerk-sign-out').click();
  await expect(page.getByTestId('clerk-sign-in')).toBeVisible();
  await expect(page.getByTestId('call-next')).toHaveCount(0);
});

test('一窗受理: feedback beside the decision, the state at once, one acceptance only, a slip with the decision time', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[1]);
  // A citizen applies at the kiosk (through its host API, as its screens would).
  await expect.poll(async () => (await api(kiosk, 'catalog.search', { query: 'sbk' })).hits.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  const draft = await waitFor(() => api(kiosk, 'application.start', { serviceCode: SBK.code }), 15_000, 'application started');
  for (const material of SBK.materials.filter((m) => m.required)) {
    await api(
      kiosk,
      'application.material',
      material.electronicLicense
        ? { draftId: draft.draftId, materialId: material.id, source: 'electronic-license' }
        : { draftId: draft.draftId, materialId: material.id, source: 'capture', mediaType: 'image/jpeg', imageBase64: jpeg() },
    );
  }
  const { trackingCode } = await api(kiosk, 'application.submit', {
    draftId: draft.draftId,
    phone: '13800001234',
    useKnownPhone: false,
    signaturePngBase64: signaturePng(),
  });
  await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
  await expect
    .poll(async () => (await platform.query<{ state: string }>('SELECT state FROM cases WHERE tracking_code = ?', trackingCode)).map((r) => r.state), {
      timeout: 30_000,
    })
    .toEqual(['submitted']);
  await expect.poll(async () => (await platform.query("SELECT 1 FROM terminal_keys WHERE terminal_id = 'counter-01'")).length, { timeout: 20_000 }).toBe(1);

  await page.goto(counter.openUrl);
  await page.getByTestId('counter-tab-acceptance').click();
  await expect(page.getByTestId('counter-acceptance')).toBeVisible();
  await api(counter, 'simulator.scanner.scan', { deviceId: 'scanner', data: trackingCode });
  const pkg = page.getByTestId('counter-package');
  await expect(pkg).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('counter-tracking-code')).toHaveText(`${trackingCode.slice(0, 4)}-${trackingCode.slice(4, 8)}-${trackingCode.slice(8)}`);
  await expect(page.getByTestId('counter-state')).toHaveText('当前状态：已提交');

  // 补正 without a reason: said beside the buttons, not at the top of the page out of view.
  await page.getByTestId('counter-supplement').click();
  await expect(page.getByTestId('counter-error')).toHaveText('请填写原因');
  const buttons = (await page.getByTestId('counter-supplement').boundingBox())!;
  const error = (await page.getByTestId('counter-error').boundingBox())!;
  expect(error.y).toBeGreaterThan(buttons.y);
  expect(error.y - (buttons.y + buttons.height)).toBeLessThan(120);

  // 受理: recorded, the case reads 已受理 at once (its upload still under way), and cannot be accepted again.
  await page.getByTestId('counter-accept').click();
  await expect(page.getByTestId('counter-message')).toContainText('已记录：已受理');
  await expect(page.getByTestId('counter-error')).toHaveCount(0);
  await expect(page.getByTestId('counter-state')).toHaveText('当前状态：已受理');
  await expect(pkg).toHaveAttribute('data-state', 'accepted');
  await expect(page.getByTestId('counter-accept')).toBeDisabled();
  await expect(page.getByTestId('counter-supplement')).toBeDisabled();
  // The host answers a second 受理 as already done, whether or not the first has reached the platform.
  await expect(
    api(counter, 'counter.decide', { trackingCode, caseId: (await api(counter, 'case.track', { trackingCode })).cases[0]!.caseId, to: 'accepted' }),
  ).rejects.toThrow(/already accepted/);
  await expect
    .poll(async () => (await platform.query<{ state: string }>('SELECT state FROM cases WHERE tracking_code = ?', trackingCode)).map((r) => r.state), {
      timeout: 30_000,
    })
    .toEqual(['accepted']);
  const timeline = await api(kiosk, 'case.track', { trackingCode });
  expect(timeline.cases[0]!.events.filter((e) => e.state === 'accepted')).toHaveLength(1);

  // The decision slip: when it was decided, no empty materials line.
  const slip = (await api(counter, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
  expect(slip.text).toContain('受理结果：已受理');
  expect(slip.text).toContain('办理时间');
  expect(slip.text).not.toContain('已提交材料');
});

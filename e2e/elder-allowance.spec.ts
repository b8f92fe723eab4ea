// Issue 7's citizen: 王老示, 82, no smartphone. A clerk prints her personal code (反向扫码) at a
// counter; at a kiosk her card brings the elder-mode offer; in elder mode she finds 高龄津贴 among
// a few large buttons and applies with her paper code plus her card. Her lost paper (voided at the
// counter), a forged and an expired code are refused, each with its own message. When she walks
// away, nothing personal stays behind.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalConfigInput, TerminalRole } from '../contract/config.js';
import { asciiJson, parsePersonalCode } from '../contract/personal-code.js';
import { ELDER_TEXT } from '../drivers/idcard/simulator/test-cards.js';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { ADMIN_TOKEN, type PlatformProcess } from '../test/helpers/platform-process.js';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, sign, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';

// A portrait touch kiosk; Chromium's fake camera feeds the document camera.
test.use(FAKE_CAMERA_KIOSK);

const ALLOWANCE = SEED_ITEMS.find((item) => item.name === '高龄津贴申领')!;

test.describe('an 82-year-old applies for 高龄津贴 with her paper code and her card', () => {
  let platform: PlatformProcess;
  let kiosk: RunningHall;
  let counter: RunningHall;
  const terminal = (terminalId: string, role: TerminalRole, devices: TerminalConfigInput['devices'], extra?: Partial<TerminalConfigInput>) =>
    terminalConfig(platform.url, 'elder-hall', terminalId, role, devices, extra);

  test.beforeAll(async () => {
    platform = await startPlatformWithCatalog(mkdtempSync(join(tmpdir(), 'hall-elder-platform-')));
    counter = await startHall(terminal('counter-elder', 'counter', simulatedDevices('idcard', 'printer')), platform);
    // Elder mode doubles the idle time: 12 s becomes 24 s, then a 4 s countdown.
    kiosk = await startHall(
      terminal('kiosk-elder', 'kiosk', simulatedDevices('idcard', 'printer', 'scanner'), { session: { idleSeconds: 12, countdownSeconds: 4 } }),
      platform,
    );
  });
  test.afterAll(async () => {
    await kiosk?.stop();
    await counter?.stop();
    await platform?.stop();
  });

  test('code printed at the counter; offer, 高龄津贴 in elder mode, forged and expired codes refused; idle wipe', async ({ page, browser }) => {
    test.setTimeout(240_000);

    // At the counter: the clerk reads her card, checks it is her, and prints her personal code.
    const clerkContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const clerk = await clerkContext.newPage();
    await clerk.goto(counter.openUrl);
    await expect(clerk.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
    await clerk.getByTestId('counter-tab-personal-code').click();
    await api(counter, 'simulator.idcard.place', { deviceId: 'idcard', card: 'elder' });
    await expect(clerk.getByTestId('desk-holder')).toHaveText('王**', { timeout: 15_000 });
    await expectAccessible(clerk, 'counter personal-code desk');
    const printCode = async () => {
      await clerk.getByTestId('desk-print-code').click();
      await expect(clerk.getByTestId('desk-outcome')).toHaveAttribute('data-outcome', 'printed', { timeout: 15_000 });
      const page = (await api(counter, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
      return { page, code: decodeQrFromPng(Buffer.from(page.pngBase64, 'base64'))! };
    };
    // Her first paper was lost: the clerk voids it and prints a new one.
    const lost = (await printCode()).code;
    await clerk.getByTestId('desk-revoke-code').click();
    await expect(clerk.getByTestId('desk-outcome')).toHaveAttribute('data-outcome', 'revoked', { timeout: 15_000 });
    const { page: slip, code: paperCode } = await printCode();
    expect(slip.text).toContain('王**');
    expect(slip.text).not.toContain(ELDER_TEXT.idNumber);
    expect(parsePersonalCode(paperCode)?.payload.mn).toBe('王**');
    expect(await clerk.content()).not.toContain(paperCode);
    await clerkContext.close();

    // Two bad papers: one altered by hand (forged), one that has run out (expired).
    const parsed = parsePersonalCode(paperCode)!;
    const forged = `HTPC1.${Buffer.from(asciiJson({ ...parsed.payload, exp: parsed.payload.exp + 10 * 365 * 86_400 })).toString('base64url')}.${parsed.signature}`;
    const shortLived = await fetch(new URL('/v1/admin/personal-codes', platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ maskedName: '王**', idNumber: ELDER_TEXT.idNumber, validSeconds: 1 }),
    }).then(async (r) => ((await r.json()) as { code: string }).code);
    const scan = (code: string) => api(kiosk, 'simulator.scanner.scan', { deviceId: 'scanner', data: code });

    // At the kiosk: her card brings the offer; she accepts.
    await page.goto(kiosk.openUrl);
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });
    await expect(page.getByTestId('device-scanner')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    // The lost paper is refused once the revocation has reached this kiosk with a sync.
    await expect(async () => {
      await scan(lost);
      await expect(page.getByTestId('personal-code-result')).toHaveText('此码已作废，请到窗口重新办理', { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'elder' });
    await expect(page.getByTestId('elder-offer')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('html')).not.toHaveClass(/elder/);
    await page.getByTestId('elder-accept').tap();
    await expect(page.locator('html')).toHaveClass(/elder/);

    // 高龄津贴 is one of a few large buttons: no typing.
    await page.getByTestId('tile-apply').tap();
    const item = page.locator(`[data-testid=elder-item][data-code=${ALLOWANCE.code}]`);
    await expect(item).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, 'elder item picker');
    await item.tap();

    // A sensitive item: her personal code first. Each step is read aloud.
    await expect(page.getByTestId('apply-code')).toBeVisible();
    await expect(page.getByTestId('narration')).toHaveAttribute('data-narration', 'applyCode');
    await expectAccessible(page, 'personal code step in elder mode');
    await scan(forged);
    await expect(page.getByTestId('apply-error')).toHaveText('此码未通过验证，请到窗口核实身份');
    await expect(page.getByTestId('personal-code-result')).toHaveAttribute('data-valid', 'false');
    // Scan only once it has run out (its expiry is in whole seconds).
    const expiresAtMs = parsePersonalCode(shortLived)!.payload.exp * 1000;
    await expect.poll(() => Date.now() > expiresAtMs + 100).toBe(true);
    await scan(shortLived);
    await expect(page.getByTestId('apply-error')).toHaveText('此码已过期，请到窗口重新打印');
    await expect(page.getByTestId('apply-code')).toBeVisible();

    await scan(paperCode);
    // Her card is still on the reader: the platform confirms code and card are one person.
    await expect(page.getByTestId('form-name')).toHaveText('王**', { timeout: 15_000 });
    await expect(page.getByTestId('apply-error')).toBeHidden();
    await expect(page.getByTestId('narration')).toHaveAttribute('data-narration', 'applyForm');
    await page.getByTestId('form-phone').fill('13900002222');
    await page.getByTestId('apply-next').tap();

    // One material per screen.
    for (let shown = 0; shown < ALLOWANCE.materials.length; shown++) {
      await expect(page.getByTestId('material')).toHaveCount(1);
      const row = page.getByTestId('material');
      const id = (await row.getAttribute('data-material'))!;
      if (ALLOWANCE.materials.find((m) => m.id === id)!.electronicLicense) {
        await row.getByTestId('material-elicense').tap();
      } else {
        await row.getByTestId('material-capture').tap();
        await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
        await page.getByTestId('camera-shoot').tap();
        await page.getByTestId('camera-use').tap();
      }
      if (shown < ALLOWANCE.materials.length - 1) await expect(page.locator(`[data-testid=material][data-material=${id}]`)).toHaveCount(0, { timeout: 10_000 });
    }
    await expect(page.getByTestId('apply-next')).toBeEnabled({ timeout: 10_000 });
    await page.getByTestId('apply-next').tap();
    await page.getByTestId('apply-next').tap();
    await sign(page);
    await page.getByTestId('apply-submit').tap();
    await expect(page.getByTestId('tracking-code')).toBeVisible({ timeout: 15_000 });
    const receipt = (await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(receipt.text).toContain('高龄津贴申领');

    // She walks away: the countdown comes, nobody answers, and the session is wiped.
    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 40_000 });
    await expect(page.getByTestId('idle-countdown')).toBeHidden({ timeout: 15_000 });
    await expect(page.getByTestId('tile-apply')).toBeVisible();
    await expect(page.locator('html')).not.toHaveClass(/elder/);
    const html = await page.content();
    for (const personal of ['王**', '王老示', ELDER_TEXT.idNumber, '13900002222', '139****2222', paperCode]) expect(html).not.toContain(personal);
    expect(html).not.toMatch(/1101\*+\d{3}[\dX]/);
    const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
    expect(storage).toEqual({ session: ['hall.session-token'], local: [] });
    expect(await api(kiosk, 'idcard.current', {})).toBeNull();
  });

  test('the idle wipe also stops the document camera', async ({ page }) => {
    // Every camera stream the page opens, to see it ended after the wipe.
    await page.addInitScript(() => {
      const streams: MediaStream[] = [];
      (window as unknown as { hallStreams: MediaStream[] }).hallStreams = streams;
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        streams.push(stream);
        return stream;
      };
    });
    await page.goto(kiosk.openUrl);
    // Her card from the first test is still on the reader: take it off first, as a citizen would.
    await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
    await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.waitForTimeout(1500); // several reader polls (every 400 ms): it has seen the card leave
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await page.getByTestId('tile-apply').tap();
    await page.getByTestId('catalog-search').fill('sbk');
    await page.getByTestId('catalog-hit').first().tap();
    await expect(page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
    await page.getByTestId('form-phone').fill('13800001234');
    await page.getByTestId('apply-next').tap();
    await page.getByTestId('material-capture').first().tap();
    const liveTracks = () =>
      page.evaluate(
        () => (window as unknown as { hallStreams: MediaStream[] }).hallStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
      );
    await expect.poll(liveTracks, { timeout: 10_000 }).toBeGreaterThan(0);

    await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('idle-countdown')).toBeHidden({ timeout: 15_000 });
    await expect(page.getByTestId('tile-apply')).toBeVisible();
    expect(await liveTracks()).toBe(0);
  });
});

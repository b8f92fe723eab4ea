// `npm run screenshot`: the gallery in docs/gallery/ that the README shows — every role's main screens,
// from real hosts on one platform (as the e2e tests start them) in Debian's Chromium.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_CONFIG, type TerminalConfigInput, type TerminalRole } from '../contract/config.js';
import { ADMIN_TOKEN, startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { api, sign, simulatedDevices, startPlatformWithCatalog, terminalConfig } from '../e2e/host-call.js';
import { openSbkApplication, SBK } from '../e2e/apply-steps.js';
import { phoneJpegWithGps } from '../test/helpers/exif-jpeg.js';
import { setHallConfig, waitFor } from '../e2e/queue-helpers.js';
import { PNG } from 'pngjs';
import { jpeg } from '../test/helpers/sample-images.js';

const OUT = 'docs/gallery';

/** A signature as the pad sends it: a dark stroke on white. */
/** A citizen's phone: 390 px wide, the given height, in Chinese and Beijing time, touch. */
const phonePage = (browser: Browser, height: number) =>
  browser.newPage({ viewport: { width: 390, height }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', hasTouch: true, isMobile: true });

function signaturePng(): string {
  const image = new PNG({ width: 300, height: 100 });
  image.data.fill(255);
  for (let x = 20; x < 280; x++) {
    const y = 50 + Math.round(30 * Math.sin(x / 15));
    image.data.fill(0, (y * 300 + x) * 4, (y * 300 + x) * 4 + 3);
  }
  return PNG.sync.write(image).toString('base64');
}
// Half-scale pictures of the whole screen: enough to see the layout, small enough to keep in git.
const SCALE = 0.5;

// The hall's LAN name, as its Wi-Fi resolves it for phones; the browser here maps it to this machine.
const LAN_HOST = 'hall.lan';

let platform: PlatformProcess = await startPlatformWithCatalog(mkdtempSync(join(tmpdir(), 'hall-gallery-platform-')));
const halls: RunningHall[] = [];
let browser: Browser | undefined;
try {
  // Tickets carry the live ticket QR, and the display shows a checked-in citizen's masked name.
  await setHallConfig(platform, {
    liveTicket: { baseUrl: `http://${LAN_HOST}:${new URL(platform.url).port}`, awayMinutes: 15 },
    silentCalling: { showMaskedName: true },
  });
  const register = await fetch(new URL('/v1/admin/proxy-points', platform.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-lanli'] }),
  });
  if (!register.ok) throw new Error(`proxy point not registered: ${register.status}`);
  const terminal = (terminalId: string, role: TerminalRole, devices: TerminalConfigInput['devices'], extra: Partial<TerminalConfigInput> = {}) =>
    startHall(
      terminalConfig(platform.url, 'demo-hall', terminalId, role, devices, {
        hallName: DEFAULT_CONFIG.hallName,
        languages: ['zh-CN', 'zh-HK', 'en', 'ug'],
        queue: { leasePrefixes: [] },
        ...extra,
      }),
      platform,
    );
  const [kiosk, counter, display, proxy] = await Promise.all([
    terminal('kiosk-01', 'kiosk', simulatedDevices('idcard', 'scanner', 'printer')),
    terminal('counter-01', 'counter', simulatedDevices('idcard', 'scanner', 'printer'), { queue: { counterId: 'counter-1', leasePrefixes: [] } }),
    terminal('display-01', 'display', []),
    terminal('proxy-lanli', 'proxy-point', simulatedDevices('idcard', 'scanner', 'printer')),
  ]);
  halls.push(kiosk, counter, display, proxy);
  for (const hall of [kiosk, counter, display]) await waitFor(async () => (await api(hall, 'queue.snapshot', {})).connectivity.online, 60_000, 'queue online');

  // A morning under way: a few citizens waiting, one served and rated, one at the window.
  const services = ['social-security', 'medical-insurance', 'social-security', 'medical-insurance', 'social-security', 'medical-insurance'] as const;
  const priorities = ['normal', 'elderly', 'normal', 'normal', 'disabled', 'normal'] as const;
  for (const [i, service] of services.entries()) await api(kiosk, 'queue.issue', { service, priority: priorities[i]! });
  // A citizen with an appointment checks in with her ID card; the priority classes go first, then she
  // is called, her masked name beside her number on the display.
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'gat' });
  const appointment = await waitFor(() => api(kiosk, 'queue.checkIn', {}), 15_000, 'appointment check-in');
  await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
  for (let served = 0; served < services.length; served++) {
    const { ticket } = await api(counter, 'queue.call', {});
    if (!ticket || ticket.id === appointment.ticket.id) break;
    await api(counter, 'queue.finish', {});
  }

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  mkdirSync(OUT, { recursive: true });
  const open = async (url: string, width: number, height: number, ready: string): Promise<Page> => {
    const page = await browser!.newPage({
      viewport: { width, height },
      deviceScaleFactor: SCALE,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      hasTouch: width < height,
    });
    await page.goto(url);
    await page.waitForSelector(ready, { timeout: 30_000 });
    // Let the device dots and the clock settle.
    await page
      .waitForFunction(() => document.querySelectorAll('[data-testid^="device-"][data-state="connecting"]').length === 0, undefined, { timeout: 10_000 })
      .catch(() => undefined);
    return page;
  };
  const shoot = async (page: Page, name: string) => {
    await page.screenshot({ path: `${OUT}/${name}.png` });
    console.log(`${OUT}/${name}.png`);
  };

  const kioskPage = await open(kiosk.openUrl, 1080, 1920, '[data-testid="tile-guide"]');
  await shoot(kioskPage, 'kiosk-home');
  await kioskPage.getByTestId('tile-ticket').tap();
  await kioskPage.waitForSelector('[data-testid="service-social-security"]');
  await shoot(kioskPage, 'kiosk-ticket');
  await kioskPage.getByTestId('back-home').tap();
  await kioskPage.getByTestId('elder-toggle').tap();
  await kioskPage.waitForSelector('[data-testid="elder-toggle"][aria-pressed="true"]');
  await shoot(kioskPage, 'kiosk-elder');
  await kioskPage.getByTestId('tile-ticket').tap();
  await kioskPage.waitForSelector('[data-testid="service-social-security"]');
  await shoot(kioskPage, 'kiosk-elder-ticket');
  await kioskPage.close();

  const counterPage = await open(counter.openUrl, 1920, 1080, '[data-testid="current-ticket"]');
  await shoot(counterPage, 'counter-desk');
  await counterPage.setViewportSize({ width: 1366, height: 768 });
  await shoot(counterPage, 'counter-desk-1366');
  await counterPage.close();

  const displayPage = await open(display.openUrl, 1920, 1080, '[data-testid="now-number"]');
  await displayPage.waitForTimeout(4000); // the call flash has finished
  await shoot(displayPage, 'display');
  await displayPage.close();

  // The counter's second screen, facing the citizen, once the clerk has finished a service.
  const ratingPage = await open(counter.views.evaluate!, 1280, 800, '[data-testid="evaluate-idle"]');
  await api(counter, 'queue.finish', {});
  await ratingPage.waitForSelector('[data-testid="rating-panel"]');
  await shoot(ratingPage, 'rating');
  await ratingPage.close();

  const proxyPage = await open(proxy.openUrl, 1920, 1080, '[data-testid="proxy-point"]');
  await shoot(proxyPage, 'proxy-point');
  await proxyPage.close();

  // 远程视频帮办: a citizen on the form of 社保卡申领 rings the 帮办席; the clerk answers, points at the
  // phone field and fills it; both sides once the video flows.
  await api(kiosk, 'session.end', {});
  const citizen = await open(kiosk.openUrl, 1080, 1920, '[data-testid="tile-guide"]');
  await citizen.getByTestId('tile-guide').tap();
  await citizen.getByTestId('catalog-search').fill('sbk');
  await citizen.getByTestId('catalog-hit').first().tap();
  await citizen.getByTestId('guide-apply').tap();
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await citizen.waitForSelector('[data-testid="form-phone"]', { timeout: 30_000 });
  await citizen.getByTestId('remote-help').tap();
  const clerk = await open(counter.openUrl, 1920, 1080, '[data-testid="counter-tab-assist-desk"]');
  await clerk.getByTestId('counter-tab-assist-desk').click();
  await clerk.getByTestId('assist-desk-answer').click();
  await clerk.waitForSelector('[data-testid="assist-desk-call"][data-media="flowing"]', { timeout: 30_000 });
  await citizen.waitForSelector('[data-testid="remote-help-call"][data-media="flowing"]', { timeout: 30_000 });
  await clerk.getByTestId('assist-desk-point-phone').click();
  await clerk.getByTestId('assist-desk-fill-value-phone').fill('13800001234');
  await clerk.getByTestId('assist-desk-fill-phone').click();
  await citizen.waitForSelector('[data-testid="remote-help-filled"]');
  await clerk.waitForSelector('[data-testid="assist-desk-value-phone"]:has-text("138****1234")');
  await clerk.evaluate(() => window.scrollTo(0, 0));
  await shoot(citizen, 'remote-help-kiosk');
  await shoot(clerk, 'remote-help-counter');
  await citizen.getByTestId('remote-help-hangup').tap();
  await clerk.waitForSelector('[data-testid="assist-desk-call"]', { state: 'detached' });
  await citizen.close();
  await clerk.close();

  // The progress page a receipt's QR opens on a phone (the platform's public /track/<code>): an
  // application from the kiosk, uploaded, then accepted at the counter.
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await waitFor(async () => (await api(kiosk, 'idcard.current', {})) ?? undefined, 15_000, 'card read');
  await waitFor(async () => (await api(kiosk, 'catalog.search', { query: 'sbk' })).hits.length > 0, 30_000, 'catalog pulled');
  const sbk = (await api(kiosk, 'catalog.search', { query: 'sbk' })).hits[0]!.code;
  const draft = await api(kiosk, 'application.start', { serviceCode: sbk });
  for (const material of draft.item.materials) {
    if (material.electronicLicense) await api(kiosk, 'application.material', { draftId: draft.draftId, materialId: material.id, source: 'electronic-license' });
    else if (material.onScreenForm) {
      const values = Object.fromEntries(material.onScreenForm.fields.map((field) => [field.id, field.options?.[0] ?? '310012']));
      await api(kiosk, 'application.material', { draftId: draft.draftId, materialId: material.id, source: 'form', values });
    } else
      await api(kiosk, 'application.material', {
        draftId: draft.draftId,
        materialId: material.id,
        source: 'capture',
        mediaType: 'image/jpeg',
        imageBase64: jpeg(),
      });
  }
  const submitted = await api(kiosk, 'application.submit', {
    draftId: draft.draftId,
    phone: '13800001234',
    useKnownPhone: false,
    signaturePngBase64: signaturePng(),
  });
  await waitFor(
    async () => (await api(kiosk, 'application.upload', { trackingCode: submitted.trackingCode })).upload === 'uploaded',
    30_000,
    'package uploaded',
  );
  const [opened] = (await api(counter, 'counter.open', { trackingCode: submitted.trackingCode })).packages;
  await api(counter, 'counter.decide', { trackingCode: submitted.trackingCode, caseId: opened!.timeline.caseId, to: 'accepted' });
  const phone = await phonePage(browser, 760);
  await waitFor(
    async () => {
      await phone.goto(new URL(`/track/${submitted.trackingCode}`, platform.url).href);
      return (await phone.locator('[data-state="accepted"]').count()) > 0;
    },
    30_000,
    'decision on the platform',
  );
  await shoot(phone, 'track-phone');
  await phone.close();

  // The ticket as it comes out of the (simulated) printer, and the live ticket page its QR opens.
  const elder = await api(kiosk, 'queue.issue', { service: 'social-security', priority: 'elderly' });
  const slip = await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' });
  if (!slip) throw new Error('the ticket was not printed');
  writeFileSync(`${OUT}/ticket-slip.png`, Buffer.from(slip.pngBase64, 'base64'));
  console.log(`${OUT}/ticket-slip.png`);
  if (!elder.followUrl) throw new Error('the ticket has no live ticket address: is liveTicket.baseUrl set?');
  const pocket = await phonePage(browser, 760);
  await pocket.goto(elder.followUrl);
  // Its live part (people ahead, the estimate) is filled from the state the page fetches.
  await pocket.locator('[data-testid="live-status"]:not(:empty)').waitFor({ timeout: 15_000 });
  await shoot(pocket, 'live-ticket-phone');
  await pocket.close();

  // 手机扫码导入 and 撤回: a citizen applies on the screen, sends a material's photo from their phone
  // (the page the apply screen's QR opens, at the hall's LAN address), then submits and is offered 撤回.
  // The card read for the application above comes off the reader; the new session reads it again.
  await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
  await api(kiosk, 'session.end', {});
  const applicant = await open(kiosk.openUrl, 1080, 1920, '[data-testid="tile-guide"]');
  await openSbkApplication(applicant);
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await applicant.waitForSelector('[data-testid="form-name"]', { timeout: 30_000 });
  // The card's holder applied above: the phone known then is offered instead of the field.
  if (await applicant.getByTestId('form-phone').isVisible()) await applicant.getByTestId('form-phone').fill('13800001234');
  await applicant.getByTestId('apply-next').tap();
  const photoMaterial = SBK.materials.find((m) => !m.electronicLicense && !m.onScreenForm)!;
  const photoRow = applicant.locator(`[data-testid=material][data-material=${photoMaterial.id}]`);
  await photoRow.getByTestId('material-phone').tap();
  const uploadUrl = await applicant.getByTestId('phone-qr').getAttribute('data-url');
  if (!uploadUrl) throw new Error('the apply screen shows no upload QR: is liveTicket.baseUrl set?');
  const handset = await phonePage(browser, 844);
  await handset.goto(uploadUrl);
  await handset
    .getByTestId('phone-pick')
    .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: phoneJpegWithGps({ width: 640, height: 480 }) });
  await handset.waitForSelector('[data-testid="phone-status"][data-state="done"]', { timeout: 30_000 });
  await shoot(handset, 'phone-upload-phone');
  await handset.close();
  await applicant.waitForSelector('[data-testid="phone-photo"]', { timeout: 30_000 });
  await shoot(applicant, 'phone-upload-kiosk');
  await applicant.getByTestId('phone-use').tap();
  await applicant.waitForSelector(`[data-testid=material][data-material=${photoMaterial.id}][data-state=captured]`, { timeout: 15_000 });
  for (const material of SBK.materials.filter((m) => m.required && m.id !== photoMaterial.id)) {
    const row = applicant.locator(`[data-testid=material][data-material=${material.id}]`);
    if (material.electronicLicense) await row.getByTestId('material-elicense').tap();
    else if (material.onScreenForm) {
      await row.getByTestId('material-fill').tap();
      for (const field of material.onScreenForm.fields.filter((f) => f.kind === 'choice'))
        await applicant.locator(`[data-testid=form-field][data-field=${field.id}]`).getByTestId('form-choice').first().tap();
      await applicant.getByTestId('form-done').tap();
    } else {
      await row.getByTestId('material-capture').tap();
      await applicant.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0, undefined, { timeout: 15_000 });
      await applicant.getByTestId('camera-shoot').tap();
      await applicant.getByTestId('camera-use').tap();
    }
    await applicant.waitForSelector(`[data-testid=material][data-material=${material.id}]:not([data-state=missing])`, { timeout: 15_000 });
  }
  await applicant.getByTestId('apply-next').tap();
  await applicant.getByTestId('apply-next').tap();
  await sign(applicant);
  await applicant.getByTestId('apply-submit').tap();
  await applicant.waitForSelector('[data-testid="withdraw-offer"]', { timeout: 30_000 });
  // 已提交 once the platform has the package (the offer stands until a clerk accepts).
  await applicant.waitForSelector('[data-testid="apply-done"][data-upload="uploaded"]', { timeout: 60_000 });
  await shoot(applicant, 'withdraw-done');
  await applicant.close();
  await api(kiosk, 'session.end', {});

  // 远程帮办 with the hall's link down (with it up the button rings the 帮办席 live, pictured above), last
  // because it stops the hall service: a voice note recorded (Chromium's fake microphone) and kept for the
  // outbox; the service returns and the counter's 帮办席 lists the request.
  const port = Number(new URL(platform.url).port);
  await platform.stop();
  await waitFor(async () => !(await api(kiosk, 'assist.state', {})).online, 30_000, 'the kiosk sees the hall service gone');
  const helpPage = await open(kiosk.openUrl, 1080, 1920, '[data-testid="remote-help"]');
  await helpPage.getByTestId('remote-help').tap();
  await helpPage.getByTestId('help-record').tap();
  await helpPage.waitForSelector('[data-testid="help-request-dialog"][data-phase="recording"]');
  await helpPage.waitForTimeout(1500);
  await helpPage.getByTestId('help-stop').tap();
  await helpPage.waitForSelector('[data-testid="help-playback"]');
  await shoot(helpPage, 'kiosk-remote-help');
  await helpPage.getByTestId('help-send').tap();
  await helpPage.waitForSelector('[data-testid="help-request-dialog"][data-phase^="sent-"]', { timeout: 30_000 });
  platform = await startPlatformProcess(platform.dataDir, port);
  await helpPage.waitForSelector('[data-testid="help-request-dialog"][data-phase="sent-delivered"]', { timeout: 60_000 });
  await helpPage.close();
  const deskPage = await open(counter.openUrl, 1920, 1080, '[data-testid="counter-tab-assist-desk"]');
  await deskPage.getByTestId('counter-tab-assist-desk').click();
  await deskPage.waitForSelector('[data-testid="help-request"]', { timeout: 30_000 });
  await shoot(deskPage, 'counter-assist-desk');
  await deskPage.close();
} finally {
  await browser?.close();
  await Promise.all(halls.map((hall) => hall.stop()));
  await platform.stop();
}

// Materials from the citizen's phone (手机扫码导入), end to end in the default hall (`npm start`: the
// kiosk with its platform embedded, the phone pages on this machine's LAN address): the kiosk's apply
// screen shows a one-time QR; a phone on the hall Wi-Fi (390×844) opens it at the LAN address, has a
// PDF refused and sends a JPEG carrying EXIF GPS; the kiosk shows the photo re-encoded without EXIF
// and the citizen uses it; the token fails after use and after the session ends.
import { chromium, type Browser, type Page } from '@playwright/test';
import { lanAddress, NO_LAN_SKIP_REASON } from '../test/helpers/lan.js';
import { DEFAULT_CONFIG } from '../contract/config.js';
import { SUPPORTED_LANGUAGES } from '../contract/languages.js';
import { PHONE_PHOTO_CONTENT_TYPE } from '../contract/phone-upload.js';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { EXIF_MARKER, hasApp1, phoneJpegWithGps } from '../test/helpers/exif-jpeg.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { openSbkApplication, SBK } from './apply-steps.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';
import { api } from './host-call.js';

test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
test.skip(!lanAddress, NO_LAN_SKIP_REASON);

const PHOTO = SBK.materials.find((m) => !m.electronicLicense && !m.onScreenForm)!;

let kiosk: RunningHall;
let phoneBrowser: Browser;
/** Where phones reach the kiosk's phone pages: this machine's LAN address, as `npm start` chose it. */
let lanBase = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The built-in defaults; only the phone pages' port is any free one, beside other halls on this machine.
  kiosk = await startHall({ ...DEFAULT_CONFIG, phonePages: { address: 'auto', port: 0 } }, undefined, { phonePages: true });
  lanBase = kiosk.phoneUrl ?? '';
  expect(new URL(lanBase).hostname).toBe(lanAddress);
  phoneBrowser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
});
test.afterAll(async () => {
  await phoneBrowser?.close();
  await kiosk?.stop();
});

const phonePage = async (): Promise<Page> =>
  (await phoneBrowser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })).newPage();

/** The QR on the kiosk's screen, read back from its pixels (and checked against the address the host gave). */
async function qrLink(page: Page): Promise<string> {
  const qr = page.getByTestId('phone-qr');
  await expect(qr).toBeVisible();
  const link = decodeQrFromPng(await qr.screenshot());
  expect(link).toBe(await qr.getAttribute('data-url'));
  expect(link).toMatch(new RegExp(`^${lanBase}/p/[A-Za-z0-9_-]{43}$`));
  return link!;
}

/** A photo posted from the phone's own page (its browser resolves the hall's LAN name): the status and the refusal, if any. */
async function postFromPhone(phone: Page, link: string, bytes: Buffer): Promise<[number, string | undefined]> {
  return phone.evaluate(
    async ([url, type, base64]) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': type }, body: Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) });
      const answer = (await response.json().catch(() => ({}))) as { error?: string };
      return [response.status, answer.error] as [number, string | undefined];
    },
    [`${link}/photo`, PHONE_PHOTO_CONTENT_TYPE, bytes.toString('base64')] as const,
  );
}

test('a phone sends a material photo: a PDF refused, the JPEG shown on the kiosk without EXIF; the token ends after use and with the session', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  await page.goto(kiosk.openUrl);
  await openSbkApplication(page);
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await expect(page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
  const phoneField = page.getByTestId('form-phone');
  if (await phoneField.isVisible()) await phoneField.fill('13800001234');
  await page.getByTestId('apply-next').tap();

  const row = page.locator(`[data-testid=material][data-material=${PHOTO.id}]`);
  await row.getByTestId('material-phone').tap();
  const link = await qrLink(page);
  await expectAccessible(page, 'kiosk phone upload QR');
  await page.screenshot({ path: test.info().outputPath('kiosk-phone-qr.png') });

  // The phone opens the QR's page: the material to photograph, in the phone's language, accessible.
  const phone = await phonePage();
  await phone.goto(link);
  await expect(phone.getByTestId('phone-material')).toContainText(PHOTO.name);
  await expect(phone.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectAccessible(phone, 'phone upload page');
  await phone.screenshot({ path: test.info().outputPath('phone-upload-page.png') });
  // The same page in the other languages (Uyghur right to left), each accessible; opening it does not spend the token.
  for (const lng of SUPPORTED_LANGUAGES.filter((l) => l !== 'zh-CN')) {
    await phone.goto(`${link}?lang=${lng}`);
    await expect(phone.locator('html')).toHaveAttribute('lang', lng);
    await expectAccessible(phone, `phone upload page [${lng}]`);
  }
  await phone.goto(link);
  await expect(phone.locator('html')).toHaveAttribute('lang', 'zh-CN');

  // Not an image, whatever its name says: refused on the phone with a clear sentence; the token stays open.
  await phone.getByTestId('phone-pick').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n') });
  await expect(phone.getByTestId('phone-status')).toHaveAttribute('data-state', 'not-a-photo');
  await expect(phone.getByTestId('phone-status')).toHaveText('这不是照片。请上传 JPG 或 PNG 格式的照片。');
  // The inputs ask for JPEG or PNG (iOS then converts HEIC); a HEIC that still comes is refused with what to do.
  await expect(phone.getByTestId('phone-pick')).toHaveAttribute('accept', 'image/jpeg,image/png');
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
  await phone.getByTestId('phone-pick').setInputFiles({ name: 'IMG_0002.HEIC', mimeType: 'image/heic', buffer: heic });
  await expect(phone.getByTestId('phone-status')).toHaveAttribute('data-state', 'heic');
  await expect(phone.getByTestId('phone-status')).toContainText('兼容性最佳');

  // The phone's JPEG, with EXIF GPS and held sideways (orientation 6).
  const original = phoneJpegWithGps({ width: 640, height: 480, orientation: 6 });
  await phone.getByTestId('phone-pick').setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: original });
  await expect(phone.getByTestId('phone-status')).toHaveAttribute('data-state', 'done');
  await phone.screenshot({ path: test.info().outputPath('phone-upload-done.png') });

  // On the kiosk: the photo as it arrived, upright and without EXIF.
  const shown = page.getByTestId('phone-photo');
  await expect(shown).toBeVisible({ timeout: 15_000 });
  await expect(shown).toHaveAttribute('data-width', '480');
  await expect(shown).toHaveAttribute('data-height', '640');
  const bytes = Buffer.from((await shown.getAttribute('src'))!.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
  expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  expect(hasApp1(bytes)).toBe(false);
  expect(bytes.includes(Buffer.from(EXIF_MARKER))).toBe(false);
  await page.screenshot({ path: test.info().outputPath('kiosk-phone-photo.png') });
  await page.getByTestId('phone-use').tap();
  await expect(row).toHaveAttribute('data-state', 'captured', { timeout: 10_000 });

  // The token is spent: the page says so, and another photo is refused.
  await phone.reload();
  await expect(phone.getByTestId('phone-status')).toHaveAttribute('data-state', 'used');
  expect(await postFromPhone(phone, link, original)).toEqual([410, 'used']);

  // A new QR, unused, ends with the citizen's session.
  await row.getByTestId('material-phone').tap();
  const next = await qrLink(page);
  expect(next).not.toBe(link);
  await phone.goto(next);
  await expect(phone.getByTestId('phone-pick')).toBeAttached();
  await api(kiosk, 'session.end', { reason: 'requested' });
  // Reloading never spends the token: wait for the page to say it ended, then a photo is refused.
  await expect
    .poll(
      async () => {
        await phone.reload();
        return phone.getByTestId('phone-status').getAttribute('data-state');
      },
      { timeout: 15_000 },
    )
    .toBe('ended');
  expect(await postFromPhone(phone, next, original)).toEqual([404, 'ended']);
  await phone.context().close();
});

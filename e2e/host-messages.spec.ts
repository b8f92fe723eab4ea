// Every refusal a citizen or clerk meets is said in their language from a key: no host-side English
// (a printer's "paper out: load a new roll", a queue service's "only a finished service can be rated").
import type { Page } from '@playwright/test';
import { SUPPORTED_LANGUAGES, type Language } from '../contract/languages.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { api } from './host-call.js';
import { expect, test } from './hall-fixture.js';

const simulated = (id: string, kind: 'printer' | 'scanner' | 'idcard-reader') => ({ id, kind, transport: { type: 'simulated' as const } });
let kiosk: RunningHall;
let counter: RunningHall;
test.beforeAll(async () => {
  [kiosk, counter] = await Promise.all([
    startHall({
      hallId: 'demo-hall',
      terminalId: 'kiosk-01',
      role: 'kiosk',
      platformUrl: 'embedded',
      languages: [...SUPPORTED_LANGUAGES],
      defaultLanguage: 'zh-CN',
      devices: [simulated('printer', 'printer'), simulated('scanner', 'scanner')],
    }),
    // A counter whose hall queue service (its platform) cannot be reached: nothing listens on port 9.
    startHall({
      hallId: 'demo-hall',
      terminalId: 'counter-01',
      role: 'counter',
      platformUrl: 'http://127.0.0.1:9',
      languages: [...SUPPORTED_LANGUAGES],
      defaultLanguage: 'zh-CN',
      devices: [],
      queue: { counterId: 'counter-1', leasePrefixes: [] },
      sync: { pollIntervalMs: 1000, backoffMaxMs: 2000 },
    }),
  ]);
});
test.afterAll(async () => Promise.all([kiosk?.stop(), counter?.stop()]));

/** The host's English sentences, and any run of Latin words a translated Chinese or Uyghur page would not have. */
const HOST_ENGLISH =
  /paper out: load|printer cover open: close|cannot become|only a finished service|queue service cannot be reached|has already been rated|failed; see the host log/i;
async function expectNoHostEnglish(page: Page, lng: Language) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(HOST_ENGLISH);
  if (lng !== 'en') expect(text, 'no English words on a non-English page').not.toMatch(/\b[a-z]{3,} [a-z]{3,}\b/);
}

async function open(page: Page, hall: RunningHall, lng: Language) {
  await page.goto('about:blank');
  await page.goto(hall.openUrl);
  await page.getByTestId(`lang-${lng}`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lng);
}

const SAY = {
  'zh-CN': {
    paperOut: '打印机缺纸',
    coverOpen: '打印机盖未关好',
    notFinished: '这次服务还没有办结',
    unreachable: '暂时连不上大厅叫号系统',
    queueDown: '叫号系统连接中断',
  },
  'zh-HK': {
    paperOut: '打印機缺紙',
    coverOpen: '打印機蓋未關好',
    notFinished: '這次服務還沒有辦結',
    unreachable: '暫時連不上大廳叫號系統',
    queueDown: '叫號系統連線中斷',
  },
  en: {
    paperOut: 'The printer is out of paper',
    coverOpen: 'The printer cover is open',
    notFinished: 'This service is not finished yet',
    unreachable: 'The hall queue system cannot be reached just now',
    queueDown: 'Queue system connection lost',
  },
  ug: {
    paperOut: 'پرىنتېرنىڭ قەغىزى تۈگىدى',
    coverOpen: 'پرىنتېرنىڭ قاپقىقى ئوچۇق',
    notFinished: 'بۇ قېتىملىق مۇلازىمەت تېخى تاماملانمىدى',
    unreachable: 'زالنىڭ نومۇر چاقىرىش سىستېمىسىغا ۋاقتىنچە ئۇلانغىلى بولمىدى',
    queueDown: 'نومۇر چاقىرىش سىستېمىسى بىلەن ئۇلىنىش ئۈزۈلدى',
  },
} satisfies Record<Language, Record<string, string>>;

const TRUE_SAY = { a4NotPrinted: '本机没有连接 A4 打印机，指南没有打印出来。请打印小票版指南，或到咨询台索取纸质指南' };
const SLIP_NO_QR: Record<Language, RegExp> = {
  'zh-CN': /^小票已打印。完整指南请在自助终端“查询一单”/,
  'zh-HK': /^籌號紙已列印。完整指南請在自助終端「查詢一單」/,
  en: /^The slip is printed\. For the full guide/,
  ug: /^تالون بېسىلدى\./,
};

for (const lng of SUPPORTED_LANGUAGES) {
  test(`refusals are said in ${lng}, with no host-side English`, async ({ page }) => {
    test.setTimeout(90_000);
    // A ticket when the printer is out of paper, then with its cover open: the screen shows the ticket and says why.
    for (const [setting, sentence] of [
      [{ paper: 'out' as const }, SAY[lng].paperOut],
      [{ paper: 'ok' as const, coverOpen: true }, SAY[lng].coverOpen],
    ] as const) {
      await api(kiosk, 'simulator.printer.set', { deviceId: 'printer', ...setting });
      await open(page, kiosk, lng);
      await page.getByTestId('tile-ticket').click();
      await page.getByTestId('service-social-security').click();
      await expect(page.getByTestId('print-status')).toContainText(sentence, { timeout: 15_000 });
      await expectNoHostEnglish(page, lng);
    }
    await api(kiosk, 'simulator.printer.set', { deviceId: 'printer', paper: 'ok', coverOpen: false });

    // The guide: no A4 printer here, so no "collect it at the print area"; no public site configured,
    // so the slip has no QR and the screen says where the full guide is.
    await open(page, kiosk, lng);
    await page.getByTestId('tile-guide').click();
    await page.getByTestId('catalog-search').fill('sbk');
    await page.getByTestId('catalog-hit').first().click();
    if (lng === 'zh-CN') {
      await page.getByTestId('print-a4').click();
      await expect(page.getByTestId('guide-message')).toHaveText(TRUE_SAY.a4NotPrinted, { timeout: 30_000 });
      await expectNoHostEnglish(page, lng);
    }
    await page.getByTestId('print-slip').click();
    await expect(page.getByTestId('guide-message')).toHaveText(SLIP_NO_QR[lng], { timeout: 15_000 });
    expect(decodeQrFromPng(Buffer.from((await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!.pngBase64, 'base64'))).toBeUndefined();
    await expectNoHostEnglish(page, lng);

    // Rating a ticket that has not been served yet, at the kiosk's 评价.
    const waiting = await api(kiosk, 'queue.issue', { service: 'social-security', priority: 'normal' });
    await open(page, kiosk, lng);
    await page.getByTestId('tile-evaluate').click();
    await expect(page.getByTestId('service-evaluate')).toBeVisible();
    await api(kiosk, 'simulator.scanner.scan', { deviceId: 'scanner', data: waiting.followUrl ?? waiting.ticket.id });
    // Refused on the scan: no levels offered for a service not given, and never an empty "（）".
    await expect(page.getByTestId('rating-error')).toContainText(SAY[lng].notFinished);
    await expect(page.getByTestId('rating-panel')).toHaveCount(0);
    await expectNoHostEnglish(page, lng);

    // A counter whose hall queue service is down: its actions are off, and it says why in the clerk's language.
    await open(page, counter, lng);
    await expect(page.getByTestId('counter-degraded')).toContainText(SAY[lng].queueDown, { timeout: 15_000 });
    await expect(page.getByTestId('call-next')).toBeDisabled();
    await expectNoHostEnglish(page, lng);
  });
}

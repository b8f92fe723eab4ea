// The whole O2O flow across a kiosk, a counter and a platform that goes away and comes back:
// 查询一单 (find by "sbk", print the A4 guide), 申办一袋 (card, camera, signature, submit offline),
// 全程一码 (the receipt's QR at the counter and at the kiosk), 一窗受理 (supplement requested).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalConfigInput, TerminalRole } from '../contract/config.js';
import { decodeQrFromPng } from '../drivers/printer/test-helpers.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, sign, simulatedDevices, startPlatformWithCatalog, terminalConfig } from './host-call.js';

// A portrait touch kiosk; Chromium's fake camera feeds the document camera.
test.use(FAKE_CAMERA_KIOSK);

const PUBLIC_SITE = 'https://zwfw.example.gov.cn/hall';
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;

test.describe('查询一单 · 申办一袋 · 全程一码 · 一窗受理', () => {
  let platform: PlatformProcess;
  let kiosk: RunningHall;
  let counter: RunningHall;
  const platformData = mkdtempSync(join(tmpdir(), 'hall-o2o-platform-'));
  const terminal = (terminalId: string, role: TerminalRole, devices: TerminalConfigInput['devices'], extra?: Partial<TerminalConfigInput>) =>
    terminalConfig(platform.url, 'o2o-hall', terminalId, role, devices, extra);

  test.beforeAll(async () => {
    platform = await startPlatformWithCatalog(platformData);
    // Slips' QR codes open the hall's public site on a phone (never the platform on the LAN).
    kiosk = await startHall(terminal('kiosk-o2o', 'kiosk', simulatedDevices('idcard', 'scanner', 'printer'), { publicBaseUrl: PUBLIC_SITE }), platform);
    counter = await startHall(terminal('counter-o2o', 'counter', simulatedDevices('scanner', 'printer')), platform);
  });
  test.afterAll(async () => {
    await kiosk?.stop();
    await counter?.stop();
    await platform?.stop();
  });

  test('a citizen finds, prints, applies offline; the clerk asks for a supplement; the kiosk shows it', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await page.goto(kiosk.openUrl);
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online', { timeout: 20_000 });

    // 查询一单: "sbk" finds 社保卡申领; its A4 guide is printed to PDF with every material on it.
    await page.getByTestId('tile-guide').tap();
    await page.getByTestId('catalog-search').fill('sbk');
    const firstHit = page.getByTestId('catalog-hit').first();
    await expect(firstHit).toContainText('社保卡申领', { timeout: 15_000 });
    await firstHit.tap();
    await expect(page.getByTestId('item-guide')).toContainText(SBK.materials[0]!.name);
    await page.getByTestId('print-a4').tap();
    // No CUPS printer on the test machine: the PDF in the data folder is kept, and the screen does not send the citizen to collect paper.
    await expect(page.getByTestId('guide-message')).toContainText('本机没有连接 A4 打印机，指南没有打印出来', { timeout: 30_000 });
    await expect(page.getByTestId('guide-message')).not.toContainText('领取');
    const pdf = readdirSync(join(kiosk.dataDir, 'prints')).find((name) => name.startsWith(`guide-${SBK.code}`) && name.endsWith('.pdf'))!;
    const text = execFileSync('pdftotext', ['-layout', join(kiosk.dataDir, 'prints', pdf), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('社保卡申领');
    for (const material of SBK.materials) expect(text).toContain(material.name.replace(/\s+/g, ''));
    // The receipt-width guide: essentials on the slip and a QR that opens the same guide online.
    await page.getByTestId('print-slip').tap();
    await expect(page.getByTestId('guide-message')).toHaveText('已打印', { timeout: 15_000 });
    const slipGuide = (await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(slipGuide.text).toContain('社保卡申领');
    const guideUrl = decodeQrFromPng(Buffer.from(slipGuide.pngBase64, 'base64'))!;
    expect(guideUrl).toBe(`${PUBLIC_SITE}/guide/${SBK.code}`);
    // The public site serves the platform's page under the same path.
    const online = await (await fetch(new URL(`/guide/${SBK.code}`, platform.url))).text();
    for (const material of SBK.materials) expect(online).toContain(material.name);

    // 申办一袋 straight from the guide (办理此事项): identify with the (simulated) ID card, fill in, capture, sign.
    await page.getByTestId('guide-apply').tap();
    await expect(page.getByTestId('apply-identify')).toBeVisible();
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await expect(page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
    await page.getByTestId('form-phone').fill('13800001234');
    await page.getByTestId('apply-next').tap();

    for (const material of SBK.materials.filter((m) => m.required)) {
      const row = page.locator(`[data-testid=material][data-material=${material.id}]`);
      if (material.electronicLicense) {
        await row.getByTestId('material-elicense').tap();
        await expect(row).toHaveAttribute('data-state', 'electronic-license');
        continue;
      }
      if (material.onScreenForm) {
        // 现场填写: the registration form on screen, one large button per choice; no photo of paper.
        await row.getByTestId('material-fill').tap();
        await expect(page.getByTestId('form-done')).toBeDisabled();
        for (const field of material.onScreenForm.fields.filter((f) => f.kind === 'choice')) {
          await page.locator(`[data-testid=form-field][data-field=${field.id}]`).getByTestId('form-choice').first().tap();
        }
        await expect(page.getByRole('button', { name: '上一步' })).toHaveCount(0);
        await page.getByTestId('form-done').tap();
        await expect(row).toHaveAttribute('data-state', 'filled', { timeout: 10_000 });
        continue;
      }
      await row.getByTestId('material-capture').tap();
      await expect(page.getByTestId('camera-shoot')).toBeEnabled();
      // The camera names the paper it takes, and has the one way back.
      await expect(page.getByTestId('camera-material')).toContainText(material.name);
      await expect(page.getByRole('button', { name: '上一步' })).toHaveCount(0);
      await expect(page.getByTestId('camera-back')).toHaveCount(1);
      await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
      await page.getByTestId('camera-shoot').tap();
      await expect(page.getByTestId('camera-quality')).toBeVisible();
      await page.getByTestId('camera-use').tap();
      await expect(row).toHaveAttribute('data-state', 'captured', { timeout: 10_000 });
    }
    await page.getByTestId('apply-next').tap();
    await page.getByTestId('apply-next').tap();
    // "Please sign first" goes away once the citizen signs.
    await page.getByTestId('apply-submit').tap();
    await expect(page.getByTestId('apply-error')).toHaveText('请先签名');
    await sign(page);
    await expect(page.getByTestId('apply-error')).toHaveCount(0);

    // The platform goes down just before the citizen submits.
    const port = Number(new URL(platform.url).port);
    await platform.stop();
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'offline', { timeout: 10_000 });
    await page.getByTestId('apply-submit').tap();
    const codeEl = page.getByTestId('tracking-code');
    await expect(codeEl).toBeVisible({ timeout: 15_000 });
    const trackingCode = (await codeEl.getAttribute('data-code'))!;
    expect(trackingCode).toMatch(/^[34679ACDEFGHJKMNPRTUWXY]{11}$/);

    // The receipt carries the code as text and as a QR.
    const receipt = (await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(receipt.text).toContain(trackingCode);
    expect(receipt.text).toContain('社保卡申领');
    expect(receipt.text).toContain('（现场填写）');
    const scanned = decodeQrFromPng(Buffer.from(receipt.pngBase64, 'base64'));
    expect(scanned).toBe(`${PUBLIC_SITE}/track/${trackingCode}`);
    // Saved, not yet submitted: the screen says so until the platform has the package.
    await expect(page.getByTestId('apply-done')).toHaveAttribute('data-upload', 'pending');
    await expect(page.getByTestId('apply-done-title')).toHaveText('申请已保存在本机，联网后自动提交，无需再次办理');
    await expect(page.getByTestId('sync-state')).toContainText(/待同步 [1-9]\d* 条/);
    // The receipt again, from the done screen (the applicant's card is still on the reader).
    await page.getByTestId('receipt-reprint').tap();
    await expect(page.getByTestId('reprint-message')).toHaveText('回执已补打，请取走', { timeout: 15_000 });
    expect((await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!.text).toContain('补打回执');

    // The platform comes back; the package is uploaded, verified and opened as a case.
    platform = await startPlatformProcess(platformData, port);
    await expect
      .poll(async () => (await platform.query<{ state: string }>('SELECT state FROM cases WHERE tracking_code = ?', trackingCode)).map((r) => r.state), {
        timeout: 30_000,
      })
      .toEqual(['submitted']);
    await expect(page.getByTestId('sync-state')).toContainText('待同步 0 条', { timeout: 15_000 });
    await expect(page.getByTestId('apply-done-title')).toHaveText('您的申请已提交');

    // 一窗受理: the clerk scans the receipt, sees a verified package and asks for a supplement.
    const clerk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
    await clerk.goto(counter.openUrl);
    await clerk.getByTestId('counter-tab-acceptance').click();
    await expect(clerk.getByTestId('counter-acceptance')).toBeVisible();
    await expect
      .poll(async () => (await platform.query<{ role: string }>("SELECT role FROM terminal_keys WHERE terminal_id = 'counter-o2o'")).map((r) => r.role), {
        timeout: 20_000,
      })
      .toEqual(['counter']);
    await api(counter, 'simulator.scanner.scan', { deviceId: 'scanner', data: scanned! });
    const pkg = clerk.getByTestId('counter-package');
    await expect(pkg).toBeVisible({ timeout: 15_000 });
    await expect(pkg).toContainText('社保卡申领');
    await expect(clerk.getByTestId('counter-applicant')).toContainText('张**');
    await expect(clerk.getByTestId('counter-verification')).toHaveAttribute('data-valid', 'true');
    await expect(pkg.locator('img')).toHaveCount(SBK.materials.filter((m) => m.required && !m.electronicLicense && !m.onScreenForm).length + 1);
    // The form filled on screen reaches the clerk as data.
    await expect(clerk.getByTestId('counter-form-fields')).toContainText(SBK.materials.find((m) => m.onScreenForm)!.onScreenForm!.fields[0]!.options![0]!);
    await clerk.getByTestId('counter-reason').fill('照片背景不是白色，请重新拍摄一寸白底照片');
    await clerk.getByTestId('counter-supplement').click();
    await expect(clerk.getByTestId('counter-message')).toContainText('需补正材料');
    const slip = (await api(counter, 'simulator.printer.lastPage', { deviceId: 'printer' }))!;
    expect(slip.text).toContain('请补正材料');
    await expect
      .poll(async () => (await platform.query<{ state: string }>('SELECT state FROM cases WHERE tracking_code = ?', trackingCode)).map((r) => r.state), {
        timeout: 20_000,
      })
      .toEqual(['supplement-requested']);
    // The case reads 需补正材料 at once, and a decision its state does not allow is not offered.
    await expect(clerk.getByTestId('counter-state')).toHaveText('当前状态：需补正材料');
    await expect(clerk.getByTestId('counter-accept')).toBeDisabled();
    await expect(clerk.locator('body')).not.toContainText('cannot become');

    // 全程一码: back at the kiosk, the citizen scans the receipt and sees the request and its reason.
    await page.getByTestId('back-home').tap();
    await page.getByTestId('tile-track').tap();
    // The screen loads on demand: scan once it listens.
    await expect(page.getByTestId('track-code')).toBeVisible();
    await api(kiosk, 'simulator.scanner.scan', { deviceId: 'scanner', data: scanned! });
    await expect(page.getByTestId('case-state')).toHaveText('需补正材料', { timeout: 15_000 });
    await expect(page.getByTestId('case-reason')).toContainText('照片背景不是白色');
    await expect(page.getByTestId('case-timeline')).toHaveAttribute('data-source', 'platform');
    // 全程一码 reprints the receipt too: the code plus the applicant's card.
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await page.getByTestId('track-reprint').tap();
    await expect(page.getByTestId('track-reprint-message')).toHaveText('回执已补打，请取走', { timeout: 15_000 });
    // Someone else's card is refused, in the reader's language.
    await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
    await page.waitForTimeout(1500); // several reader polls (every 400 ms): it has seen the card leave
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'gat' });
    await expect.poll(async () => (await api(kiosk, 'idcard.current', {}))?.cardType, { timeout: 15_000 }).toBe('gat-residence-permit');
    await page.getByTestId('track-reprint').tap();
    await expect(page.getByTestId('track-reprint-message')).toHaveText('读卡区上的身份证不是这件申请的申请人，请放申请人本人的身份证', { timeout: 15_000 });
    await api(kiosk, 'simulator.idcard.remove', { deviceId: 'idcard' });
    await page.waitForTimeout(1500);
    await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await expect.poll(async () => (await api(kiosk, 'idcard.current', {}))?.cardType, { timeout: 15_000 }).toBe('resident');
    // The receipt's QR opens the case's progress on a phone: the county's proxy maps the public site onto the platform.
    const progress = await fetch(`${platform.url.replace(/\/+$/, '')}${scanned!.slice(PUBLIC_SITE.length)}`);
    expect(progress.status).toBe(200);
    expect(await progress.text()).toContain('需补正材料');

    // A mistyped code is caught by its check character before anything is asked.
    const typo = trackingCode.slice(0, 3) + trackingCode[4] + trackingCode[3] + trackingCode.slice(5);
    await page.getByTestId('track-code').fill(typo === trackingCode ? trackingCode.slice(0, 10) : typo);
    await page.getByTestId('track-submit').tap();
    await expect(page.getByTestId('track-error')).toBeVisible();

    // Offline, the kiosk still answers from its cache and says how old the answer is.
    await platform.stop();
    await page.getByTestId('track-code').fill(trackingCode);
    await page.getByTestId('track-submit').tap();
    await expect(page.getByTestId('case-timeline')).toHaveAttribute('data-source', 'cache', { timeout: 15_000 });
    await expect(page.getByTestId('timeline-as-of')).toContainText('离线显示');
    await expect(page.getByTestId('case-state')).toHaveText('需补正材料');
    platform = await startPlatformProcess(platformData, port);
  });
});

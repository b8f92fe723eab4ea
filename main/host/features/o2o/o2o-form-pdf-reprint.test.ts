// A form filled on screen joins the package as data and as a PDF (its hash in the signed manifest,
// its bytes only in the encrypted store), and a receipt is reprinted for any case from 全程一码 with
// the applicant's card: after the host restarted, from its own outbox or from the platform.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../../../contract/case.js';
import { makeTrackingCode } from '../../../../contract/tracking-code.js';
import { o2oHostKit, SBK, until } from '../../../../test/helpers/o2o-host-kit.js';
import { jpeg, png } from '../../../../test/helpers/sample-images.js';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { FORM_PDF_MEDIA_TYPE, sha256Hex } from './o2o-application.js';
import { FormPdfError, pdfkitFormRenderer } from './form-pdf.js';

const PUBLIC_BASE = 'https://zwfw.example.gov.cn';
const FILLED = { 'insurance-type': '城镇职工基本养老保险', 'residence-type': '城镇', collect: '邮寄到家', postcode: '310012' };

let test: TestHost | undefined;
afterEach(async () => {
  await test?.host.stop();
  test = undefined;
});

const { call, applicant, someoneElse, capturePrints } = o2oHostKit(() => test!);

/** Every file under a folder, for what is on disk in the clear. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

async function submitWithForm(): Promise<{ trackingCode: string; manifest: PackageManifest }> {
  await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
  applicant();
  const draft = await call('application.start', { serviceCode: SBK.code });
  await call('application.material', { draftId: draft.draftId, materialId: 'id-card', source: 'electronic-license' });
  await call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'capture', mediaType: 'image/jpeg', imageBase64: jpeg() });
  await call('application.material', { draftId: draft.draftId, materialId: 'application-form', source: 'form', values: FILLED });
  const submitted = await call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() });
  const record = await until(async () => {
    for (let id = 1; id < 50; id++) {
      const r = await test!.host.store.getRecord(id);
      if (r?.kind === 'application') return r;
    }
    return undefined;
  }, 'application committed');
  return { trackingCode: submitted.trackingCode, manifest: (record.payload as { manifest: PackageManifest }).manifest };
}

describe('the on-screen form as a PDF in the package', () => {
  it('signs the rendered PDF into the manifest beside the data; its text holds the values; on disk only sealed', async () => {
    test = await startTestHost('headless');
    const { manifest } = await submitWithForm();
    const parts = manifest.files.filter((f) => f.id === 'application-form');
    expect(parts.map((f) => f.mediaType)).toEqual(['application/vnd.hall.form+json', FORM_PDF_MEDIA_TYPE]);
    const pdfEntry = parts[1]!;
    const pdf = await test.host.store.readBlob(pdfEntry.sha256);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(sha256Hex(pdf)).toBe(pdfEntry.sha256);
    const pdfFile = join(tmpdir(), `form-${pdfEntry.sha256.slice(0, 12)}.pdf`);
    writeFileSync(pdfFile, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-']).toString('utf8');
    for (const value of [...Object.values(FILLED), '社会保障卡申领登记表', '社保卡申领', '自助终端现场填写']) expect(text).toContain(value);
    // Nothing in the terminal's data folder is a PDF in the clear.
    for (const file of filesUnder(test.dataDir)) expect(readFileSync(file).includes(Buffer.from('%PDF-')), file).toBe(false);
    // The platform takes the package with its PDF: the case opens.
    await until(
      async () => ((await call('case.track', { trackingCode: manifest.trackingCode })).source === 'platform' ? true : undefined),
      'case on the platform',
    );
  }, 60_000);

  it('refuses with a clear error, not empty boxes, when no font draws the form', async () => {
    const context = { hallName: '示范大厅', itemName: '社保卡申领', terminalId: 'kiosk-07', filledAt: '2026-11-23T01:30:00.000Z' };
    const form = { material: '登记表', fields: [{ id: 'a', label: '户籍性质', value: '城镇' }] };
    await expect(pdfkitFormRenderer('/nonexistent/font.ttc').render(form, context)).rejects.toThrow(FormPdfError);
    await expect(pdfkitFormRenderer('/nonexistent/font.ttc').render(form, context)).rejects.toThrow(/formPdfFont.*\/nonexistent\/font\.ttc \(missing\)/);
    const latinOnly = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
    await expect(pdfkitFormRenderer(latinOnly).render(form, context)).rejects.toThrow(/lacks characters of this form/);
    // The error names files and labels, never what was typed.
    await expect(pdfkitFormRenderer(latinOnly).render(form, context)).rejects.not.toThrow(/城镇/);
  });
});

describe('a terminal whose configured font is missing', () => {
  it('refuses the form with a message for the citizen and keeps nothing of it', async () => {
    test = await startTestHost('headless', { formPdfFont: '/nonexistent/NotoSansCJK-Regular.ttc' });
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
    applicant();
    const draft = await call('application.start', { serviceCode: SBK.code });
    await expect(
      call('application.material', { draftId: draft.draftId, materialId: 'application-form', source: 'form', values: FILLED }),
    ).rejects.toMatchObject({ detail: { key: 'application.formPdfUnavailable' } });
    await call('application.material', { draftId: draft.draftId, materialId: 'id-card', source: 'electronic-license' });
    await call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'capture', mediaType: 'image/jpeg', imageBase64: jpeg() });
    // Nothing was kept for the refused form: the package still misses it.
    await expect(
      call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() }),
    ).rejects.toMatchObject({ detail: { key: 'application.materialsMissing' } });
  });
});

describe('reprinting a receipt from 全程一码', () => {
  it("reprints after a restart, from the outbox and from the platform, for the applicant's card only", async () => {
    test = await startTestHost('headless', { publicBaseUrl: PUBLIC_BASE });
    const { trackingCode } = await submitWithForm();
    await until(async () => ((await call('application.upload', { trackingCode })).upload === 'uploaded' ? true : undefined), 'package uploaded');
    const { dataDir, databaseUrl } = test;
    await test.host.stop();

    test = await startTestHost('headless', { publicBaseUrl: PUBLIC_BASE }, undefined, { dataDir, ...(databaseUrl ? { databaseUrl } : {}) });
    const printed = capturePrints();
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog loaded');
    await expect(call('application.reprint', { trackingCode })).rejects.toMatchObject({ detail: { key: 'card.placeFirst' } });
    someoneElse();
    await expect(call('application.reprint', { trackingCode })).rejects.toMatchObject({ detail: { key: 'application.reprintNotApplicant' } });
    applicant();
    expect((await call('application.reprint', { trackingCode })).receipt.outcome).toBe('printed');
    const expected = {
      itemName: '社保卡申领',
      trackingCode,
      materials: ['居民身份证（电子证照）', '近期免冠证件照（白底一寸，可现场拍摄）', '社会保障卡申领登记表（自助终端现场填写）（现场填写）'],
      trackingUrl: `${PUBLIC_BASE}/track/${trackingCode}`,
      note: '补打回执',
    };
    expect(printed.at(-1)).toMatchObject(expected);
    // The QR's URL opens the platform's progress page once the county's proxy maps the public base onto it.
    const page = await fetch(`${test.host.platformUrl.replace(/\/+$/, '')}${printed.at(-1)!.trackingUrl!.slice(PUBLIC_BASE.length)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/社保卡申领[\s\S]*data-state="submitted"/);

    // Once the terminal has purged the applicant's data, the platform vouches for the card instead.
    expect((await test.host.store.purgeConfirmed(0)).records).toBeGreaterThan(0);
    someoneElse();
    await expect(call('application.reprint', { trackingCode })).rejects.toMatchObject({ detail: { key: 'application.reprintNotApplicant' } });
    applicant();
    expect((await call('application.reprint', { trackingCode })).receipt.outcome).toBe('printed');
    expect(printed.at(-1)).toMatchObject(expected);
    expect(printed).toHaveLength(2);

    // A code no case has: the citizen is told to check it.
    await expect(call('application.reprint', { trackingCode: makeTrackingCode([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]) })).rejects.toMatchObject({
      detail: { key: 'case.notFound' },
    });
    // Two host starts and a sync on a loaded machine.
  }, 90_000);
});

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodInput, MethodOutput, HostMethodName } from '../../../../contract/host-api.js';
import { withIdNumberCheckCharacter } from '../../../../contract/idcard.js';
import { checkTrackingCode, makeTrackingCode } from '../../../../contract/tracking-code.js';
import { ON_SCREEN_FORM_MEDIA_TYPE } from '../../../../contract/catalog.js';
import { SEED_ITEMS } from '../../../../platform/catalog/seed-items.js';
import { jpeg, png } from '../../../../test/helpers/sample-images.js';
import { holdCard, startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { HostFault } from '../../dispatch.js';
import type { PackageManifest } from '../../../../contract/case.js';
import { verifyManifest } from './o2o-signing.js';

const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
const ID_NUMBER = withIdNumberCheckCharacter('11010519450307123');

let test: TestHost;

async function call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
}

const placeCard = () => holdCard(test.host, { name: '王示例', idNumber: ID_NUMBER, birthDate: '1945-03-07' });

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out: ${what}`);
}

beforeEach(async () => {
  test = await startTestHost('headless');
});
afterEach(async () => {
  await test.host.stop();
});

describe('the O2O feature on a kiosk with the embedded platform', () => {
  it('searches the catalog the platform published, once it is pulled', async () => {
    const found = await until(async () => {
      const result = await call('catalog.search', { query: 'sbk' });
      return result.hits.length > 0 ? result : undefined;
    }, 'catalog pulled');
    expect(found.hits[0]!.name).toBe('社保卡申领');
    expect(found.size).toBe(SEED_ITEMS.length);
    await expect(call('catalog.item', { code: 'HT99999999' })).rejects.toBeInstanceOf(HostFault);
  });

  it('builds a signed package from the card, the materials and the signature, and the platform opens a case from it', async () => {
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
    await expect(call('application.start', { serviceCode: SBK.code })).rejects.toThrow(/ID card/);
    placeCard();
    const draft = await call('application.start', { serviceCode: SBK.code });
    expect(draft.holder).toEqual({ maskedName: '王**', maskedIdNumber: `${ID_NUMBER.slice(0, 4)}**********${ID_NUMBER.slice(-4)}`, gender: 'female' });
    expect(JSON.stringify(draft)).not.toContain('示例街道');

    await expect(
      call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'capture', mediaType: 'image/png', imageBase64: jpeg() }),
    ).rejects.toThrow(/not a image\/png/);
    await expect(call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'electronic-license' })).rejects.toThrow(
      /cannot be fetched/,
    );
    await call('application.material', { draftId: draft.draftId, materialId: 'id-card', source: 'electronic-license' });
    const photo = await call('application.material', {
      draftId: draft.draftId,
      materialId: 'photo',
      source: 'capture',
      mediaType: 'image/jpeg',
      imageBase64: jpeg(),
    });
    expect(photo.sha256).toBe(createHash('sha256').update(Buffer.from(jpeg(), 'base64')).digest('hex'));
    await expect(call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() })).rejects.toThrow(
      /still missing: 社会保障卡申领登记表/,
    );
    // The registration form is filled on screen (现场填写): checked against its fields, kept as data.
    await expect(call('application.material', { draftId: draft.draftId, materialId: 'photo', source: 'form', values: {} })).rejects.toMatchObject({
      detail: { key: 'application.notOnScreenForm' },
    });
    await expect(
      call('application.material', {
        draftId: draft.draftId,
        materialId: 'application-form',
        source: 'form',
        values: { 'insurance-type': '城镇职工基本养老保险' },
      }),
    ).rejects.toMatchObject({ detail: { key: 'application.formFieldProblem', params: { field: '户籍性质' } } });
    await expect(
      call('application.material', {
        draftId: draft.draftId,
        materialId: 'application-form',
        source: 'form',
        values: { 'insurance-type': '城镇职工基本养老保险', 'residence-type': '火星', collect: '邮寄到家' },
      }),
    ).rejects.toMatchObject({ detail: { key: 'application.formFieldProblem' } });
    const filledForm = { 'insurance-type': '城镇职工基本养老保险', 'residence-type': '城镇', collect: '邮寄到家', postcode: '310012' };
    await call('application.material', { draftId: draft.draftId, materialId: 'application-form', source: 'form', values: filledForm });
    await expect(call('application.submit', { draftId: draft.draftId, phone: '12345', useKnownPhone: false, signaturePngBase64: png() })).rejects.toThrow(
      /phone/,
    );

    const submitted = await call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() });
    expect(checkTrackingCode(submitted.trackingCode).ok).toBe(true);
    // The test host's printer is a scripted device, not a printer: the receipt is refused, the case is not lost.
    expect(submitted.receipt.outcome).toBe('refused');

    // The outbox holds one application whose manifest lists every blob and verifies with the terminal's key.
    const find = (kind: string) =>
      until(async () => {
        for (let id = 1; id < 50; id++) {
          const r = await test.host.store.getRecord(id);
          if (r?.kind === kind) return r;
        }
        return undefined;
      }, `${kind} committed`);
    const record = await find('application');
    const announced = (await find('terminal-key')).payload as { publicKey: string };
    const payload = record.payload as { manifest: PackageManifest; signature: string };
    expect(payload.manifest.files.map((f) => f.role)).toEqual(['form', 'material', 'material', 'material', 'signature']);
    const formPart = payload.manifest.files.find((f) => f.id === 'application-form')!;
    expect(formPart.mediaType).toBe(ON_SCREEN_FORM_MEDIA_TYPE);
    expect(JSON.parse((await test.host.store.readBlob(formPart.sha256)).toString('utf8')).fields.map((f: { value: string }) => f.value)).toEqual(
      Object.values(filledForm),
    );
    expect(payload.manifest.electronicLicenses).toEqual(['id-card']);
    expect(new Set(record.blobs)).toEqual(new Set(payload.manifest.files.map((f) => f.sha256)));
    expect(verifyManifest(payload.manifest, payload.signature, announced.publicKey)).toBe(true);
    expect(verifyManifest({ ...payload.manifest, electronicLicenses: ['photo'] }, payload.signature, announced.publicKey)).toBe(false);

    // After sync the platform has the case; the timeline comes from the platform.
    const tracked = await until(async () => {
      const result = await call('case.track', { trackingCode: submitted.trackingCode });
      return result.source === 'platform' ? result : undefined;
    }, 'case on the platform');
    expect(tracked.cases[0]).toMatchObject({ itemName: '社保卡申领', state: 'submitted' });
    // "Submitted" is said only once the outbox row is acknowledged; a code from elsewhere is unknown here.
    expect(['pending', 'uploaded']).toContain(submitted.upload);
    await until(
      async () => ((await call('application.upload', { trackingCode: submitted.trackingCode })).upload === 'uploaded' ? true : undefined),
      'upload acknowledged',
    );
    expect((await call('application.upload', { trackingCode: 'AAAAAAAAAAA' })).upload).toBe('unknown');

    // The receipt again: only with the applicant's card on the reader, and only for a case that exists.
    expect((await call('application.reprint', { trackingCode: submitted.trackingCode })).receipt.outcome).toBe('refused');
    await expect(call('application.reprint', { trackingCode: makeTrackingCode([9, 9, 9, 9, 9, 9, 9, 9, 9, 9]) })).rejects.toMatchObject({
      detail: { key: 'case.notFound' },
    });
    holdCard(test.host, { name: '李示例', idNumber: withIdNumberCheckCharacter('11010519800101234'), birthDate: '1980-01-01' });
    await expect(call('application.reprint', { trackingCode: submitted.trackingCode })).rejects.toMatchObject({
      detail: { key: 'application.reprintNotApplicant' },
    });
    placeCard();

    // The next application knows the phone number (masked), from the platform.
    const next = await call('application.start', { serviceCode: SBK.code });
    expect(next.knownPhone).toBe('138****1234');
    expect(next.platformConsulted).toBe(true);

    // A kiosk cannot open packages or decide.
    await expect(call('counter.open', { trackingCode: submitted.trackingCode })).rejects.toThrow(/counter/);
  });

  it('prints the guide slip without a QR when no public address is configured (the platform on this machine opens on no phone)', async () => {
    await until(async () => ((await call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'catalog pulled');
    const slip = await call('guide.print', { code: SBK.code, format: 'receipt' });
    expect(slip.guideUrl).toBeUndefined();
  });

  it('refuses a mistyped code before asking the platform', async () => {
    await expect(call('case.track', { trackingCode: 'AAAAAAAAAAA' })).rejects.toThrow(/typing mistake|not used/);
    await expect(call('case.track', { trackingCode: 'ABC' })).rejects.toThrow(/11 characters/);
  });
});

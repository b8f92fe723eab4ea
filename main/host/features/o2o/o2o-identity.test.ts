import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import type { MethodInput, MethodOutput, HostMethodName } from '../../../../contract/host-api.js';
import type { PackageManifest } from '../../../../contract/case.js';
import { withIdNumberCheckCharacter } from '../../../../contract/idcard.js';
import { asciiJson, parsePersonalCode } from '../../../../contract/personal-code.js';
import { SEED_ITEMS } from '../../../../platform/catalog/seed-items.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { png } from '../../../../test/helpers/sample-images.js';
import { holdCard, startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';

const SECRET = 'o2o-identity-test-secret-0123456789';
const ALLOWANCE = SEED_ITEMS.find((item) => item.name === '高龄津贴申领')!;
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
const HOLDER_ID = withIdNumberCheckCharacter('11010519440307122');

describe('identifying an applicant by personal code and ID card for a sensitive item', () => {
  let platform: RunningPlatform;
  let test: TestHost;
  const call = <M extends HostMethodName>(method: M, input: MethodInput<M>) => test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
  const issue = async (maskedName: string, idNumber: string) => {
    const response = await fetch(new URL('/v1/admin/personal-codes', platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      body: JSON.stringify({ maskedName, idNumber }),
    });
    return ((await response.json()) as { code: string }).code;
  };

  beforeAll(async () => {
    platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET, seedCatalog: true });
    test = await startTestHost('headless', { platformUrl: platform.url, sync: { pollIntervalMs: 500 } }, platform.app);
    holdCard(test.host, { name: '王老示', idNumber: HOLDER_ID, birthDate: '1944-03-07' });
  });
  afterAll(async () => {
    await test?.host.stop();
    await platform?.close();
  });

  it('asks for the code with the card, checks both belong to one person, and puts the code in the signed package', async () => {
    const code = await issue('王**', HOLDER_ID);
    // The catalog and the platform's public keys arrive with the first sync.
    await expect
      .poll(async () => (await call('personalCode.verify', { code })).valid && (await call('catalog.search', { query: 'gljt' })).hits.length > 0, {
        timeout: 15_000,
      })
      .toBe(true);

    await expect(call('application.start', { serviceCode: ALLOWANCE.code })).rejects.toThrow(/needs your personal code as well as your ID card/);
    // Items that are not sensitive still take the card alone.
    expect((await call('application.start', { serviceCode: SBK.code })).identifiedBy).toBe('id-card');

    const draft = await call('application.start', { serviceCode: ALLOWANCE.code, personalCode: code });
    expect(draft.identifiedBy).toBe('personal-code-and-id-card');
    for (const material of ALLOWANCE.materials)
      await call('application.material', { draftId: draft.draftId, materialId: material.id, source: 'capture', mediaType: 'image/png', imageBase64: png() });
    const submitted = await call('application.submit', { draftId: draft.draftId, phone: '13800001234', useKnownPhone: false, signaturePngBase64: png() });

    const records = await Promise.all(Array.from({ length: 60 }, (_, i) => test.host.store.getRecord(i + 1)));
    const application = records.find((r) => r?.kind === 'application' && (r.payload as { trackingCode: string }).trackingCode === submitted.trackingCode)!;
    expect((application.payload as { manifest: PackageManifest }).manifest.identity).toEqual({
      method: 'personal-code-and-id-card',
      personalCode: code,
      subject: parsePersonalCode(code)!.payload.sub,
      confirmedOnline: true,
    });
    // The platform re-checks the code against the applicant and opens the case.
    await expect.poll(async () => (await call('case.track', { trackingCode: submitted.trackingCode })).source, { timeout: 15_000 }).toBe('platform');
  });

  it("refuses someone else's code, a code with another name and a forged code, and records the mismatch", async () => {
    const stranger = await issue('王**', withIdNumberCheckCharacter('11010519500101001'));
    const otherName = await issue('李*', HOLDER_ID);
    await expect.poll(async () => (await call('personalCode.verify', { code: otherName })).valid, { timeout: 15_000 }).toBe(true);
    // Same masked name, other person: only the platform can tell, and it does.
    await expect(call('application.start', { serviceCode: ALLOWANCE.code, personalCode: stranger })).rejects.toThrow(/do not belong to the same person/);
    await expect(call('application.start', { serviceCode: ALLOWANCE.code, personalCode: otherName })).rejects.toThrow(/do not belong to the same person/);
    const parsed = parsePersonalCode(otherName)!;
    const forged = `HTPC1.${Buffer.from(asciiJson({ ...parsed.payload, mn: '王**' })).toString('base64url')}.${parsed.signature}`;
    await expect(call('application.start', { serviceCode: ALLOWANCE.code, personalCode: forged })).rejects.toThrow(/refused \(forged\)/);

    const records = await Promise.all(Array.from({ length: 80 }, (_, i) => test.host.store.getRecord(i + 1)));
    const security = records.filter((r) => r?.kind === 'status-event').map((r) => r!.payload as { event?: string });
    expect(security.filter((e) => e.event === 'personal-code-card-mismatch')).toHaveLength(2);
    expect(JSON.stringify(security)).not.toContain(HOLDER_ID);
  });
});

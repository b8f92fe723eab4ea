// A proxy-point host against a real platform on loopback: agents enrolled there, their card and PIN
// checked here with no network call, and an application on a villager's behalf carrying the signed
// authorisation into the platform's case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import type { HostMethodName, MethodInput, MethodOutput } from '../../../../contract/host-api.js';
import { withIdNumberCheckCharacter } from '../../../../contract/idcard.js';
import { asciiJson, parseSignedCode } from '../../../../contract/personal-code.js';
import { AGENT_CARD_PREFIX, AgentCardPayload, PROXY_POINT_DATASET, ProxyAuthorisation } from '../../../../contract/proxy-agent.js';
import { canonicalJson, PackageManifest } from '../../../../contract/case.js';
import { SEED_ITEMS } from '../../../../platform/catalog/seed-items.js';
import { platformContext, startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { jpeg, png } from '../../../../test/helpers/sample-images.js';
import { holdCard, startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';
import { createLogger } from '../../logging.js';
import { verifyManifest } from '../o2o/o2o-signing.js';
import { AgentSignIn, MAX_PIN_FAILURES } from './agent-sign-in.js';
import { offsetClock, systemClock } from '../../../../contract/clock.js';

const SECRET = 'proxy-point-test-secret-0123456789';
const TERMINAL = 'proxy-lanli-1';
const ALLOWANCE = SEED_ITEMS.find((item) => item.name === '高龄津贴申领')!;
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;

let platform: RunningPlatform;
let test: TestHost;

const admin = async <T = Record<string, string>>(path: string, body: unknown) => {
  const response = await fetch(new URL(path, platform.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
};
const enrolAgent = async (pointId = 'lanli', maskedName = '李*') =>
  (await admin('/v1/admin/proxy-agents', { pointId, maskedName })).body as { agentId: string; card: string; pin: string };
async function call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return test.host.handlers[method](input as never) as Promise<MethodOutput<M>>;
}
/** Waits until the terminal has pulled the agent (so a refusal below is the one meant, not "not synced yet"). */
const synced = (agentId: string) =>
  expect
    .poll(async () => (await test.host.store.getDataset(PROXY_POINT_DATASET)).some((row) => row.key.endsWith(`:${agentId}`)), { timeout: 15_000 })
    .toBe(true);
const securityEvents = () => test.host.store.countRecords('status-event');

beforeAll(async () => {
  platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET, seedCatalog: true });
  await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: [TERMINAL] });
  await admin('/v1/admin/proxy-points', { pointId: 'shangyu', name: '上峪村代办点', terminals: ['proxy-shangyu-1'] });
  test = await startTestHost(
    'headless',
    {
      terminalId: TERMINAL,
      role: 'proxy-point',
      platformUrl: platform.url,
      sync: { pollIntervalMs: 500 },
    },
    platform.app,
  );
});
afterAll(async () => {
  await test?.host.stop();
  await platform?.close();
});

describe('agent sign-in at a village proxy point', () => {
  it('signs an agent in with card and PIN, names the point, and signs out', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    expect(await call('proxy.status', {})).toEqual({ point: { pointId: 'lanli', name: '兰里村代办点' }, agent: null });
    const result = await call('proxy.signIn', { card: agent.card, pin: agent.pin });
    expect(result).toMatchObject({ signedIn: true, agent: { agentId: agent.agentId, maskedName: '李*', pointId: 'lanli', pointName: '兰里村代办点' } });
    expect((await call('proxy.status', {})).agent?.agentId).toBe(agent.agentId);
    expect(await call('proxy.signOut', {})).toEqual({ signedOut: true });
    expect((await call('proxy.status', {})).agent).toBeNull();
  });

  it('refuses a forged card, a personal code and garbage, each as a security event', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    const parsed = parseSignedCode(agent.card, AGENT_CARD_PREFIX, AgentCardPayload)!;
    // A careful forger: another agent id and a longer life under the genuine signature.
    const forged = `${AGENT_CARD_PREFIX}.${Buffer.from(asciiJson({ ...parsed.payload, exp: parsed.payload.exp + 3 * 365 * 86_400 })).toString('base64url')}.${parsed.signature}`;
    const before = await securityEvents();
    expect(await call('proxy.signIn', { card: forged, pin: agent.pin })).toEqual({ signedIn: false, refusal: 'forged' });
    expect(await call('proxy.signIn', { card: agent.card.replace(AGENT_CARD_PREFIX, 'HTPC1'), pin: agent.pin })).toEqual({
      signedIn: false,
      refusal: 'malformed',
    });
    expect(await call('proxy.signIn', { card: 'hello', pin: agent.pin })).toEqual({ signedIn: false, refusal: 'malformed' });
    expect(await securityEvents()).toBe(before + 3);
  });

  it('counts wrong PINs, locks the agent after five, and the right PIN does not open the lock', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    const wrong = agent.pin === '000000' ? '111111' : '000000';
    for (let left = MAX_PIN_FAILURES - 1; left >= 1; left -= 1)
      expect(await call('proxy.signIn', { card: agent.card, pin: wrong })).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: left });
    expect(await call('proxy.signIn', { card: agent.card, pin: wrong })).toMatchObject({ signedIn: false, refusal: 'locked', lockedUntil: expect.any(String) });
    expect(await call('proxy.signIn', { card: agent.card, pin: agent.pin })).toMatchObject({ signedIn: false, refusal: 'locked' });
    // The lock outlives a restart of the feature: it is kept sealed in the store.
    const later = new AgentSignIn({
      store: test.host.store,
      terminalId: TERMINAL,
      log: createLogger({ level: 'silent' }),
      clock: offsetClock(systemClock, 16 * 60_000),
    });
    expect(await later.signIn(agent.card, agent.pin)).toMatchObject({ signedIn: true });
  });

  it('refuses an expired card and one not yet valid by the terminal clock', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    const at = (offsetMs: number) =>
      new AgentSignIn({
        store: test.host.store,
        terminalId: TERMINAL,
        log: createLogger({ level: 'silent' }),
        clock: offsetClock(systemClock, offsetMs),
      });
    expect(await at(366 * 86_400_000).signIn(agent.card, agent.pin)).toEqual({ signedIn: false, refusal: 'expired' });
    expect(await at(-86_400_000).signIn(agent.card, agent.pin)).toEqual({ signedIn: false, refusal: 'not-yet-valid' });
  });

  it('ends a signed-in session when the revocation syncs, and refuses the card after', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    expect(await call('proxy.signIn', { card: agent.card, pin: agent.pin })).toMatchObject({ signedIn: true });
    expect((await admin(`/v1/admin/proxy-agents/${agent.agentId}/revoke`, {})).status).toBe(200);
    await expect.poll(async () => (await call('proxy.status', {})).agent, { timeout: 15_000 }).toBeNull();
    expect(await call('proxy.signIn', { card: agent.card, pin: agent.pin })).toEqual({ signedIn: false, refusal: 'revoked' });
  });

  it('refuses a replaced card once the new one syncs; the new card works with its new PIN', async () => {
    const agent = await enrolAgent();
    await synced(agent.agentId);
    const renewed = (await admin<{ card: string; pin: string }>(`/v1/admin/proxy-agents/${agent.agentId}/reissue`, {})).body;
    await expect
      .poll(async () => call('proxy.signIn', { card: agent.card, pin: agent.pin }), { timeout: 15_000 })
      .toEqual({ signedIn: false, refusal: 'replaced' });
    expect(await call('proxy.signIn', { card: renewed.card, pin: renewed.pin })).toMatchObject({ signedIn: true });
    await call('proxy.signOut', {});
  });

  it("refuses another point's agent, whose verifier never reaches this terminal", async () => {
    const mine = await enrolAgent();
    const theirs = await enrolAgent('shangyu', '赵*');
    await synced(mine.agentId);
    expect(await call('proxy.signIn', { card: theirs.card, pin: theirs.pin })).toEqual({ signedIn: false, refusal: 'other-point' });
    const keys = (await test.host.store.getDataset(PROXY_POINT_DATASET)).map((row) => row.key);
    expect(keys.some((key) => key.includes('shangyu'))).toBe(false);
  });
});

describe('an application on a villager’s behalf', () => {
  const placeVillagerCard = () =>
    holdCard(test.host, {
      name: '王老汉',
      gender: 'male',
      birthDate: '1940-02-01',
      address: '浙江省杭州市西湖区兰里村12号',
      idNumber: withIdNumberCheckCharacter('33010619400201123'),
    });

  it('needs a signed-in agent and the signed authorisation, which the platform receives inside the signed package', async () => {
    const agent = await enrolAgent('lanli', '孙*');
    await synced(agent.agentId);
    await expect.poll(async () => (await call('catalog.search', { query: 'sbk' })).hits.length, { timeout: 15_000 }).toBeGreaterThan(0);
    placeVillagerCard();
    await expect(call('application.start', { serviceCode: SBK.code })).rejects.toThrow(/agent must sign in/);
    await call('proxy.signIn', { card: agent.card, pin: agent.pin });

    const draft = await call('application.start', { serviceCode: SBK.code });
    for (const m of SBK.materials.filter((x) => x.required)) {
      await call(
        'application.material',
        m.electronicLicense
          ? { draftId: draft.draftId, materialId: m.id, source: 'electronic-license' }
          : { draftId: draft.draftId, materialId: m.id, source: 'capture', mediaType: 'image/jpeg', imageBase64: jpeg() },
      );
    }
    const submit = { draftId: draft.draftId, phone: '13900001111', useKnownPhone: false, signaturePngBase64: png() };
    await expect(call('application.submit', submit)).rejects.toThrow(/authorisation/);
    const authorisation = await call('proxy.authorisation', { draftId: draft.draftId });
    expect(authorisation).toMatchObject({
      villagerMaskedName: '王**',
      agentMaskedName: '孙*',
      agentId: agent.agentId,
      pointName: '兰里村代办点',
      itemName: SBK.name,
    });
    expect(authorisation.text).toContain('代办授权书');
    expect(authorisation.text).not.toContain('王老汉');
    const { trackingCode } = await call('application.submit', submit);

    // The agent's list shows it at once (pending or already synced), with the masked name only.
    const list = await call('proxy.cases', {});
    expect(list.cases[0]).toMatchObject({ trackingCode, itemName: SBK.name, villagerMaskedName: '王**' });
    expect(JSON.stringify(list)).not.toContain('王老汉');

    // On the platform: one case, whose signed manifest names the agent and lists the authorisation.
    const db = platformContext(platform.app).store.db;
    await expect
      .poll(async () => (await db.one<{ n: number }>('SELECT count(*) AS n FROM cases WHERE tracking_code = $1', [trackingCode]))!.n, { timeout: 15_000 })
      .toBe(1);
    const row = (await db.one<{ manifest_json: string; signature: string; terminal_id: string }>(
      'SELECT manifest_json, signature, terminal_id FROM cases WHERE tracking_code = $1',
      [trackingCode],
    ))!;
    const manifest = PackageManifest.parse(JSON.parse(row.manifest_json));
    expect(manifest.proxy).toEqual({ agentId: agent.agentId, pointId: 'lanli', authorisation: 'proxy-authorisation' });
    const file = manifest.files.find((f) => f.role === 'authorisation')!;
    const key = (await db.one<{ public_key: string }>('SELECT public_key FROM terminal_keys WHERE terminal_id = $1', [TERMINAL]))!;
    expect(verifyManifest(manifest, row.signature, key.public_key)).toBe(true);
    // The signature covers the proxy part: naming another agent breaks it.
    expect(verifyManifest({ ...manifest, proxy: { ...manifest.proxy!, agentId: 'ag-00000000' } }, row.signature, key.public_key)).toBe(false);
    expect(canonicalJson(manifest)).toContain(file.sha256);
    await expect.poll(async () => (await platformContext(platform.app).blobs.status(file.sha256)).verified, { timeout: 15_000 }).toBe(true);
    const stored = ProxyAuthorisation.parse(JSON.parse(platformContext(platform.app).blobs.read(file.sha256).toString('utf8')));
    expect(stored).toMatchObject({ agentId: agent.agentId, villagerMaskedName: '王**', signatureFile: 'signature', text: authorisation.text });

    // 日结: the day's applications by item; synced once the platform acknowledged.
    await expect.poll(async () => (await call('proxy.report', {})).synced, { timeout: 15_000 }).toBe(1);
    const report = await call('proxy.report', {});
    expect(report).toMatchObject({ agentId: agent.agentId, total: 1, pending: 0, parked: 0, byItem: [{ serviceCode: SBK.code, count: 1, synced: 1 }] });
    expect(JSON.stringify(report)).not.toContain('王');
    await call('proxy.signOut', {});
  });

  it('forgets the villager when their session ends; an idle end signs the agent out too', async () => {
    const agent = await enrolAgent('lanli', '周*');
    await synced(agent.agentId);
    await call('proxy.signIn', { card: agent.card, pin: agent.pin });
    placeVillagerCard();
    const draft = await call('application.start', { serviceCode: ALLOWANCE.code });
    await call('session.end', { reason: 'requested' });
    await expect(call('proxy.authorisation', { draftId: draft.draftId })).rejects.toThrow(/ended/);
    expect((await call('proxy.status', {})).agent?.agentId).toBe(agent.agentId);
    // An idle end means nobody is at the terminal: the agent is signed out too.
    await call('session.end', { reason: 'idle' });
    expect((await call('proxy.status', {})).agent).toBeNull();
  });
});

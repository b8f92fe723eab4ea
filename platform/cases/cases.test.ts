import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { PackageManifest } from '../../contract/case.js';
import { type MutationEnvelope } from '../../contract/sync-protocol.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { TEST_ADMIN_TOKEN, adminHeaders } from '../test/enrolment.js';
import { buildPlatform, platformContext } from '../server.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { applicationPackage, enrol as enrolTerminal, envelope, push as pushMutation, terminalKey } from '../test/package-fixtures.js';

const sbk = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;

let app: FastifyInstance;

const enrol = (terminalId: string) => enrolTerminal(app, terminalId);
const push = (headers: Record<string, string>, mutation: MutationEnvelope) => pushMutation(app, headers, mutation);

async function application(terminalId: string, key: ReturnType<typeof terminalKey>, trackingCode: string) {
  const mutation = await applicationPackage(app, {
    terminalId,
    key,
    trackingCode,
    serviceCode: sbk.code,
    personal: { name: '张示例', idNumber: '110105199003071234', phone: '13800001234' },
    createdAt: '2026-11-23T08:00:00.000Z',
  });
  return { mutation, manifest: (mutation.payload as { manifest: PackageManifest }).manifest };
}

beforeEach(async () => {
  app = await buildPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, seedCatalog: true });
});
afterEach(async () => {
  await app.close();
});

describe('cases on the platform', () => {
  it('publishes the seed catalog once, without new versions on restart', async () => {
    const kiosk = await enrol('kiosk-1');
    const pulled = await app.inject({ url: `${syncPaths.pull}?dataset=catalog&limit=1000`, headers: kiosk });
    expect((pulled.json() as { items: unknown[] }).items).toHaveLength(SEED_ITEMS.length);
    const { publishSeedCatalog } = await import('../catalog/publish.js');
    expect(await publishSeedCatalog(platformContext(app).store)).toEqual({ published: 0 });
  });

  it('opens a case from a signed package, shows its timeline, and moves it only along legal transitions', async () => {
    const kiosk = await enrol('kiosk-1');
    const counter = await enrol('counter-1');
    const kioskKey = terminalKey('kiosk');
    expect(await push(kiosk, envelope('kiosk-1', 'terminal-key', kioskKey.payload))).toMatchObject({ outcome: 'applied' });
    expect(await push(counter, envelope('counter-1', 'terminal-key', terminalKey('counter').payload))).toMatchObject({ outcome: 'applied' });

    const code = makeTrackingCode([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const { mutation } = await application('kiosk-1', kioskKey, code);
    expect(await push(kiosk, mutation)).toMatchObject({ outcome: 'applied' });

    const timeline = await app.inject({ url: `/v1/cases/${code}`, headers: kiosk });
    expect(timeline.statusCode).toBe(200);
    const [view] = (timeline.json() as { cases: { caseId: string; state: string; itemName: string; events: unknown[] }[] }).cases;
    expect(view).toMatchObject({ state: 'submitted', itemName: '社保卡申领' });
    expect(JSON.stringify(timeline.json())).not.toContain('张示例');

    // Only a counter opens the package.
    expect((await app.inject({ url: `/v1/cases/${code}/package`, headers: kiosk })).statusCode).toBe(403);
    const pkg = await app.inject({ url: `/v1/cases/${code}/package`, headers: counter });
    expect(pkg.json()).toMatchObject({ packages: [{ form: { name: '张示例' }, submittingTerminal: 'kiosk-1' }] });

    // A kiosk cannot decide, even with a well-formed decision.
    expect(
      await push(
        kiosk,
        envelope('kiosk-1', 'status-event', { subject: 'case', trackingCode: code, caseId: view!.caseId, to: 'accepted', at: new Date().toISOString() }),
      ),
    ).toMatchObject({
      outcome: 'rejected',
      reason: 'only counter terminals decide on cases',
    });
    const decide = (to: string, reason?: string) =>
      push(
        counter,
        envelope('counter-1', 'status-event', {
          subject: 'case',
          trackingCode: code,
          caseId: view!.caseId,
          to,
          ...(reason ? { reason } : {}),
          at: new Date().toISOString(),
        }),
      );
    expect(await decide('decided')).toMatchObject({ outcome: 'rejected', reason: 'illegal transition from submitted to decided' });
    expect(await decide('supplement-requested')).toMatchObject({ outcome: 'rejected', reason: 'a reason is required for supplement-requested' });
    expect(await decide('supplement-requested', '请补充户口簿首页')).toMatchObject({ outcome: 'applied' });
    expect(await decide('accepted')).toMatchObject({ outcome: 'rejected', reason: 'illegal transition from supplement-requested to accepted' });

    const after = (await app.inject({ url: `/v1/cases/${code}`, headers: kiosk })).json() as {
      cases: { state: string; events: { state: string; reason?: string }[] }[];
    };
    expect(after.cases[0]!.state).toBe('supplement-requested');
    expect(after.cases[0]!.events.map((e) => e.state)).toEqual(['submitted', 'supplement-requested']);
    expect(after.cases[0]!.events[1]!.reason).toBe('请补充户口簿首页');

    // What the platform learned prefills the next application, masked: the kiosk never holds it in full.
    const known = await app.inject({ method: 'POST', url: '/v1/citizens/lookup', headers: kiosk, payload: { idNumber: '110105199003071234' } });
    expect(known.json()).toEqual({ maskedPhone: '138****1234', maskedAddress: null });
  });

  it('fills in the phone a citizen kept "as on file": the package carries a reference, the clerk sees the number', async () => {
    const kiosk = await enrol('kiosk-1');
    const counter = await enrol('counter-1');
    const key = terminalKey('kiosk');
    await push(kiosk, envelope('kiosk-1', 'terminal-key', key.payload));
    expect(await push(kiosk, (await application('kiosk-1', key, makeTrackingCode([4, 4, 4, 4, 4, 4, 4, 4, 4, 4]))).mutation)).toMatchObject({
      outcome: 'applied',
    });

    const code = makeTrackingCode([4, 4, 4, 4, 4, 4, 4, 4, 4, 5]);
    const byReference = await applicationPackage(app, {
      terminalId: 'kiosk-1',
      key,
      trackingCode: code,
      serviceCode: sbk.code,
      createdAt: '2026-11-24T08:00:00.000Z',
      personal: { name: '张示例', idNumber: '110105199003071234', contactOnFile: { phone: true, address: false } },
    });
    expect(JSON.stringify(byReference)).not.toContain('13800001234');
    expect(await push(kiosk, byReference)).toMatchObject({ outcome: 'applied' });
    const pkg = await app.inject({ url: `/v1/cases/${code}/package`, headers: counter });
    expect(pkg.json()).toMatchObject({ packages: [{ form: { phone: '13800001234', contactOnFile: { phone: true } } }] });

    // Without a phone and without one on file, the form is incomplete.
    const nothing = await applicationPackage(app, {
      terminalId: 'kiosk-1',
      key,
      trackingCode: makeTrackingCode([4, 4, 4, 4, 4, 4, 4, 4, 4, 6]),
      serviceCode: sbk.code,
      personal: { name: '张示例', idNumber: '110105199003071234' },
    });
    expect(await push(kiosk, nothing)).toMatchObject({ outcome: 'rejected', reason: 'application form is incomplete' });
  });

  it('lets the back office take an accepted case through review to a result, in order only', async () => {
    const kiosk = await enrol('kiosk-3');
    const key = terminalKey('kiosk');
    await push(kiosk, envelope('kiosk-3', 'terminal-key', key.payload));
    const code = makeTrackingCode([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    const { mutation } = await application('kiosk-3', key, code);
    await push(kiosk, mutation);
    const admin = (to: string) =>
      app.inject({ method: 'POST', url: `/v1/admin/cases/${encodeURIComponent(mutation.idempotencyKey)}/events`, headers: adminHeaders(), payload: { to } });
    expect((await admin('under-review')).statusCode).toBe(409);
    for (const to of ['accepted', 'under-review', 'decided', 'result-ready']) expect((await admin(to)).statusCode, to).toBe(200);
    const refused = await admin('sent');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ message: 'illegal transition from result-ready to sent' });
    const view = (await app.inject({ url: `/v1/cases/${code}`, headers: kiosk })).json() as { cases: { events: { state: string }[] }[] };
    expect(view.cases[0]!.events.map((e) => e.state)).toEqual(['submitted', 'accepted', 'under-review', 'decided', 'result-ready']);
    expect((await app.inject({ method: 'POST', url: `/v1/admin/cases/nope/events`, payload: { to: 'accepted' } })).statusCode).toBe(401);
  });

  it('refuses packages whose signature or key does not check out', async () => {
    const kiosk = await enrol('kiosk-2');
    const key = terminalKey('kiosk');
    const unannounced = await application('kiosk-2', key, makeTrackingCode([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(await push(kiosk, unannounced.mutation)).toMatchObject({ outcome: 'rejected', reason: 'the signing key is not registered for this terminal' });

    await push(kiosk, envelope('kiosk-2', 'terminal-key', key.payload));
    const tampered = await application('kiosk-2', key, makeTrackingCode([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]));
    (tampered.mutation.payload.manifest as PackageManifest).electronicLicenses = ['photo'];
    expect(await push(kiosk, tampered.mutation)).toMatchObject({ outcome: 'rejected', reason: 'manifest signature does not verify' });
    expect((await app.inject({ url: `/v1/cases/${tampered.manifest.trackingCode}`, headers: kiosk })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/cases/NOTACODE', headers: kiosk })).statusCode).toBe(400);
  });

  it('refuses a signature with junk after it, though a lenient base64 decoder would still verify it', async () => {
    const kiosk = await enrol('kiosk-3');
    const key = terminalKey('kiosk');
    await push(kiosk, envelope('kiosk-3', 'terminal-key', key.payload));
    const padded = await application('kiosk-3', key, makeTrackingCode([0, 0, 0, 0, 0, 0, 0, 0, 0, 3]));
    const signature = padded.mutation.payload.signature as string;
    expect(Buffer.from(`${signature}AAAA`, 'base64').subarray(0, 64).equals(Buffer.from(signature, 'base64'))).toBe(true);
    padded.mutation.payload.signature = `${signature}AAAA`;
    expect(await push(kiosk, padded.mutation)).toMatchObject({ outcome: 'rejected', reason: 'manifest signature is malformed' });
    const honest = await application('kiosk-3', key, makeTrackingCode([0, 0, 0, 0, 0, 0, 0, 0, 0, 4]));
    expect(await push(kiosk, honest.mutation)).toMatchObject({ outcome: 'applied' });
  });

  it('serves the one-page guide online for the receipt QR', async () => {
    const page = await app.inject({ url: `/guide/${sbk.code}` });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('社保卡申领');
    for (const material of sbk.materials) expect(page.body).toContain(material.name);
  });
});

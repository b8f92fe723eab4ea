// Each attack found against the platform before the route table, as its own test over real HTTP
// (see docs/security.md). Named after what it proves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { ManualClock } from '../../contract/clock.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { TRUST_KEYS_DATASET } from '../../contract/personal-code.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { CITIZEN_LOOKUPS_PER_MINUTE } from '../cases/routes.js';
import { MATCHES_PER_MINUTE } from '../personal-codes/code-routes.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { TEST_ADMIN_TOKEN, enrolTerminal } from './enrolment.js';
import { applicationPackage, envelope, push, terminalKey } from './package-fixtures.js';
import { rawRequest } from './raw-http.js';

const ID_NUMBER = withIdNumberCheckCharacter('11010519800101123');
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
const json = { 'content-type': 'application/json' };
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

let platform: RunningPlatform;
let dataDir: string;
let clock: ManualClock;
const post = (target: string, headers: Record<string, string>, body: unknown) =>
  rawRequest(platform.url, 'POST', target, { ...json, ...headers }, JSON.stringify(body));
const get = (target: string, headers: Record<string, string> = {}) => rawRequest(platform.url, 'GET', target, headers);

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hall-security-'));
  clock = new ManualClock('2026-11-23T01:30:00Z');
  platform = await startPlatform({ version: 't', dataDir, databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, seedCatalog: true, clock });
});
afterEach(async () => {
  await platform.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('platform security regressions', () => {
  it('percent-encoded /v1 and /v1/admin spellings meet the same check as the plain path (no admin or terminal route without its credential)', async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const trustKeysBefore = await platformContext(platform.app).store.datasetKeys(TRUST_KEYS_DATASET);
    // An enrolled kiosk on admin routes: mint a 5-year code, inject a trust key, create an agent.
    for (const target of ['/v1/%61dmin/personal-codes', '/v1/%61%64%6d%69%6e/personal-codes', '/%761/admin/personal-codes', '/v%31/admin/personal-codes']) {
      expect([target, (await post(target, kiosk.headers, { maskedName: '王**', idNumber: ID_NUMBER, validSeconds: 5 * 365 * 86_400 })).status]).toEqual([
        target,
        401,
      ]);
    }
    expect((await post(`/v1/%61dmin/datasets/${TRUST_KEYS_DATASET}`, kiosk.headers, { items: [{ key: 'evil', value: { kid: 'evil' } }] })).status).toBe(401);
    expect(await platformContext(platform.app).store.datasetKeys(TRUST_KEYS_DATASET)).toEqual(trustKeysBefore);
    expect((await post('/v1/%61dmin/proxy-agents', kiosk.headers, { pointId: 'lanli', maskedName: '李*' })).status).toBe(401);
    // No credential at all on terminal routes: another terminal's package, a citizen's phone and address.
    expect((await get(`/%761/cases/${makeTrackingCode([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])}/package`)).status).toBe(401);
    expect((await post('/v%31/citizens/lookup', {}, { idNumber: ID_NUMBER })).status).toBe(401);
    expect((await post('/%76%31/personal-codes/issue', {}, { idNumber: ID_NUMBER, name: '王示例' })).status).toBe(401);
  });

  it('a kiosk that announces itself as a counter in its terminal-key mutation stays a kiosk', async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const key = terminalKey('counter');
    expect(await push(platform.app, kiosk.headers, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
    const code = makeTrackingCode([2, 7, 1, 8, 2, 8, 1, 8, 2, 8]);
    const application = await applicationPackage(platform.app, {
      terminalId: 'kiosk-a',
      key,
      trackingCode: code,
      serviceCode: SBK.code,
      personal: { name: '王示例', idNumber: ID_NUMBER, phone: '13800001234' },
    });
    expect(await push(platform.app, kiosk.headers, application)).toMatchObject({ outcome: 'applied' });
    expect((await get(`/v1/cases/${code}/package`, kiosk.headers)).status).toBe(403);
    expect((await post('/v1/personal-codes/issue', kiosk.headers, { idNumber: ID_NUMBER, name: '王示例' })).status).toBe(403);
    expect((await post('/v1/personal-codes/revoke', kiosk.headers, { idNumber: ID_NUMBER })).status).toBe(403);
    const decision = envelope('kiosk-a', 'status-event', {
      subject: 'case',
      trackingCode: code,
      caseId: application.idempotencyKey,
      to: 'rejected',
      reason: 'no',
      at: clock.iso(),
    });
    expect(await push(platform.app, kiosk.headers, decision)).toMatchObject({ outcome: 'rejected', reason: 'only counter terminals decide on cases' });
    expect((await platformContext(platform.app).terminals.get('kiosk-a'))?.role).toBe('kiosk');
  });

  it("a counter opens only its own hall's packages: another hall's counter learns nothing of the case", async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const counter = await enrolTerminal(platform.app, 'counter-a', { role: 'counter', counterId: 'counter-1' });
    const elsewhere = await enrolTerminal(platform.app, 'counter-z', { role: 'counter', counterId: 'counter-1', hallId: 'hall-z' });
    const key = terminalKey('kiosk');
    expect(await push(platform.app, kiosk.headers, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
    const code = makeTrackingCode([9, 9, 1, 2, 3, 4, 5, 6, 7, 8]);
    const application = await applicationPackage(platform.app, {
      terminalId: 'kiosk-a',
      key,
      trackingCode: code,
      serviceCode: SBK.code,
      personal: { name: '王示例', idNumber: ID_NUMBER, phone: '13800001234' },
    });
    expect(await push(platform.app, kiosk.headers, application)).toMatchObject({ outcome: 'applied' });
    expect((await get(`/v1/cases/${code}/package`, counter.headers)).status).toBe(200);
    const foreign = await get(`/v1/cases/${code}/package`, elsewhere.headers);
    expect(foreign.status).toBe(404);
    expect(foreign.body).not.toContain('王示例');
    expect((await get(`/v1/cases/${code}/blobs/${application.blobs[0]!}`, elsewhere.headers)).status).toBe(404);
  });

  it('rotating x-terminal-id does not reset the personal-code match rate limit: the limit follows the credential', async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const statuses: number[] = [];
    for (let i = 0; i < MATCHES_PER_MINUTE + 5; i++) {
      statuses.push(
        (await post('/v1/personal-codes/match', { ...kiosk.headers, 'x-terminal-id': `kiosk-${i}` }, { subject: '0'.repeat(32), idNumber: ID_NUMBER })).status,
      );
    }
    expect(statuses.slice(0, MATCHES_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(MATCHES_PER_MINUTE)).toEqual(Array(5).fill(429));
  });

  it('re-enrolling an enrolled terminal is refused: no takeover, the real terminal keeps its credential; only an admin reset enrols again', async () => {
    const added = await post('/v1/admin/terminals', bearer(TEST_ADMIN_TOKEN), {
      terminalId: 'proxy-lanli',
      role: 'proxy-point',
      hallId: 'hall-a',
      pointId: 'lanli',
    });
    const code = (JSON.parse(added.body) as { enrolmentCode: string }).enrolmentCode;
    const real = JSON.parse((await post('/v1/terminals', {}, { terminalId: 'proxy-lanli', enrolmentCode: code })).body) as { credential: string; role: string };
    expect(real.role).toBe('proxy-point');
    // The attacker knows the terminal id, even the used code.
    expect((await post('/v1/terminals', {}, { terminalId: 'proxy-lanli', enrolmentCode: code })).status).toBe(401);
    expect((await post('/v1/terminals', {}, { terminalId: 'proxy-lanli', enrolmentCode: 'ABCD-EFGH-JKLM-NPQR' })).status).toBe(401);
    expect((await get('/v1/terminal/status', bearer(real.credential))).status).toBe(200);
    // The administrator resets it (a replaced machine): the old credential stops, the new code enrols once.
    const reset = JSON.parse((await post('/v1/admin/terminals/proxy-lanli/reset', bearer(TEST_ADMIN_TOKEN), {})).body) as { enrolmentCode: string };
    expect((await get('/v1/terminal/status', bearer(real.credential))).status).toBe(401);
    expect((await post('/v1/terminals', {}, { terminalId: 'proxy-lanli', enrolmentCode: reset.enrolmentCode })).status).toBe(200);
  });

  it('an enrolment code expires, and is never an admin credential', async () => {
    const added = await post('/v1/admin/terminals', bearer(TEST_ADMIN_TOKEN), { terminalId: 'kiosk-late', role: 'kiosk', hallId: 'hall-a', validHours: 2 });
    const code = (JSON.parse(added.body) as { enrolmentCode: string }).enrolmentCode;
    expect((await get('/v1/admin/terminals', bearer(code))).status).toBe(401);
    clock.advance(2 * 3_600_000);
    expect((await post('/v1/terminals', {}, { terminalId: 'kiosk-late', enrolmentCode: code })).status).toBe(401);
  });

  it('a terminal chooses neither its counter nor another terminal: a kiosk cannot pause counter-1, another counter cannot either', async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const counter1 = await enrolTerminal(platform.app, 'counter-a', { role: 'counter', counterId: 'counter-1' });
    const counter2 = await enrolTerminal(platform.app, 'counter-b', { role: 'counter', counterId: 'counter-2' });
    expect((await post('/v1/queue/pause', kiosk.headers, { counterId: 'counter-1', reason: 'x' })).status).toBe(403);
    expect((await post('/v1/queue/resume', kiosk.headers, { counterId: 'counter-1' })).status).toBe(403);
    expect((await post('/v1/queue/pause', counter2.headers, { counterId: 'counter-1', reason: 'x' })).status).toBe(403);
    const paused = await post('/v1/queue/pause', counter1.headers, { reason: 'lunch' });
    expect(JSON.parse(paused.body)).toMatchObject({ counter: { id: 'counter-1', paused: true } });
  });

  it("citizen lookup: only terminals serving the public, only their own hall's cases, at most a few a minute per terminal", async () => {
    const display = await enrolTerminal(platform.app, 'display-a', { role: 'display' });
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    const elsewhere = await enrolTerminal(platform.app, 'kiosk-z', { hallId: 'hall-z' });
    const key = terminalKey('kiosk');
    expect(await push(platform.app, kiosk.headers, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
    const application = await applicationPackage(platform.app, {
      terminalId: 'kiosk-a',
      key,
      trackingCode: makeTrackingCode([1, 4, 1, 4, 2, 1, 3, 5, 6, 2]),
      serviceCode: SBK.code,
      personal: { name: '王示例', idNumber: ID_NUMBER, phone: '13800001234', address: '示例路1号' },
    });
    expect(await push(platform.app, kiosk.headers, application)).toMatchObject({ outcome: 'applied' });

    expect((await post('/v1/citizens/lookup', display.headers, { idNumber: ID_NUMBER })).status).toBe(403);
    expect(JSON.parse((await post('/v1/citizens/lookup', kiosk.headers, { idNumber: ID_NUMBER })).body)).toEqual({
      maskedPhone: '138****1234',
      maskedAddress: '*****',
    });
    expect(JSON.parse((await post('/v1/citizens/lookup', elsewhere.headers, { idNumber: ID_NUMBER })).body)).toEqual({
      maskedPhone: null,
      maskedAddress: null,
    });
    const statuses: number[] = [];
    for (let i = 0; i < CITIZEN_LOOKUPS_PER_MINUTE + 3; i++) statuses.push((await post('/v1/citizens/lookup', kiosk.headers, { idNumber: ID_NUMBER })).status);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
    clock.advance(60_000);
    expect((await post('/v1/citizens/lookup', kiosk.headers, { idNumber: ID_NUMBER })).status).toBe(200);
  });
});

// Named administrators apart from terminals: scoped, locked after five wrong passwords (however many
// arrive at once), and every admin call in an append-only audit log without bodies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { ManualClock } from '../../contract/clock.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { ADMIN_LOCKOUT_MS } from '../access/admin-auth.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { LOW_COST, TEST_ADMIN_TOKEN, enrolTerminal } from './enrolment.js';
import { rawRequest } from './raw-http.js';

const ID_NUMBER = withIdNumberCheckCharacter('11010519800101123');
const basic = (name: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` });
const bootstrap = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

let platform: RunningPlatform;
let clock: ManualClock;
const call = (method: string, target: string, headers: Record<string, string>, body?: unknown) =>
  rawRequest(
    platform.url,
    method,
    target,
    { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body === undefined ? undefined : JSON.stringify(body),
  );

beforeEach(async () => {
  clock = new ManualClock('2026-11-23T01:30:00Z');
  platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, clock, adminPasswordCost: LOW_COST });
  expect(
    (await call('POST', '/v1/admin/accounts', bootstrap, { name: 'li.officer', password: 'township-officer-pw', scopes: ['personal-codes', 'fleet'] })).status,
  ).toBe(200);
});
afterEach(async () => platform.close());

describe('named administrators', () => {
  it('act within their scopes only; a terminal credential or an enrolment code is never an admin credential', async () => {
    const officer = basic('li.officer', 'township-officer-pw');
    expect((await call('GET', '/v1/admin/fleet', officer)).status).toBe(200);
    expect((await call('POST', '/v1/admin/personal-codes', officer, { maskedName: '王**', idNumber: ID_NUMBER })).status).toBe(200);
    expect((await call('GET', '/v1/admin/terminals', officer)).status).toBe(403);
    expect((await call('POST', '/v1/admin/accounts', officer, { name: 'mallory', password: 'mallory-password-1', scopes: ['terminals'] })).status).toBe(403);
    const kiosk = await enrolTerminal(platform.app, 'kiosk-a');
    expect((await call('GET', '/v1/admin/fleet', kiosk.headers)).status).toBe(401);
    // A disabled administrator is refused at once.
    expect((await call('POST', '/v1/admin/accounts/li.officer/disable', bootstrap, {})).status).toBe(200);
    expect((await call('GET', '/v1/admin/fleet', officer)).status).toBe(401);
  });

  it('lock after five wrong passwords, counted before the check: forty at once, then the right one, are all refused', async () => {
    const wrong = await Promise.all(Array.from({ length: 40 }, (_, i) => call('GET', '/v1/admin/fleet', basic('li.officer', `wrong-${i}`))));
    expect(wrong.every((r) => r.status === 401)).toBe(true);
    expect((await call('GET', '/v1/admin/fleet', basic('li.officer', 'township-officer-pw'))).status).toBe(401);
    expect((await platformContext(platform.app).admins.accounts())[0]?.lockedUntil).not.toBeNull();
    clock.advance(ADMIN_LOCKOUT_MS);
    expect((await call('GET', '/v1/admin/fleet', basic('li.officer', 'township-officer-pw'))).status).toBe(200);
  });

  it('leave an append-only audit trail of every admin call: who, what, when, from where, and no body', async () => {
    await call('POST', '/v1/admin/personal-codes', basic('li.officer', 'township-officer-pw'), { maskedName: '王**', idNumber: ID_NUMBER });
    await call('POST', '/v1/admin/terminals/kiosk-x/revoke', basic('li.officer', 'nope'), {});
    const { entries } = JSON.parse((await call('GET', '/v1/admin/audit', bootstrap)).body) as {
      entries: { admin: string; route: string; status: number; from: string; target: Record<string, string>; at: string }[];
    };
    expect(entries.map((e) => [e.admin, e.route, e.status])).toEqual([
      ['bootstrap', 'adminAccountAdd', 200],
      ['li.officer', 'adminCodeIssue', 200],
      ['li.officer', 'adminTerminalRevoke', 401],
    ]);
    expect(entries[2]).toMatchObject({ target: { terminalId: 'kiosk-x' }, from: '127.0.0.1', at: clock.iso() });
    expect(JSON.stringify(entries)).not.toContain(ID_NUMBER);
    const { db } = platformContext(platform.app).store;
    await expect(db.run("UPDATE admin_audit SET admin = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(db.run('DELETE FROM admin_audit')).rejects.toThrow(/append-only/);
    await expect(db.run('TRUNCATE admin_audit')).rejects.toThrow(/append-only/);
  });
});

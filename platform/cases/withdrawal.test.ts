import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { TEST_ADMIN_TOKEN } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { applicationPackage, enrol, envelope, push, terminalKey } from '../test/package-fixtures.js';

const sbk = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
const APPLICANT = '110105199003071234';
const SUBMITTED_AT = '2026-11-23T08:00:00.000Z';
const minutesAfter = (minutes: number) => new Date(Date.parse(SUBMITTED_AT) + minutes * 60_000).toISOString();

let app: FastifyInstance;
let kiosk: Record<string, string>;
let counter: Record<string, string>;
let code: string;
let caseId: string;

beforeEach(async () => {
  app = await buildPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, seedCatalog: true });
  kiosk = await enrol(app, 'kiosk-1');
  counter = await enrol(app, 'counter-1');
  const key = terminalKey('kiosk');
  await push(app, kiosk, envelope('kiosk-1', 'terminal-key', key.payload));
  await push(app, counter, envelope('counter-1', 'terminal-key', terminalKey('counter').payload));
  code = makeTrackingCode([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]);
  const application = await applicationPackage(app, {
    terminalId: 'kiosk-1',
    key,
    trackingCode: code,
    serviceCode: sbk.code,
    personal: { name: '张示例', idNumber: APPLICANT, phone: '13800001234' },
    createdAt: SUBMITTED_AT,
  });
  expect(await push(app, kiosk, application)).toMatchObject({ outcome: 'applied' });
  caseId = application.idempotencyKey;
});
afterEach(async () => {
  await app.close();
});

const withdrawal = (at: string, idNumber = APPLICANT, terminal = 'kiosk-1') =>
  envelope(terminal, 'status-event', { subject: 'case-withdrawal', trackingCode: code, caseId, at }, { idNumber });
const timeline = async () =>
  ((await app.inject({ url: `/v1/cases/${code}`, headers: kiosk })).json() as { cases: { state: string; events: { state: string; reason?: string }[] }[] })
    .cases[0]!;

describe('withdrawing a submitted case', () => {
  it('withdraws a case its applicant asks back within the window, once, and the timeline shows it', async () => {
    expect(await push(app, kiosk, withdrawal(minutesAfter(9)))).toMatchObject({ outcome: 'applied' });
    const view = await timeline();
    expect(view.state).toBe('withdrawn');
    expect(view.events.map((e) => e.state)).toEqual(['submitted', 'withdrawn']);
    expect(view.events[1]!.reason).toBe('申请人撤回');
    // Asked again (a second press, another kiosk): nothing more happens.
    expect(await push(app, kiosk, withdrawal(minutesAfter(9.5)))).toMatchObject({ outcome: 'applied' });
    expect((await timeline()).events).toHaveLength(2);
    // A withdrawn case cannot be accepted.
    const accept = envelope('counter-1', 'status-event', { subject: 'case', trackingCode: code, caseId, to: 'accepted', at: minutesAfter(12) });
    expect(await push(app, counter, accept)).toMatchObject({ outcome: 'rejected', reason: 'illegal transition from withdrawn to accepted' });
  });

  it('refuses a withdrawal after a clerk accepted the case, after the window, or from someone else', async () => {
    expect(await push(app, kiosk, withdrawal(minutesAfter(11)))).toMatchObject({
      outcome: 'rejected',
      reason: 'withdrawal too late: more than 10 minutes after submitting',
    });
    expect(await push(app, kiosk, withdrawal(minutesAfter(2), '110105199003079999'))).toMatchObject({
      outcome: 'rejected',
      reason: 'only the applicant may withdraw a case',
    });
    const accept = envelope('counter-1', 'status-event', { subject: 'case', trackingCode: code, caseId, to: 'accepted', at: minutesAfter(3) });
    expect(await push(app, counter, accept)).toMatchObject({ outcome: 'applied' });
    expect(await push(app, kiosk, withdrawal(minutesAfter(4)))).toMatchObject({
      outcome: 'rejected',
      reason: 'withdrawal too late: the case is already accepted',
    });
    expect((await timeline()).state).toBe('accepted');
  });

  it('refuses a withdrawal without the applicant card, for an unknown case, or asked before the case existed', async () => {
    expect(
      await push(app, kiosk, envelope('kiosk-1', 'status-event', { subject: 'case-withdrawal', trackingCode: code, caseId, at: minutesAfter(1) })),
    ).toMatchObject({ outcome: 'rejected', reason: "a withdrawal needs the applicant's card" });
    expect(
      await push(
        app,
        kiosk,
        envelope(
          'kiosk-1',
          'status-event',
          { subject: 'case-withdrawal', trackingCode: code, caseId: 'kiosk-1:nope', at: minutesAfter(1) },
          { idNumber: APPLICANT },
        ),
      ),
    ).toMatchObject({ outcome: 'rejected', reason: 'unknown case' });
    expect(await push(app, kiosk, withdrawal(minutesAfter(-1)))).toMatchObject({ outcome: 'rejected' });
    expect((await timeline()).state).toBe('submitted');
  });
});

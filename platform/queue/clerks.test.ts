// Clerks at the counters: created by an administrator, signed in with 工号 + PIN (the lock after wrong
// PINs kept in the database, so it holds on every instance), named on the events of their desk's verbs
// only through a session the hall service verified, and given figures of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import { productivityCsv } from '../../contract/productivity.js';
import { HallQueueConfig, type QueueEvent } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { LOW_COST, TEST_ADMIN_TOKEN, adminHeaders, enrolTerminal, type EnrolledTerminal } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { ClerkRegistry } from './clerks.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { Productivity } from './productivity.js';
import { QueueService } from './queue-service.js';
import { queueOf } from './routes.js';

const MINUTE = 60_000;

describeOnPostgres('clerks signed in at the counters', () => {
  const clock = new ManualClock('2027-03-01T01:00:00Z'); // a Monday, 09:00 hall time
  let dataDir: string;
  let databaseUrl: string;
  let one: FastifyInstance;
  let two: FastifyInstance;
  let counter1: EnrolledTerminal;
  let counter2: EnrolledTerminal;
  const events: QueueEvent[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hall-clerks-'));
    databaseUrl = await freshDatabaseUrl();
    // Two instances on one database (and the same keys and blob folder), as a province runs them.
    const options = { version: 't', adminToken: TEST_ADMIN_TOKEN, databaseUrl, dataDir, clock, queue: { clerkPinCost: LOW_COST, awaySweepMs: 0 } };
    one = await buildPlatform(options);
    two = await buildPlatform(options);
    counter1 = await enrolTerminal(one, 'counter-t1', { role: 'counter', counterId: 'counter-1' });
    counter2 = await enrolTerminal(one, 'counter-t2', { role: 'counter', counterId: 'counter-2' });
    queueOf(one).queue.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (app: FastifyInstance, options: InjectOptions) => app.inject(options);
  const signIn = async (app: FastifyInstance, terminal: EnrolledTerminal, clerkId: string, pin: string) =>
    (await send(app, { method: 'POST', url: platformApi.queueClerkSignIn.path, headers: terminal.headers, payload: { clerkId, pin } })).json<
      Record<string, unknown>
    >();
  const verb = (app: FastifyInstance, terminal: EnrolledTerminal, path: string, payload: Record<string, unknown> = {}) =>
    send(app, { method: 'POST', url: path, headers: terminal.headers, payload });

  it('are created by an administrator with a sealed name and a PIN shown once, listed masked, and refused twice', async () => {
    const added = await send(one, {
      method: 'POST',
      url: platformApi.adminClerkAdd.path,
      headers: adminHeaders(),
      payload: { clerkId: 'C1001', name: '王小明', hallId: 'hall-a', pin: '135790' },
    });
    expect(added.json()).toEqual({ clerkId: 'C1001', hallId: 'hall-a', maskedName: '王**', status: 'active', pin: '135790' });
    const generated = await send(two, {
      method: 'POST',
      url: platformApi.adminClerkAdd.path,
      headers: adminHeaders(),
      payload: { clerkId: 'B2001', name: '李四', hallId: 'hall-b' },
    });
    expect(generated.json<{ pin: string }>().pin).toMatch(/^\d{6}$/);
    expect(
      (
        await send(two, {
          method: 'POST',
          url: platformApi.adminClerkAdd.path,
          headers: adminHeaders(),
          payload: { clerkId: 'C1001', name: '别人', hallId: 'hall-a', pin: '000000' },
        })
      ).statusCode,
    ).toBe(409);
    // A terminal is no administrator.
    expect(
      (
        await send(one, {
          method: 'POST',
          url: platformApi.adminClerkAdd.path,
          headers: counter1.headers,
          payload: { clerkId: 'C1002', name: '张三', hallId: 'hall-a' },
        })
      ).statusCode,
    ).toBe(401);
    const listed = await send(two, { method: 'GET', url: `${platformApi.adminClerkList.path}?hallId=hall-a`, headers: adminHeaders() });
    expect(listed.json()).toEqual({ clerks: [{ clerkId: 'C1001', hallId: 'hall-a', maskedName: '王**', status: 'active' }] });
    // At rest: no full name, no PIN.
    const db = await openPlatformDatabase(databaseUrl, { migrate: false, poolSize: 1 });
    try {
      const row = (await db.one<Record<string, string>>("SELECT * FROM clerks WHERE clerk_id = 'C1001'"))!;
      expect(JSON.stringify(row)).not.toContain('王小明');
      expect(JSON.stringify(row)).not.toContain('135790');
    } finally {
      await db.close();
    }
  });

  it('locks a clerk after five wrong PINs on whichever instance they were typed, until the lock ends', async () => {
    expect(await signIn(one, counter1, 'C1001', '000001')).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: 4 });
    expect(await signIn(two, counter1, 'C1001', '000002')).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: 3 });
    expect(await signIn(one, counter2, 'C1001', '000003')).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: 2 });
    expect(await signIn(two, counter2, 'C1001', '000004')).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: 1 });
    const lockedUntil = new Date(clock.nowMs() + 15 * MINUTE).toISOString();
    expect(await signIn(one, counter1, 'C1001', '000005')).toEqual({ signedIn: false, refusal: 'locked', lockedUntil });
    // The right PIN does not open a lock, on the other instance either.
    expect(await signIn(two, counter1, 'C1001', '135790')).toEqual({ signedIn: false, refusal: 'locked', lockedUntil });
    // Unknown here: a 工号 of another hall, and one that does not exist.
    expect(await signIn(one, counter1, 'B2001', '123456')).toEqual({ signedIn: false, refusal: 'unknown-clerk' });
    expect(await signIn(one, counter1, 'C9999', '123456')).toEqual({ signedIn: false, refusal: 'unknown-clerk' });
    clock.advance(15 * MINUTE);
    expect(await signIn(two, counter1, 'C1001', '135790')).toMatchObject({
      signedIn: true,
      clerk: { clerkId: 'C1001', maskedName: '王**', counterId: 'counter-1', idleMinutes: 30 },
    });
  });

  it('counts parallel wrong PINs before their slow checks: four are told the tries left, the rest find the lock', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? one : two, counter2, 'C1001', String(100000 + i))));
    expect(answers.filter((a) => a.refusal === 'wrong-pin')).toHaveLength(4);
    expect(answers.filter((a) => a.refusal === 'locked')).toHaveLength(6);
    expect(await signIn(one, counter1, 'C1001', '135790')).toMatchObject({ signedIn: false, refusal: 'locked' });
    clock.advance(15 * MINUTE);
  });

  it("names the signed-in clerk on the desk's events; another terminal cannot use the session, and a bare 工号 is refused", async () => {
    const { session } = (await signIn(one, counter1, 'C1001', '135790')) as { session: string };
    for (let i = 0; i < 4; i++) await verb(one, counter1, platformApi.queueIssue.path, { service: 'social-security', priority: 'normal', source: 'clerk' });
    events.length = 0;
    expect((await verb(two, counter1, platformApi.queueCall.path, { clerkSession: session })).statusCode).toBe(200);
    expect((await verb(one, counter1, platformApi.queueStart.path, { clerkSession: session })).statusCode).toBe(200);
    expect((await verb(two, counter1, platformApi.queueFinish.path, { clerkSession: session })).statusCode).toBe(200);
    await expect
      .poll(() => events.map((e) => [e.type, e.clerkId]))
      .toEqual([
        ['ticket.called', 'C1001'],
        ['ticket.started', 'C1001'],
        ['ticket.finished', 'C1001'],
      ]);
    // Recall, no-show and transfer name the clerk too.
    events.length = 0;
    await verb(one, counter1, platformApi.queueCall.path, { clerkSession: session });
    clock.advance(11_000);
    expect((await verb(two, counter1, platformApi.queueRecall.path, { clerkSession: session })).statusCode).toBe(200);
    expect((await verb(one, counter1, platformApi.queueNoShow.path, { clerkSession: session })).statusCode).toBe(200);
    await verb(one, counter1, platformApi.queueCall.path, { clerkSession: session });
    expect((await verb(two, counter1, platformApi.queueTransfer.path, { clerkSession: session, service: 'household' })).statusCode).toBe(200);
    await expect
      .poll(() => events.map((e) => [e.type, e.clerkId]))
      .toEqual([
        ['ticket.called', 'C1001'],
        ['ticket.recalled', 'C1001'],
        ['ticket.no-show', 'C1001'],
        ['ticket.called', 'C1001'],
        ['ticket.transferred', 'C1001'],
      ]);
    expect(await queueOf(one).queue.db.query('SELECT DISTINCT clerk_id FROM queue_calls')).toEqual([{ clerk_id: 'C1001' }]);

    // Counter 2's terminal holding counter 1's session: refused, whatever counter it names.
    const stolen = await verb(one, counter2, platformApi.queueCall.path, { clerkSession: session });
    expect(stolen.statusCode).toBe(403);
    expect(stolen.json()).toMatchObject({ error: 'clerk-signed-out' });
    expect((await verb(one, counter2, platformApi.queueCall.path, { clerkSession: session, counterId: 'counter-1' })).statusCode).toBe(403);
    // A 工号 is never taken from a body.
    expect((await verb(one, counter2, platformApi.queueCall.path, { clerkId: 'C1001' })).statusCode).toBe(400);
    // Without a session the call is made but names nobody.
    events.length = 0;
    expect((await verb(one, counter2, platformApi.queueCall.path, {})).statusCode).toBe(200);
    await expect.poll(() => events.map((e) => [e.type, e.clerkId])).toEqual([['ticket.called', undefined]]);
    await verb(one, counter2, platformApi.queueNoShow.path);
  });

  it('ends a session idle past the hall setting, on sign-out, and when the clerk is disabled', async () => {
    const first = (await signIn(one, counter1, 'C1001', '135790')) as { session: string };
    clock.advance(31 * MINUTE);
    expect((await verb(two, counter1, platformApi.queuePause.path, { reason: '午休', clerkSession: first.session })).json()).toMatchObject({
      error: 'clerk-signed-out',
    });
    const second = (await signIn(two, counter1, 'C1001', '135790')) as { session: string };
    expect((await verb(one, counter1, platformApi.queueClerkSignOut.path, { session: second.session })).json()).toEqual({ signedOut: true });
    expect((await verb(one, counter1, platformApi.queueClerkSignOut.path, { session: second.session })).json()).toEqual({ signedOut: false });
    const third = (await signIn(two, counter1, 'C1001', '135790')) as { session: string };
    expect((await send(one, { method: 'POST', url: '/v1/admin/clerks/C1001/disable', headers: adminHeaders() })).json()).toEqual({ disabled: true });
    expect((await verb(one, counter1, platformApi.queueResume.path, { clerkSession: third.session })).statusCode).toBe(403);
    expect(await signIn(one, counter1, 'C1001', '135790')).toEqual({ signedIn: false, refusal: 'disabled' });
  });

  it("refuses a counter's verbs without a signed-in clerk where the hall requires one", async () => {
    const config = { ...DEMO_HALL_CONFIG, clerks: { idleSignOutMinutes: 30, signInRequired: true } };
    expect((await send(one, { method: 'PUT', url: platformApi.adminQueueConfig.path, headers: adminHeaders(), payload: config })).statusCode).toBe(200);
    // The other instance learns of the change from the database's notification, a moment later; with
    // nobody waiting, a call let through meanwhile changes nothing.
    await expect.poll(async () => (await verb(two, counter2, platformApi.queueCall.path, {})).statusCode, { timeout: 10_000, interval: 50 }).toBe(403);
    const refused = await verb(two, counter2, platformApi.queueCall.path, {});
    expect(refused.json()).toMatchObject({ error: 'clerk-signed-out' });
  });
});

describeOnPostgres('productivity per clerk', () => {
  it('gives each clerk the figures of their calls, their time signed in and idle = signed in, not serving', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    const db = await openPlatformDatabase(await freshDatabaseUrl());
    const queue = await QueueService.open(db, { clock });
    try {
      await queue.setConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG));
      const clerks = new ClerkRegistry(queue, LOW_COST);
      await clerks.add({ clerkId: 'C1001', name: '王小明', hallId: 'hall-a', pin: '135790' });
      const at = { terminalId: 'counter-t1', hallId: 'hall-a', counterId: 'counter-1' };
      const signedIn = await clerks.signIn(at, 'C1001', '135790');
      if (!signedIn.signedIn) throw new Error('not signed in');
      const asClerk = async <T>(work: () => Promise<T>) => queue.asClerk(await clerks.verify(at, signedIn.session), work);
      await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
      await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
      clock.advance(5 * MINUTE); // signed in, nobody called yet: idle 5
      await asClerk(() => queue.callNext('counter-1'));
      clock.advance(2 * MINUTE);
      await asClerk(() => queue.start('counter-1')); // walked 2
      clock.advance(10 * MINUTE);
      await asClerk(() => queue.end('counter-1', 'finished')); // served 10
      clock.advance(3 * MINUTE); // idle 3
      await asClerk(() => queue.callNext('counter-1'));
      clock.advance(2 * MINUTE);
      await asClerk(() => queue.end('counter-1', 'no-show'));
      clock.advance(5 * MINUTE); // idle 5
      expect(await clerks.signOut(at, signedIn.session)).toBe(true);
      clock.advance(60 * MINUTE); // signed out: not counted

      const report = await new Productivity(queue).report({ period: 'day' });
      expect(report.clerks).toEqual([
        {
          period: '2027-03-01',
          clerkId: 'C1001',
          maskedName: '王**',
          calls: 2,
          finished: 1,
          noShows: 1,
          transferred: 0,
          avgWaitMinutes: 12.5,
          avgWalkMinutes: 2,
          avgServiceMinutes: 10,
          signedInMinutes: 27,
          idleMinutes: 13,
        },
      ]);
      expect(report.rows).toEqual([expect.objectContaining({ counterId: 'counter-1', calls: 2, idleMinutes: 3 })]);
      const csv = productivityCsv(report).split('\r\n');
      expect(csv[0]).toBe(
        'period,counter,clerk,clerk_name,calls,finished,no_shows,transferred,avg_wait_min,avg_walk_min,avg_service_min,idle_min,signed_in_min',
      );
      expect(csv[1]).toMatch(/^2027-03-01,counter-1,,,2,1,1,0,/);
      expect(csv[2]).toBe('2027-03-01,,C1001,王**,2,1,1,0,12.5,2,10,13,27');
    } finally {
      await queue.close();
      await db.close();
    }
  });
});

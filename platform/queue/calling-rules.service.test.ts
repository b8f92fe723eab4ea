// The calling rules inside the hall queue service, on PostgreSQL: the ticket each call takes, the
// reason it carries in the call event and the snapshot, the counters' backup skills, appointments at
// their slot, and the hall day turning at its reset time with or without the queue kept overnight.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { HallQueueConfig, hallDay, type QueueEvent } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

const MINUTE = 60_000;

async function open(clock: ManualClock, overrides: Partial<HallQueueConfig> = {}) {
  const db = await openPlatformDatabase(await freshDatabaseUrl());
  const queue = await QueueService.open(db, { clock });
  await queue.setConfig(HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, ...overrides }));
  const events: QueueEvent[] = [];
  queue.subscribe((e) => events.push(e));
  return { db, queue, events, records: new QueueRecords(queue, { demoAppointments: false }), close: async () => (await queue.close(), await db.close()) };
}

let hall: Awaited<ReturnType<typeof open>> | undefined;
afterEach(async () => {
  await hall?.close();
  hall = undefined;
});

describeOnPostgres('calling rules in the hall queue service', () => {
  it('calls a ticket past the maximum wait before priority tickets, and says so in the call event and the snapshot', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock, { callingRules: { maxWaitMinutes: 30, appointmentsAtSlot: true } });
    const { queue } = hall;
    const normal = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.advance(10 * MINUTE);
    const vip = await queue.issue({ service: 'social-security', priority: 'vip', source: 'clerk' });
    // Before the guard: the policy's order (vip first), with that reason.
    expect((await queue.callNext('counter-1'))!.ticket).toMatchObject({ id: vip.ticket.id, callReason: { rule: 'order', policy: 'strict', priority: 'vip' } });
    await queue.end('counter-1', 'finished');
    await queue.issue({ service: 'social-security', priority: 'elderly', source: 'kiosk' });
    clock.advance(31 * MINUTE);
    const called = (await queue.callNext('counter-1'))!;
    expect(called.ticket.id).toBe(normal.ticket.id);
    expect(called.ticket.callReason).toEqual({ rule: 'max-wait', waitedMinutes: 41 });
    const event = hall.events.filter((e) => e.type === 'ticket.called').at(-1)!;
    expect(event.ticket?.callReason).toEqual({ rule: 'max-wait', waitedMinutes: 41 });
    const snapshot = await queue.snapshot();
    expect(snapshot.tickets.find((t) => t.id === normal.ticket.id)?.callReason).toEqual({ rule: 'max-wait', waitedMinutes: 41 });
  });

  it('holds the priority ratio at each counter: two priority calls, then a normal one while normals wait', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock, { callingRules: { ratio: { priority: 2, normal: 1 }, appointmentsAtSlot: true } });
    const { queue } = hall;
    for (let i = 0; i < 3; i++) {
      await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
      clock.advance(MINUTE);
    }
    for (let i = 0; i < 5; i++) {
      await queue.issue({ service: 'social-security', priority: 'elderly', source: 'kiosk' });
      clock.advance(MINUTE);
    }
    const classes: string[] = [];
    const rules: string[] = [];
    for (let i = 0; i < 8; i++) {
      const called = (await queue.callNext('counter-1'))!;
      classes.push(called.ticket.priority);
      rules.push(called.ticket.callReason!.rule);
      await queue.end('counter-1', 'finished');
      clock.advance(MINUTE);
    }
    expect(classes).toEqual(['elderly', 'elderly', 'normal', 'elderly', 'elderly', 'normal', 'elderly', 'normal']);
    expect(rules.slice(0, 3)).toEqual(['order', 'order', 'ratio']);
    // Another counter keeps its own count.
    expect(await queue.callNext('counter-2')).toBeNull();
  });

  it('serves backup services only when no primary ticket waits, and checks the backup services named', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    const counters = DEMO_HALL_CONFIG.counters.map((c) => (c.id === 'counter-4' ? { ...c, backupServices: ['social-security'] } : c));
    hall = await open(clock, { counters });
    const { queue } = hall;
    const social = await queue.issue({ service: 'social-security', priority: 'vip', source: 'clerk' });
    clock.advance(MINUTE);
    const household = await queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    expect((await queue.callNext('counter-4'))!.ticket.id).toBe(household.ticket.id);
    await queue.end('counter-4', 'finished');
    expect((await queue.callNext('counter-4'))!.ticket.id).toBe(social.ticket.id);
    expect(() =>
      HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, counters: [{ id: 'c', name: 'c', number: '1', services: ['household'], backupServices: ['household'] }] }),
    ).toThrow(/already a primary service/);
    expect(() =>
      HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, counters: [{ id: 'c', name: 'c', number: '1', services: ['household'], backupServices: ['nope'] }] }),
    ).toThrow(/no service \\"nope\\"/);
  });

  it('lets an appointment checked in early wait as a normal ticket until its slot, then rank as an appointment', async () => {
    // 09:00 hall time; the appointment's slot is 09:30.
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock);
    const { queue, records } = hall;
    await records.seedAppointments(queue.today(), [{ service: 'social-security', slot: '09:30', idNumber: '110105199003071234', maskedName: '张**' }]);
    const walkIn = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.advance(MINUTE);
    const booked = await records.checkIn('110105199003071234');
    const early = (await queue.callNext('counter-1'))!;
    expect(early.ticket.id).toBe(walkIn.ticket.id);
    await queue.end('counter-1', 'finished');
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.set('2027-03-01T01:31:00Z');
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    expect((await queue.callNext('counter-1'))!.ticket).toMatchObject({ id: booked.ticket.id, callReason: { rule: 'order', priority: 'appointment' } });
  });

  it('lets a clerk pick a ticket where the hall allows it, and records the pick as the reason', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock, { allowPickOutOfOrder: true });
    const { queue } = hall;
    await queue.issue({ service: 'social-security', priority: 'vip', source: 'clerk' });
    const later = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    expect((await queue.callNext('counter-1', later.ticket.id))!.ticket.callReason).toEqual({ rule: 'picked' });
  });
});

describeOnPostgres('the hall day', () => {
  // The run's shifted date when there is one (HALL_TEST_NOW sits 30 s before a new year, hall time).
  const shifted = process.env.HALL_TEST_NOW;

  it('turns at the configured reset time, hall time (Asia/Shanghai has no summer time)', () => {
    expect(hallDay(new Date('2027-03-01T15:59:59Z'))).toBe('2027-03-01');
    expect(hallDay(new Date('2027-03-01T16:00:00Z'))).toBe('2027-03-02');
    // With a 03:00 reset, 02:59 hall time still belongs to the day before.
    expect(hallDay(new Date('2027-03-01T18:59:00Z'), '03:00')).toBe('2027-03-01');
    expect(hallDay(new Date('2027-03-01T19:00:00Z'), '03:00')).toBe('2027-03-02');
    // Across the year's turn and the summer-time dates of other zones alike: 24 hours always make one day.
    for (const at of ['2026-12-31T15:59:30Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z', ...(shifted ? [shifted] : [])]) {
      const ms = Date.parse(at);
      expect(Date.parse(hallDay(new Date(ms + 86_400_000), '03:00')) - Date.parse(hallDay(new Date(ms), '03:00'))).toBe(86_400_000);
    }
    expect(() => hallDay(new Date(0), '24:00')).toThrow(/HH:MM/);
  });

  it('restarts numbering at the reset time and leaves unserved tickets with the old day unless the queue is kept overnight', async () => {
    const clock = new ManualClock(shifted ?? '2026-12-31T23:59:30+08:00');
    hall = await open(clock, { dayBoundary: { resetAt: '03:00', keepOvernight: false } });
    const { queue } = hall;
    const before = queue.today();
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.advance(2 * 60 * MINUTE); // 01:59:30: still the same hall day
    expect(queue.today()).toBe(before);
    expect((await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A002');
    clock.advance(62 * MINUTE); // past 03:00
    expect(queue.today()).not.toBe(before);
    expect((await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A001');
    const snapshot = await queue.snapshot();
    expect(snapshot.tickets.map((t) => t.number)).toEqual(['A001']);
  });

  it('carries waiting tickets into the next day with their numbers when the queue is kept overnight, and numbers on after them', async () => {
    const clock = new ManualClock(shifted ?? '2026-12-31T23:59:30+08:00');
    hall = await open(clock, { dayBoundary: { resetAt: '00:00', keepOvernight: true } });
    const { queue } = hall;
    const first = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    const second = await queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    await queue.callNext('counter-4');
    await queue.end('counter-4', 'finished');
    const before = queue.today();
    clock.advance(MINUTE); // the new year, hall time
    const snapshot = await queue.snapshot();
    expect(snapshot.day).not.toBe(before);
    expect(snapshot.tickets.map((t) => [t.number, t.day])).toEqual([[first.ticket.number, snapshot.day]]);
    expect((await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A002');
    expect((await queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('B001');
    expect((await queue.callNext('counter-1'))!.ticket.id).toBe(first.ticket.id);
    expect(second.ticket.day).toBe(before);
  });
});

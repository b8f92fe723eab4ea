import { clockFrom } from '../../contract/clock.js';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { HallQueueConfig, type QueueEvent } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { QueueError, QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

let clock = new Date('2026-11-23T01:00:00Z');
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

async function open(overrides: Partial<HallQueueConfig> = {}) {
  const db = await openPlatformDatabase(await freshDatabaseUrl());
  const queue = await QueueService.open(db, { clock: clockFrom(() => clock.getTime()) });
  await queue.setConfig(HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, ...overrides }));
  return { db, queue, records: new QueueRecords(queue, { demoAppointments: false }), close: async () => (await queue.close(), await db.close()) };
}

describeOnPostgres('hall queue service', async () => {
  let hall: Awaited<ReturnType<typeof open>>;
  const events: QueueEvent[] = [];
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00Z');
    hall = await open();
    events.length = 0;
    hall.queue.subscribe((e) => events.push(e));
  });
  afterEach(() => hall.close());

  it('numbers each queue per day with its letter, and restarts the next day', async () => {
    expect((await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A001');
    expect((await hall.queue.issue({ service: 'medical-insurance', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A002');
    expect((await hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('B001');
    advance(24 * 3600);
    expect((await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A001');
    await expect(hall.queue.issue({ service: 'nope', priority: 'normal', source: 'kiosk' })).rejects.toThrow(QueueError);
  });

  it('calls by priority then issue time, only services the counter serves, and refuses picking out of order', async () => {
    const a1 = await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    advance(1);
    await hall.queue.issue({ service: 'household', priority: 'vip', source: 'clerk' });
    advance(1);
    const a3 = await hall.queue.issue({ service: 'social-security', priority: 'elderly', source: 'kiosk' });
    expect(a3.waitingAhead).toBe(0);
    await expect(hall.queue.callNext('counter-1', a1.ticket.id)).rejects.toThrow(/in order/);
    const first = (await hall.queue.callNext('counter-1'))!;
    expect(first.ticket.id).toBe(a3.ticket.id);
    await expect(hall.queue.callNext('counter-1')).rejects.toThrow(/current ticket/);
    const called = events.find((e) => e.type === 'ticket.called')!;
    expect(called.announcement).toBe('请 A002 号到 1 号窗口办理');
    await hall.queue.end('counter-1', 'finished');
    expect((await hall.queue.callNext('counter-1'))!.ticket.id).toBe(a1.ticket.id);
    await hall.queue.end('counter-1', 'no-show');
    expect(await hall.queue.callNext('counter-1')).toBeNull(); // the vip ticket is for household: not served at counter 1
  });

  it('recalls at most N times with a minimum gap', async () => {
    await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await hall.queue.callNext('counter-1');
    await expect(hall.queue.recall('counter-1')).rejects.toThrow(/wait 10 s/);
    for (let i = 0; i < 3; i++) {
      advance(10);
      expect((await hall.queue.recall('counter-1')).recalls).toBe(i + 1);
    }
    advance(10);
    await expect(hall.queue.recall('counter-1')).rejects.toThrow(/3 times/);
  });

  it('transfers to another service or counter and keeps the citizen near the front', async () => {
    await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    advance(60);
    const later = await hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    const called = (await hall.queue.callNext('counter-1'))!;
    advance(120);
    const moved = await hall.queue.transfer('counter-1', { counterId: 'counter-4', service: 'household' });
    expect(moved).toMatchObject({ state: 'waiting', service: 'household', transfers: 1 });
    await expect(hall.queue.transfer('counter-1', { service: 'household' })).rejects.toThrow(/not serving/);
    // Counter 3 serves household too, but the transfer named counter 4: 3 gets the other ticket.
    expect((await hall.queue.callNext('counter-3'))!.ticket.id).toBe(later.ticket.id);
    expect((await hall.queue.callNext('counter-4'))!.ticket.id).toBe(called.ticket.id);
  });

  it('pauses with a reason, refuses calls while paused, resumes, and auto-calls when configured', async () => {
    await hall.close();
    hall = await open({ autoCallNext: true });
    hall.queue.subscribe((e) => events.push(e));
    await expect(hall.queue.pause('counter-1', ' ')).rejects.toThrow(/reason/);
    await hall.queue.pause('counter-1', '午休');
    await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await expect(hall.queue.callNext('counter-1')).rejects.toThrow(/paused/);
    await hall.queue.resume('counter-1'); // auto call-next picks the waiting ticket at once
    expect((await hall.queue.snapshot()).counters.find((c) => c.id === 'counter-1')!.currentTicketId).toBeDefined();
    expect(events.map((e) => e.type)).toEqual(['counter.paused', 'ticket.issued', 'counter.resumed', 'ticket.called']);
  });

  it("gives a display switched on mid-morning the day's latest calls, finished ones too, newest first", async () => {
    const first = await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    const second = await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await hall.queue.callNext('counter-1');
    advance(60);
    await hall.queue.end('counter-1', 'finished');
    await hall.queue.callNext('counter-1');
    const snapshot = await hall.queue.snapshot();
    expect(snapshot.recentCalls.map((t) => [t.number, t.state])).toEqual([
      [second.ticket.number, 'called'],
      [first.ticket.number, 'finished'],
    ]);
    expect(snapshot.tickets.map((t) => t.number)).not.toContain(first.ticket.number);
  });

  it('estimates waits from recent service times', async () => {
    await hall.close();
    hall = await open({ counters: [{ id: 'c1', name: '1号窗口', number: '1', services: ['general'] }] });
    for (let i = 0; i < 3; i++) await hall.queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    await hall.queue.callNext('c1');
    advance(120);
    await hall.queue.end('c1', 'finished');
    const next = await hall.queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    expect(next.waitingAhead).toBe(2);
    expect(next.estimatedMinutes).toBe(4); // 2 ahead × 2 min each, one counter
  });

  it('leases blocks from their own range, so the day starts at 001, and replays offline tickets once, in issue order', async () => {
    const lease = await hall.queue.lease('kiosk-1', 'A');
    expect(lease).toMatchObject({ from: 501, to: 520 });
    expect(await hall.queue.lease('kiosk-2', 'A')).toMatchObject({ from: 521, to: 540 });
    expect((await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A001');
    const day = hall.queue.today();
    const mk = (n: number, minutes: number) => ({
      id: randomUUID(),
      number: `A${String(n).padStart(3, '0')}`,
      day,
      leaseId: lease.id,
      service: 'social-security',
      priority: 'normal' as const,
      source: 'kiosk' as const,
      issuedAt: new Date(clock.getTime() - minutes * 60_000).toISOString(),
    });
    const offline = [mk(502, 5), mk(501, 10)];
    const result = await hall.queue.replay('kiosk-1', offline);
    expect(result.accepted).toEqual([offline[1]!.id, offline[0]!.id]);
    expect(await hall.queue.replay('kiosk-1', offline)).toMatchObject({ accepted: [], duplicates: [offline[1]!.id, offline[0]!.id] });
    expect((await hall.queue.replay('kiosk-2', [mk(503, 1)])).rejected[0]!.reason).toMatch(/not a lease/);
    expect((await hall.queue.replay('kiosk-1', [mk(521, 1)])).rejected[0]!.reason).toMatch(/outside/);
    // Issued earlier, the offline tickets are called before the online A001.
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      order.push((await hall.queue.callNext('counter-1'))!.ticket.number);
      await hall.queue.end('counter-1', 'finished');
    }
    expect(order).toEqual(['A501', 'A502', 'A001']);
  });

  it('checks in an appointment by ID number once, with appointment priority', async () => {
    const idNumber = withIdNumberCheckCharacter('11010519900307123');
    await hall.records.seedAppointments(hall.queue.today(), [{ service: 'household', slot: '09:30', idNumber, maskedName: '张**' }]);
    expect(JSON.stringify(await hall.db.query('SELECT * FROM queue_appointments'))).not.toContain(idNumber);
    const checked = await hall.records.checkIn(idNumber);
    expect(checked.ticket).toMatchObject({ priority: 'appointment', source: 'appointment', maskedName: '张**', service: 'household' });
    await expect(hall.records.checkIn(idNumber)).rejects.toThrow(/already checked in/);
    await expect(hall.records.checkIn(withIdNumberCheckCharacter('11010519900307124'))).rejects.toThrow(/no appointment/);
  });

  it('takes one rating per service; a bad rating needs a reason and opens a follow-up with a deadline', async () => {
    const issued = await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await hall.queue.callNext('counter-1');
    await expect(hall.records.evaluate({ ticketId: issued.ticket.id, level: 5, channel: 'window' })).rejects.toThrow(/finished/);
    await hall.queue.end('counter-1', 'finished');
    await expect(hall.records.evaluate({ ticketId: issued.ticket.id, level: 1, channel: 'window' })).rejects.toThrow(/reason/);
    const out = await hall.records.evaluate({ ticketId: issued.ticket.id, level: 2, reason: '等待太久', channel: 'window' });
    expect(out.followUpId).toBeDefined();
    expect(out.deadline!.slice(0, 10)).toBe('2026-11-30'); // Monday + 5 working days
    await expect(hall.records.evaluate({ ticketId: issued.ticket.id, level: 5, channel: 'window' })).rejects.toThrow(/already been rated/);
    const stats = await hall.records.stats();
    expect(stats.ratings[2]).toBe(1);
    expect(stats.followUps).toHaveLength(1);
    expect(stats.byService.find((s) => s.key === 'social-security')).toMatchObject({ tickets: 1, finished: 1 });
    expect(events.map((e) => e.type).slice(-2)).toEqual(['evaluation.recorded', 'followup.opened']);
  });

  it('numbers events in order, and the log replays them from any point', async () => {
    await hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    await hall.queue.callNext('counter-1');
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await hall.queue.store.eventsSince(seqs[0]!)).map((e) => e.seq)).toEqual(seqs.slice(1));
  });
});

import Database from 'better-sqlite3';
import { clockFrom } from '../../contract/clock.js';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { HallQueueConfig, type QueueEvent } from '../../contract/queue.js';
import { migratePlatform } from '../migrations.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { QueueError, QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

let clock = new Date('2026-11-23T01:00:00Z');
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

function open(overrides: Partial<HallQueueConfig> = {}) {
  const db = new Database(':memory:');
  migratePlatform(db);
  const queue = new QueueService(db, { clock: clockFrom(() => clock.getTime()) });
  queue.setConfig(HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, ...overrides }));
  return { db, queue, records: new QueueRecords(queue, { demoAppointments: false }) };
}

describe('hall queue service', () => {
  let hall: ReturnType<typeof open>;
  const events: QueueEvent[] = [];
  beforeEach(() => {
    clock = new Date('2026-11-23T01:00:00Z');
    hall = open();
    events.length = 0;
    hall.queue.subscribe((e) => events.push(e));
  });
  afterEach(() => hall.db.close());

  it('numbers each queue per day with its letter, and restarts the next day', () => {
    expect(hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' }).ticket.number).toBe('A001');
    expect(hall.queue.issue({ service: 'medical-insurance', priority: 'normal', source: 'kiosk' }).ticket.number).toBe('A002');
    expect(hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' }).ticket.number).toBe('B001');
    advance(24 * 3600);
    expect(hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' }).ticket.number).toBe('A001');
    expect(() => hall.queue.issue({ service: 'nope', priority: 'normal', source: 'kiosk' })).toThrow(QueueError);
  });

  it('calls by priority then issue time, only services the counter serves, and refuses picking out of order', () => {
    const a1 = hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    advance(1);
    hall.queue.issue({ service: 'household', priority: 'vip', source: 'clerk' });
    advance(1);
    const a3 = hall.queue.issue({ service: 'social-security', priority: 'elderly', source: 'kiosk' });
    expect(a3.waitingAhead).toBe(0);
    expect(() => hall.queue.callNext('counter-1', a1.ticket.id)).toThrow(/in order/);
    const first = hall.queue.callNext('counter-1')!;
    expect(first.ticket.id).toBe(a3.ticket.id);
    expect(() => hall.queue.callNext('counter-1')).toThrow(/current ticket/);
    const called = events.find((e) => e.type === 'ticket.called')!;
    expect(called.announcement).toBe('请 A002 号到 1 号窗口办理');
    hall.queue.end('counter-1', 'finished');
    expect(hall.queue.callNext('counter-1')!.ticket.id).toBe(a1.ticket.id);
    hall.queue.end('counter-1', 'no-show');
    expect(hall.queue.callNext('counter-1')).toBeNull(); // the vip ticket is for household: not served at counter 1
  });

  it('recalls at most N times with a minimum gap', () => {
    hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    hall.queue.callNext('counter-1');
    expect(() => hall.queue.recall('counter-1')).toThrow(/wait 10 s/);
    for (let i = 0; i < 3; i++) {
      advance(10);
      expect(hall.queue.recall('counter-1').recalls).toBe(i + 1);
    }
    advance(10);
    expect(() => hall.queue.recall('counter-1')).toThrow(/3 times/);
  });

  it('transfers to another service or counter and keeps the citizen near the front', () => {
    hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    advance(60);
    const later = hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    const called = hall.queue.callNext('counter-1')!;
    advance(120);
    const moved = hall.queue.transfer('counter-1', { counterId: 'counter-4', service: 'household' });
    expect(moved).toMatchObject({ state: 'waiting', service: 'household', transfers: 1 });
    expect(() => hall.queue.transfer('counter-1', { service: 'household' })).toThrow(/not serving/);
    // Counter 3 serves household too, but the transfer named counter 4: 3 gets the other ticket.
    expect(hall.queue.callNext('counter-3')!.ticket.id).toBe(later.ticket.id);
    expect(hall.queue.callNext('counter-4')!.ticket.id).toBe(called.ticket.id);
  });

  it('pauses with a reason, refuses calls while paused, resumes, and auto-calls when configured', () => {
    hall.db.close();
    hall = open({ autoCallNext: true });
    hall.queue.subscribe((e) => events.push(e));
    expect(() => hall.queue.pause('counter-1', ' ')).toThrow(/reason/);
    hall.queue.pause('counter-1', '午休');
    hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    expect(() => hall.queue.callNext('counter-1')).toThrow(/paused/);
    hall.queue.resume('counter-1'); // auto call-next picks the waiting ticket at once
    expect(hall.queue.snapshot().counters.find((c) => c.id === 'counter-1')!.currentTicketId).toBeDefined();
    expect(events.map((e) => e.type)).toEqual(['counter.paused', 'ticket.issued', 'counter.resumed', 'ticket.called']);
  });

  it('estimates waits from recent service times', () => {
    hall.db.close();
    hall = open({ counters: [{ id: 'c1', name: '1号窗口', number: '1', services: ['general'] }] });
    for (let i = 0; i < 3; i++) hall.queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    hall.queue.callNext('c1');
    advance(120);
    hall.queue.end('c1', 'finished');
    const next = hall.queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    expect(next.waitingAhead).toBe(2);
    expect(next.estimatedMinutes).toBe(4); // 2 ahead × 2 min each, one counter
  });

  it('leases blocks that never collide and replays offline tickets once, in issue order', () => {
    const lease = hall.queue.lease('kiosk-1', 'A');
    expect(lease).toMatchObject({ from: 1, to: 20 });
    expect(hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' }).ticket.number).toBe('A021');
    const day = hall.queue.today();
    const mk = (n: number, minutes: number) => ({
      id: randomUUID(), number: `A${String(n).padStart(3, '0')}`, day, leaseId: lease.id, service: 'social-security',
      priority: 'normal' as const, source: 'kiosk' as const, issuedAt: new Date(clock.getTime() - minutes * 60_000).toISOString(),
    });
    const offline = [mk(2, 5), mk(1, 10)];
    const result = hall.queue.replay('kiosk-1', offline);
    expect(result.accepted).toEqual([offline[1]!.id, offline[0]!.id]);
    expect(hall.queue.replay('kiosk-1', offline)).toMatchObject({ accepted: [], duplicates: [offline[1]!.id, offline[0]!.id] });
    expect(hall.queue.replay('kiosk-2', [mk(3, 1)]).rejected[0]!.reason).toMatch(/not a lease/);
    expect(hall.queue.replay('kiosk-1', [mk(21, 1)]).rejected[0]!.reason).toMatch(/outside/);
    // Issued earlier, the offline tickets are called before the online A021.
    expect(['A001', 'A002', 'A021'].map(() => { const c = hall.queue.callNext('counter-1')!.ticket.number; hall.queue.end('counter-1', 'finished'); return c; })).toEqual(['A001', 'A002', 'A021']);
  });

  it('checks in an appointment by ID number once, with appointment priority', () => {
    const idNumber = withIdNumberCheckCharacter('11010519900307123');
    hall.records.seedAppointments(hall.queue.today(), [{ service: 'household', slot: '09:30', idNumber, maskedName: '张**' }]);
    expect(hall.db.prepare('SELECT * FROM queue_appointments').all().map((r) => JSON.stringify(r)).join()).not.toContain(idNumber);
    const checked = hall.records.checkIn(idNumber);
    expect(checked.ticket).toMatchObject({ priority: 'appointment', source: 'appointment', maskedName: '张**', service: 'household' });
    expect(() => hall.records.checkIn(idNumber)).toThrow(/already checked in/);
    expect(() => hall.records.checkIn(withIdNumberCheckCharacter('11010519900307124'))).toThrow(/no appointment/);
  });

  it('takes one rating per service; a bad rating needs a reason and opens a follow-up with a deadline', () => {
    const issued = hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    hall.queue.callNext('counter-1');
    expect(() => hall.records.evaluate({ ticketId: issued.ticket.id, level: 5, channel: 'window' })).toThrow(/finished/);
    hall.queue.end('counter-1', 'finished');
    expect(() => hall.records.evaluate({ ticketId: issued.ticket.id, level: 1, channel: 'window' })).toThrow(/reason/);
    const out = hall.records.evaluate({ ticketId: issued.ticket.id, level: 2, reason: '等待太久', channel: 'window' });
    expect(out.followUpId).toBeDefined();
    expect(out.deadline!.slice(0, 10)).toBe('2026-11-30'); // Monday + 5 working days
    expect(() => hall.records.evaluate({ ticketId: issued.ticket.id, level: 5, channel: 'window' })).toThrow(/already been rated/);
    const stats = hall.records.stats();
    expect(stats.ratings[2]).toBe(1);
    expect(stats.followUps).toHaveLength(1);
    expect(stats.byService.find((s) => s.key === 'social-security')).toMatchObject({ tickets: 1, finished: 1 });
    expect(events.map((e) => e.type).slice(-2)).toEqual(['evaluation.recorded', 'followup.opened']);
  });

  it('numbers events in order, and the log replays them from any point', () => {
    hall.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    hall.queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' });
    hall.queue.callNext('counter-1');
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(hall.queue.store.eventsSince(seqs[0]!).map((e) => e.seq)).toEqual(seqs.slice(1));
  });
});

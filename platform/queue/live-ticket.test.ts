import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import type { LiveTicketView } from '../../contract/live-ticket.js';
import { HallQueueConfig, type QueueEvent } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import type { Notice, NoticeGateway, SendOutcome } from '../notify/gateways.js';
import { PlatformSealer } from '../sealing.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { LiveTickets } from './live-ticket.js';
import { Parking } from './parking.js';
import { QueueError, QueueService } from './queue-service.js';
import { Reminders } from './reminders.js';

/** A gateway that records what it is asked to send, and answers `retry` while told to. */
class RecordingGateway implements NoticeGateway {
  readonly channel = 'sms' as const;
  readonly sent: Notice[] = [];
  failNext = 0;
  async send(notice: Notice): Promise<SendOutcome> {
    if (this.failNext > 0) {
      this.failNext--;
      return { kind: 'retry', reason: 'gateway busy' };
    }
    this.sent.push(notice);
    return { kind: 'sent' };
  }
}

const PHONE = '13800138000';

describeOnPostgres('live ticket, park and recall, reminders', async () => {
  let clock: ManualClock;
  let db: Database;
  let queue: QueueService;
  let live: LiveTickets;
  let parking: Parking;
  let gateway: RecordingGateway;
  let reminders: Reminders;
  const events: QueueEvent[] = [];
  const sealer = new PlatformSealer();

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T01:00:00Z');
    db = await openPlatformDatabase(await freshDatabaseUrl());
    queue = await QueueService.open(db, { clock, sealer });
    await queue.setConfig(
      HallQueueConfig.parse({
        ...DEMO_HALL_CONFIG,
        liveTicket: { baseUrl: 'http://192.168.10.5:8740', awayMinutes: 10 },
        silentCalling: { showMaskedName: true },
      }),
    );
    live = new LiveTickets(queue);
    parking = new Parking(queue);
    gateway = new RecordingGateway();
    reminders = new Reminders(queue, { sms: gateway }, { pollMs: 0, backoffMs: 1000 });
    events.length = 0;
    queue.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    live.close();
    await reminders.close();
    await queue.close();
    await db.close();
  });

  const issue = (extra: { phone?: string; maskedName?: string; service?: string } = {}) =>
    queue.issue({ service: extra.service ?? 'social-security', priority: 'normal', source: 'kiosk', ...extra });
  const dump = async () =>
    JSON.stringify(await db.query('SELECT * FROM queue_tickets')) +
    JSON.stringify(await db.query('SELECT * FROM queue_events')) +
    JSON.stringify(await db.query('SELECT * FROM queue_live_tickets')) +
    JSON.stringify(await db.query('SELECT * FROM queue_ticket_contacts'));

  it('gives each ticket an unguessable token kept only as a hash, and a view without personal data', async () => {
    await issue();
    const mine = await issue({ phone: PHONE, maskedName: '张*女士' });
    expect(mine.liveToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const view = await live.viewOf(mine.liveToken!);
    expect(view).toMatchObject({ number: 'A002', serviceName: '社保业务', state: 'waiting', peopleAhead: 1, awayMinutes: 10 });
    expect(JSON.stringify(view)).not.toMatch(/张|138/);
    const stored = await dump();
    expect(stored).not.toContain(mine.liveToken!);
    expect(stored).not.toContain(PHONE);
    expect(stored).not.toContain('张');
    await expect(live.viewOf('A'.repeat(43))).rejects.toThrow(QueueError);
  });

  it('steps out keeping the place, is not called meanwhile, comes back, and runs out into a no-show', async () => {
    const first = await issue();
    const second = await issue();
    await live.stepOut(first.liveToken!);
    expect((await live.viewOf(second.liveToken!)).peopleAhead).toBe(0);
    expect((await queue.callNext('counter-1'))!.ticket.id).toBe(second.ticket.id);
    await queue.end('counter-1', 'finished');
    const back = await live.back(first.liveToken!);
    expect(back).toMatchObject({ state: 'waiting', peopleAhead: 0 });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ticket.away', 'ticket.back']));

    await live.stepOut(first.liveToken!);
    clock.advance(9 * 60_000);
    expect(await live.expireAway()).toBe(0);
    clock.advance(2 * 60_000);
    expect(await live.expireAway()).toBe(1);
    expect((await live.viewOf(first.liveToken!)).state).toBe('no-show');
    await expect(live.back(first.liveToken!)).rejects.toThrow(/new ticket/);
  });

  it('opens the page of a ticket issued offline, by the token its kiosk printed, once it rejoins', async () => {
    const lease = await queue.lease('kiosk-1', 'A');
    const token = 'K'.repeat(43);
    const offline = {
      id: '6f1c1c3e-8d5b-4a43-9a55-0d1d8b0e6b1a',
      number: `A${lease.from}`,
      day: lease.day,
      leaseId: lease.id,
      service: 'social-security',
      priority: 'normal' as const,
      source: 'kiosk' as const,
      issuedAt: clock.iso(),
      liveToken: token,
    };
    await expect(live.viewOf(token)).rejects.toThrow(QueueError);
    expect((await queue.replay('kiosk-1', [offline])).accepted).toEqual([offline.id]);
    expect(await live.viewOf(token)).toMatchObject({ number: offline.number, state: 'waiting' });
    expect(await queue.replay('kiosk-1', [offline])).toMatchObject({ duplicates: [offline.id] });
    expect(await dump()).not.toContain(token);
  });

  it('cancels a waiting ticket and erases its contact', async () => {
    const mine = await issue({ phone: PHONE });
    expect((await live.cancel(mine.liveToken!)).state).toBe('cancelled');
    expect(await db.query('SELECT * FROM queue_ticket_contacts')).toEqual([]);
    await expect(live.stepOut(mine.liveToken!)).rejects.toThrow(/waiting/);
  });

  it('parks the current ticket, serves others, and recalls it from the park list', async () => {
    const parked = await issue();
    const next = await issue();
    await queue.callNext('counter-1');
    await parking.park('counter-1');
    expect(await live.viewOf(parked.liveToken!)).toMatchObject({ state: 'parked', window: '1' });
    expect((await parking.parkedAt('counter-1')).map((t) => t.id)).toEqual([parked.ticket.id]);
    expect((await queue.callNext('counter-1'))!.ticket.id).toBe(next.ticket.id);
    await expect(parking.recall('counter-1', parked.ticket.id)).rejects.toThrow(/current ticket/);
    await queue.end('counter-1', 'finished');
    await expect(parking.recall('counter-2', parked.ticket.id)).rejects.toThrow(/not parked at this counter/);
    const recalled = await parking.recall('counter-1', parked.ticket.id);
    expect(recalled.state).toBe('called');
    expect(events.find((e) => e.type === 'ticket.unparked')?.announcement).toBe('请 A001 号到 1 号窗口办理');
    expect((await live.viewOf(parked.liveToken!)).state).toBe('called');
    expect(await parking.parkedAt('counter-1')).toEqual([]);
  });

  it('pushes a changed view to the pages following a ticket', async () => {
    await issue();
    const mine = await issue();
    const seen: LiveTicketView[] = [];
    const stop = await live.follow(mine.liveToken!, (view) => seen.push(view));
    await queue.callNext('counter-1');
    await live.settled();
    await queue.end('counter-1', 'finished');
    await queue.callNext('counter-1');
    await live.settled();
    stop();
    expect(seen.map((v) => [v.state, v.peopleAhead ?? null, v.window ?? null])).toEqual([
      ['waiting', 1, null],
      ['waiting', 0, null],
      ['called', null, '1'],
    ]);
  });

  it('sends reminders at N and N−1 people ahead and at the call, once each, with the live link', async () => {
    for (let i = 0; i < 4; i++) await issue();
    const mine = await issue({ phone: PHONE });
    const serve = async () => {
      await queue.callNext('counter-1');
      await queue.end('counter-1', 'finished');
      await reminders.run();
    };
    await reminders.run();
    expect(gateway.sent).toEqual([]); // 4 ahead: not yet
    await serve(); // 3 ahead
    await serve(); // 2 ahead
    await serve(); // 1 ahead: no third reminder
    await queue.callNext('counter-1');
    await queue.end('counter-1', 'finished');
    await queue.callNext('counter-2');
    await reminders.run();
    await reminders.run();
    expect(gateway.sent.map((n) => n.noticeId.split(':')[1])).toEqual(['reminder-1', 'reminder-2', 'called']);
    expect(gateway.sent[0]!.text).toContain('前面还有 3 人');
    expect(gateway.sent[0]!.text).toContain(`http://192.168.10.5:8740/t/${mine.liveToken}`);
    expect(gateway.sent[2]!.text).toContain('请 A005 号到 2 号窗口办理');
    expect(gateway.sent.every((n) => n.contact.channel === 'sms' && n.contact.phone === PHONE)).toBe(true);
    // The ticket ends: its number is erased.
    await queue.end('counter-2', 'finished');
    expect(await db.query('SELECT * FROM queue_ticket_contacts')).toEqual([]);
  });

  it('decides each notice once with several instances, and retries a busy gateway with back-off', async () => {
    const other = await QueueService.open(db, { clock, sealer });
    const otherGateway = new RecordingGateway();
    const otherReminders = new Reminders(other, { sms: otherGateway }, { pollMs: 0, backoffMs: 1000 });
    try {
      gateway.failNext = 2;
      otherGateway.failNext = 2;
      const mine = await issue({ phone: PHONE });
      await Promise.all([reminders.run(), otherReminders.run()]);
      expect(gateway.sent.length + otherGateway.sent.length).toBe(0); // busy, and not yet due again
      for (let i = 0; i < 6; i++) {
        clock.advance(5_000);
        await Promise.all([reminders.run(), otherReminders.run()]);
      }
      const all = [...gateway.sent, ...otherGateway.sent];
      expect(all.map((n) => n.noticeId)).toEqual([`${mine.ticket.id}:reminder-1`]);
      const notices = await reminders.noticesOf(mine.ticket.id);
      expect(notices).toEqual([expect.objectContaining({ kind: 'reminder-1', status: 'sent' })]);
      // Each instance's gateway failed twice before one of them got it through.
      expect(notices[0]!.attempts).toBeGreaterThanOrEqual(3);
    } finally {
      await otherReminders.close();
      await other.close();
    }
  });

  it('keeps a masked name sealed, shows it on the call, and erases it when the ticket ends', async () => {
    const mine = await issue({ maskedName: '张*女士' });
    await queue.callNext('counter-1');
    const called = events.find((e) => e.type === 'ticket.called')!;
    expect(called.ticket!.maskedName).toBe('张*女士');
    expect((await queue.snapshot()).tickets.find((t) => t.id === mine.ticket.id)?.maskedName).toBe('张*女士');
    expect(await dump()).not.toContain('张');
    await queue.end('counter-1', 'finished');
    // The event log keeps the name only sealed; the ticket's own row lets it go.
    expect(await dump()).not.toContain('张');
    expect((await queue.store.eventsSince(0)).filter((e) => e.ticket?.maskedName).every((e) => e.ticket!.maskedName!.startsWith('sealed:'))).toBe(true);
    expect(await db.query('SELECT masked_name FROM queue_tickets WHERE masked_name IS NOT NULL')).toEqual([]);
  });

  it('keeps no masked name where the hall does not call by name', async () => {
    await queue.setConfig(HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, silentCalling: { showMaskedName: false } }));
    await issue({ maskedName: '张*女士' });
    expect(await db.query('SELECT masked_name FROM queue_tickets WHERE masked_name IS NOT NULL')).toEqual([]);
  });
});

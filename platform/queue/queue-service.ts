// The hall queue: every change runs in one transaction with its events, under the queue's advisory
// lock (instances sharing a database take turns, and event sequence numbers become visible in order).
// Events reach subscribers by reading the event table by sequence, woken by LISTEN/NOTIFY: an event
// made on one instance reaches the streams of every other, in order, without loss.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  announcementText, formatTicketNumber, hallDay, HallQueueConfig, orderWaiting, type CounterState, type IssuedTicket, type Lease,
  type OfflineTicket, type PriorityClass, type QueueEvent, type QueueSnapshot, type TicketSource,
} from '../../contract/queue.js';
import { systemClock, type Clock } from '../../contract/clock.js';
import type { Database } from '../db/database.js';
import { LOCKS } from '../migrations.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { publicAssist, publicTicket, QueueStore, type FieldSealer, type StoredTicket } from './queue-store.js';
import { adoptLiveToken, openLiveTicket } from './live-ticket-store.js';

export class QueueError extends Error {
  constructor(readonly code: 'not-found' | 'conflict' | 'bad-input' | 'forbidden', message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

export interface QueueServiceOptions {
  clock?: Clock;
  /** How often subscribers' streams look for events even without a notification (ms; default 1000). */
  pollMs?: number;
  /** Seals masked names and phone numbers at rest (the platform's sealer). */
  sealer?: FieldSealer;
}

/** The NOTIFY channel that wakes every instance's event stream. */
/** How many of the day's latest calls a snapshot carries (the display lists six). */
const RECENT_CALLS = 12;

export const QUEUE_EVENTS_CHANNEL = 'hall_queue_events';

type Emit = (event: Omit<QueueEvent, 'seq' | 'at'>) => Promise<void>;

export class QueueService {
  readonly store: QueueStore;
  private readonly events = new EventEmitter();
  /** The service's clock (tests set it); everything dated in the hall takes its time from here. */
  readonly clock: Clock;
  /** The last event handed to subscribers. */
  private delivered = 0;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private poller: NodeJS.Timeout | null = null;

  private constructor(db: Database, options: QueueServiceOptions) {
    this.store = new QueueStore(db, options.sealer);
    this.clock = options.clock ?? systemClock;
    this.events.setMaxListeners(0);
  }

  /** The hall's queue on this database: the demo hall when none is configured, streams following new events. */
  static async open(db: Database, options: QueueServiceOptions = {}): Promise<QueueService> {
    const service = new QueueService(db, options);
    await service.store.writeConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG), true);
    service.delivered = await service.store.lastSeq();
    service.stopListening = await db.listen(QUEUE_EVENTS_CHANNEL, () => void service.pump());
    // A notification lost with a dropped connection is made up for by looking now and then.
    service.poller = setInterval(() => void service.pump(), options.pollMs ?? 1000);
    service.poller.unref();
    return service;
  }

  async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.stopListening?.();
    this.stopListening = null;
    await this.running;
  }

  now(): Date {
    return this.clock.now();
  }

  get db(): Database {
    return this.store.db;
  }

  async config(): Promise<HallQueueConfig> {
    const config = await this.store.readConfig();
    if (!config) throw new Error('the hall queue has no configuration');
    return config;
  }

  today(): string {
    return hallDay(this.now());
  }

  /** Live events after they are committed, in sequence order; returns an unsubscribe. */
  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.events.on('event', listener);
    return () => void this.events.off('event', listener);
  }

  /**
   * Hands subscribers every committed event after the last one handed out. Passes run one at a time;
   * a call made while one runs is answered by the next pass, which sees whatever committed before it.
   */
  pump(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(async () => {
      this.queued = null;
      try {
        for (let batch = await this.store.eventsSince(this.delivered); batch.length; batch = await this.store.eventsSince(this.delivered)) {
          for (const event of batch) {
            this.delivered = event.seq;
            this.events.emit('event', event);
          }
        }
      } catch {
        // The database is away: the next notification or poll picks up from the same place.
      }
    });
    this.queued = next;
    this.running = next;
    return next;
  }

  /** Runs a change and its events in one transaction under the queue's lock, then publishes the events. */
  async change<T>(work: (emit: Emit) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(async () => {
      await this.db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queue]);
      let emitted = 0;
      const out = await work(async (e) => {
        await this.store.appendEvent({ ...e, at: this.now().toISOString() } as Omit<QueueEvent, 'seq'>);
        emitted++;
      });
      if (emitted > 0) await this.db.query('SELECT pg_notify($1, $2)', [QUEUE_EVENTS_CHANNEL, '']);
      return out;
    });
    await this.pump();
    return result;
  }

  async setConfig(config: HallQueueConfig): Promise<void> {
    await this.change(async (emit) => {
      await this.store.writeConfig(config);
      await emit({ type: 'config.changed' });
    });
  }

  async snapshot(): Promise<QueueSnapshot> {
    const day = this.today();
    const config = await this.config();
    const waiting = [];
    for (const s of config.services) {
      const count = await this.store.waitingCount(day, s.code);
      waiting.push({ service: s.code, waiting: count, estimatedMinutes: await this.estimateMinutes(s.code, count, config) });
    }
    const counters: CounterState[] = [];
    for (const c of config.counters) counters.push((await this.store.counter(config, c.id))!);
    return {
      seq: await this.store.lastSeq(),
      day,
      config,
      tickets: (await this.store.ticketsOfDay(day, ['waiting', 'called', 'away', 'parked'])).map(publicTicket),
      recentCalls: (await this.store.recentlyCalled(day, RECENT_CALLS)).map(publicTicket),
      counters,
      waiting,
      assists: (await this.store.openAssists(day)).map((a) => publicAssist(a, config)),
    };
  }

  /** Minutes until `ahead` people in a service have been served, from recent service times. */
  async estimateMinutes(service: string, ahead: number, known?: HallQueueConfig): Promise<number> {
    const config = known ?? (await this.config());
    const perCitizen = (await this.store.recentServiceMinutes(service)) ?? config.defaultServiceMinutes;
    let open = 0;
    for (const c of config.counters) if (c.services.includes(service) && !(await this.store.counter(config, c.id))!.paused) open++;
    return Math.ceil((perCitizen * ahead) / Math.max(1, open));
  }

  private serviceOf(config: HallQueueConfig, code: string) {
    const service = config.services.find((s) => s.code === code);
    if (!service) throw new QueueError('bad-input', `no service "${code}" in this hall`);
    return service;
  }

  private async counterOf(config: HallQueueConfig, id: string): Promise<CounterState> {
    const counter = await this.store.counter(config, id);
    if (!counter) throw new QueueError('not-found', `no counter "${id}" in this hall`);
    return counter;
  }

  private async ticketOf(id: string): Promise<StoredTicket> {
    const ticket = await this.store.ticket(id);
    if (!ticket) throw new QueueError('not-found', `no ticket "${id}"`);
    return ticket;
  }

  /** Waiting tickets of the same service ahead of this one, in calling order. */
  private async position(ticket: StoredTicket, config: HallQueueConfig): Promise<IssuedTicket> {
    const waiting = await this.store.ticketsOfDay(ticket.day, ['waiting'], ticket.service);
    const ordered = orderWaiting(waiting, config.ordering, this.now());
    const ahead = Math.max(0, ordered.findIndex((t) => t.id === ticket.id));
    return { ticket: publicTicket(ticket), waitingAhead: ahead, estimatedMinutes: await this.estimateMinutes(ticket.service, ahead, config) };
  }

  /**
   * Issues a ticket with its live ticket token (given to the issuing terminal once, kept here only as a
   * hash). A masked name is kept only where the hall calls by name (silent calling); a phone only to
   * send the reminders, sealed, until the ticket ends.
   */
  async issue(input: { service: string; priority: PriorityClass; source: TicketSource; maskedName?: string; phone?: string }): Promise<IssuedTicket> {
    const config = await this.config();
    const service = this.serviceOf(config, input.service);
    const { phone, maskedName, ...rest } = input;
    const { ticket, liveToken } = await this.change(async (emit) => {
      const day = this.today();
      const n = await this.store.takeNumbers(day, service.queue, 1);
      const named = config.silentCalling.showMaskedName && maskedName ? { maskedName } : {};
      const issued = this.newTicket({ ...rest, ...named, day, number: formatTicketNumber(service.queue, n), issuedAt: this.now().toISOString(), offline: false });
      await this.store.insertTicket(issued);
      const token = await openLiveTicket(this.store, issued.id, phone ? { channel: 'sms', phone } : undefined);
      await emit({ type: 'ticket.issued', ticket: publicTicket(issued) });
      return { ticket: issued, liveToken: token };
    });
    return { ...(await this.position(ticket, config)), liveToken };
  }

  private newTicket(t: Pick<StoredTicket, 'day' | 'number' | 'service' | 'priority' | 'source' | 'issuedAt' | 'offline' | 'maskedName'> & { id?: string }): StoredTicket {
    return { ...t, id: t.id ?? randomUUID(), state: 'waiting', recalls: 0, transfers: 0 };
  }

  /** A block of numbers a kiosk may issue from while it cannot reach this service (from the lease range, never overlapping). */
  async lease(terminalId: string, prefix: string): Promise<Lease> {
    const config = await this.config();
    if (!config.queues.some((q) => q.prefix === prefix)) throw new QueueError('bad-input', `no queue with prefix "${prefix}"`);
    return this.db.transaction(async () => {
      const day = this.today();
      const from = await this.store.takeLeaseNumbers(day, prefix, config.leaseBlockSize, config.leaseNumbersFrom);
      const lease: Lease = { id: randomUUID(), day, prefix, from, to: from + config.leaseBlockSize - 1 };
      if (lease.to > 9999) throw new QueueError('conflict', `the lease numbers of queue ${prefix} are used up for today`);
      await this.db.run('INSERT INTO queue_leases (id, terminal_id, day, prefix, from_n, to_n, leased_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        lease.id, terminalId, day, prefix, lease.from, lease.to, this.now().toISOString(),
      ]);
      return lease;
    });
  }

  /** Tickets issued offline join in issue order; a ticket already replayed counts as a duplicate, never twice. */
  async replay(terminalId: string, tickets: OfflineTicket[]): Promise<{ accepted: string[]; duplicates: string[]; rejected: { id: string; reason: string }[] }> {
    const config = await this.config();
    const sorted = [...tickets].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
    return this.change(async (emit) => {
      // Built inside the transaction: a retried transaction starts from nothing again.
      const result = { accepted: [] as string[], duplicates: [] as string[], rejected: [] as { id: string; reason: string }[] };
      for (const t of sorted) {
        if (await this.store.ticket(t.id)) {
          result.duplicates.push(t.id);
          continue;
        }
        const reason = await this.checkLeased(config, terminalId, t);
        if (reason) {
          result.rejected.push({ id: t.id, reason });
          continue;
        }
        const { liveToken, maskedName, ...fields } = t;
        const named = config.silentCalling.showMaskedName && maskedName ? { maskedName } : {};
        const ticket = this.newTicket({ ...fields, ...named, offline: true });
        await this.store.insertTicket(ticket, t.leaseId);
        if (liveToken) await adoptLiveToken(this.store, ticket.id, liveToken);
        await emit({ type: 'ticket.issued', ticket: publicTicket(ticket) });
        result.accepted.push(t.id);
      }
      return result;
    });
  }

  private async checkLeased(config: HallQueueConfig, terminalId: string, t: OfflineTicket): Promise<string | null> {
    const lease = await this.db.one<{ terminal_id: string; day: string; prefix: string; from_n: number; to_n: number }>(
      'SELECT terminal_id, day, prefix, from_n, to_n FROM queue_leases WHERE id = $1',
      [t.leaseId],
    );
    if (!lease || lease.terminal_id !== terminalId) return 'not a lease of this terminal';
    const n = Number(t.number.slice(1));
    if (t.number[0] !== lease.prefix || n < lease.from_n || n > lease.to_n || t.day !== lease.day) return 'number outside the leased block';
    const service = config.services.find((s) => s.code === t.service);
    if (!service) throw new QueueError('bad-input', `no service "${t.service}" in this hall`);
    if (service.queue !== lease.prefix) return 'service is not in the leased queue';
    if (await this.store.ticketNumberUsed(t.day, t.number)) return 'number already used';
    return null;
  }

  /** The next ticket this counter may call, by policy (or the chosen one where configuration allows picking). */
  async callNext(counterId: string, ticketId?: string): Promise<IssuedTicket | null> {
    const config = await this.config();
    return this.change(async (emit) => {
      const counter = await this.counterOf(config, counterId);
      if (counter.paused) throw new QueueError('conflict', `${counter.name} is paused: resume first`);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish, transfer or mark the current ticket as a no-show first');
      const eligible = (await this.store.ticketsOfDay(this.today(), ['waiting'])).filter((t) => counter.services.includes(t.service) && (!t.targetCounter || t.targetCounter === counterId));
      const ordered = orderWaiting(eligible, config.ordering, this.now());
      let next = ordered[0];
      if (ticketId) {
        if (!config.allowPickOutOfOrder && ticketId !== next?.id) throw new QueueError('conflict', 'tickets are called in order in this hall');
        next = eligible.find((t) => t.id === ticketId);
        if (!next) throw new QueueError('not-found', 'that ticket is not waiting for this counter');
      }
      if (!next) return null;
      const at = this.now().toISOString();
      const called: StoredTicket = { ...next, state: 'called', counterId, calledAt: at, lastCallAt: at, recalls: 0, firstCalledAt: next.firstCalledAt ?? at };
      delete called.targetCounter;
      await this.store.updateTicket(called);
      await this.store.saveCounter({ ...counter, currentTicketId: called.id });
      await emit({ type: 'ticket.called', ticket: publicTicket(called), counter: await this.counterOf(config, counterId), announcement: announcementText(called.number, counter.number) });
      return { ticket: publicTicket(called), waitingAhead: 0, estimatedMinutes: 0 };
    });
  }

  private async current(config: HallQueueConfig, counterId: string): Promise<{ counter: CounterState; ticket: StoredTicket }> {
    const counter = await this.counterOf(config, counterId);
    if (!counter.currentTicketId) throw new QueueError('conflict', `${counter.name} is not serving anyone`);
    return { counter, ticket: await this.ticketOf(counter.currentTicketId) };
  }

  async recall(counterId: string): Promise<StoredTicket> {
    const config = await this.config();
    const { recall } = config;
    return this.change(async (emit) => {
      const { counter, ticket } = await this.current(config, counterId);
      if (ticket.recalls >= recall.max) throw new QueueError('conflict', `already recalled ${recall.max} times: mark a no-show or finish`);
      const since = (this.now().getTime() - Date.parse(ticket.lastCallAt ?? ticket.calledAt!)) / 1000;
      if (since < recall.minGapSeconds) throw new QueueError('conflict', `wait ${Math.ceil(recall.minGapSeconds - since)} s before recalling`);
      const updated = { ...ticket, recalls: ticket.recalls + 1, lastCallAt: this.now().toISOString() };
      await this.store.updateTicket(updated);
      await emit({ type: 'ticket.recalled', ticket: publicTicket(updated), counter, announcement: announcementText(ticket.number, counter.number) });
      return updated;
    });
  }

  /** Ends the current ticket (finished or no-show), then calls the next one if configured to. */
  async end(counterId: string, outcome: 'finished' | 'no-show'): Promise<StoredTicket> {
    const config = await this.config();
    const ended = await this.change(async (emit) => {
      const { counter, ticket } = await this.current(config, counterId);
      const at = this.now().toISOString();
      const updated: StoredTicket = { ...ticket, state: outcome, finishedAt: at };
      await this.store.updateTicket(updated);
      await this.store.erasePersonal(ticket.id);
      await this.store.recordServiceTime({ ticketId: ticket.id, day: ticket.day, service: ticket.service, counterId, startedAt: ticket.calledAt!, endedAt: at, outcome });
      const free = { ...counter };
      delete free.currentTicketId;
      await this.store.saveCounter(free);
      await emit({ type: outcome === 'finished' ? 'ticket.finished' : 'ticket.no-show', ticket: publicTicket(updated), counter: free });
      return updated;
    });
    await this.autoCall(config, counterId);
    return ended;
  }

  /** Sends the current citizen to another service (back in line, keeping the issue time) or to a named counter. */
  async transfer(counterId: string, to: { service?: string; counterId?: string }): Promise<StoredTicket> {
    const config = await this.config();
    const result = await this.change(async (emit) => {
      const { counter, ticket } = await this.current(config, counterId);
      const target = to.counterId ? await this.counterOf(config, to.counterId) : undefined;
      const service = to.service ?? (target && !target.services.includes(ticket.service) ? target.services[0] : ticket.service)!;
      this.serviceOf(config, service);
      if (target && !target.services.includes(service)) throw new QueueError('bad-input', `${target.name} does not serve "${service}"`);
      if (!to.service && !to.counterId) throw new QueueError('bad-input', 'name a service or a counter to transfer to');
      const at = this.now().toISOString();
      await this.store.recordServiceTime({ ticketId: ticket.id, day: ticket.day, service: ticket.service, counterId, startedAt: ticket.calledAt!, endedAt: at, outcome: 'transferred' });
      const moved: StoredTicket = { ...ticket, state: 'waiting', service, transfers: ticket.transfers + 1, targetCounter: target?.id, recalls: 0 };
      delete moved.counterId;
      delete moved.calledAt;
      delete moved.lastCallAt;
      await this.store.updateTicket(moved);
      const free = { ...counter };
      delete free.currentTicketId;
      await this.store.saveCounter(free);
      await emit({ type: 'ticket.transferred', ticket: publicTicket(moved), counter: free });
      return moved;
    });
    await this.autoCall(config, counterId);
    return result;
  }

  async pause(counterId: string, reason: string): Promise<CounterState> {
    if (!reason.trim()) throw new QueueError('bad-input', 'give a reason for the pause');
    const config = await this.config();
    return this.change(async (emit) => {
      const counter = await this.counterOf(config, counterId);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish the current ticket before pausing');
      const paused = { ...counter, paused: true, pauseReason: reason.trim() };
      await this.store.saveCounter(paused);
      await emit({ type: 'counter.paused', counter: paused });
      return paused;
    });
  }

  async resume(counterId: string): Promise<CounterState> {
    const config = await this.config();
    const resumed = await this.change(async (emit) => {
      const counter: CounterState = { ...(await this.counterOf(config, counterId)), paused: false };
      delete counter.pauseReason;
      await this.store.saveCounter(counter);
      await emit({ type: 'counter.resumed', counter });
      return counter;
    });
    await this.autoCall(config, counterId);
    return resumed;
  }

  private async autoCall(config: HallQueueConfig, counterId: string): Promise<void> {
    const counter = await this.counterOf(config, counterId);
    if (config.autoCallNext && !counter.paused && !counter.currentTicketId) await this.callNext(counterId);
  }

  /** Where a ticket stands now (for the follow-the-queue page and kiosks). */
  async ticketPosition(ticketId: string): Promise<IssuedTicket> {
    return this.position(await this.ticketOf(ticketId), await this.config());
  }

  ticket(ticketId: string): Promise<StoredTicket> {
    return this.ticketOf(ticketId);
  }
}

// The hall queue: every change runs in one transaction with its event, then goes out on the stream.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import {
  announcementText, formatTicketNumber, hallDay, HallQueueConfig, orderWaiting, type CounterState, type IssuedTicket, type Lease,
  type OfflineTicket, type PriorityClass, type QueueEvent, type QueueSnapshot, type TicketSource,
} from '../../contract/queue.js';
import { systemClock, type Clock } from '../../contract/clock.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { publicAssist, publicTicket, QueueStore, type StoredTicket } from './queue-store.js';

export class QueueError extends Error {
  constructor(readonly code: 'not-found' | 'conflict' | 'bad-input' | 'forbidden', message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

export interface QueueServiceOptions {
  clock?: Clock;
}

export class QueueService {
  readonly store: QueueStore;
  private readonly events = new EventEmitter();
  /** The service's clock (tests set it); everything dated in the hall takes its time from here. */
  readonly clock: Clock;

  constructor(db: Database.Database, options: QueueServiceOptions = {}) {
    this.store = new QueueStore(db);
    this.clock = options.clock ?? systemClock;
    this.events.setMaxListeners(0);
    if (!this.store.readConfig()) this.store.writeConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG));
  }

  now(): Date {
    return this.clock.now();
  }

  get db(): Database.Database {
    return this.store.db;
  }

  config(): HallQueueConfig {
    return this.store.readConfig()!;
  }

  today(): string {
    return hallDay(this.now());
  }

  /** Live events after they are committed; returns an unsubscribe. */
  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.events.on('event', listener);
    return () => void this.events.off('event', listener);
  }

  /** Runs a change and its events in one transaction, then publishes the events. */
  change<T>(work: (emit: (event: Omit<QueueEvent, 'seq' | 'at'>) => void) => T): T {
    const out: QueueEvent[] = [];
    const result = this.db.transaction(() => work((e) => out.push(this.store.appendEvent({ ...e, at: this.now().toISOString() }))))();
    for (const event of out) this.events.emit('event', event);
    return result;
  }

  setConfig(config: HallQueueConfig): void {
    this.change((emit) => {
      this.store.writeConfig(config);
      emit({ type: 'config.changed' });
    });
  }

  snapshot(): QueueSnapshot {
    const day = this.today();
    const config = this.config();
    return {
      seq: this.store.lastSeq(),
      day,
      config,
      tickets: this.store.ticketsOfDay(day, ['waiting', 'called']).map(publicTicket),
      counters: config.counters.map((c) => this.store.counter(config, c.id)!),
      waiting: config.services.map((s) => {
        const waiting = this.store.ticketsOfDay(day, ['waiting'], s.code).length;
        return { service: s.code, waiting, estimatedMinutes: this.estimateMinutes(s.code, waiting) };
      }),
      assists: this.store.openAssists(day).map((a) => publicAssist(a, config)),
    };
  }

  /** Minutes until `ahead` people in a service have been served, from recent service times. */
  estimateMinutes(service: string, ahead: number): number {
    const config = this.config();
    const perCitizen = this.store.recentServiceMinutes(service) ?? config.defaultServiceMinutes;
    const open = config.counters.filter((c) => c.services.includes(service) && !this.store.counter(config, c.id)!.paused).length;
    return Math.ceil((perCitizen * ahead) / Math.max(1, open));
  }

  private serviceOf(code: string) {
    const service = this.config().services.find((s) => s.code === code);
    if (!service) throw new QueueError('bad-input', `no service "${code}" in this hall`);
    return service;
  }

  private counterOf(id: string): CounterState {
    const counter = this.store.counter(this.config(), id);
    if (!counter) throw new QueueError('not-found', `no counter "${id}" in this hall`);
    return counter;
  }

  private ticketOf(id: string): StoredTicket {
    const ticket = this.store.ticket(id);
    if (!ticket) throw new QueueError('not-found', `no ticket "${id}"`);
    return ticket;
  }

  /** Waiting tickets of the same service ahead of this one, in calling order. */
  private position(ticket: StoredTicket): IssuedTicket {
    const waiting = this.store.ticketsOfDay(ticket.day, ['waiting'], ticket.service);
    const ordered = orderWaiting(waiting, this.config().ordering, this.now());
    const ahead = Math.max(0, ordered.findIndex((t) => t.id === ticket.id));
    return { ticket: publicTicket(ticket), waitingAhead: ahead, estimatedMinutes: this.estimateMinutes(ticket.service, ahead) };
  }

  issue(input: { service: string; priority: PriorityClass; source: TicketSource; maskedName?: string }): IssuedTicket {
    const service = this.serviceOf(input.service);
    return this.change((emit) => {
      const day = this.today();
      const n = this.store.takeNumbers(day, service.queue, 1);
      const ticket = this.newTicket({ ...input, day, number: formatTicketNumber(service.queue, n), issuedAt: this.now().toISOString(), offline: false });
      this.store.insertTicket(ticket);
      emit({ type: 'ticket.issued', ticket: publicTicket(ticket) });
      return this.position(ticket);
    });
  }

  private newTicket(t: Pick<StoredTicket, 'day' | 'number' | 'service' | 'priority' | 'source' | 'issuedAt' | 'offline' | 'maskedName'> & { id?: string }): StoredTicket {
    return { ...t, id: t.id ?? randomUUID(), state: 'waiting', recalls: 0, transfers: 0 };
  }

  /** A block of numbers a kiosk may issue from while it cannot reach this service. */
  lease(terminalId: string, prefix: string): Lease {
    const config = this.config();
    if (!config.queues.some((q) => q.prefix === prefix)) throw new QueueError('bad-input', `no queue with prefix "${prefix}"`);
    return this.db.transaction(() => {
      const day = this.today();
      const from = this.store.takeNumbers(day, prefix, config.leaseBlockSize);
      const lease: Lease = { id: randomUUID(), day, prefix, from, to: from + config.leaseBlockSize - 1 };
      this.db
        .prepare('INSERT INTO queue_leases (id, terminal_id, day, prefix, from_n, to_n, leased_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(lease.id, terminalId, day, prefix, lease.from, lease.to, this.now().toISOString());
      return lease;
    })();
  }

  /** Tickets issued offline join in issue order; a ticket already replayed counts as a duplicate, never twice. */
  replay(terminalId: string, tickets: OfflineTicket[]): { accepted: string[]; duplicates: string[]; rejected: { id: string; reason: string }[] } {
    const result = { accepted: [] as string[], duplicates: [] as string[], rejected: [] as { id: string; reason: string }[] };
    const sorted = [...tickets].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
    this.change((emit) => {
      for (const t of sorted) {
        if (this.store.ticket(t.id)) {
          result.duplicates.push(t.id);
          continue;
        }
        const reason = this.checkLeased(terminalId, t);
        if (reason) {
          result.rejected.push({ id: t.id, reason });
          continue;
        }
        const ticket = this.newTicket({ ...t, offline: true });
        this.store.insertTicket(ticket, t.leaseId);
        emit({ type: 'ticket.issued', ticket: publicTicket(ticket) });
        result.accepted.push(t.id);
      }
    });
    return result;
  }

  private checkLeased(terminalId: string, t: OfflineTicket): string | null {
    const lease = this.db.prepare('SELECT terminal_id, day, prefix, from_n, to_n FROM queue_leases WHERE id = ?').get(t.leaseId) as
      | { terminal_id: string; day: string; prefix: string; from_n: number; to_n: number }
      | undefined;
    if (!lease || lease.terminal_id !== terminalId) return 'not a lease of this terminal';
    const n = Number(t.number.slice(1));
    if (t.number[0] !== lease.prefix || n < lease.from_n || n > lease.to_n || t.day !== lease.day) return 'number outside the leased block';
    if (this.serviceOf(t.service).queue !== lease.prefix) return 'service is not in the leased queue';
    if (this.db.prepare('SELECT 1 FROM queue_tickets WHERE day = ? AND number = ?').get(t.day, t.number)) return 'number already used';
    return null;
  }

  /** The next ticket this counter may call, by policy (or the chosen one where configuration allows picking). */
  callNext(counterId: string, ticketId?: string): IssuedTicket | null {
    const config = this.config();
    return this.change((emit) => {
      const counter = this.counterOf(counterId);
      if (counter.paused) throw new QueueError('conflict', `${counter.name} is paused: resume first`);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish, transfer or mark the current ticket as a no-show first');
      const eligible = this.store
        .ticketsOfDay(this.today(), ['waiting'])
        .filter((t) => counter.services.includes(t.service) && (!t.targetCounter || t.targetCounter === counterId));
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
      this.store.updateTicket(called);
      this.store.saveCounter({ ...counter, currentTicketId: called.id });
      emit({ type: 'ticket.called', ticket: publicTicket(called), counter: this.counterOf(counterId), announcement: announcementText(called.number, counter.number) });
      return { ticket: publicTicket(called), waitingAhead: 0, estimatedMinutes: 0 };
    });
  }

  private current(counterId: string): { counter: CounterState; ticket: StoredTicket } {
    const counter = this.counterOf(counterId);
    if (!counter.currentTicketId) throw new QueueError('conflict', `${counter.name} is not serving anyone`);
    return { counter, ticket: this.ticketOf(counter.currentTicketId) };
  }

  recall(counterId: string): StoredTicket {
    const { recall } = this.config();
    return this.change((emit) => {
      const { counter, ticket } = this.current(counterId);
      if (ticket.recalls >= recall.max) throw new QueueError('conflict', `already recalled ${recall.max} times: mark a no-show or finish`);
      const since = (this.now().getTime() - Date.parse(ticket.lastCallAt ?? ticket.calledAt!)) / 1000;
      if (since < recall.minGapSeconds) throw new QueueError('conflict', `wait ${Math.ceil(recall.minGapSeconds - since)} s before recalling`);
      const updated = { ...ticket, recalls: ticket.recalls + 1, lastCallAt: this.now().toISOString() };
      this.store.updateTicket(updated);
      emit({ type: 'ticket.recalled', ticket: publicTicket(updated), counter, announcement: announcementText(ticket.number, counter.number) });
      return updated;
    });
  }

  /** Ends the current ticket (finished or no-show), then calls the next one if configured to. */
  end(counterId: string, outcome: 'finished' | 'no-show'): StoredTicket {
    const ended = this.change((emit) => {
      const { counter, ticket } = this.current(counterId);
      const at = this.now().toISOString();
      const updated: StoredTicket = { ...ticket, state: outcome, finishedAt: at };
      this.store.updateTicket(updated);
      this.store.recordServiceTime({ ticketId: ticket.id, day: ticket.day, service: ticket.service, counterId, startedAt: ticket.calledAt!, endedAt: at, outcome });
      const free = { ...counter };
      delete free.currentTicketId;
      this.store.saveCounter(free);
      emit({ type: outcome === 'finished' ? 'ticket.finished' : 'ticket.no-show', ticket: publicTicket(updated), counter: free });
      return updated;
    });
    this.autoCall(counterId);
    return ended;
  }

  /** Sends the current citizen to another service (back in line, keeping the issue time) or to a named counter. */
  transfer(counterId: string, to: { service?: string; counterId?: string }): StoredTicket {
    const result = this.change((emit) => {
      const { counter, ticket } = this.current(counterId);
      const target = to.counterId ? this.counterOf(to.counterId) : undefined;
      const service = to.service ?? (target && !target.services.includes(ticket.service) ? target.services[0] : ticket.service)!;
      this.serviceOf(service);
      if (target && !target.services.includes(service)) throw new QueueError('bad-input', `${target.name} does not serve "${service}"`);
      if (!to.service && !to.counterId) throw new QueueError('bad-input', 'name a service or a counter to transfer to');
      const at = this.now().toISOString();
      this.store.recordServiceTime({ ticketId: ticket.id, day: ticket.day, service: ticket.service, counterId, startedAt: ticket.calledAt!, endedAt: at, outcome: 'transferred' });
      const moved: StoredTicket = { ...ticket, state: 'waiting', service, transfers: ticket.transfers + 1, targetCounter: target?.id, recalls: 0 };
      delete moved.counterId;
      delete moved.calledAt;
      delete moved.lastCallAt;
      this.store.updateTicket(moved);
      const free = { ...counter };
      delete free.currentTicketId;
      this.store.saveCounter(free);
      emit({ type: 'ticket.transferred', ticket: publicTicket(moved), counter: free });
      return moved;
    });
    this.autoCall(counterId);
    return result;
  }

  pause(counterId: string, reason: string): CounterState {
    if (!reason.trim()) throw new QueueError('bad-input', 'give a reason for the pause');
    return this.change((emit) => {
      const counter = this.counterOf(counterId);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish the current ticket before pausing');
      const paused = { ...counter, paused: true, pauseReason: reason.trim() };
      this.store.saveCounter(paused);
      emit({ type: 'counter.paused', counter: paused });
      return paused;
    });
  }

  resume(counterId: string): CounterState {
    const resumed = this.change((emit) => {
      const counter: CounterState = { ...this.counterOf(counterId), paused: false };
      delete counter.pauseReason;
      this.store.saveCounter(counter);
      emit({ type: 'counter.resumed', counter });
      return counter;
    });
    this.autoCall(counterId);
    return resumed;
  }

  private autoCall(counterId: string): void {
    const counter = this.counterOf(counterId);
    if (this.config().autoCallNext && !counter.paused && !counter.currentTicketId) this.callNext(counterId);
  }

  /** Where a ticket stands now (for the follow-the-queue page and kiosks). */
  ticketPosition(ticketId: string): IssuedTicket {
    return this.position(this.ticketOf(ticketId));
  }

  ticket(ticketId: string): StoredTicket {
    return this.ticketOf(ticketId);
  }
}

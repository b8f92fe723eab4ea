// The hall queue: every change runs in one transaction with its events. Counter verbs and the like take
// the queue's advisory lock (instances sharing a database take turns); issuing a ticket does not: tickets
// asked for at once are issued as a group in one transaction (group issue), their numbers from a
// per-queue-and-day counter row, their events numbered at commit (migration 3), so sequence numbers
// still become visible in order. Events reach subscribers from the NOTIFY payload
// (one LISTEN connection per instance), or by reading the event table by sequence when a notification
// was missed: an event made on one instance reaches the streams of every other, in order, without loss.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Emitter } from '../../contract/async/emitter.js';
import {
  announcementText,
  hallDay,
  HallQueueConfig,
  type CounterState,
  type IssuedTicket,
  type Lease,
  type OfflineTicket,
  type PriorityClass,
  type QueueEvent,
  type QueueSnapshot,
  type TicketSource,
} from '../../contract/queue.js';
import { systemClock, type Clock } from '../../contract/clock.js';
import type { Database } from '../db/database.js';
import { LOCKS } from '../migrations.js';
import { CallSelector, counterServes } from './call-selection.js';
import { rollOverDay } from './day-boundary.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import {
  publicAssist,
  publicTicket,
  QueueStore,
  type EstimateInputs,
  type FieldSealer,
  type IssuedRow,
  type IssueRequestRow,
  type StoredTicket,
} from './queue-store.js';
import { adoptLiveToken, newLiveTicket } from './live-ticket-store.js';

export class QueueError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict' | 'bad-input' | 'forbidden' | 'clerk-signed-out',
    message: string,
  ) {
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
/** How long a change waits for its event's notification before reading the table instead (ms). */
const PUBLICATION_FALLBACK_MS = 1000;
/** The most tickets one group issue writes in one transaction (the rest wait for the next group). */
const MAX_ISSUE_GROUP = 256;
/** Events read from the table per query when catching up. */
const EVENT_BATCH = 5000;

type Emit = (event: Omit<QueueEvent, 'seq' | 'at'>) => Promise<void>;

/** The clerk a counter's verb is made for, once the route verified their session (see clerks.ts). */
const actingClerk = new AsyncLocalStorage<string>();

export class QueueService {
  readonly store: QueueStore;
  private readonly events = new Emitter<{ event: [QueueEvent] }>();
  /** The service's clock (tests set it); everything dated in the hall takes its time from here. */
  readonly clock: Clock;
  /** The last event handed to subscribers. */
  private delivered = 0;
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly selector: CallSelector;
  /** The hall's daily reset time, as last read from its configuration (today() is synchronous). */
  private resetAt = '00:00';
  /** The hall day this instance last rolled over into (the rollover itself runs once per day in the database). */
  private rolledDay: string | null = null;
  /** Changes waiting for their last event to go out, by the event's pending id (migration 3). */
  private readonly awaitingPublication = new Map<number, () => void>();
  /** Pending ids announced before anyone waited for them (a notification may beat its writer's answer). */
  private readonly publishedEarly = new Set<number>();
  /** Tickets waiting for the next group issue, and the groups' run while one goes on. */
  private readonly issueWaiting: { request: IssueRequestRow; resolve: (issued: IssuedRow | undefined) => void; reject: (error: unknown) => void }[] = [];
  private issuing: Promise<void> | null = null;
  /** The hall's configuration as last read; dropped whenever a config.changed event is delivered. */
  private cachedConfig: Promise<HallQueueConfig> | null = null;
  /** Where this instance serves the phone pages on the hall LAN: the live ticket's address while the hall configures none. */
  private phoneBaseUrl: string | undefined;

  private constructor(db: Database, options: QueueServiceOptions) {
    this.store = new QueueStore(db, options.sealer);
    this.selector = new CallSelector(db);
    this.clock = options.clock ?? systemClock;
  }

  /** The hall's queue on this database: the demo hall when none is configured, streams following new events. */
  static async open(db: Database, options: QueueServiceOptions = {}): Promise<QueueService> {
    const service = new QueueService(db, options);
    await service.store.writeConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG), true);
    await service.config();
    service.delivered = await service.store.lastSeq();
    service.stopListening = await db.listen(QUEUE_EVENTS_CHANNEL, (payload) => service.notified(payload));
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
    await this.issuing;
    await this.running;
  }

  now(): Date {
    return this.clock.now();
  }

  get db(): Database {
    return this.store.db;
  }

  /** The hall's configuration; kept in memory until a config.changed event (from any instance) is delivered. */
  config(): Promise<HallQueueConfig> {
    this.cachedConfig ??= this.store.readConfig().then((stored) => {
      if (!stored) throw new Error('the hall queue has no configuration');
      // Parsed: a configuration written by an earlier version gets today's defaults (calling rules, day boundary…).
      const config = HallQueueConfig.parse(stored);
      this.resetAt = config.dayBoundary.resetAt;
      // Never written back: an address the hall pinned wins, and a LAN address that changes is not kept.
      if (!config.liveTicket.baseUrl && this.phoneBaseUrl) config.liveTicket = { ...config.liveTicket, baseUrl: this.phoneBaseUrl };
      return config;
    });
    const cached = this.cachedConfig;
    // A failed read is not kept: the next caller reads again.
    cached.catch(() => {
      if (this.cachedConfig === cached) this.cachedConfig = null;
    });
    return cached;
  }

  /** The address this instance serves the phone pages at (platform/phone-pages.ts), used while the hall configures none. */
  usePhoneBaseUrl(url: string | undefined): void {
    this.phoneBaseUrl = url;
    this.cachedConfig = null;
  }

  /** The hall day now: it turns at the configured reset time, hall time. */
  today(): string {
    return hallDay(this.now(), this.resetAt);
  }

  /** Live events after they are committed, in sequence order; returns an unsubscribe. */
  subscribe(listener: (event: QueueEvent) => void): () => void {
    return this.events.on('event', listener);
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
        for (;;) {
          const batch = await this.store.eventsSince(this.delivered, EVENT_BATCH);
          for (const event of batch) this.deliver(event);
          if (batch.length < EVENT_BATCH) break;
        }
      } catch {
        // The database is away: the next notification or poll picks up from the same place.
      }
    });
    this.queued = next;
    this.running = next;
    return next;
  }

  /** Hands one event to subscribers if it is the next one; events already handed out are ignored. */
  private deliver(stored: QueueEvent): void {
    if (stored.seq <= this.delivered) return;
    const event = this.store.openEvent(stored);
    this.delivered = event.seq;
    if (event.type === 'config.changed') this.cachedConfig = null;
    this.events.emit('event', event);
  }

  /**
   * A notification: "<seq> <pending id> <event json>" is delivered as it is when it is the next event;
   * anything else (a gap, a payload too long to carry the event, a reconnect's empty message) reads
   * the table. Either way the change that wrote the event learns it went out.
   */
  private notified(payload: string): void {
    // An empty message: the listening connection came back and notifications may have been missed.
    if (!payload) return void this.pump();
    const [seqText = '', pendingText = ''] = payload.split(' ', 2);
    const seq = Number(seqText);
    const published = () => this.markPublished(Number(pendingText));
    const json = payload.slice(seqText.length + pendingText.length + 2);
    if (seq === this.delivered + 1 && json) {
      try {
        this.deliver({ ...(JSON.parse(json) as Omit<QueueEvent, 'seq'>), seq } as QueueEvent);
        published();
        return;
      } catch {
        // Not an event we can read: the table has it.
      }
    }
    if (!Number.isInteger(seq)) void this.pump();
    else if (seq <= this.delivered) published();
    else void this.pump().then(published);
  }

  private markPublished(pendingId: number): void {
    if (!Number.isInteger(pendingId)) return;
    const waiting = this.awaitingPublication.get(pendingId);
    if (waiting) return waiting();
    this.publishedEarly.add(pendingId);
    // Ids of other instances' events land here too: keep only the latest.
    if (this.publishedEarly.size > 4096) this.publishedEarly.delete(this.publishedEarly.values().next().value!);
  }

  /**
   * Resolves once the event with this pending id has been handed to this instance's subscribers: on
   * its notification, or — should the notification be lost with a dropped connection — after a read.
   */
  private published(pendingId: number): Promise<void> {
    if (this.publishedEarly.delete(pendingId)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(fallback);
        this.awaitingPublication.delete(pendingId);
        resolve();
      };
      const fallback = setTimeout(() => void this.pump().then(done), PUBLICATION_FALLBACK_MS);
      this.awaitingPublication.set(pendingId, done);
    });
  }

  /**
   * Runs a change and its events in one transaction, then publishes the events. An exclusive change
   * (the default) holds the queue's lock for its whole transaction; issuing needs no lock of its own.
   */
  /**
   * Runs a counter's verb for a signed-in clerk: its events and its recorded call name the clerk. The
   * caller has verified the clerk's session; the 工号 never comes from a request body.
   */
  asClerk<T>(clerkId: string | undefined, work: () => Promise<T>): Promise<T> {
    return clerkId === undefined ? work() : actingClerk.run(clerkId, work);
  }

  /** The clerk the running verb is made for, if one is signed in. */
  actingClerk(): string | undefined {
    return actingClerk.getStore();
  }

  async change<T>(work: (emit: Emit) => Promise<T>, options: { exclusive?: boolean } = {}): Promise<T> {
    const clerkId = actingClerk.getStore();
    let lastEvent: Promise<void> | null = null;
    let turned: string | null = null;
    const result = await this.db.transaction(async () => {
      lastEvent = null;
      const exclusive = options.exclusive ?? true;
      if (exclusive) await this.db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queue]);
      turned = await this.turnDay(exclusive);
      return work(async (e) => {
        const pendingId = await this.store.appendEvent({ ...e, ...(clerkId ? { clerkId } : {}), at: this.now().toISOString() } as Omit<QueueEvent, 'seq'>);
        // Listening from before the commit: the notification may arrive as the commit returns.
        lastEvent = this.published(pendingId);
      });
    });
    // The day's rollover is done only once its transaction committed (a refused change rolls it back too).
    if (turned) this.rolledDay = turned;
    // Subscribers on this instance have the change's events before its caller has the answer.
    if (lastEvent) await lastEvent;
    return result;
  }

  /**
   * On the first change of a new hall day: carry the waiting tickets over if the hall keeps its queue
   * overnight, under the queue's lock (taken here, once a day, by a change that does not hold it).
   * Returns the day rolled into, null when this instance already had.
   */
  private async turnDay(locked: boolean): Promise<string | null> {
    const today = this.today();
    if (this.rolledDay === today) return null;
    if (!locked) await this.db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queue]);
    const config = await this.store.readConfig();
    if (config) await rollOverDay(this.db, HallQueueConfig.parse(config), today, this.now().toISOString());
    return today;
  }

  async setConfig(config: HallQueueConfig): Promise<void> {
    await this.change(async (emit) => {
      await this.store.writeConfig(config);
      await emit({ type: 'config.changed' });
    });
    this.cachedConfig = null;
  }

  async snapshot(): Promise<QueueSnapshot> {
    const config = await this.config();
    if (this.rolledDay !== this.today()) await this.change(async () => undefined);
    const day = this.today();
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
    return this.estimateFrom(service, ahead, config, await this.store.estimateInputs(service));
  }

  private estimateFrom(service: string, ahead: number, config: HallQueueConfig, { recentMinutes, pausedCounters }: EstimateInputs): number {
    const perCitizen = recentMinutes ?? config.defaultServiceMinutes;
    const open = config.counters.filter((c) => counterServes(c, service) && !pausedCounters.has(c.id)).length;
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

  /** Waiting tickets of the same service ahead of this one, in calling order (counted in SQL). */
  private async position(ticket: StoredTicket, config: HallQueueConfig): Promise<IssuedTicket> {
    const inputs = await this.store.positionInputs(ticket, config.ordering, this.clock.nowMs());
    return { ticket: publicTicket(ticket), waitingAhead: inputs.ahead, estimatedMinutes: this.estimateFrom(ticket.service, inputs.ahead, config, inputs) };
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
    // The masked name only where the hall calls by name, and sealed: in the ticket's row and in its event alike.
    const named = config.silentCalling.showMaskedName && maskedName ? { maskedName: this.store.sealer.seal(maskedName) } : {};
    const { number: _none, ...unnumbered } = this.newTicket({
      ...rest,
      ...named,
      day: this.today(),
      number: '',
      issuedAt: this.now().toISOString(),
      offline: false,
    });
    // The live ticket's token (and the contact for reminders) are written with the ticket, in its transaction.
    const live = newLiveTicket(this.store, phone ? { channel: 'sms', phone } : undefined);
    const request: IssueRequestRow = {
      ticket: unnumbered,
      prefix: service.queue,
      eventAt: this.now().toISOString(),
      tokenHash: live.tokenHash,
      ...(live.contactSealed ? { contactSealed: live.contactSealed } : {}),
    };
    // Inside a caller's transaction the ticket joins it, alone; its event goes out when the caller commits.
    const nested = this.db.insideTransaction();
    const issued = nested ? (await this.store.issueTickets([request], config.ordering, this.clock.nowMs()))[0] : await this.issueInGroup(request);
    if (!issued) throw new QueueError('conflict', `the numbers of queue ${service.queue} are used up for today`);
    const ticket = publicTicket({ ...unnumbered, number: issued.number, ...(named.maskedName ? { maskedName } : {}) });
    return { ticket, waitingAhead: issued.ahead, estimatedMinutes: this.estimateFrom(service.code, issued.ahead, config, issued), liveToken: live.token };
  }

  /**
   * Group issue: a ticket asked for while a group's transaction runs waits for the next one, which
   * issues every ticket waiting by then together; each caller is answered once its own group committed
   * and the group's events went out here. One group at a time per instance; instances sharing a
   * database take turns on the number rows.
   */
  private issueInGroup(request: IssueRequestRow): Promise<IssuedRow | undefined> {
    return new Promise((resolve, reject) => {
      this.issueWaiting.push({ request, resolve, reject });
      this.issuing ??= this.issueGroups();
    });
  }

  private async issueGroups(): Promise<void> {
    try {
      while (this.issueWaiting.length > 0) {
        const group = this.issueWaiting.splice(0, MAX_ISSUE_GROUP);
        try {
          const config = await this.config();
          const issued = await this.db.transaction(() =>
            this.store.issueTickets(
              group.map((g) => g.request),
              config.ordering,
              this.clock.nowMs(),
            ),
          );
          // The group's callers are answered together once all its events went out on this instance
          // (each ticket's event before its answer), not one by one as notification chunks arrive:
          // answers written between two chunks held the group's last notifications back behind them.
          // The next group does not wait for this.
          const publications = issued.flatMap((row) => (row ? [this.published(row.pendingId)] : []));
          void Promise.all(publications).then(() => group.forEach((g, i) => g.resolve(issued[i])));
        } catch (error) {
          for (const g of group) g.reject(error);
        }
      }
    } finally {
      this.issuing = null;
    }
  }

  private newTicket(
    t: Pick<StoredTicket, 'day' | 'number' | 'service' | 'priority' | 'source' | 'issuedAt' | 'offline' | 'maskedName'> & { id?: string },
  ): StoredTicket {
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
        lease.id,
        terminalId,
        day,
        prefix,
        lease.from,
        lease.to,
        this.now().toISOString(),
      ]);
      return lease;
    });
  }

  /** Tickets issued offline join in issue order; a ticket already replayed counts as a duplicate, never twice. */
  async replay(
    terminalId: string,
    tickets: OfflineTicket[],
  ): Promise<{ accepted: string[]; duplicates: string[]; rejected: { id: string; reason: string }[] }> {
    const config = await this.config();
    // Issue times are kept in one form (ISO 8601, UTC): the calling order compares them in SQL.
    const unreadable = tickets.filter((t) => Number.isNaN(Date.parse(t.issuedAt)));
    const sorted = tickets
      .filter((t) => !Number.isNaN(Date.parse(t.issuedAt)))
      .map((t) => ({ ...t, issuedAt: new Date(Date.parse(t.issuedAt)).toISOString() }))
      .sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
    return this.change(async (emit) => {
      // Built inside the transaction: a retried transaction starts from nothing again.
      const result = {
        accepted: [] as string[],
        duplicates: [] as string[],
        rejected: unreadable.map((t) => ({ id: t.id, reason: 'issue time is not a date' })),
      };
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

  /**
   * The next ticket this counter may call by the hall's calling rules (or the chosen one where the
   * configuration allows picking); the call carries the rule that chose it.
   */
  async callNext(counterId: string, ticketId?: string): Promise<IssuedTicket | null> {
    const config = await this.config();
    const counterConfig = config.counters.find((c) => c.id === counterId);
    return this.change(async (emit) => {
      const counter = await this.counterOf(config, counterId);
      if (counter.paused) throw new QueueError('conflict', `${counter.name} is paused: resume first`);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish, transfer or mark the current ticket as a no-show first');
      const day = this.today();
      const { choice, picked } = await this.selector.choose({
        config,
        counter: counterConfig!,
        waiting: await this.store.ticketsOfDay(day, ['waiting']),
        day,
        now: this.now(),
        ...(ticketId ? { pickedId: ticketId } : {}),
      });
      if (ticketId) {
        if (!config.allowPickOutOfOrder && ticketId !== choice?.ticket.id) throw new QueueError('conflict', 'tickets are called in order in this hall');
        if (!picked) throw new QueueError('not-found', 'that ticket is not waiting for this counter');
      }
      const selection = ticketId ? picked : choice;
      if (!selection) return null;
      const next = selection.ticket;
      const at = this.now().toISOString();
      const called: StoredTicket = {
        ...next,
        state: 'called',
        counterId,
        calledAt: at,
        lastCallAt: at,
        recalls: 0,
        firstCalledAt: next.firstCalledAt ?? at,
        callReason: selection.reason,
      };
      delete called.targetCounter;
      delete called.startedAt;
      await this.selector.record(day, counterId, selection, at, this.actingClerk());
      await this.store.updateTicket(called);
      const serving: CounterState = { ...counter, currentTicketId: called.id };
      await this.store.saveCounter(serving);
      await emit({ type: 'ticket.called', ticket: publicTicket(called), counter: serving, announcement: announcementText(called.number, counter.number) });
      return { ticket: publicTicket(called), waitingAhead: 0, estimatedMinutes: 0 };
    });
  }

  private async current(config: HallQueueConfig, counterId: string): Promise<{ counter: CounterState; ticket: StoredTicket }> {
    const counter = await this.counterOf(config, counterId);
    if (!counter.currentTicketId) throw new QueueError('conflict', `${counter.name} is not serving anyone`);
    return { counter, ticket: await this.ticketOf(counter.currentTicketId) };
  }

  /** The called citizen has reached the counter: service begins (the walk from the call ends here). */
  async start(counterId: string): Promise<StoredTicket> {
    const config = await this.config();
    return this.change(async (emit) => {
      const { counter, ticket } = await this.current(config, counterId);
      if (ticket.startedAt) throw new QueueError('conflict', 'service of this ticket has already started');
      const at = this.now().toISOString();
      const started: StoredTicket = { ...ticket, startedAt: at };
      await this.store.updateTicket(started);
      await this.selector.mark(ticket.id, { startedAt: at });
      await emit({ type: 'ticket.started', ticket: publicTicket(started), counter });
      return started;
    });
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
      await this.store.recordServiceTime({
        ticketId: ticket.id,
        day: ticket.day,
        service: ticket.service,
        counterId,
        startedAt: ticket.calledAt!,
        endedAt: at,
        outcome,
      });
      await this.selector.mark(ticket.id, { endedAt: at, outcome });
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
      if (
        target &&
        !counterServes(
          config.counters.find((c) => c.id === target.id)!,
          service,
        )
      )
        throw new QueueError('bad-input', `${target.name} does not serve "${service}"`);
      if (!to.service && !to.counterId) throw new QueueError('bad-input', 'name a service or a counter to transfer to');
      const at = this.now().toISOString();
      await this.store.recordServiceTime({
        ticketId: ticket.id,
        day: ticket.day,
        service: ticket.service,
        counterId,
        startedAt: ticket.calledAt!,
        endedAt: at,
        outcome: 'transferred',
      });
      await this.selector.mark(ticket.id, { endedAt: at, outcome: 'transferred' });
      const moved: StoredTicket = { ...ticket, state: 'waiting', service, transfers: ticket.transfers + 1, targetCounter: target?.id, recalls: 0 };
      delete moved.counterId;
      delete moved.calledAt;
      delete moved.lastCallAt;
      delete moved.callReason;
      delete moved.startedAt;
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

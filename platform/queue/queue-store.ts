// Row access for the hall queue tables (migration 2). No business rules here.
import type { Database } from '../db/database.js';
import type { AssistRequest } from '../../contract/assist.js';
import { formatTicketNumber, HallQueueConfig, type CounterState, type OrderingPolicy, type QueueEvent, type Ticket } from '../../contract/queue.js';
import { PlatformSealer } from '../sealing.js';

/** How a sealed value starts (platform/sealing.ts): a name already sealed is not sealed twice. */
const SEALED = 'sealed:';

/** Seals personal fields of the queue (a masked name, a phone) at rest; the platform's sealer in production. */
export interface FieldSealer {
  seal(text: string): string;
  open(text: string): string;
}

interface TicketRow {
  id: string;
  day: string;
  number: string;
  service: string;
  priority: string;
  source: string;
  state: string;
  issued_at: string;
  offline: number;
  masked_name: string | null;
  counter_id: string | null;
  target_counter: string | null;
  called_at: string | null;
  recalls: number;
  last_call_at: string | null;
  finished_at: string | null;
  transfers: number;
  first_called_at: string | null;
  call_reason_json: string | null;
  started_at: string | null;
}

export interface StoredTicket extends Ticket {
  targetCounter?: string;
  firstCalledAt?: string;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function ticketFromRow(row: TicketRow): StoredTicket {
  return {
    id: row.id,
    number: row.number,
    day: row.day,
    service: row.service,
    priority: row.priority as Ticket['priority'],
    source: row.source as Ticket['source'],
    state: row.state as Ticket['state'],
    issuedAt: row.issued_at,
    offline: row.offline === 1,
    maskedName: opt(row.masked_name),
    counterId: opt(row.counter_id),
    calledAt: opt(row.called_at),
    recalls: row.recalls,
    lastCallAt: opt(row.last_call_at),
    finishedAt: opt(row.finished_at),
    transfers: row.transfers,
    targetCounter: opt(row.target_counter),
    firstCalledAt: opt(row.first_called_at),
    ...(row.call_reason_json ? { callReason: JSON.parse(row.call_reason_json) as Ticket['callReason'] } : {}),
    ...(row.started_at ? { startedAt: row.started_at } : {}),
  };
}

/** The public view of a ticket (no routing internals). */
export function publicTicket(t: StoredTicket): Ticket {
  const { targetCounter: _target, firstCalledAt: _first, ...rest } = t;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Ticket;
}

interface AssistRow {
  id: string;
  day: string;
  terminal_id: string;
  source: string;
  requested_at: string;
  state: string;
  closed_at: string | null;
  counter_id: string | null;
}

/** An assistance request as stored; the counter's name and number are added from the hall config. */
export type StoredAssist = Omit<AssistRequest, 'counter'> & { counterId?: string };

function assistFromRow(row: AssistRow): StoredAssist {
  return {
    id: row.id,
    day: row.day,
    terminalId: row.terminal_id,
    source: row.source as AssistRequest['source'],
    requestedAt: row.requested_at,
    state: row.state as AssistRequest['state'],
    ...(row.closed_at ? { closedAt: row.closed_at } : {}),
    ...(row.counter_id ? { counterId: row.counter_id } : {}),
  };
}

/** The public view: the acknowledging counter by id, name and number. */
export function publicAssist(a: StoredAssist, config: HallQueueConfig): AssistRequest {
  const { counterId, ...rest } = a;
  const counter = counterId ? config.counters.find((c) => c.id === counterId) : undefined;
  return { ...rest, ...(counterId ? { counter: { id: counterId, name: counter?.name ?? counterId, number: counter?.number ?? counterId } } : {}) };
}

type Param = (value: string | number) => string;

/** How many recent services a wait estimate averages. */
const RECENT_SERVICES = 10;

export interface EstimateInputs {
  recentMinutes: number | undefined;
  pausedCounters: Set<string>;
}

const estimateColumns = (service: string, count: string) =>
  `(SELECT array_agg(minutes) FROM (SELECT minutes FROM queue_service_times WHERE service = ${service} AND outcome = 'finished' ORDER BY ended_at DESC LIMIT ${count}) recent) AS minutes,
   (SELECT array_agg(id) FROM queue_counters WHERE paused = 1) AS paused`;

function estimateInputsOf(row: { minutes: number[] | null; paused: string[] | null } | undefined): EstimateInputs {
  const minutes = row?.minutes ?? [];
  return { recentMinutes: minutes.length ? minutes.reduce((sum, m) => sum + m, 0) / minutes.length : undefined, pausedCounters: new Set(row?.paused ?? []) };
}
const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v}"`).join(',')}}`;

/**
 * The calling order of `orderWaiting` as an SQL sort key over the ticket alias `t` (smaller comes
 * first): the class rank or the aged score, then the issue time, then the number (the order the day's
 * tickets are read in before sorting). Issue times are kept as ISO 8601 UTC text, which sorts as the
 * times do. `param` adds a parameter and returns its placeholder.
 */
function callingOrderKey(policy: OrderingPolicy, t: string, nowMs: number, param: Param): string {
  if (policy.kind === 'strict') {
    return `COALESCE(array_position(${param(textArray(policy.rank))}::text[], ${t}.priority), ${policy.rank.length + 1}), ${t}.issued_at, ${t}.number`;
  }
  // The same arithmetic as orderWaiting, in doubles: class weight plus waited minutes × aging, capped.
  const waitedMinutes = `GREATEST(0, (${param(nowMs)}::float8 - extract(epoch from ${t}.issued_at::timestamptz)::float8 * 1000) / 60000)`;
  const score = `COALESCE((${param(JSON.stringify(policy.weights))}::jsonb ->> ${t}.priority)::float8, 0) + LEAST(${param(policy.agingCap)}::float8, ${waitedMinutes} * ${param(policy.agingPerMinute)}::float8)`;
  return `-(${score}), ${t}.issued_at, ${t}.number`;
}

/**
 * "t is called before me" for tickets of one service. Under the strict policy it needs no per-row
 * arithmetic: a higher class, or the same class issued earlier, read from the waiting-tickets index.
 */
function calledBefore(policy: OrderingPolicy, myPriority: string, nowMs: number, param: Param): string {
  if (policy.kind === 'strict') {
    const index = policy.rank.indexOf(myPriority as (typeof policy.rank)[number]);
    const higher = param(textArray(index < 0 ? policy.rank : policy.rank.slice(0, index)));
    // Classes the rank does not name share its last place.
    const sameClass = index < 0 ? `NOT (t.priority = ANY(${higher}::text[]))` : `t.priority = me.priority`;
    return `(t.priority = ANY(${higher}::text[]) OR (${sameClass} AND (t.issued_at, t.number) < (me.issued_at, me.number)))`;
  }
  return `ROW(${callingOrderKey(policy, 't', nowMs, param)}) < ROW(${callingOrderKey(policy, 'me', nowMs, param)})`;
}

/** The highest number a queue issues in a day (formatTicketNumber's range). */
const MAX_TICKET_NUMBER = 9999;

/** Where offline lease blocks start each day, unless the hall's configuration says otherwise: online numbers run from 1. */
export const DEFAULT_LEASE_NUMBERS_FROM = 501;

/** One ticket of a group issue: the ticket without its number, its queue, its event's time, its live token's hash and its sealed contact. */
export interface IssueRequestRow {
  ticket: Omit<StoredTicket, 'number'>;
  prefix: string;
  /** When its ticket.issued event happened. */
  eventAt: string;
  tokenHash: string;
  contactSealed?: { contact: string; token: string };
}

/** A ticket issued in a batch: its number, its event's pending id, and its position's inputs. */
export type IssuedRow = { number: string; pendingId: number; ahead: number } & EstimateInputs;

export class QueueStore {
  /** A service without the platform's sealer (tests) seals under a key of its own process. */
  constructor(
    readonly db: Database,
    readonly sealer: FieldSealer = new PlatformSealer(),
  ) {}

  private fromRow(row: TicketRow): StoredTicket {
    const ticket = ticketFromRow(row);
    if (ticket.maskedName) ticket.maskedName = this.sealer.open(ticket.maskedName);
    return ticket;
  }

  /** The last configuration read, by its stored text: parsed again only when another instance changed it. */
  private parsedConfig: { text: string; config: HallQueueConfig } | undefined;

  async readConfig(): Promise<HallQueueConfig | undefined> {
    const row = await this.db.one<{ config_json: string }>('SELECT config_json FROM queue_config WHERE id = 1');
    if (!row) return undefined;
    if (this.parsedConfig?.text === row.config_json) return this.parsedConfig.config;
    // A configuration stored before the live ticket still holds the placeholder follow link: dropped, defaults filled.
    const { followUrl: _placeholder, ...stored } = JSON.parse(row.config_json) as Record<string, unknown>;
    const config = HallQueueConfig.parse(stored);
    this.parsedConfig = { text: row.config_json, config };
    return config;
  }

  /** Which counters are paused, in one query (estimates for many tickets at once). */
  async pausedCounters(): Promise<Set<string>> {
    return new Set((await this.db.query<{ id: string }>('SELECT id FROM queue_counters WHERE paused = 1')).map((r) => r.id));
  }

  /** Writes the configuration; `onlyIfAbsent` leaves one another instance wrote first. */
  async writeConfig(config: HallQueueConfig, onlyIfAbsent = false): Promise<void> {
    await this.db.run(
      `INSERT INTO queue_config (id, config_json) VALUES (1, $1) ON CONFLICT (id) DO ${onlyIfAbsent ? 'NOTHING' : 'UPDATE SET config_json = excluded.config_json'}`,
      [JSON.stringify(config)],
    );
    for (const counter of config.counters) await this.db.run('INSERT INTO queue_counters (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [counter.id]);
  }

  /**
   * Takes `count` consecutive numbers of a queue's daily sequence; returns the first. One statement:
   * the row stays locked until the transaction ends, so two instances never take the same number,
   * and a rolled-back ticket gives its number back (no gap).
   */
  async takeNumbers(day: string, prefix: string, count: number): Promise<number> {
    const row = await this.db.one<{ next: number }>(
      `INSERT INTO queue_numbers (day, prefix, next) VALUES ($1, $2, $3::integer + 1) ON CONFLICT (day, prefix) DO UPDATE SET next = queue_numbers.next + $3::integer RETURNING next`,
      [day, prefix, count],
    );
    return row!.next - count;
  }

  /** The same for offline lease blocks, from their own range (starting at `from` each day). */
  async takeLeaseNumbers(day: string, prefix: string, count: number, from: number): Promise<number> {
    const row = await this.db.one<{ next: number }>(
      `INSERT INTO queue_lease_numbers (day, prefix, next) VALUES ($1, $2, $4::integer + $3::integer) ON CONFLICT (day, prefix) DO UPDATE SET next = queue_lease_numbers.next + $3::integer RETURNING next`,
      [day, prefix, count, from],
    );
    return row!.next - count;
  }

  async insertTicket(t: StoredTicket, leaseId?: string): Promise<void> {
    await this.db.run(
      `INSERT INTO queue_tickets (id, day, number, service, priority, source, state, issued_at, offline, masked_name, lease_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        t.id,
        t.day,
        t.number,
        t.service,
        t.priority,
        t.source,
        t.state,
        t.issuedAt,
        t.offline ? 1 : 0,
        t.maskedName ? (t.maskedName.startsWith(SEALED) ? t.maskedName : this.sealer.seal(t.maskedName)) : null,
        leaseId ?? null,
      ],
    );
  }

  async updateTicket(t: StoredTicket): Promise<void> {
    await this.db.run(
      `UPDATE queue_tickets SET service = $1, state = $2, counter_id = $3, target_counter = $4, called_at = $5, recalls = $6, last_call_at = $7,
       finished_at = $8, transfers = $9, first_called_at = $10, call_reason_json = $11, started_at = $12 WHERE id = $13`,
      [
        t.service,
        t.state,
        t.counterId ?? null,
        t.targetCounter ?? null,
        t.calledAt ?? null,
        t.recalls,
        t.lastCallAt ?? null,
        t.finishedAt ?? null,
        t.transfers,
        t.firstCalledAt ?? null,
        t.callReason ? JSON.stringify(t.callReason) : null,
        t.startedAt ?? null,
        t.id,
      ],
    );
  }

  async ticket(id: string): Promise<StoredTicket | undefined> {
    const row = await this.db.one<TicketRow>('SELECT * FROM queue_tickets WHERE id = $1', [id]);
    return row ? this.fromRow(row) : undefined;
  }

  /** Several tickets by id, in one query (live ticket followers). */
  async ticketsByIds(ids: readonly string[]): Promise<StoredTicket[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<TicketRow>('SELECT * FROM queue_tickets WHERE id = ANY($1::text[])', [
      `{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`,
    ]);
    return rows.map((row) => this.fromRow(row));
  }

  async ticketNumberUsed(day: string, number: string): Promise<boolean> {
    return Boolean(await this.db.one('SELECT 1 FROM queue_tickets WHERE day = $1 AND number = $2', [day, number]));
  }

  /** The day's tickets, filtered in SQL by state and service (the index keeps issuing cheap as the day fills). */
  /** The day's latest calls, newest first, whatever became of the tickets since (finished, no-show). */
  async recentlyCalled(day: string, limit: number): Promise<StoredTicket[]> {
    const rows = await this.db.query<TicketRow>(
      'SELECT * FROM queue_tickets WHERE day = $1 AND called_at IS NOT NULL AND counter_id IS NOT NULL ORDER BY COALESCE(last_call_at, called_at) DESC LIMIT $2',
      [day, limit],
    );
    return rows.map((row) => this.fromRow(row));
  }

  async ticketsOfDay(day: string, states?: readonly string[], service?: string): Promise<StoredTicket[]> {
    const where = ['day = $1'];
    const params: string[] = [day];
    if (states) {
      where.push(`state = ANY($${params.length + 1}::text[])`);
      params.push(`{${states.map((state) => `"${state}"`).join(',')}}`);
    }
    if (service) {
      where.push(`service = $${params.length + 1}`);
      params.push(service);
    }
    const rows = await this.db.query<TicketRow>(`SELECT * FROM queue_tickets WHERE ${where.join(' AND ')} ORDER BY issued_at, number`, params);
    return rows.map((row) => this.fromRow(row));
  }

  /**
   * The waiting ticket a counter calls next under the policy: of its services, not sent to another
   * counter; `ticketId` narrows to that ticket (undefined when it is not eligible).
   */
  async nextToCall(
    day: string,
    counter: { id: string; services: readonly string[] },
    policy: OrderingPolicy,
    nowMs: number,
    ticketId?: string,
  ): Promise<StoredTicket | undefined> {
    const params: (string | number)[] = [day, textArray(counter.services), counter.id];
    const param = (value: string | number) => `$${params.push(value)}`;
    const only = ticketId === undefined ? '' : ` AND t.id = ${param(ticketId)}`;
    const row = await this.db.one<TicketRow>(
      `SELECT * FROM queue_tickets t WHERE t.day = $1 AND t.state = 'waiting' AND t.service = ANY($2::text[])
         AND (t.target_counter IS NULL OR t.target_counter = $3)${only}
       ORDER BY ${callingOrderKey(policy, 't', nowMs, param)} LIMIT 1`,
      params,
    );
    return row ? this.fromRow(row) : undefined;
  }

  /** Mean minutes of the last finished services of a service, and the counters paused now: one read for an estimate. */
  async estimateInputs(service: string, n = RECENT_SERVICES): Promise<EstimateInputs> {
    const row = await this.db.one<{ minutes: number[] | null; paused: string[] | null }>(`SELECT ${estimateColumns('$1', '$2')}`, [service, n]);
    return estimateInputsOf(row);
  }

  /**
   * How many waiting tickets of the same service a counter calls before this one (0 once it no longer
   * waits), counted in SQL over the waiting-tickets index, and the estimate's inputs: one read.
   */
  async positionInputs(
    ticket: Pick<StoredTicket, 'id' | 'priority' | 'service'>,
    policy: OrderingPolicy,
    nowMs: number,
  ): Promise<EstimateInputs & { ahead: number }> {
    const params: (string | number)[] = [ticket.id, ticket.service, RECENT_SERVICES];
    const param = (value: string | number) => `$${params.push(value)}`;
    const row = await this.db.one<{ ahead: number; minutes: number[] | null; paused: string[] | null }>(
      `SELECT (SELECT COUNT(*)::integer FROM queue_tickets me JOIN queue_tickets t
                 ON t.day = me.day AND t.service = me.service AND t.state = 'waiting' AND t.id <> me.id
               WHERE me.id = $1 AND me.state = 'waiting' AND ${calledBefore(policy, ticket.priority, nowMs, param)}) AS ahead,
              ${estimateColumns('$2', '$3')}`,
      params,
    );
    return { ahead: row?.ahead ?? 0, ...estimateInputsOf(row) };
  }

  /** How many of the day's tickets of a service wait. */
  async waitingCount(day: string, service: string): Promise<number> {
    return (
      (await this.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM queue_tickets WHERE day = $1 AND state = 'waiting' AND service = $2", [day, service]))?.n ??
      0
    );
  }

  async counter(config: HallQueueConfig, id: string): Promise<CounterState | undefined> {
    const conf = config.counters.find((c) => c.id === id);
    if (!conf) return undefined;
    const row = await this.db.one<{ paused: number; pause_reason: string | null; current_ticket_id: string | null }>(
      'SELECT paused, pause_reason, current_ticket_id FROM queue_counters WHERE id = $1',
      [id],
    );
    const state: CounterState = { id, name: conf.name, number: conf.number, services: conf.services, paused: row?.paused === 1 };
    if (row?.pause_reason) state.pauseReason = row.pause_reason;
    if (row?.current_ticket_id) state.currentTicketId = row.current_ticket_id;
    return state;
  }

  async saveCounter(c: CounterState): Promise<void> {
    await this.db.run(
      `INSERT INTO queue_counters (id, paused, pause_reason, current_ticket_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, pause_reason = excluded.pause_reason, current_ticket_id = excluded.current_ticket_id`,
      [c.id, c.paused ? 1 : 0, c.pauseReason ?? null, c.currentTicketId ?? null],
    );
  }

  /**
   * Writes an event of the current transaction; it gets its sequence number, and is announced, when
   * the transaction commits (migration 3). Returns its pending id, which the announcement names.
   */
  async appendEvent(event: Omit<QueueEvent, 'seq'>): Promise<number> {
    const row = await this.db.one<{ id: number }>('INSERT INTO queue_events_pending (at, type, body_json) VALUES ($1, $2, $3) RETURNING id', [
      event.at,
      event.type,
      JSON.stringify(this.sealEvent(event)),
    ]);
    return row!.id;
  }

  /**
   * Issues a batch of tickets in the caller's transaction (group issue), in the batch's order: each
   * queue's numbers of the day taken in one statement (the number rows stay locked until the commit,
   * so instances never take the same number and a rolled-back batch gives its numbers back), the
   * tickets, their live-ticket token hashes, contacts for reminders and their ticket.issued events
   * inserted with one statement (events numbered at commit in this order), then every ticket's
   * position and the estimate's inputs read with one more. A ticket past the day's last number of its
   * queue gets undefined and is not inserted. Three statements whatever the batch's size: under load
   * every round trip waits for the event loop, so a group's time is counted in round trips.
   */
  async issueTickets(requests: readonly IssueRequestRow[], policy: OrderingPolicy, nowMs: number): Promise<(IssuedRow | undefined)[]> {
    if (requests.length === 0) return [];
    // Several rows for one number row in one statement are refused: counted per queue and day first,
    // and taken in the statement's fixed order, so two instances' groups lock the rows in the same order.
    const counts = new Map<string, { day: string; prefix: string; n: number }>();
    for (const r of requests) {
      const key = JSON.stringify([r.ticket.day, r.prefix]);
      const entry = counts.get(key) ?? { day: r.ticket.day, prefix: r.prefix, n: 0 };
      entry.n += 1;
      counts.set(key, entry);
    }
    const taken = await this.db.query<{ day: string; prefix: string; next: number }>(
      `INSERT INTO queue_numbers (day, prefix, next)
       SELECT day, prefix, n + 1 FROM json_to_recordset($1::json) AS x(day text, prefix text, n integer) ORDER BY day, prefix
       ON CONFLICT (day, prefix) DO UPDATE SET next = queue_numbers.next + excluded.next - 1
       RETURNING day, prefix, next`,
      [JSON.stringify([...counts.values()])],
    );
    const nextOf = new Map(taken.map((row) => [JSON.stringify([row.day, row.prefix]), row.next - counts.get(JSON.stringify([row.day, row.prefix]))!.n]));
    const numbers = requests.map((r) => {
      const key = JSON.stringify([r.ticket.day, r.prefix]);
      const n = nextOf.get(key)!;
      nextOf.set(key, n + 1);
      return n <= MAX_TICKET_NUMBER ? formatTicketNumber(r.prefix, n) : undefined;
    });
    const rows = requests.flatMap((r, i) => {
      const number = numbers[i];
      if (number === undefined) return [];
      const t = { ...r.ticket, number };
      const event = { type: 'ticket.issued', ticket: publicTicket(t), at: r.eventAt };
      return [
        {
          ord: i,
          id: t.id,
          day: t.day,
          number,
          service: t.service,
          priority: t.priority,
          source: t.source,
          state: t.state,
          issued_at: t.issuedAt,
          offline: t.offline ? 1 : 0,
          masked_name: t.maskedName ?? null,
          token_hash: r.tokenHash,
          at: event.at,
          type: event.type,
          body: JSON.stringify(event),
        },
      ];
    });
    if (rows.length === 0) return requests.map(() => undefined);
    // Contacts for reminders join the same statement (an empty list inserts nothing).
    const contacts = requests.flatMap((r, i) => (numbers[i] !== undefined && r.contactSealed ? [{ ticket_id: r.ticket.id, ...r.contactSealed }] : []));
    const pending = await this.db.query<{ id: number }>(
      `WITH x AS (
         SELECT * FROM json_to_recordset($1::json) AS x(ord integer, id text, day text, number text, service text, priority text, source text,
           state text, issued_at text, offline integer, masked_name text, token_hash text, at text, type text, body text)
       ), tickets AS (
         INSERT INTO queue_tickets (id, day, number, service, priority, source, state, issued_at, offline, masked_name)
         SELECT id, day, number, service, priority, source, state, issued_at, offline, masked_name FROM x ORDER BY ord
       ), live AS (
         INSERT INTO queue_live_tickets (ticket_id, token_hash) SELECT id, token_hash FROM x ORDER BY ord
       ), contacts AS (
         INSERT INTO queue_ticket_contacts (ticket_id, contact_sealed, token_sealed)
         SELECT ticket_id, contact, token FROM json_to_recordset($2::json) AS c(ticket_id text, contact text, token text)
       )
       INSERT INTO queue_events_pending (at, type, body_json) SELECT at, type, body FROM x ORDER BY ord RETURNING id`,
      [JSON.stringify(rows), JSON.stringify(contacts)],
    );
    // Identity values follow the insertion order, which is the batch's: the smallest id is the first ticket's event.
    const pendingIds = pending.map((row) => row.id).sort((a, b) => a - b);
    const positions = await this.positionsOfMany(
      rows.map((row) => row.id),
      [...new Set(rows.map((row) => row.day))],
      [...new Set(rows.map((row) => row.service))],
      policy,
      nowMs,
    );
    let issued = 0;
    return requests.map((r, i) => {
      const number = numbers[i];
      if (number === undefined) return undefined;
      const position = positions.get(r.ticket.id);
      return { number, pendingId: pendingIds[issued++]!, ahead: position?.ahead ?? 0, ...estimateInputsOf(position) };
    });
  }

  /**
   * For tickets just inserted: each one's place in the calling order among the waiting tickets of its
   * service and day (how many a counter calls first, counted from 0), and the estimate's inputs for
   * its service, in one read (the group issue's last statement before its commit).
   */
  private async positionsOfMany(ids: readonly string[], days: readonly string[], services: readonly string[], policy: OrderingPolicy, nowMs: number) {
    const params: (string | number)[] = [textArray(days), textArray(services), JSON.stringify(ids), RECENT_SERVICES];
    const param = (value: string | number) => `$${params.push(value)}`;
    const rows = await this.db.query<{ id: string; ahead: number; minutes: number[] | null; paused: string[] | null }>(
      `WITH mine AS (
         SELECT r.id, r.service, r.ahead FROM (
           SELECT t.id, t.service, (row_number() OVER (PARTITION BY t.day, t.service ORDER BY ${callingOrderKey(policy, 't', nowMs, param)}) - 1)::integer AS ahead
           FROM queue_tickets t WHERE t.day = ANY($1::text[]) AND t.service = ANY($2::text[]) AND t.state = 'waiting'
         ) r WHERE r.id IN (SELECT json_array_elements_text($3::json))
       ), estimates AS (
         SELECT s.service, ${estimateColumns('s.service', '$4')} FROM (SELECT DISTINCT service FROM mine) AS s
       )
       SELECT mine.id, mine.ahead, estimates.minutes, estimates.paused FROM mine JOIN estimates USING (service)`,
      params,
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** A masked name travels in the event log sealed (as in the ticket's row); opened when the event is delivered. */
  sealEvent<E extends Omit<QueueEvent, 'seq'>>(event: E): E {
    // A help request's words (its item, materials, masked phone, the clerk's note) are kept sealed whole.
    if (event.help) return { ...event, help: undefined, helpSealed: this.sealer.seal(JSON.stringify(event.help)) };
    const name = event.ticket?.maskedName;
    if (!name || name.startsWith(SEALED)) return event;
    return { ...event, ticket: { ...event.ticket!, maskedName: this.sealer.seal(name) } };
  }

  /** The event as subscribers get it: its masked name opened; one that cannot be opened (a key mix-up) is left off, never the event. */
  openEvent(event: QueueEvent): QueueEvent {
    const { helpSealed, ...rest } = event as QueueEvent & { helpSealed?: string };
    if (helpSealed !== undefined) {
      try {
        return { ...rest, help: JSON.parse(this.sealer.open(helpSealed)) as QueueEvent['help'] };
      } catch {
        return rest;
      }
    }
    const name = event.ticket?.maskedName;
    if (!name || !name.startsWith(SEALED)) return event;
    const ticket = { ...event.ticket! };
    try {
      ticket.maskedName = this.sealer.open(name);
    } catch {
      delete ticket.maskedName;
    }
    return { ...event, ticket };
  }

  async eventsSince(seq: number, limit = 5000): Promise<QueueEvent[]> {
    const rows = await this.db.query<{ seq: number; body_json: string }>('SELECT seq, body_json FROM queue_events WHERE seq > $1 ORDER BY seq LIMIT $2', [
      seq,
      limit,
    ]);
    return rows.map((r) => ({ ...(JSON.parse(r.body_json) as Omit<QueueEvent, 'seq'>), seq: r.seq }) as QueueEvent);
  }

  /** When a ticket ends: its masked name, contact and undelivered notices go (personal data is kept only while it waits). */
  async erasePersonal(ticketId: string): Promise<void> {
    await this.db.run('UPDATE queue_tickets SET masked_name = NULL WHERE id = $1', [ticketId]);
    await this.db.run('DELETE FROM queue_ticket_contacts WHERE ticket_id = $1', [ticketId]);
    await this.db.run("UPDATE queue_notices SET status = 'dropped', reason = 'the ticket ended' WHERE ticket_id = $1 AND status = 'pending'", [ticketId]);
  }

  async lastSeq(): Promise<number> {
    return (await this.db.one<{ s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM queue_events'))?.s ?? 0;
  }

  async recordServiceTime(row: {
    ticketId: string;
    day: string;
    service: string;
    counterId: string;
    startedAt: string;
    endedAt: string;
    outcome: string;
  }): Promise<void> {
    const minutes = Math.max(0, (Date.parse(row.endedAt) - Date.parse(row.startedAt)) / 60_000);
    await this.db.run(
      'INSERT INTO queue_service_times (ticket_id, day, service, counter_id, started_at, ended_at, minutes, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [row.ticketId, row.day, row.service, row.counterId, row.startedAt, row.endedAt, minutes, row.outcome],
    );
  }

  /** Mean minutes of the last `n` finished services of a service, or undefined before the first. */
  async recentServiceMinutes(service: string, n = 10): Promise<number | undefined> {
    const rows = await this.db.query<{ minutes: number }>(
      "SELECT minutes FROM queue_service_times WHERE service = $1 AND outcome = 'finished' ORDER BY ended_at DESC LIMIT $2",
      [service, n],
    );
    return rows.length ? rows.reduce((sum, r) => sum + r.minutes, 0) / rows.length : undefined;
  }

  async assist(id: string): Promise<StoredAssist | undefined> {
    const row = await this.db.one<AssistRow>('SELECT * FROM queue_assists WHERE id = $1', [id]);
    return row ? assistFromRow(row) : undefined;
  }

  async openAssistOf(terminalId: string): Promise<StoredAssist | undefined> {
    const row = await this.db.one<AssistRow>("SELECT * FROM queue_assists WHERE terminal_id = $1 AND state = 'open'", [terminalId]);
    return row ? assistFromRow(row) : undefined;
  }

  async openAssists(day: string): Promise<StoredAssist[]> {
    const rows = await this.db.query<AssistRow>("SELECT * FROM queue_assists WHERE day = $1 AND state = 'open' ORDER BY requested_at, id", [day]);
    return rows.map(assistFromRow);
  }

  async insertAssist(a: StoredAssist): Promise<void> {
    await this.db.run('INSERT INTO queue_assists (id, day, terminal_id, source, requested_at, state) VALUES ($1, $2, $3, $4, $5, $6)', [
      a.id,
      a.day,
      a.terminalId,
      a.source,
      a.requestedAt,
      a.state,
    ]);
  }

  async closeAssist(a: StoredAssist): Promise<void> {
    await this.db.run('UPDATE queue_assists SET state = $1, closed_at = $2, counter_id = $3 WHERE id = $4', [
      a.state,
      a.closedAt ?? null,
      a.counterId ?? null,
      a.id,
    ]);
  }
}

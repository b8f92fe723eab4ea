// Row access for the hall queue tables (migration 2). No business rules here.
import type { Database } from '../db/database.js';
import type { AssistRequest } from '../../contract/assist.js';
import { HallQueueConfig, type CounterState, type QueueEvent, type Ticket } from '../../contract/queue.js';
import { PlatformSealer } from '../sealing.js';

/** Seals personal fields of the queue (a masked name, a phone) at rest; the platform's sealer in production. */
export interface FieldSealer {
  seal(text: string): string;
  open(text: string): string;
}

interface TicketRow {
  id: string; day: string; number: string; service: string; priority: string; source: string; state: string; issued_at: string;
  offline: number; masked_name: string | null; counter_id: string | null; target_counter: string | null; called_at: string | null;
  recalls: number; last_call_at: string | null; finished_at: string | null; transfers: number; first_called_at: string | null;
}

export interface StoredTicket extends Ticket {
  targetCounter?: string;
  firstCalledAt?: string;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

function ticketFromRow(row: TicketRow): StoredTicket {
  return {
    id: row.id, number: row.number, day: row.day, service: row.service, priority: row.priority as Ticket['priority'],
    source: row.source as Ticket['source'], state: row.state as Ticket['state'], issuedAt: row.issued_at, offline: row.offline === 1,
    maskedName: opt(row.masked_name), counterId: opt(row.counter_id), calledAt: opt(row.called_at), recalls: row.recalls,
    lastCallAt: opt(row.last_call_at), finishedAt: opt(row.finished_at), transfers: row.transfers,
    targetCounter: opt(row.target_counter), firstCalledAt: opt(row.first_called_at),
  };
}

/** The public view of a ticket (no routing internals). */
export function publicTicket(t: StoredTicket): Ticket {
  const { targetCounter: _target, firstCalledAt: _first, ...rest } = t;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Ticket;
}

interface AssistRow {
  id: string; day: string; terminal_id: string; source: string; requested_at: string; state: string; closed_at: string | null; counter_id: string | null;
}

/** An assistance request as stored; the counter's name and number are added from the hall config. */
export type StoredAssist = Omit<AssistRequest, 'counter'> & { counterId?: string };

function assistFromRow(row: AssistRow): StoredAssist {
  return {
    id: row.id, day: row.day, terminalId: row.terminal_id, source: row.source as AssistRequest['source'], requestedAt: row.requested_at,
    state: row.state as AssistRequest['state'], ...(row.closed_at ? { closedAt: row.closed_at } : {}), ...(row.counter_id ? { counterId: row.counter_id } : {}),
  };
}

/** The public view: the acknowledging counter by id, name and number. */
export function publicAssist(a: StoredAssist, config: HallQueueConfig): AssistRequest {
  const { counterId, ...rest } = a;
  const counter = counterId ? config.counters.find((c) => c.id === counterId) : undefined;
  return { ...rest, ...(counterId ? { counter: { id: counterId, name: counter?.name ?? counterId, number: counter?.number ?? counterId } } : {}) };
}

/** Where offline lease blocks start each day, unless the hall's configuration says otherwise: online numbers run from 1. */
export const DEFAULT_LEASE_NUMBERS_FROM = 501;

export class QueueStore {
  /** A service without the platform's sealer (tests) seals under a key of its own process. */
  constructor(readonly db: Database, readonly sealer: FieldSealer = new PlatformSealer()) {}

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
      [t.id, t.day, t.number, t.service, t.priority, t.source, t.state, t.issuedAt, t.offline ? 1 : 0, t.maskedName ? this.sealer.seal(t.maskedName) : null, leaseId ?? null],
    );
  }

  async updateTicket(t: StoredTicket): Promise<void> {
    await this.db.run(
      `UPDATE queue_tickets SET service = $1, state = $2, counter_id = $3, target_counter = $4, called_at = $5, recalls = $6, last_call_at = $7,
       finished_at = $8, transfers = $9, first_called_at = $10 WHERE id = $11`,
      [t.service, t.state, t.counterId ?? null, t.targetCounter ?? null, t.calledAt ?? null, t.recalls, t.lastCallAt ?? null, t.finishedAt ?? null, t.transfers, t.firstCalledAt ?? null, t.id],
    );
  }

  async ticket(id: string): Promise<StoredTicket | undefined> {
    const row = await this.db.one<TicketRow>('SELECT * FROM queue_tickets WHERE id = $1', [id]);
    return row ? this.fromRow(row) : undefined;
  }

  /** Several tickets by id, in one query (live ticket followers). */
  async ticketsByIds(ids: readonly string[]): Promise<StoredTicket[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<TicketRow>('SELECT * FROM queue_tickets WHERE id = ANY($1::text[])', [`{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`]);
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

  /** How many of the day's tickets of a service wait. */
  async waitingCount(day: string, service: string): Promise<number> {
    return (await this.db.one<{ n: number }>("SELECT COUNT(*) AS n FROM queue_tickets WHERE day = $1 AND state = 'waiting' AND service = $2", [day, service]))?.n ?? 0;
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

  /** The event as stored: a masked name stays only in the ticket's sealed row (erased when the ticket ends), never in the log. */
  async appendEvent(event: Omit<QueueEvent, 'seq'>): Promise<QueueEvent> {
    const stored = event.ticket?.maskedName ? { ...event, ticket: { ...event.ticket, maskedName: undefined } } : event;
    const row = await this.db.one<{ seq: number }>('INSERT INTO queue_events (at, type, body_json) VALUES ($1, $2, $3) RETURNING seq', [event.at, event.type, JSON.stringify(stored)]);
    return { ...event, seq: row!.seq } as QueueEvent;
  }

  /** Events after `seq`; a ticket's masked name is read back from its row while the ticket has not ended. */
  async eventsSince(seq: number, limit = 5000): Promise<QueueEvent[]> {
    const rows = await this.db.query<{ seq: number; body_json: string }>('SELECT seq, body_json FROM queue_events WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
    const events = rows.map((r) => ({ ...(JSON.parse(r.body_json) as Omit<QueueEvent, 'seq'>), seq: r.seq }) as QueueEvent);
    const ids = [...new Set(events.flatMap((e) => (e.ticket ? [e.ticket.id] : [])))];
    if (ids.length === 0) return events;
    const named = await this.db.query<{ id: string; masked_name: string }>('SELECT id, masked_name FROM queue_tickets WHERE id = ANY($1::text[]) AND masked_name IS NOT NULL', [
      `{${ids.map((id) => `"${id.replace(/["\\]/g, '')}"`).join(',')}}`,
    ]);
    if (named.length === 0) return events;
    // A name is decoration on the stream: one that cannot be opened (a key mix-up between instances) is left out, never the event.
    const names = new Map(named.flatMap((n) => {
      try {
        return [[n.id, this.sealer.open(n.masked_name)] as const];
      } catch {
        return [];
      }
    }));
    return events.map((e) => (e.ticket && names.has(e.ticket.id) ? { ...e, ticket: { ...e.ticket, maskedName: names.get(e.ticket.id)! } } : e));
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

  async recordServiceTime(row: { ticketId: string; day: string; service: string; counterId: string; startedAt: string; endedAt: string; outcome: string }): Promise<void> {
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
    await this.db.run('INSERT INTO queue_assists (id, day, terminal_id, source, requested_at, state) VALUES ($1, $2, $3, $4, $5, $6)', [a.id, a.day, a.terminalId, a.source, a.requestedAt, a.state]);
  }

  async closeAssist(a: StoredAssist): Promise<void> {
    await this.db.run('UPDATE queue_assists SET state = $1, closed_at = $2, counter_id = $3 WHERE id = $4', [a.state, a.closedAt ?? null, a.counterId ?? null, a.id]);
  }
}

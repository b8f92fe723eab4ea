// Row access for the hall queue tables (migration 3). No business rules here.
import type Database from 'better-sqlite3';
import type { AssistRequest } from '../../contract/assist.js';
import type { CounterState, HallQueueConfig, QueueEvent, Ticket } from '../../contract/queue.js';

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

export class QueueStore {
  constructor(readonly db: Database.Database) {}

  readConfig(): HallQueueConfig | undefined {
    const row = this.db.prepare('SELECT config_json FROM queue_config WHERE id = 1').get() as { config_json: string } | undefined;
    return row ? (JSON.parse(row.config_json) as HallQueueConfig) : undefined;
  }

  writeConfig(config: HallQueueConfig): void {
    this.db.prepare('INSERT INTO queue_config (id, config_json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET config_json = excluded.config_json').run(JSON.stringify(config));
    const insert = this.db.prepare('INSERT OR IGNORE INTO queue_counters (id) VALUES (?)');
    for (const counter of config.counters) insert.run(counter.id);
  }

  /** Takes `count` consecutive numbers of a queue's daily sequence; returns the first. */
  takeNumbers(day: string, prefix: string, count: number): number {
    const row = this.db.prepare('SELECT next FROM queue_numbers WHERE day = ? AND prefix = ?').get(day, prefix) as { next: number } | undefined;
    const first = row?.next ?? 1;
    this.db.prepare('INSERT INTO queue_numbers (day, prefix, next) VALUES (?, ?, ?) ON CONFLICT(day, prefix) DO UPDATE SET next = excluded.next').run(day, prefix, first + count);
    return first;
  }

  insertTicket(t: StoredTicket, leaseId?: string): void {
    this.db
      .prepare(
        `INSERT INTO queue_tickets (id, day, number, service, priority, source, state, issued_at, offline, masked_name, lease_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.id, t.day, t.number, t.service, t.priority, t.source, t.state, t.issuedAt, t.offline ? 1 : 0, t.maskedName ?? null, leaseId ?? null);
  }

  updateTicket(t: StoredTicket): void {
    this.db
      .prepare(
        `UPDATE queue_tickets SET service = ?, state = ?, counter_id = ?, target_counter = ?, called_at = ?, recalls = ?, last_call_at = ?,
         finished_at = ?, transfers = ?, first_called_at = ? WHERE id = ?`,
      )
      .run(t.service, t.state, t.counterId ?? null, t.targetCounter ?? null, t.calledAt ?? null, t.recalls, t.lastCallAt ?? null,
        t.finishedAt ?? null, t.transfers, t.firstCalledAt ?? null, t.id);
  }

  ticket(id: string): StoredTicket | undefined {
    const row = this.db.prepare('SELECT * FROM queue_tickets WHERE id = ?').get(id) as TicketRow | undefined;
    return row ? ticketFromRow(row) : undefined;
  }

  /** The day's tickets, filtered in SQL by state and service (the index keeps issuing cheap as the day fills). */
  ticketsOfDay(day: string, states?: readonly string[], service?: string): StoredTicket[] {
    const where = ['day = ?'];
    const params: string[] = [day];
    if (states) {
      where.push(`state IN (${states.map(() => '?').join(', ')})`);
      params.push(...states);
    }
    if (service) {
      where.push('service = ?');
      params.push(service);
    }
    const rows = this.db.prepare(`SELECT * FROM queue_tickets WHERE ${where.join(' AND ')} ORDER BY issued_at, number`).all(...params) as TicketRow[];
    return rows.map(ticketFromRow);
  }

  counter(config: HallQueueConfig, id: string): CounterState | undefined {
    const conf = config.counters.find((c) => c.id === id);
    if (!conf) return undefined;
    const row = this.db.prepare('SELECT paused, pause_reason, current_ticket_id FROM queue_counters WHERE id = ?').get(id) as
      | { paused: number; pause_reason: string | null; current_ticket_id: string | null }
      | undefined;
    const state: CounterState = { id, name: conf.name, number: conf.number, services: conf.services, paused: row?.paused === 1 };
    if (row?.pause_reason) state.pauseReason = row.pause_reason;
    if (row?.current_ticket_id) state.currentTicketId = row.current_ticket_id;
    return state;
  }

  saveCounter(c: CounterState): void {
    this.db
      .prepare('INSERT INTO queue_counters (id, paused, pause_reason, current_ticket_id) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET paused = excluded.paused, pause_reason = excluded.pause_reason, current_ticket_id = excluded.current_ticket_id')
      .run(c.id, c.paused ? 1 : 0, c.pauseReason ?? null, c.currentTicketId ?? null);
  }

  appendEvent(event: Omit<QueueEvent, 'seq'>): QueueEvent {
    const info = this.db.prepare('INSERT INTO queue_events (at, type, body_json) VALUES (?, ?, ?)').run(event.at, event.type, JSON.stringify(event));
    return { ...event, seq: Number(info.lastInsertRowid) };
  }

  eventsSince(seq: number, limit = 5000): QueueEvent[] {
    const rows = this.db.prepare('SELECT seq, body_json FROM queue_events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as { seq: number; body_json: string }[];
    return rows.map((r) => ({ ...(JSON.parse(r.body_json) as Omit<QueueEvent, 'seq'>), seq: r.seq }));
  }

  lastSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM queue_events').get() as { s: number }).s;
  }

  recordServiceTime(row: { ticketId: string; day: string; service: string; counterId: string; startedAt: string; endedAt: string; outcome: string }): void {
    const minutes = Math.max(0, (Date.parse(row.endedAt) - Date.parse(row.startedAt)) / 60_000);
    this.db
      .prepare('INSERT INTO queue_service_times (ticket_id, day, service, counter_id, started_at, ended_at, minutes, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.ticketId, row.day, row.service, row.counterId, row.startedAt, row.endedAt, minutes, row.outcome);
  }

  /** Mean minutes of the last `n` finished services of a service, or undefined before the first. */
  recentServiceMinutes(service: string, n = 10): number | undefined {
    const rows = this.db
      .prepare("SELECT minutes FROM queue_service_times WHERE service = ? AND outcome = 'finished' ORDER BY ended_at DESC LIMIT ?")
      .all(service, n) as { minutes: number }[];
    return rows.length ? rows.reduce((sum, r) => sum + r.minutes, 0) / rows.length : undefined;
  }

  assist(id: string): StoredAssist | undefined {
    const row = this.db.prepare('SELECT * FROM queue_assists WHERE id = ?').get(id) as AssistRow | undefined;
    return row ? assistFromRow(row) : undefined;
  }

  openAssistOf(terminalId: string): StoredAssist | undefined {
    const row = this.db.prepare("SELECT * FROM queue_assists WHERE terminal_id = ? AND state = 'open'").get(terminalId) as AssistRow | undefined;
    return row ? assistFromRow(row) : undefined;
  }

  openAssists(day: string): StoredAssist[] {
    const rows = this.db.prepare("SELECT * FROM queue_assists WHERE day = ? AND state = 'open' ORDER BY requested_at, id").all(day) as AssistRow[];
    return rows.map(assistFromRow);
  }

  insertAssist(a: StoredAssist): void {
    this.db
      .prepare('INSERT INTO queue_assists (id, day, terminal_id, source, requested_at, state) VALUES (?, ?, ?, ?, ?, ?)')
      .run(a.id, a.day, a.terminalId, a.source, a.requestedAt, a.state);
  }

  closeAssist(a: StoredAssist): void {
    this.db.prepare('UPDATE queue_assists SET state = ?, closed_at = ?, counter_id = ? WHERE id = ?').run(a.state, a.closedAt ?? null, a.counterId ?? null, a.id);
  }
}

// Appointments, 好差评 evaluations with follow-ups, and the day's statistics.
import { createHash, randomUUID } from 'node:crypto';
import { followUpDeadline, isBadRating, type Appointment, type IssuedTicket, type QueueStats, type RatingLevel } from '../../contract/queue.js';
import { DEMO_APPOINTMENTS } from './demo.js';
import { QueueError, type QueueService } from './queue-service.js';

/** ID numbers are matched by a hash; the clear number is never stored. */
/** Unkeyed unless the platform gives a key: the queue tests run the service on its own. */
const plainIdNumberHash = (idNumber: string) => createHash('sha256').update(`hall-appointment:${idNumber}`, 'utf8').digest('hex');

export interface AppointmentSeed {
  service: string;
  slot: string;
  idNumber: string;
  maskedName: string;
}

export class QueueRecords {
  constructor(
    private readonly queue: QueueService,
    private readonly options: { demoAppointments: boolean; keyedHash?: (value: string) => string },
  ) {}

  /** How an appointment's ID number is kept: only as a (keyed, on the platform) hash. */
  private idNumberHash(idNumber: string): string {
    const normal = idNumber.trim().toUpperCase();
    return this.options.keyedHash ? this.options.keyedHash(normal) : plainIdNumberHash(normal);
  }

  private get db() {
    return this.queue.db;
  }

  seedAppointments(day: string, items: AppointmentSeed[]): number {
    const insert = this.db.prepare('INSERT INTO queue_appointments (id, day, slot, service, id_hash, masked_name) VALUES (?, ?, ?, ?, ?, ?)');
    const services = new Set(this.queue.config().services.map((s) => s.code));
    return this.db.transaction(() => {
      for (const item of items) {
        if (!services.has(item.service)) throw new QueueError('bad-input', `no service "${item.service}" in this hall`);
        insert.run(randomUUID(), day, item.slot, item.service, this.idNumberHash(item.idNumber), item.maskedName);
      }
      return items.length;
    })();
  }

  /** In demo mode each new day gets the demo appointments once. */
  private ensureDemo(day: string): void {
    if (!this.options.demoAppointments) return;
    const any = this.db.prepare('SELECT 1 FROM queue_appointments WHERE day = ? LIMIT 1').get(day);
    if (!any) this.seedAppointments(day, DEMO_APPOINTMENTS);
  }

  appointments(day = this.queue.today()): Appointment[] {
    this.ensureDemo(day);
    const rows = this.db.prepare('SELECT id, service, slot, masked_name, ticket_id FROM queue_appointments WHERE day = ? ORDER BY slot').all(day) as {
      id: string; service: string; slot: string; masked_name: string; ticket_id: string | null;
    }[];
    return rows.map((r) => ({ id: r.id, service: r.service, slot: r.slot, maskedName: r.masked_name, checkedIn: r.ticket_id !== null, ...(r.ticket_id ? { ticketId: r.ticket_id } : {}) }));
  }

  /** Checks in today's appointment of the person with this ID number; the ticket gets appointment priority. */
  checkIn(idNumber: string): IssuedTicket & { slot: string } {
    const day = this.queue.today();
    this.ensureDemo(day);
    const row = this.db.prepare('SELECT id, service, slot, masked_name, ticket_id FROM queue_appointments WHERE day = ? AND id_hash = ? ORDER BY slot LIMIT 1').get(day, this.idNumberHash(idNumber)) as
      | { id: string; service: string; slot: string; masked_name: string; ticket_id: string | null }
      | undefined;
    if (!row) throw new QueueError('not-found', 'no appointment today for this ID card');
    if (row.ticket_id) {
      const number = this.queue.ticket(row.ticket_id).number;
      throw new QueueError('conflict', `already checked in: ticket ${number}`);
    }
    const issued = this.queue.issue({ service: row.service, priority: 'appointment', source: 'appointment', maskedName: row.masked_name });
    this.db.prepare('UPDATE queue_appointments SET ticket_id = ? WHERE id = ?').run(issued.ticket.id, row.id);
    return { ...issued, slot: row.slot };
  }

  /** 一次一评: one rating per ticket; a bad rating needs a reason and opens a follow-up with a deadline. */
  evaluate(input: { ticketId: string; level: RatingLevel; reason?: string; channel: string }): { followUpId?: string; deadline?: string } {
    const ticket = this.queue.ticket(input.ticketId);
    if (ticket.state !== 'finished' || !ticket.counterId) throw new QueueError('conflict', 'only a finished service can be rated');
    const counterId = ticket.counterId;
    const bad = isBadRating(input.level);
    if (bad && !input.reason?.trim()) throw new QueueError('bad-input', 'a bad rating needs a reason');
    return this.queue.change((emit) => {
      if (this.db.prepare('SELECT 1 FROM queue_evaluations WHERE ticket_id = ?').get(ticket.id)) throw new QueueError('conflict', 'this service has already been rated');
      const at = this.queue.now();
      this.db
        .prepare('INSERT INTO queue_evaluations (ticket_id, counter_id, level, reason, channel, at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(ticket.id, counterId, input.level, input.reason?.trim() || null, input.channel, at.toISOString());
      let followUp: { followUpId?: string; deadline?: string } = {};
      if (bad) {
        const id = randomUUID();
        const deadline = followUpDeadline(at, this.queue.config().followUpDeadline).toISOString();
        this.db
          .prepare("INSERT INTO queue_followups (id, ticket_id, counter_id, level, reason, deadline, status, opened_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)")
          .run(id, ticket.id, counterId, input.level, input.reason!.trim(), deadline, at.toISOString());
        followUp = { followUpId: id, deadline };
      }
      emit({ type: 'evaluation.recorded', evaluation: { ticketId: ticket.id, counterId, level: input.level, ...(followUp.followUpId ? { followUpId: followUp.followUpId } : {}) } });
      if (followUp.followUpId) emit({ type: 'followup.opened', evaluation: { ticketId: ticket.id, counterId, level: input.level, followUpId: followUp.followUpId } });
      return followUp;
    });
  }

  stats(day = this.queue.today()): QueueStats {
    const group = (key: 'service' | 'counter_id') =>
      (
        this.db
          .prepare(
            `SELECT ${key} AS key, COUNT(DISTINCT ticket_id) AS tickets, SUM(outcome = 'finished') AS finished, SUM(outcome = 'no-show') AS noShows,
             AVG(minutes) FILTER (WHERE outcome = 'finished') AS serve FROM queue_service_times WHERE day = ? GROUP BY ${key} ORDER BY ${key}`,
          )
          .all(day) as { key: string; tickets: number; finished: number; noShows: number; serve: number | null }[]
      ).map((r) => ({ key: r.key, tickets: r.tickets, finished: r.finished, noShows: r.noShows, avgServeMinutes: round(r.serve ?? 0), avgWaitMinutes: this.avgWait(day, key, r.key) }));
    const byService = group('service');
    // Tickets still waiting count towards their service too.
    const issued = this.db.prepare('SELECT service AS key, COUNT(*) AS n FROM queue_tickets WHERE day = ? GROUP BY service').all(day) as { key: string; n: number }[];
    for (const row of issued) {
      const found = byService.find((s) => s.key === row.key);
      if (found) found.tickets = row.n;
      else byService.push({ key: row.key, tickets: row.n, finished: 0, noShows: 0, avgServeMinutes: 0, avgWaitMinutes: 0 });
    }
    const ratings = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
    const ratingRows = this.db
      .prepare('SELECT e.level AS level, COUNT(*) AS n FROM queue_evaluations e JOIN queue_tickets t ON t.id = e.ticket_id WHERE t.day = ? GROUP BY e.level')
      .all(day) as { level: 1 | 2 | 3 | 4 | 5; n: number }[];
    for (const r of ratingRows) ratings[r.level] = r.n;
    const followUps = this.db
      .prepare('SELECT f.id, f.ticket_id AS ticketId, f.counter_id AS counterId, f.level, f.reason, f.deadline, f.status FROM queue_followups f JOIN queue_tickets t ON t.id = f.ticket_id WHERE t.day = ? ORDER BY f.opened_at')
      .all(day) as QueueStats['followUps'];
    return { day, byService: byService.sort((a, b) => a.key.localeCompare(b.key)), byCounter: group('counter_id'), ratings, followUps };
  }

  /** Mean minutes from issue to first call, for tickets first called on this day. */
  private avgWait(day: string, key: 'service' | 'counter_id', value: string): number {
    const column = key === 'service' ? 'service' : 'counter_id';
    const row = this.db
      .prepare(`SELECT AVG((julianday(first_called_at) - julianday(issued_at)) * 1440) AS w FROM queue_tickets WHERE day = ? AND first_called_at IS NOT NULL AND ${column} = ?`)
      .get(day, value) as { w: number | null };
    return round(row.w ?? 0);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

// Appointments, 好差评 evaluations with follow-ups, and the day's statistics.
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../digest.js';
import {
  followUpDeadline,
  formatTicketNumber,
  isBadRating,
  type Appointment,
  type IssuedTicket,
  type QueueStats,
  type RatingLevel,
} from '../../contract/queue.js';
import { LOCKS } from '../migrations.js';
import { DEMO_APPOINTMENTS } from './demo.js';
import type { HaochapingOutbox } from './haochaping.js';
import { QueueError, type QueueService } from './queue-service.js';
import { publicTicket, type StoredTicket } from './queue-store.js';

/** ID numbers are matched by a hash; the clear number is never stored. */
/** Unkeyed unless the platform gives a key: the queue tests run the service on its own. */
const plainIdNumberHash = (idNumber: string) => sha256Hex(`hall-appointment:${idNumber}`);

export interface AppointmentSeed {
  service: string;
  slot: string;
  idNumber: string;
  maskedName: string;
}

export class QueueRecords {
  constructor(
    private readonly queue: QueueService,
    private readonly options: { demoAppointments: boolean; keyedHash?: (value: string) => string; haochaping?: HaochapingOutbox },
  ) {}

  /** How an appointment's ID number is kept: only as a (keyed, on the platform) hash. */
  private idNumberHash(idNumber: string): string {
    const normal = idNumber.trim().toUpperCase();
    return this.options.keyedHash ? this.options.keyedHash(normal) : plainIdNumberHash(normal);
  }

  private get db() {
    return this.queue.db;
  }

  async seedAppointments(day: string, items: AppointmentSeed[]): Promise<number> {
    const services = new Set((await this.queue.config()).services.map((s) => s.code));
    return this.db.transaction(async () => {
      for (const item of items) {
        if (!services.has(item.service)) throw new QueueError('bad-input', `no service "${item.service}" in this hall`);
        await this.db.run('INSERT INTO queue_appointments (id, day, slot, service, id_hash, masked_name) VALUES ($1, $2, $3, $4, $5, $6)', [
          randomUUID(),
          day,
          item.slot,
          item.service,
          this.idNumberHash(item.idNumber),
          item.maskedName,
        ]);
      }
      return items.length;
    });
  }

  /** In demo mode each new day gets the demo appointments once (instances agree through the queue's lock). */
  private async ensureDemo(day: string): Promise<void> {
    if (!this.options.demoAppointments) return;
    if (await this.db.one('SELECT 1 FROM queue_appointments WHERE day = $1 LIMIT 1', [day])) return;
    await this.db.transaction(async () => {
      await this.db.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.queue]);
      if (!(await this.db.one('SELECT 1 FROM queue_appointments WHERE day = $1 LIMIT 1', [day]))) await this.seedAppointments(day, DEMO_APPOINTMENTS);
    });
  }

  async appointments(day = this.queue.today()): Promise<Appointment[]> {
    await this.ensureDemo(day);
    const rows = await this.db.query<{ id: string; service: string; slot: string; masked_name: string; ticket_id: string | null }>(
      'SELECT id, service, slot, masked_name, ticket_id FROM queue_appointments WHERE day = $1 ORDER BY slot',
      [day],
    );
    return rows.map((r) => ({
      id: r.id,
      service: r.service,
      slot: r.slot,
      maskedName: r.masked_name,
      checkedIn: r.ticket_id !== null,
      ...(r.ticket_id ? { ticketId: r.ticket_id } : {}),
    }));
  }

  /** Checks in today's appointment of the person with this ID number; the ticket gets appointment priority. */
  async checkIn(idNumber: string): Promise<IssuedTicket & { slot: string }> {
    const day = this.queue.today();
    await this.ensureDemo(day);
    const config = await this.queue.config();
    // The appointment row is claimed in the same transaction as the ticket: two swipes at two kiosks give one ticket.
    const { ticket, slot } = await this.queue.change(async (emit) => {
      const row = await this.db.one<{ id: string; service: string; slot: string; masked_name: string; ticket_id: string | null }>(
        'SELECT id, service, slot, masked_name, ticket_id FROM queue_appointments WHERE day = $1 AND id_hash = $2 ORDER BY slot LIMIT 1 FOR UPDATE',
        [day, this.idNumberHash(idNumber)],
      );
      if (!row) throw new QueueError('not-found', 'no appointment today for this ID card');
      if (row.ticket_id) {
        const number = (await this.queue.ticket(row.ticket_id)).number;
        throw new QueueError('conflict', `already checked in: ticket ${number}`);
      }
      const service = config.services.find((s) => s.code === row.service);
      if (!service) throw new QueueError('bad-input', `no service "${row.service}" in this hall`);
      const n = await this.queue.store.takeNumbers(day, service.queue, 1);
      const issued: StoredTicket = {
        id: randomUUID(),
        day,
        number: formatTicketNumber(service.queue, n),
        service: row.service,
        priority: 'appointment',
        source: 'appointment',
        issuedAt: this.queue.now().toISOString(),
        offline: false,
        maskedName: row.masked_name,
        state: 'waiting',
        recalls: 0,
        transfers: 0,
      };
      await this.queue.store.insertTicket(issued);
      await this.db.run('UPDATE queue_appointments SET ticket_id = $1 WHERE id = $2', [issued.id, row.id]);
      await emit({ type: 'ticket.issued', ticket: publicTicket(issued) });
      return { ticket: issued, slot: row.slot };
    });
    return { ...(await this.queue.ticketPosition(ticket.id)), slot };
  }

  /** 一次一评: one rating per ticket; a bad rating needs a reason and opens a follow-up with a deadline. */
  async evaluate(input: {
    ticketId: string;
    level: RatingLevel;
    reason?: string;
    channel: string;
    trackingCode?: string;
  }): Promise<{ followUpId?: string; deadline?: string; contactDue?: string; resolveDue?: string }> {
    const ticket = await this.queue.ticket(input.ticketId);
    if (ticket.state !== 'finished' || !ticket.counterId) throw new QueueError('conflict', 'only a finished service can be rated');
    const counterId = ticket.counterId;
    const bad = isBadRating(input.level);
    if (bad && !input.reason?.trim()) throw new QueueError('bad-input', 'a bad rating needs a reason');
    const config = await this.queue.config();
    return this.queue.change(async (emit) => {
      if (await this.db.one('SELECT 1 FROM queue_evaluations WHERE ticket_id = $1', [ticket.id]))
        throw new QueueError('conflict', 'this service has already been rated');
      const at = this.queue.now();
      await this.db.run(
        'INSERT INTO queue_evaluations (ticket_id, counter_id, level, reason, channel, at, tracking_code) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [ticket.id, counterId, input.level, input.reason?.trim() || null, input.channel, at.toISOString(), input.trackingCode ?? null],
      );
      const tracking = input.trackingCode ? { trackingCode: input.trackingCode } : {};
      // Reported to the provincial system: the ticket, its service and window, the rating — no person.
      await this.options.haochaping?.enqueue('rating', ticket.id, {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        service: ticket.service,
        counterId,
        level: input.level,
        channel: input.channel,
        at: at.toISOString(),
        ...(bad ? { reason: input.reason!.trim() } : {}),
        ...tracking,
      });
      let followUp: { followUpId?: string; deadline?: string; contactDue?: string; resolveDue?: string } = {};
      if (bad) {
        const id = randomUUID();
        const deadline = followUpDeadline(at, config.followUpDeadline).toISOString();
        const contactDue = new Date(at.getTime() + config.followUpTimers.contactMinutes * 60_000).toISOString();
        const resolveDue = new Date(at.getTime() + config.followUpTimers.resolveMinutes * 60_000).toISOString();
        await this.db.run(
          `INSERT INTO queue_followups (id, ticket_id, counter_id, level, reason, deadline, status, opened_at, tracking_code, contact_due, resolve_due)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10)`,
          [id, ticket.id, counterId, input.level, input.reason!.trim(), deadline, at.toISOString(), input.trackingCode ?? null, contactDue, resolveDue],
        );
        await this.options.haochaping?.enqueue('follow-up', id, {
          step: 'opened',
          ticketId: ticket.id,
          contactDue,
          resolveDue,
          at: at.toISOString(),
          ...tracking,
        });
        followUp = { followUpId: id, deadline, contactDue, resolveDue };
      }
      await emit({
        type: 'evaluation.recorded',
        evaluation: { ticketId: ticket.id, counterId, level: input.level, ...(followUp.followUpId ? { followUpId: followUp.followUpId } : {}) },
      });
      if (followUp.followUpId)
        await emit({ type: 'followup.opened', evaluation: { ticketId: ticket.id, counterId, level: input.level, followUpId: followUp.followUpId } });
      return followUp;
    });
  }

  async stats(day = this.queue.today()): Promise<QueueStats> {
    const group = async (key: 'service' | 'counter_id') => {
      const rows = await this.db.query<{ key: string; tickets: number; finished: number; noShows: number; serve: number | null }>(
        `SELECT ${key} AS key, COUNT(DISTINCT ticket_id) AS tickets, COUNT(*) FILTER (WHERE outcome = 'finished') AS finished,
         COUNT(*) FILTER (WHERE outcome = 'no-show') AS "noShows", AVG(minutes) FILTER (WHERE outcome = 'finished') AS serve
         FROM queue_service_times WHERE day = $1 GROUP BY ${key} ORDER BY ${key}`,
        [day],
      );
      const out = [];
      for (const r of rows)
        out.push({
          key: r.key,
          tickets: r.tickets,
          finished: r.finished,
          noShows: r.noShows,
          avgServeMinutes: round(r.serve ?? 0),
          avgWaitMinutes: await this.avgWait(day, key, r.key),
        });
      return out;
    };
    const byService = await group('service');
    // Tickets still waiting count towards their service too.
    const issued = await this.db.query<{ key: string; n: number }>('SELECT service AS key, COUNT(*) AS n FROM queue_tickets WHERE day = $1 GROUP BY service', [
      day,
    ]);
    for (const row of issued) {
      const found = byService.find((s) => s.key === row.key);
      if (found) found.tickets = row.n;
      else byService.push({ key: row.key, tickets: row.n, finished: 0, noShows: 0, avgServeMinutes: 0, avgWaitMinutes: 0 });
    }
    const ratings = { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
    const ratingRows = await this.db.query<{ level: 1 | 2 | 3 | 4 | 5; n: number }>(
      'SELECT e.level AS level, COUNT(*) AS n FROM queue_evaluations e JOIN queue_tickets t ON t.id = e.ticket_id WHERE t.day = $1 GROUP BY e.level',
      [day],
    );
    for (const r of ratingRows) ratings[r.level] = r.n;
    const followUps = await this.db.query<QueueStats['followUps'][number]>(
      `SELECT f.id, f.ticket_id AS "ticketId", f.counter_id AS "counterId", f.level, f.reason, f.deadline, f.status FROM queue_followups f
       JOIN queue_tickets t ON t.id = f.ticket_id WHERE t.day = $1 ORDER BY f.opened_at`,
      [day],
    );
    return { day, byService: byService.sort((a, b) => a.key.localeCompare(b.key)), byCounter: await group('counter_id'), ratings, followUps };
  }

  /** Mean minutes from issue to first call, for tickets first called on this day. */
  private async avgWait(day: string, key: 'service' | 'counter_id', value: string): Promise<number> {
    const column = key === 'service' ? 'service' : 'counter_id';
    const row = await this.db.one<{ w: number | null }>(
      `SELECT AVG(EXTRACT(EPOCH FROM (first_called_at::timestamptz - issued_at::timestamptz))::double precision / 60) AS w
       FROM queue_tickets WHERE day = $1 AND first_called_at IS NOT NULL AND ${column} = $2`,
      [day, value],
    );
    return round(row?.w ?? 0);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

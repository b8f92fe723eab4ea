// The supervisor's side of the 好差评 loop: the follow-ups bad ratings opened, overdue ones first, and
// the contact and the fix recorded against them. Notes may name people, so they are sealed at rest;
// each step is reported to the provincial system through the outbox, in the same transaction.
import { FollowUp, followUpOverdue, sortFollowUps } from '../../contract/follow-ups.js';
import type { RatingLevel } from '../../contract/queue.js';
import type { HaochapingOutbox, TextSealer } from './haochaping.js';
import { QueueError, type QueueService } from './queue-service.js';

interface FollowUpRow {
  id: string;
  ticket_id: string;
  number: string;
  counter_id: string;
  level: number;
  reason: string;
  tracking_code: string | null;
  opened_at: string;
  deadline: string;
  contact_due: string | null;
  resolve_due: string | null;
  contacted_at: string | null;
  contact_note: string | null;
  resolved_at: string | null;
  resolution: string | null;
  status: string;
}

const SELECT = `SELECT f.id, f.ticket_id, t.number, f.counter_id, f.level, f.reason, f.tracking_code, f.opened_at, f.deadline, f.contact_due, f.resolve_due,
  f.contacted_at, f.contact_note, f.resolved_at, f.resolution, f.status FROM queue_followups f JOIN queue_tickets t ON t.id = f.ticket_id`;

export class FollowUps {
  constructor(
    private readonly queue: QueueService,
    private readonly sealer: TextSealer,
    private readonly outbox?: HaochapingOutbox,
  ) {}

  private get db() {
    return this.queue.db;
  }

  private fromRow(row: FollowUpRow): FollowUp {
    const status = row.status === 'resolved' || row.status === 'contacted' ? row.status : 'open';
    const base = {
      id: row.id,
      ticketId: row.ticket_id,
      ticketNumber: row.number,
      counterId: row.counter_id,
      level: row.level as RatingLevel,
      reason: row.reason,
      openedAt: row.opened_at,
      // A follow-up opened before the timers existed has its closing deadline for both.
      contactDue: row.contact_due ?? row.deadline,
      resolveDue: row.resolve_due ?? row.deadline,
      ...(row.tracking_code ? { trackingCode: row.tracking_code } : {}),
      ...(row.contacted_at ? { contactedAt: row.contacted_at } : {}),
      ...(row.contact_note ? { contactNote: this.sealer.open(row.contact_note) } : {}),
      ...(row.resolved_at ? { resolvedAt: row.resolved_at } : {}),
      ...(row.resolution ? { resolution: this.sealer.open(row.resolution) } : {}),
      status,
    } as const;
    return FollowUp.parse({ ...base, overdue: followUpOverdue(base, this.queue.now()) });
  }

  /** Every follow-up opened since `sinceDay` (default: all still open, and those of the last 30 days), overdue first. */
  async list(): Promise<FollowUp[]> {
    const since = new Date(this.queue.now().getTime() - 30 * 86_400_000).toISOString();
    const rows = await this.db.query<FollowUpRow>(`${SELECT} WHERE f.status <> 'resolved' OR f.opened_at >= $1`, [since]);
    return sortFollowUps(rows.map((r) => this.fromRow(r)));
  }

  async get(id: string): Promise<FollowUp> {
    const row = await this.db.one<FollowUpRow>(`${SELECT} WHERE f.id = $1`, [id]);
    if (!row) throw new QueueError('not-found', `no follow-up "${id}"`);
    return this.fromRow(row);
  }

  /** The citizen has been contacted (how, in a note). */
  async contact(id: string, note: string): Promise<FollowUp> {
    if (!note.trim()) throw new QueueError('bad-input', 'say how the citizen was contacted');
    await this.queue.change(async (emit) => {
      const current = await this.get(id);
      if (current.status !== 'open')
        throw new QueueError('conflict', current.status === 'resolved' ? 'this follow-up is already resolved' : 'contact is already recorded');
      const at = this.queue.now().toISOString();
      await this.db.run("UPDATE queue_followups SET status = 'contacted', contacted_at = $2, contact_note = $3 WHERE id = $1", [
        id,
        at,
        this.sealer.seal(note.trim()),
      ]);
      await this.outbox?.enqueue('follow-up', id, {
        step: 'contacted',
        ticketId: current.ticketId,
        at,
        onTime: at <= current.contactDue,
        ...(current.trackingCode ? { trackingCode: current.trackingCode } : {}),
      });
      await emit({ type: 'followup.updated', evaluation: { ticketId: current.ticketId, counterId: current.counterId, level: current.level, followUpId: id } });
    });
    return this.get(id);
  }

  /** What was done about it; closes the follow-up (contact is recorded with it if it was not before). */
  async resolve(id: string, resolution: string): Promise<FollowUp> {
    if (!resolution.trim()) throw new QueueError('bad-input', 'say what was done');
    await this.queue.change(async (emit) => {
      const current = await this.get(id);
      if (current.status === 'resolved') throw new QueueError('conflict', 'this follow-up is already resolved');
      const at = this.queue.now().toISOString();
      await this.db.run(
        "UPDATE queue_followups SET status = 'resolved', resolved_at = $2, resolution = $3, contacted_at = COALESCE(contacted_at, $2) WHERE id = $1",
        [id, at, this.sealer.seal(resolution.trim())],
      );
      await this.outbox?.enqueue('follow-up', id, {
        step: 'resolved',
        ticketId: current.ticketId,
        at,
        onTime: at <= current.resolveDue,
        ...(current.trackingCode ? { trackingCode: current.trackingCode } : {}),
      });
      await emit({ type: 'followup.updated', evaluation: { ticketId: current.ticketId, counterId: current.counterId, level: current.level, followUpId: id } });
    });
    return this.get(id);
  }
}

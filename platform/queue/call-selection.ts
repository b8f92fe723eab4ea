// Which waiting ticket a counter calls next: the hall's calling rules (contract/calling-rules.ts) fed
// from the database — the counter's skills, each appointment's slot, the counter's latest calls — and
// the call recorded so the ratio rule and the productivity figures can read it back.
import { callClassAt, chooseNext, type CallClass, type CallReason, type SkillLevel, type WaitingTicket } from '../../contract/calling-rules.js';
import type { CounterConfig, HallQueueConfig } from '../../contract/queue.js';
import type { Database } from '../db/database.js';
import type { StoredTicket } from './queue-store.js';

/** How many of a counter's latest calls the ratio rule looks at (a ratio is at most 20 + 20). */
const RECENT_CALLS_READ = 48;

export interface CallSelection {
  ticket: StoredTicket;
  reason: CallReason;
  callClass: CallClass;
}

/** The counter's services and how it serves each: its listed services first, its backup services after. */
export function counterSkills(counter: Pick<CounterConfig, 'services' | 'backupServices'>): Map<string, SkillLevel> {
  const skills = new Map<string, SkillLevel>();
  for (const service of counter.backupServices ?? []) skills.set(service, 'backup');
  for (const service of counter.services) skills.set(service, 'primary');
  return skills;
}

/** Whether a counter serves a service at all (primary or backup). */
export const counterServes = (counter: Pick<CounterConfig, 'services' | 'backupServices'>, service: string): boolean =>
  counter.services.includes(service) || (counter.backupServices ?? []).includes(service);

/** An appointment slot ("09:30", hall time on its day) as an instant. */
export function slotInstant(day: string, slot: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(slot)) throw new Error(`not an appointment slot: ${day} ${slot}`);
  return new Date(`${day}T${slot}:00+08:00`).toISOString();
}

export class CallSelector {
  constructor(private readonly db: Database) {}

  /** The slot of every checked-in appointment ticket of the day, by ticket id. */
  private async slots(day: string): Promise<Map<string, string>> {
    const rows = await this.db.query<{ ticket_id: string; slot: string }>(
      'SELECT ticket_id, slot FROM queue_appointments WHERE day = $1 AND ticket_id IS NOT NULL',
      [day],
    );
    return new Map(rows.map((r) => [r.ticket_id, slotInstant(day, r.slot)]));
  }

  /** This counter's calls today, oldest first (only the tail matters to the ratio). */
  async recentClasses(day: string, counterId: string): Promise<CallClass[]> {
    const rows = await this.db.query<{ call_class: CallClass }>(
      'SELECT call_class FROM queue_calls WHERE day = $1 AND counter_id = $2 ORDER BY seq DESC LIMIT $3',
      [day, counterId, RECENT_CALLS_READ],
    );
    return rows.map((r) => r.call_class).reverse();
  }

  /**
   * The ticket the rules choose among those waiting for this counter (null when none waits) and, when
   * the clerk named one, that ticket (null when it does not wait for this counter). The service decides
   * whether a pick that is not the rules' choice is allowed.
   */
  async choose(input: {
    config: HallQueueConfig;
    counter: CounterConfig;
    waiting: readonly StoredTicket[];
    day: string;
    now: Date;
    pickedId?: string;
  }): Promise<{ choice: CallSelection | null; picked: CallSelection | null }> {
    const { config, counter, now } = input;
    const eligible = input.waiting.filter((t) => (t.targetCounter ? t.targetCounter === counter.id : counterServes(counter, t.service)));
    const slots = await this.slots(input.day);
    const candidates: (StoredTicket & WaitingTicket)[] = eligible.map((t) => (slots.has(t.id) ? { ...t, slotAt: slots.get(t.id)! } : t));
    // A ticket sent to this counter by name is served here whatever the counter's skills say.
    const skills = counterSkills(counter);
    for (const t of candidates) if (!skills.has(t.service)) skills.set(t.service, 'primary');
    const chosen = chooseNext(candidates, {
      policy: config.ordering,
      rules: config.callingRules,
      now,
      skills,
      recentCalls: await this.recentClasses(input.day, counter.id),
    });
    const selection = (t: StoredTicket & WaitingTicket, reason: CallReason): CallSelection => ({
      ticket: eligible.find((e) => e.id === t.id)!,
      reason,
      callClass: callClassAt(t, config.callingRules, now),
    });
    const choice = chosen ? selection(chosen.ticket, chosen.reason) : null;
    if (input.pickedId === undefined) return { choice, picked: null };
    const pickedTicket = candidates.find((t) => t.id === input.pickedId);
    const picked = !pickedTicket ? null : choice?.ticket.id === pickedTicket.id ? choice : selection(pickedTicket, { rule: 'picked' });
    return { choice, picked };
  }

  /** Marks the latest call of a ticket as started (the citizen is at the counter) or ended, with how. */
  async mark(ticketId: string, change: { startedAt: string } | { endedAt: string; outcome: string }): Promise<void> {
    const latest = 'seq = (SELECT MAX(seq) FROM queue_calls WHERE ticket_id = $1)';
    if ('startedAt' in change) await this.db.run(`UPDATE queue_calls SET started_at = $2 WHERE ${latest} AND started_at IS NULL`, [ticketId, change.startedAt]);
    else await this.db.run(`UPDATE queue_calls SET ended_at = $2, outcome = $3 WHERE ${latest}`, [ticketId, change.endedAt, change.outcome]);
  }

  /** Records a call (the ratio rule and the figures read these back). */
  async record(day: string, counterId: string, selection: CallSelection, at: string, clerkId?: string): Promise<void> {
    await this.db.run('INSERT INTO queue_calls (day, counter_id, ticket_id, call_class, rule, called_at, clerk_id) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      day,
      counterId,
      selection.ticket.id,
      selection.callClass,
      selection.reason.rule,
      at,
      clerkId ?? null,
    ]);
  }
}

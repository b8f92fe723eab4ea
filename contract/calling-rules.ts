// Which waiting ticket a counter calls next, and why. Pure, so the hall service decides with it, the
// counter shows its reason ("waited 41 min — maximum-wait rule") and property tests can replay any day.
//
// The rules, in the order they are applied:
//   1. Skills: a counter calls from its primary services; its backup services only when no primary
//      ticket waits (or when a backup ticket has passed the maximum wait).
//   2. Maximum wait: a ticket that has waited at least `maxWaitMinutes` is called before any that has
//      not, the longest-waiting first — whatever its class.
//   3. Ratio: after `priority` priority-class calls in a row at this counter, the next `normal` calls
//      go to normal tickets while any wait (e.g. two priority, then one normal).
//   4. Otherwise the ordering policy (strict ranks or weighted scores, see `orderWaiting`).
// Appointments enter at their slot: checked in early, an appointment waits as a normal ticket from
// its check-in until the slot, then ranks as an appointment with its slot as its place in the queue.
import type { CallingRules, CallReason, SkillLevel } from './calling-rules-schema.js';
import { orderWaiting, type OrderingPolicy, type PriorityClass } from './queue.js';

export { CallingRules, CallReason, SkillLevel } from './calling-rules-schema.js';

/** Whether the call came from the counter's backup services (no primary ticket was waiting). */
export interface CallChoice<T> {
  ticket: T;
  reason: CallReason;
  backupService: boolean;
}

export interface WaitingTicket {
  id: string;
  service: string;
  priority: PriorityClass;
  issuedAt: string;
  /** An appointment's slot (ISO instant); absent for walk-ins. */
  slotAt?: string;
}

export type CallClass = 'priority' | 'normal';
export const callClassOf = (priority: PriorityClass): CallClass => (priority === 'normal' ? 'normal' : 'priority');

export interface CallingContext {
  policy: OrderingPolicy;
  rules: CallingRules;
  now: Date;
  /** The counter's services and how it serves each; a service not listed is not served here. */
  skills: ReadonlyMap<string, SkillLevel>;
  /** The classes of this counter's earlier calls today, oldest first (only the tail matters). */
  recentCalls: readonly CallClass[];
}

/** The ticket as the rules see it now: an early appointment is a normal ticket until its slot. */
export function effectiveTicket<T extends WaitingTicket>(ticket: T, rules: CallingRules, now: Date): T {
  if (ticket.priority !== 'appointment' || !ticket.slotAt || !rules.appointmentsAtSlot) return ticket;
  const slot = Date.parse(ticket.slotAt);
  if (now.getTime() < slot) return { ...ticket, priority: 'normal' };
  // From its slot it ranks as an appointment with the slot as its place (never before its check-in).
  return { ...ticket, issuedAt: new Date(Math.max(slot, Date.parse(ticket.issuedAt))).toISOString() };
}

/** Whole minutes a ticket has waited (from check-in, whatever its slot). */
export const waitedMinutes = (ticket: WaitingTicket, now: Date): number => Math.max(0, Math.floor((now.getTime() - Date.parse(ticket.issuedAt)) / 60_000));

/** How many calls at the end of `calls` are of `cls`. */
function trailingRun(calls: readonly CallClass[], cls: CallClass, end = calls.length): number {
  let run = 0;
  while (end - run - 1 >= 0 && calls[end - run - 1] === cls) run += 1;
  return run;
}

/** Whether the ratio rule gives this call to a normal ticket. */
export function normalsTurn(ratio: NonNullable<CallingRules['ratio']>, calls: readonly CallClass[]): boolean {
  const priorityRun = trailingRun(calls, 'priority');
  if (priorityRun >= ratio.priority) return true;
  if (priorityRun > 0) return false;
  // Inside a turn of normals: it goes on while fewer than `normal` have been called since a full priority run.
  const normalRun = trailingRun(calls, 'normal');
  return normalRun > 0 && normalRun < ratio.normal && trailingRun(calls, 'priority', calls.length - normalRun) >= ratio.priority;
}

/** The ticket this counter calls next, with the rule that chose it; null when none it serves waits. */
export function chooseNext<T extends WaitingTicket>(waiting: readonly T[], context: CallingContext): CallChoice<T> | null {
  const { rules, now, skills } = context;
  const served = waiting.filter((t) => skills.has(t.service));
  if (served.length === 0) return null;
  const original = new Map(served.map((t) => [t.id, t]));
  const pick = (ticket: T, reason: CallReason): CallChoice<T> => ({
    ticket: original.get(ticket.id)!,
    reason,
    backupService: skills.get(ticket.service) === 'backup',
  });

  if (rules.maxWaitMinutes !== undefined) {
    const overdue = served.filter((t) => waitedMinutes(t, now) >= rules.maxWaitMinutes!);
    if (overdue.length > 0) {
      const longest = overdue.reduce((a, b) => (Date.parse(b.issuedAt) < Date.parse(a.issuedAt) ? b : a));
      return pick(longest, { rule: 'max-wait', waitedMinutes: waitedMinutes(longest, now) });
    }
  }

  const primary = served.filter((t) => skills.get(t.service) === 'primary');
  const pool = (primary.length > 0 ? primary : served).map((t) => effectiveTicket(t, rules, now));
  const ordered = orderWaiting(pool, context.policy, now);
  const first = ordered[0]!;

  if (rules.ratio && normalsTurn(rules.ratio, context.recentCalls)) {
    const normal = ordered.find((t) => callClassOf(t.priority) === 'normal');
    if (normal && normal !== first) return pick(normal, { rule: 'ratio', priorityInARow: trailingRun(context.recentCalls, 'priority') });
  }
  return pick(first, { rule: 'order', policy: context.policy.kind, priority: first.priority });
}

/** The class a call counts as for the ratio: what the ticket was when called (an early appointment is normal). */
export function callClassAt(ticket: WaitingTicket, rules: CallingRules, now: Date): CallClass {
  return callClassOf(effectiveTicket(ticket, rules, now).priority);
}

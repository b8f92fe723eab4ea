// 好差评 follow-ups: a bad rating opens one with two timers — contact the citizen within one (default
// 1 h), fix it within the other (default 24 h) — and the supervisor records the contact and the fix.
// Pure (zod only): the hall service decides with it, the supervisor's view shows it.
import { z } from 'zod';
import { RatingLevel } from './queue.js';

export const FOLLOW_UP_STATES = ['open', 'contacted', 'resolved'] as const;
export const FollowUpState = z.enum(FOLLOW_UP_STATES);

/** Which timer has run out: contact is owed first, then the fix. */
export const FollowUpOverdue = z.enum(['contact', 'resolve']);
export type FollowUpOverdue = z.infer<typeof FollowUpOverdue>;

export const FollowUp = z.object({
  id: z.string(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  counterId: z.string(),
  level: RatingLevel,
  reason: z.string(),
  /** The case the service opened, when it opened one. */
  trackingCode: z.string().optional(),
  openedAt: z.string(),
  contactDue: z.string(),
  resolveDue: z.string(),
  contactedAt: z.string().optional(),
  contactNote: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolution: z.string().optional(),
  status: FollowUpState,
  overdue: FollowUpOverdue.nullable(),
});
export type FollowUp = z.infer<typeof FollowUp>;

export const FollowUpContact = z.object({ note: z.string().trim().min(1, 'say how the citizen was contacted').max(500) }).strict();
export const FollowUpResolve = z.object({ resolution: z.string().trim().min(1, 'say what was done').max(1000) }).strict();

/** The timer that has run out at `now`, if any: contact until contacted, the fix until resolved. */
export function followUpOverdue(f: Pick<FollowUp, 'contactDue' | 'resolveDue' | 'contactedAt' | 'resolvedAt'>, now: Date): FollowUpOverdue | null {
  if (f.resolvedAt) return null;
  if (!f.contactedAt && Date.parse(f.contactDue) <= now.getTime()) return 'contact';
  if (Date.parse(f.resolveDue) <= now.getTime()) return 'resolve';
  return null;
}

/** The supervisor's order: overdue first (longest overdue at the top), then open ones by their next due time, resolved last. */
export function sortFollowUps<T extends Pick<FollowUp, 'overdue' | 'status' | 'contactDue' | 'resolveDue' | 'contactedAt' | 'openedAt'>>(
  list: readonly T[],
): T[] {
  const nextDue = (f: T) => Date.parse(f.contactedAt ? f.resolveDue : f.contactDue);
  const group = (f: T) => (f.overdue ? 0 : f.status === 'resolved' ? 2 : 1);
  return [...list].sort((a, b) => group(a) - group(b) || nextDue(a) - nextDue(b) || a.openedAt.localeCompare(b.openedAt));
}

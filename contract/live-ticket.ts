// The live ticket: what the page a ticket's QR opens (/t/<token>) shows on the citizen's phone. No
// personal data: the number, the service, people ahead, an estimate and the window — the same facts
// the hall's display shows to anyone in the room.
import { z } from 'zod';
import { TicketState } from './queue.js';

export const LiveTicketView = z.object({
  hallName: z.string(),
  number: z.string(),
  serviceName: z.string(),
  serviceNameEn: z.string().optional(),
  state: TicketState,
  /** Waiting (or away) tickets of the same service ahead of this one, in calling order. */
  peopleAhead: z.number().int().nonnegative().optional(),
  estimatedMinutes: z.number().int().nonnegative().optional(),
  /** The window's number when called or parked there ("请到 5 号窗口"). */
  window: z.string().optional(),
  /** While away: when the ticket turns into a no-show unless the citizen is back. */
  awayUntil: z.string().optional(),
  /** How long the hall keeps a ticket for a citizen who steps out. */
  awayMinutes: z.number().int(),
  /** The hall's event sequence the view was computed at (the page ignores an older one). */
  seq: z.number().int().nonnegative(),
});
export type LiveTicketView = z.infer<typeof LiveTicketView>;

/** A live ticket token: 32 random bytes, base64url (256 bits; the hall service keeps only a hash). */
export const LiveToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a live ticket token');

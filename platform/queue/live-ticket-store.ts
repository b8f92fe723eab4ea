// Rows of the live ticket (migration 4): the page's token, kept only as a hash, and the contact a
// citizen gave for reminders, sealed and deleted when the ticket ends. No business rules here.
import { newToken, sha256Hex } from '../digest.js';
import { NoticeContact } from '../../contract/notifications.js';
import type { QueueStore } from './queue-store.js';

/** The hash a token is found by: a token has 256 random bits, so an unkeyed hash cannot be reversed by trying. */
export const liveTokenHash = (token: string): string => sha256Hex(`live-ticket:${token}`);

/**
 * A new token for a ticket (returned once, never stored), its hash for the ticket's row, and the
 * contact sealed with the token for the SMS link; the group issue writes them with the ticket.
 */
export function newLiveTicket(
  store: QueueStore,
  contact: NoticeContact | undefined,
): { token: string; tokenHash: string; contactSealed?: { contact: string; token: string } } {
  const token = newToken();
  return {
    token,
    tokenHash: liveTokenHash(token),
    ...(contact ? { contactSealed: { contact: store.sealer.seal(JSON.stringify(NoticeContact.parse(contact))), token: store.sealer.seal(token) } } : {}),
  };
}

/** A token a kiosk made for a ticket it issued offline, kept as its hash when the ticket rejoins (once). */
export async function adoptLiveToken(store: QueueStore, ticketId: string, token: string): Promise<void> {
  await store.db.run('INSERT INTO queue_live_tickets (ticket_id, token_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING', [ticketId, liveTokenHash(token)]);
}

/** The ticket a token opens, if any. */
export async function ticketIdOfToken(store: QueueStore, token: string): Promise<string | undefined> {
  return (await store.db.one<{ ticket_id: string }>('SELECT ticket_id FROM queue_live_tickets WHERE token_hash = $1', [liveTokenHash(token)]))?.ticket_id;
}

export async function awayUntil(store: QueueStore, ticketId: string): Promise<string | undefined> {
  return (
    (await store.db.one<{ away_until: string | null }>('SELECT away_until FROM queue_live_tickets WHERE ticket_id = $1', [ticketId]))?.away_until ?? undefined
  );
}

export async function setAwayUntil(store: QueueStore, ticketId: string, until: string | null): Promise<void> {
  await store.db.run('UPDATE queue_live_tickets SET away_until = $1 WHERE ticket_id = $2', [until, ticketId]);
}

/** Away tickets whose time ran out at `nowIso`. */
export async function awayExpired(store: QueueStore, nowIso: string): Promise<string[]> {
  const rows = await store.db.query<{ ticket_id: string }>(
    "SELECT l.ticket_id FROM queue_live_tickets l JOIN queue_tickets t ON t.id = l.ticket_id WHERE l.away_until IS NOT NULL AND l.away_until <= $1 AND t.state = 'away'",
    [nowIso],
  );
  return rows.map((r) => r.ticket_id);
}

export interface TicketContact {
  contact: NoticeContact;
  token?: string;
}

/** Tickets of a day that still have a contact, with it opened. */
export async function contactsOfDay(store: QueueStore, day: string): Promise<Map<string, TicketContact>> {
  const rows = await store.db.query<{ ticket_id: string; contact_sealed: string; token_sealed: string | null }>(
    "SELECT c.ticket_id, c.contact_sealed, c.token_sealed FROM queue_ticket_contacts c JOIN queue_tickets t ON t.id = c.ticket_id WHERE t.day = $1 AND t.state IN ('waiting', 'away', 'called')",
    [day],
  );
  return new Map(
    rows.map((r) => [
      r.ticket_id,
      {
        contact: NoticeContact.parse(JSON.parse(store.sealer.open(r.contact_sealed))),
        ...(r.token_sealed ? { token: store.sealer.open(r.token_sealed) } : {}),
      },
    ]),
  );
}

export async function contactOf(store: QueueStore, ticketId: string): Promise<TicketContact | undefined> {
  const row = await store.db.one<{ contact_sealed: string; token_sealed: string | null }>(
    'SELECT contact_sealed, token_sealed FROM queue_ticket_contacts WHERE ticket_id = $1',
    [ticketId],
  );
  if (!row) return undefined;
  return {
    contact: NoticeContact.parse(JSON.parse(store.sealer.open(row.contact_sealed))),
    ...(row.token_sealed ? { token: store.sealer.open(row.token_sealed) } : {}),
  };
}

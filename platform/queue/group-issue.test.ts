// Group issue: tickets asked for at once are issued together, in few transactions, with every
// guarantee of a ticket issued alone — numbers unique and gap-free per queue, events numbered in the
// order of the numbers, each ticket's own live token and contact, people ahead as the calling order
// counts them — on PGlite (the embedded default) and on a PostgreSQL server.
import { afterEach, describe, expect, it } from 'vitest';
import { clockFrom } from '../../contract/clock.js';
import { orderWaiting, type IssuedTicket, type QueueEvent } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { contactOf, ticketIdOfToken } from './live-ticket-store.js';
import { QueueError, QueueService } from './queue-service.js';

const AT_ONCE = 60;

function groupCases(open: () => Promise<Database>) {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  async function openQueue() {
    const now = Date.parse('2026-11-23T01:00:00Z');
    const db = await open();
    let transactions = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = (work) => ((transactions += 1), transaction(work));
    const queue = await QueueService.open(db, { clock: clockFrom(() => now) });
    close = async () => (await queue.close(), await db.close());
    const events: QueueEvent[] = [];
    queue.subscribe((event) => events.push(event));
    return { db, queue, events, transactions: () => transactions };
  }

  it('issues tickets asked for at once together, each as if alone', async () => {
    const { db, queue, events, transactions } = await openQueue();
    const before = transactions();
    const priorities = ['normal', 'elderly', 'vip'] as const;
    const issued = await Promise.all(
      Array.from({ length: AT_ONCE }, (_, i) =>
        queue.issue({
          service: i % 3 ? 'social-security' : 'household',
          priority: priorities[i % priorities.length]!,
          source: 'kiosk',
          ...(i % 10 === 0 ? { phone: '13800138000' } : {}),
        }),
      ),
    );
    // Fewer transactions than tickets: the ones asked for while a group ran went in the next group.
    expect(transactions() - before).toBeLessThan(AT_ONCE / 2);

    // Numbers gap-free per queue; the first ticket asked for gets the first number.
    const config = await queue.config();
    const prefixOf = (service: string) => config.services.find((s) => s.code === service)!.queue;
    for (const service of ['social-security', 'household']) {
      const mine = issued.filter((t) => t.ticket.service === service).map((t) => t.ticket.number);
      expect(mine).toEqual(mine.map((_, n) => `${prefixOf(service)}${String(n + 1).padStart(3, '0')}`));
    }

    // Each ticket's event was handed out before its answer, once, in the order of the numbers.
    const issuedEvents = events.filter((e) => e.type === 'ticket.issued');
    expect(issuedEvents.map((e) => e.ticket!.id)).toEqual(issued.map((t) => t.ticket.id));
    expect(issuedEvents.map((e) => e.ticket!.number)).toEqual(issued.map((t) => t.ticket.number));
    const seqs = issuedEvents.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // Its own live token opens each ticket; a phone given is kept for reminders with that ticket's token.
    expect(new Set(issued.map((t) => t.liveToken)).size).toBe(AT_ONCE);
    for (const [i, t] of issued.entries()) {
      expect(await ticketIdOfToken(queue.store, t.liveToken!)).toBe(t.ticket.id);
      const contact = await contactOf(queue.store, t.ticket.id);
      if (i % 10 === 0) expect(contact).toEqual({ contact: { channel: 'sms', phone: '13800138000' }, token: t.liveToken });
      else expect(contact).toBeUndefined();
    }

    // People ahead: the calling order among the waiting tickets the group saw, its own included.
    const waiting = await queue.store.ticketsOfDay(queue.today(), ['waiting']);
    for (const service of ['social-security', 'household']) {
      const ordered = orderWaiting(
        waiting.filter((t) => t.service === service),
        config.ordering,
        queue.now(),
      ).map((t) => t.id);
      const byGroupOrder = issued.filter((t) => t.ticket.service === service);
      // A ticket is counted behind those of earlier groups and of its own: never more than the final order says.
      for (const t of byGroupOrder) expect(t.waitingAhead).toBeLessThanOrEqual(ordered.indexOf(t.ticket.id));
      expect(byGroupOrder.at(-1)!.waitingAhead).toBe(ordered.indexOf(byGroupOrder.at(-1)!.ticket.id));
    }
    expect(await db.query('SELECT 1 FROM queue_events_pending')).toHaveLength(0);
  });

  it('answers only the tickets past the day’s last number with a conflict, and the rest of their group as usual', async () => {
    const { db, queue } = await openQueue();
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await db.run("UPDATE queue_numbers SET next = 9998 WHERE prefix = 'A'");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => queue.issue({ service: i % 2 ? 'household' : 'social-security', priority: 'normal', source: 'kiosk' })),
    );
    const social = outcomes.filter((_, i) => i % 2 === 0);
    const numbers = social.flatMap((o) => (o.status === 'fulfilled' ? [o.value.ticket.number] : []));
    expect(numbers).toEqual(['A9998', 'A9999']);
    const refused = social.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(QueueError);
    expect((refused[0] as QueueError).code).toBe('conflict');
    const household = outcomes.filter((_, i) => i % 2 === 1).map((o) => (o as PromiseFulfilledResult<IssuedTicket>).value.ticket.number);
    expect(household).toEqual(['B001', 'B002', 'B003']);
  });

  it('refuses bad input to its caller alone', async () => {
    const { queue } = await openQueue();
    const outcomes = await Promise.allSettled([
      queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' }),
      queue.issue({ service: 'no-such-service', priority: 'normal', source: 'kiosk' }),
      queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk', phone: 'not a phone' }),
      queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.ticket.number] : []))).toEqual(['A001', 'A002']);
  });

  it('issues inside a transaction its caller is in, with it', async () => {
    const { db, queue } = await openQueue();
    // The caller's transaction rolls back: its ticket and the ticket's number with it.
    const refused = await db
      .transaction(async () => {
        const ticket = await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
        throw Object.assign(new Error('the caller changed its mind'), { ticket });
      })
      .catch((error: Error & { ticket: IssuedTicket }) => error.ticket);
    expect(refused.ticket.number).toBe('A001');
    expect(await queue.store.ticket(refused.ticket.id)).toBeUndefined();
    expect((await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' })).ticket.number).toBe('A001');
  });
}

describe('group issue on PGlite', () => groupCases(() => openPlatformDatabase('pglite:memory')));
describeOnPostgres('group issue on PostgreSQL', async () => groupCases(async () => openPlatformDatabase(await freshDatabaseUrl())));

// The hall's day turning over. The day turns at the configured reset time (hall time); with
// `keepOvernight` the tickets still waiting then carry into the new day with their numbers, and the new
// day's numbering (online and offline lease ranges alike) goes on after them so no number repeats.
// Without it they stay with the old day, out of the new day's queue and counted there as unserved.
// Runs inside a queue change (under the queue's lock), once per day whichever instance is first.
import type { HallQueueConfig } from '../../contract/queue.js';
import type { Database } from '../db/database.js';

/** How many days back waiting tickets are looked for (a hall closed over a long holiday still carries). */
const CARRY_LOOKBACK_DAYS = 14;

const dayBefore = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** Carries yesterday's waiting tickets into `today` when configured; returns how many moved (0 when already done). */
export async function rollOverDay(db: Database, config: HallQueueConfig, today: string, at: string): Promise<number> {
  if (await db.one('SELECT 1 FROM queue_day_rollovers WHERE day = $1', [today])) return 0;
  let carried = 0;
  if (config.dayBoundary.keepOvernight) {
    const waiting = await db.query<{ id: string; number: string }>(
      "SELECT id, number FROM queue_tickets WHERE state = 'waiting' AND day < $1 AND day >= $2 ORDER BY issued_at",
      [today, dayBefore(today, CARRY_LOOKBACK_DAYS)],
    );
    // The new day's numbers start after the highest carried number of each queue, in each range.
    const online = new Map<string, number>();
    const leased = new Map<string, number>();
    for (const t of waiting) {
      const prefix = t.number[0]!;
      const n = Number(t.number.slice(1));
      const range = n >= config.leaseNumbersFrom ? leased : online;
      range.set(prefix, Math.max(range.get(prefix) ?? 0, n));
    }
    for (const [prefix, highest] of online) {
      await db.run(
        'INSERT INTO queue_numbers (day, prefix, next) VALUES ($1, $2, $3) ON CONFLICT (day, prefix) DO UPDATE SET next = GREATEST(queue_numbers.next, excluded.next)',
        [today, prefix, highest + 1],
      );
    }
    for (const [prefix, highest] of leased) {
      await db.run(
        'INSERT INTO queue_lease_numbers (day, prefix, next) VALUES ($1, $2, $3) ON CONFLICT (day, prefix) DO UPDATE SET next = GREATEST(queue_lease_numbers.next, excluded.next)',
        [today, prefix, highest + 1],
      );
    }
    // A number already used today (issued before this ran, e.g. by a replayed offline ticket) keeps its old day.
    for (const t of waiting) {
      if (await db.one('SELECT 1 FROM queue_tickets WHERE day = $1 AND number = $2', [today, t.number])) continue;
      await db.run('UPDATE queue_tickets SET day = $1 WHERE id = $2', [today, t.id]);
      carried += 1;
    }
  }
  await db.run('INSERT INTO queue_day_rollovers (day, carried, at) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING', [today, carried, at]);
  return carried;
}

// People ahead are counted, and the next ticket to call is taken, in SQL (queue-store); the calling
// order itself is orderWaiting's. Both must agree for every waiting ticket, under either policy, on PGlite (the
// embedded default) and on a PostgreSQL server.
import { afterEach, describe, expect, it } from 'vitest';
import { clockFrom } from '../../contract/clock.js';
import { HallQueueConfig, orderWaiting, type OrderingPolicy, type PriorityClass } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { QueueService } from './queue-service.js';

const PRIORITIES: PriorityClass[] = ['normal', 'elderly', 'vip', 'normal', 'appointment', 'pregnant', 'normal', 'disabled'];
const POLICIES: OrderingPolicy[] = [
  { kind: 'strict', rank: ['vip', 'disabled', 'elderly', 'pregnant', 'appointment', 'normal'] },
  // Only some classes named, and ageing that overtakes class weight within the run.
  { kind: 'weighted', weights: { vip: 30, elderly: 15, appointment: 4 }, agingPerMinute: 2, agingCap: 20 },
];

function orderCases(open: () => Promise<Database>) {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  for (const policy of POLICIES) {
    it(`counts the same people ahead as the calling order (${policy.kind})`, async () => {
      let now = Date.parse('2026-11-23T01:00:00Z');
      const db = await open();
      const queue = await QueueService.open(db, { clock: clockFrom(() => now) });
      close = async () => (await queue.close(), await db.close());
      await queue.setConfig(HallQueueConfig.parse({ ...DEMO_HALL_CONFIG, ordering: policy }));
      for (let i = 0; i < 24; i++) {
        const issued = await queue.issue({ service: i % 3 ? 'social-security' : 'household', priority: PRIORITIES[i % PRIORITIES.length]!, source: 'kiosk' });
        // The position issuing answers (counted in the issuing statement) is the calling order's too.
        const waitingNow = await queue.store.ticketsOfDay(queue.today(), ['waiting'], issued.ticket.service);
        expect(issued.waitingAhead).toBe(orderWaiting(waitingNow, policy, new Date(now)).findIndex((t) => t.id === issued.ticket.id));
        // Some tickets share an issue time (the number breaks the tie), the rest are minutes apart.
        if (i % 4 !== 1) now += 90_000;
      }
      await queue.callNext('counter-1');
      now += 5 * 60_000;
      const waiting = await queue.store.ticketsOfDay(queue.today(), ['waiting']);
      expect(waiting.length).toBeGreaterThan(15);
      for (const service of ['social-security', 'household']) {
        const ordered = orderWaiting(
          waiting.filter((t) => t.service === service),
          policy,
          new Date(now),
        );
        const counted = await Promise.all(ordered.map(async (t) => (await queue.ticketPosition(t.id)).waitingAhead));
        expect(counted).toEqual(ordered.map((_, index) => index));
        const next = await queue.store.nextToCall(queue.today(), { id: 'any-counter', services: [service] }, policy, now);
        expect(next?.id).toBe(ordered[0]!.id);
      }
      const called = (await queue.store.ticketsOfDay(queue.today(), ['called']))[0]!;
      expect((await queue.ticketPosition(called.id)).waitingAhead).toBe(0);
    });
  }
}

describe('people ahead on PGlite', () => orderCases(() => openPlatformDatabase('pglite:memory')));
describeOnPostgres('people ahead on PostgreSQL', async () => orderCases(async () => openPlatformDatabase(await freshDatabaseUrl())));

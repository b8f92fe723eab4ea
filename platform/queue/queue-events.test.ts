// Events reach subscribers from the NOTIFY payload, and from the event table whenever the payload
// cannot carry them (too long) or a notification was missed (the listening connection came back):
// in order, each once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import type { QueueEvent } from '../../contract/queue.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { QUEUE_EVENTS_CHANNEL, QueueService } from './queue-service.js';

describe('hall queue events on one LISTEN connection', () => {
  let db: Database;
  let queue: QueueService;
  const received: QueueEvent[] = [];
  beforeEach(async () => {
    db = await openPlatformDatabase('pglite:memory');
    queue = await QueueService.open(db, { clock: new ManualClock('2026-11-23T01:00:00Z'), pollMs: 60_000 });
    received.length = 0;
    queue.subscribe((event) => received.push(event));
  });
  afterEach(async () => {
    await queue.close();
    await db.close();
  });

  it('delivers an event too long for a notification from the table, in its place', async () => {
    await queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    const long = JSON.stringify({ type: 'config.changed', at: '2026-11-23T01:00:01.000Z', note: 'x'.repeat(9000) });
    await db.run('INSERT INTO queue_events_pending (at, type, body_json) VALUES ($1, $2, $3)', ['2026-11-23T01:00:01.000Z', 'config.changed', long]);
    await queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    await expect.poll(() => received.length).toBe(3);
    expect(received.map((e) => e.type)).toEqual(['ticket.issued', 'config.changed', 'ticket.issued']);
    expect(received.map((e) => e.seq)).toEqual([received[0]!.seq, received[0]!.seq + 1, received[0]!.seq + 2]);
  });

  it('reads what it missed when its listening connection comes back', async () => {
    await queue.issue({ service: 'general', priority: 'normal', source: 'kiosk' });
    // An event committed while nobody listened: in the table, never announced.
    await db.run('INSERT INTO queue_events (at, type, body_json) VALUES ($1, $2, $3)', [
      '2026-11-23T01:00:02.000Z',
      'config.changed',
      JSON.stringify({ type: 'config.changed', at: '2026-11-23T01:00:02.000Z' }),
    ]);
    expect(received).toHaveLength(1);
    // The connection's return is an empty message.
    await db.query('SELECT pg_notify($1, $2)', [QUEUE_EVENTS_CHANNEL, '']);
    await expect.poll(() => received.length).toBe(2);
    expect(received[1]).toMatchObject({ type: 'config.changed', seq: received[0]!.seq + 1 });
  });
});

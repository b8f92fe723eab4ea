// A rating given while the hall service is down survives a host restart (kept encrypted in the offline
// store) and reaches the hall service once, even when the host dies between sending and forgetting it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, describe } from 'vitest';
import { openTestStore, tempDir } from '../../../../offline-store/test/temp.js';
import { PendingRatings, type PendingRating, type SendOutcome } from './queue-pending-ratings.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

/** The hall service as the kiosk sees it: down, or up and holding one rating per ticket. */
class Hall {
  up = false;
  readonly ratings = new Map<string, PendingRating>();
  async take(rating: PendingRating): Promise<SendOutcome> {
    if (!this.up) return 'unreachable';
    if (this.ratings.has(rating.ticketId)) return 'refused';
    this.ratings.set(rating.ticketId, rating);
    return 'taken';
  }
}

describe('ratings kept for the hall service', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('pending-ratings-'));
  });
  afterEach(() => cleanup());

  it('survive a restart during an outage, encrypted at rest, and arrive once', async () => {
    const hall = new Hall();
    const first = await openTestStore(dir);
    const before = new PendingRatings(() => first);
    expect(await before.add({ ticketId: 't-1', level: 1, reason: '等候时间太长；没有讲清楚', channel: 'kiosk' })).toBe(true);
    expect(await before.add({ ticketId: 't-1', level: 5, channel: 'kiosk' })).toBe(false);
    await before.add({ ticketId: 't-2', level: 5, channel: 'kiosk' });
    expect(await before.replay((r) => hall.take(r))).toBe(0); // still down
    await first.close();
    for (const file of files(join(dir, 'store'))) expect(readFileSync(file).toString('utf8')).not.toContain('等候时间太长');

    // The host starts again; the hall service is back.
    hall.up = true;
    const second = await openTestStore(dir);
    const after = new PendingRatings(() => second);
    expect(await after.count()).toBe(2);
    expect(await after.replay((r) => hall.take(r))).toBe(2);
    expect([...hall.ratings.values()]).toEqual([
      { ticketId: 't-1', level: 1, reason: '等候时间太长；没有讲清楚', channel: 'kiosk' },
      { ticketId: 't-2', level: 5, channel: 'kiosk' },
    ]);
    expect(await after.replay((r) => hall.take(r))).toBe(0);
    await second.close();
  });

  it('is refused, not doubled, when the host died after sending and before forgetting', async () => {
    const hall = new Hall();
    hall.up = true;
    const store = await openTestStore(dir);
    const ratings = new PendingRatings(() => store);
    await ratings.add({ ticketId: 't-3', level: 2, reason: '办理太慢', channel: 'window' });
    // The first send reaches the hall, then the host dies before the list is written back.
    await expect(
      ratings.replay(async (r) => {
        await hall.take(r);
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    await store.close();
    const reopened = await openTestStore(dir);
    const again = new PendingRatings(() => reopened);
    const outcomes: SendOutcome[] = [];
    await again.replay(async (r) => {
      const outcome = await hall.take(r);
      outcomes.push(outcome);
      return outcome;
    });
    expect(outcomes).toEqual(['refused']);
    expect(hall.ratings.size).toBe(1);
    expect(await again.count()).toBe(0);
    await reopened.close();
  });
});

import { describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../../../contract/queue.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { QueueStreamMirror } from './queue-stream-mirror.js';

const event = (seq: number, type = 'assist.requested') => ({ seq, type }) as unknown as QueueEvent;
const online = (up: boolean) => ({ online: up, pendingOffline: 0, leased: {} });

describe('a list mirrored from the hall queue stream', () => {
  it('applies events that arrive during a fetch after it, only those newer than the fetched list, each once', async () => {
    const bus = new HostEventBus();
    const applied: number[] = [];
    const arrived: number[] = [];
    let answer!: (seq: number) => void;
    let fetches = 0;
    const mirror = new QueueStreamMirror({
      bus,
      log: createLogger({ level: 'silent' }),
      what: 'the test list',
      relevant: (e) => e.type.startsWith('assist.'),
      fetch: () => {
        fetches += 1;
        return new Promise<number>((resolve) => (answer = resolve));
      },
      apply: (e) => void applied.push(e.seq),
      arrived: (e) => void arrived.push(e.seq),
      changed: () => undefined,
    });
    mirror.attach();
    bus.publish('queue.connectivity', online(true));
    expect(mirror.online).toBe(true);
    // While the list is fetched: one event it already holds (4), two newer (6, 7), one of another kind.
    for (const e of [event(4), event(6), event(5, 'ticket.issued'), event(7)]) bus.publish('queue.event', e);
    expect(applied).toEqual([]);
    expect(arrived).toEqual([4, 6, 7]);
    answer(5);
    await new Promise((resolve) => setImmediate(resolve));
    expect(applied).toEqual([6, 7]);
    // A replayed event is not applied again; a newer one is, at once.
    bus.publish('queue.event', event(7));
    bus.publish('queue.event', event(8));
    expect(applied).toEqual([6, 7, 8]);
    // Only a link that comes back fetches again.
    bus.publish('queue.connectivity', online(true));
    expect(fetches).toBe(1);
    bus.publish('queue.connectivity', online(false));
    bus.publish('queue.connectivity', online(true));
    expect(fetches).toBe(2);
    mirror.detach();
  });
});

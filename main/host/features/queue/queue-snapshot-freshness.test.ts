// The host answers `queue.snapshot` with a snapshot at least as new as the last event it passed on.
// A fetch sent before an event must not answer for it: a counter's call vanished from its own page
// that way (the page asked again after the call's event, shared the older fetch, and no event followed).
import { describe, expect, it } from 'vitest';
import type { QueueEvent, QueueSnapshot } from '../../../../contract/queue.js';
import { ManualClock } from '../../../../contract/clock.js';
import { QueueFeature, type QueueFeatureOptions } from './queue-feature.js';
import type { FollowHandlers } from './queue-client.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function snapshotAt(seq: number, currentTicketId?: string): QueueSnapshot {
  return {
    seq,
    day: '2026-03-02',
    tickets: [],
    waiting: [],
    recentCalls: [],
    assists: [],
    counters: [
      { id: 'counter-1', name: '1 号窗口', number: '1', services: ['social-security'], paused: false, ...(currentTicketId ? { currentTicketId } : {}) },
    ],
    config: {} as QueueSnapshot['config'],
  };
}

function featureWithControlledService() {
  const fetches: Array<ReturnType<typeof deferred<QueueSnapshot>>> = [];
  let handlers!: FollowHandlers;
  const client = {
    follow: (_since: number, h: FollowHandlers) => {
      handlers = h;
      return () => undefined;
    },
    request: async (name: string) => {
      if (name !== 'queueSnapshot') throw new Error(`unexpected ${name}`);
      const fetch = deferred<QueueSnapshot>();
      fetches.push(fetch);
      return fetch.promise;
    },
  };
  const ledger = { pending: () => [], remaining: () => ({}), rememberConfig: () => undefined, settle: () => undefined, config: undefined };
  const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
  const feature = new QueueFeature({
    client,
    ledger,
    bus: { publish: () => undefined },
    role: 'counter',
    counterId: 'counter-1',
    leasePrefixes: [],
    log: silent,
    clock: new ManualClock(Date.parse('2026-03-02T09:00:00+08:00')),
    recordOffline: async () => undefined,
    ledShown: () => null,
  } as unknown as QueueFeatureOptions);
  const event = (seq: number) => handlers.onEvent({ seq, type: 'ticket.called', at: '2026-03-02T01:00:00Z' } as unknown as QueueEvent);
  return { feature, fetches, event, up: () => handlers.onUp(4) };
}

describe('queue.snapshot after events', () => {
  it('does not answer with a fetch that was sent before the latest event', async () => {
    const { feature, fetches, event, up } = featureWithControlledService();
    feature.attach();
    up();
    fetches[0]!.resolve(snapshotAt(4));
    await new Promise((r) => setTimeout(r, 0));

    event(5); // the transfer
    const first = feature.handlers['queue.snapshot']({});
    await new Promise((r) => setTimeout(r, 0));
    expect(fetches).toHaveLength(2);
    event(6); // the call, while the first fetch is still on its way
    const second = feature.handlers['queue.snapshot']({});
    await new Promise((r) => setTimeout(r, 0));
    expect(fetches).toHaveLength(3); // a new fetch, not the one sent before the call

    fetches[2]!.resolve(snapshotAt(6, 'ticket-called'));
    fetches[1]!.resolve(snapshotAt(5)); // the older answer arrives last
    expect((await second).snapshot?.seq).toBe(6);
    expect((await first).snapshot?.counters[0]?.currentTicketId).toBe('ticket-called');
    // and a later reader is not handed the older answer either
    expect((await feature.handlers['queue.snapshot']({})).snapshot?.seq).toBe(6);
    feature.detach();
  });
});

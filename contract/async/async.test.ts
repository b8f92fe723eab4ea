import { describe, expect, it } from 'vitest';
import { Backoff, backoffCeiling, backoffDelay } from './backoff.js';
import { DisposableStore } from './disposables.js';
import { Emitter } from './emitter.js';
import { SerialRunner } from './serial.js';
import type { Timers } from './timers.js';
import { WakeableSleep } from './wakeable-sleep.js';

/** Timers that fire only when the test says time has passed. */
class SteppedTimers implements Timers {
  private now = 0;
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;
  setTimeout(run: () => void, ms: number) {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(id);
        timer.run();
      }
    }
  }
  get count() {
    return this.pending.size;
  }
}

describe('back-off', () => {
  it('doubles from the first wait up to the ceiling', () => {
    const policy = { initialMs: 250, maxMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffCeiling(n, policy))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(backoffCeiling(10_000, policy)).toBe(5000);
    expect(backoffCeiling(0, policy)).toBe(250);
  });

  it('spreads waits by the policy: none, full or half jitter', () => {
    const policy = { initialMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(4, policy, () => 0)).toBe(8000);
    expect(backoffDelay(4, { ...policy, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelay(4, { ...policy, jitter: 'full' }, () => 1)).toBe(8000);
    expect(backoffDelay(4, { ...policy, jitter: 'half' }, () => 0)).toBe(4000);
    expect(backoffDelay(4, { ...policy, jitter: 'half' }, () => 1)).toBe(8000);
  });

  it('counts failures until reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 350 });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 350, 350]);
    expect(backoff.consecutiveFailures).toBe(4);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});

describe('wakeable sleep', () => {
  it('ends after its time, or at once when woken, and leaves no timer behind', async () => {
    const timers = new SteppedTimers();
    const sleeps = new WakeableSleep(timers);
    const elapsed = sleeps.sleep(1000);
    timers.advance(1000);
    expect(await elapsed).toBe('elapsed');
    const first = sleeps.sleep(60_000);
    const second = sleeps.sleep(60_000);
    sleeps.wake();
    expect(await Promise.all([first, second])).toEqual(['woken', 'woken']);
    expect(timers.count).toBe(0);
  });
});

describe('serial runner', () => {
  it('runs tasks one at a time in order, and a failure does not stop the next', async () => {
    const runner = new SerialRunner();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await Promise.resolve();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([runner.run(task('a')), runner.run(task('b', true)), runner.run(task('c'))]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('disposable store', () => {
  it('undoes everything once, newest first, even when one undo throws', () => {
    const store = new DisposableStore();
    const log: string[] = [];
    store.add(() => log.push('first'));
    store.add(() => {
      throw new Error('broken');
    });
    store.add(() => log.push('third'));
    expect(() => store.dispose()).toThrow('broken');
    expect(log).toEqual(['third', 'first']);
    store.dispose();
    expect(log).toEqual(['third', 'first']);
    expect(store.size).toBe(0);
  });

  it('takes several disposers at once and undoes them with the rest, newest first', () => {
    const store = new DisposableStore();
    const log: string[] = [];
    store.add(() => log.push('alone'));
    store.addAll(
      () => log.push('a'),
      () => log.push('b'),
    );
    expect(store.size).toBe(3);
    store.dispose();
    expect(log).toEqual(['b', 'a', 'alone']);
  });
});

describe('emitter', () => {
  it('delivers typed events to its listeners until each unsubscribes', () => {
    const events = new Emitter<{ card: [id: string]; removed: [] }>();
    const seen: string[] = [];
    const off = events.on('card', (id) => seen.push(id));
    events.on('removed', () => seen.push('removed'));
    events.emit('card', 'A');
    events.emit('removed');
    off();
    events.emit('card', 'B');
    expect(seen).toEqual(['A', 'removed']);
    expect(events.listenerCount('card')).toBe(0);
    expect(events.listenerCount()).toBe(1);
    events.clear();
    expect(events.listenerCount()).toBe(0);
  });

  it('lets a listener unsubscribe while an event is being delivered', () => {
    const events = new Emitter<{ tick: [] }>();
    const seen: string[] = [];
    const offFirst = events.on('tick', () => {
      seen.push('first');
      offFirst();
    });
    events.on('tick', () => seen.push('second'));
    events.emit('tick');
    events.emit('tick');
    expect(seen).toEqual(['first', 'second', 'second']);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { alignWithHost, hostClock } from './host-clock.js';

describe("the screens' clock", () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts from the host's time, read half-way through the request that carried it", () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    // Sent at 1,000,000 and answered at 1,000,100 by a host whose clock said 2030-01-01.
    alignWithHost('2030-01-01T00:00:00.000Z', 1_000_000, 1_000_100);
    expect(hostClock.nowMs()).toBe(Date.parse('2030-01-01T00:00:00.000Z') - 50);
    expect(hostClock.iso()).toBe('2029-12-31T23:59:59.950Z');
  });

  it('keeps its alignment when an answer carries no readable time', () => {
    vi.spyOn(Date, 'now').mockReturnValue(5_000);
    alignWithHost('2030-01-01T00:00:00.000Z', 5_000, 5_000);
    alignWithHost(undefined, 5_000, 5_000);
    alignWithHost('soon', 5_000, 5_000);
    expect(hostClock.iso()).toBe('2030-01-01T00:00:00.000Z');
  });
});

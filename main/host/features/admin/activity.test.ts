import { describe, expect, it } from 'vitest';
import { ActivityTracker } from './activity.js';
import { clockFrom } from '../../../../contract/clock.js';

describe('terminal activity', () => {
  it('is idle only after the quiet period with no session open', () => {
    const clock = { t: 0, busy: false };
    const tracker = new ActivityTracker({ idleAfterMs: 600_000, busy: () => clock.busy, clock: clockFrom(() => clock.t) });
    expect(tracker.isIdle()).toBe(false);
    clock.t = 600_000;
    expect(tracker.isIdle()).toBe(true);
    tracker.touch();
    expect(tracker.isIdle()).toBe(false);
    clock.t += 600_000;
    clock.busy = true;
    expect(tracker.isIdle()).toBe(false);
    clock.busy = false;
    expect(tracker.isIdle()).toBe(true);
  });
});

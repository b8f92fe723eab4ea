// The day-without-leaks soak at a reduced count (the full 2,000 sessions: `npm run soak`). What it
// asserts is what a leak would grow: descriptors, handles and timers, listeners, and live memory.
import { describe, expect, it } from 'vitest';
import { grownResources, runSoak } from './soak.js';

describe('soak: citizen sessions at one kiosk through the host API', () => {
  it('leaves no descriptor, handle, timer or listener behind and live memory flat', async () => {
    const report = await runSoak({ sessions: 10, warmupSessions: 3 });
    expect(report.pendingAtEnd).toBe(0);
    expect(report.end.openFds).toBeLessThanOrEqual(report.start.openFds);
    expect(grownResources(report)).toEqual({});
    expect(report.end.listeners.bus).toBeLessThanOrEqual(report.start.listeners.bus);
    expect(report.end.listeners.process).toBeLessThanOrEqual(report.start.listeners.process);
    // Live objects after a full collection. Resident memory is judged by the full run, whose start is
    // taken once V8's young generation and the allocator have grown to their working size; a dozen
    // sessions are too few for that.
    expect(report.end.heapUsedMiB / report.start.heapUsedMiB - 1).toBeLessThanOrEqual(0.1);
  }, 120_000);
});

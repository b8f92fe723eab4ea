// The day-without-leaks soak at a reduced count (the full 2,000 sessions: `npm run soak`). What it
// asserts is what a leak would grow: descriptors, handles and timers, listeners, and live memory.
import { describe, expect, it } from 'vitest';
import { grownResources, runSoak } from './soak.js';

describe('soak: citizen sessions at one kiosk through the host API', () => {
  it('leaves no descriptor, handle, timer or listener behind and live memory flat', async () => {
    const report = await runSoak({ sessions: 10, warmupSessions: 3 });
    // Every figure with each assertion, so a failure on a busy CI machine says what moved.
    const figures = JSON.stringify(report);
    expect(report.pendingAtEnd, figures).toBe(0);
    expect(report.end.openFds, figures).toBeLessThanOrEqual(report.start.openFds);
    expect(grownResources(report), figures).toEqual({});
    expect(report.end.listeners.bus, figures).toBeLessThanOrEqual(report.start.listeners.bus);
    expect(report.end.listeners.process, figures).toBeLessThanOrEqual(report.start.listeners.process);
    // Live objects after a full collection. Resident memory is judged by the full run, whose start is
    // taken once V8's young generation and the allocator have grown to their working size; a dozen
    // sessions are too few for that.
    expect(report.end.heapUsedMiB / report.start.heapUsedMiB - 1, figures).toBeLessThanOrEqual(0.1);
  }, 120_000);
});

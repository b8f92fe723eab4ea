// The day-without-leaks soak at a reduced count (the full 2,000 sessions: `npm run soak`). What it
// asserts is what a leak would grow: descriptors, handles and timers, listeners, and memory.
import { describe, expect, it } from 'vitest';
import { grownResources, runSoak } from './soak.js';

describe('soak: citizen sessions at one kiosk through the host API', () => {
  it('leaves no descriptor, handle, timer or listener behind and memory flat', async () => {
    const report = await runSoak({ sessions: 15, warmupSessions: 5 });
    expect(report.pendingAtEnd).toBe(0);
    expect(report.end.openFds).toBeLessThanOrEqual(report.start.openFds);
    expect(grownResources(report)).toEqual({});
    expect(report.end.listeners.bus).toBeLessThanOrEqual(report.start.listeners.bus);
    expect(report.end.listeners.process).toBeLessThanOrEqual(report.start.listeners.process);
    expect(report.rssGrowth).toBeLessThanOrEqual(0.1);
  }, 120_000);
});

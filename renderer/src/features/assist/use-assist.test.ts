import { describe, expect, it } from 'vitest';
import type { AssistView } from '../../../../contract/api/assist.js';
import type { AssistRequest } from '../../../../contract/assist.js';
import { minutesSince, newerView, newestOf } from './use-assist.js';

const request = (id: string, state: AssistRequest['state'], requestedAt = '2026-11-23T01:00:00.000Z'): AssistRequest => ({
  id,
  day: '2026-11-23',
  terminalId: 'kiosk-03',
  source: 'kiosk',
  requestedAt,
  state,
  ...(state === 'acknowledged' ? { counter: { id: 'counter-3', name: '3号窗口', number: '3' } } : {}),
});
const view = (version: number, mine: AssistRequest | null = null): AssistView => ({ open: [], mine, online: true, version });

describe('the kiosk and counter views of assistance requests', () => {
  it('keeps the newer of an answer and a pushed view, unless the host restarted and counts from zero again', () => {
    expect(newerView(view(5), view(4)).version).toBe(5);
    expect(newerView(view(4), view(5)).version).toBe(5);
    expect(newerView(null, view(1)).version).toBe(1);
    expect(newerView(view(9), view(1), true).version).toBe(1);
  });

  it("takes the closed state of the kiosk's own request whichever arrives first, and a later request over an earlier one", () => {
    const open = request('a', 'open');
    const acknowledged = request('a', 'acknowledged');
    expect(newestOf(open, acknowledged)).toBe(acknowledged);
    expect(newestOf(acknowledged, open)).toBe(acknowledged);
    expect(newestOf(null, open)).toBe(open);
    expect(newestOf(open, null)).toBe(open);
    const later = request('b', 'open', '2026-11-23T02:00:00.000Z');
    expect(newestOf(acknowledged, later)).toBe(later);
    expect(newestOf(later, acknowledged)).toBe(later);
  });

  it('counts whole minutes waited, never below zero', () => {
    const at = Date.parse('2026-11-23T01:00:00.000Z');
    expect(minutesSince('2026-11-23T01:00:00.000Z', at + 59_000)).toBe(0);
    expect(minutesSince('2026-11-23T01:00:00.000Z', at + 125_000)).toBe(2);
    expect(minutesSince('2026-11-23T01:00:00.000Z', at - 5_000)).toBe(0);
  });
});

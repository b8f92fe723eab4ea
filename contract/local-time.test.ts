import { describe, expect, it } from 'vitest';
import { hallDateTime } from './local-time.js';

describe('hall local time on paper', () => {
  it('prints Beijing time, not UTC, whatever the machine zone', () => {
    expect(hallDateTime('2026-12-03T10:15:00.000Z')).toBe('2026-12-03 18:15');
    // Across midnight the date follows the hall's clock.
    expect(hallDateTime('2026-12-03T17:30:00Z')).toBe('2026-12-04 01:30');
  });
  it('leaves text that is not an instant as it is', () => {
    expect(hallDateTime('not a time')).toBe('not a time');
  });
});

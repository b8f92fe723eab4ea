import { describe, expect, it } from 'vitest';
import { errorForSw3 } from './sam-commands.js';
import { describeSw3, KNOWN_SW3_VALUES } from './status-codes.js';

describe('SW3 table (reference §1.5)', () => {
  it('covers exactly the documented values', () => {
    expect([...KNOWN_SW3_VALUES].sort((a, b) => a - b)).toEqual([
      0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x90, 0x91, 0x9f,
    ]);
  });

  it('gives every value a distinct machine code and an English message', () => {
    const codes = KNOWN_SW3_VALUES.map((sw3) => describeSw3(sw3).code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const sw3 of KNOWN_SW3_VALUES) expect(describeSw3(sw3).message).toMatch(/^[A-Z][\w /(),.;-]+$/);
  });

  it('uses the protocol meanings, not the invented table (0x91 is "nothing for this item")', () => {
    expect(describeSw3(0x91).code).toBe('no-content');
    expect(describeSw3(0x10).code).toBe('request-checksum-error');
    expect(describeSw3(0x60).code).toBe('sam-self-test-failed');
    expect(describeSw3(0xa1).code).toBe('unknown-status');
  });

  it.each([
    [0x80, 'no-card'],
    [0x81, 'select-failed'],
    [0x41, 'read-failed'],
    [0x31, 'read-failed'],
    [0x32, 'read-failed'],
    [0x33, 'read-failed'],
    [0x40, 'read-failed'],
    [0x47, 'read-failed'],
    [0x60, 'sam-fault'],
    [0x66, 'sam-fault'],
    [0x10, 'device-error'],
    [0x11, 'device-error'],
    [0x21, 'device-error'],
    [0x23, 'device-error'],
    [0x24, 'device-error'],
    [0xee, 'device-error'],
  ])('SW3 %i maps to %s', (sw3, code) => {
    expect(errorForSw3(sw3)).toMatchObject({ code, sw3 });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicTrackingUrl } from './public-urls.js';
import {
  TRACKING_ALPHABET,
  TRACKING_CODE_LENGTH,
  TRACKING_MODULUS,
  checkTrackingCode,
  formatTrackingCode,
  groupTrackingCode,
  makeTrackingCode,
} from './tracking-code.js';

const values = fc.array(fc.integer({ min: 0, max: TRACKING_MODULUS - 1 }), { minLength: 10, maxLength: 10 });
const code = values.map(makeTrackingCode);

describe('tracking code', () => {
  it('uses a prime-sized alphabet without look-alikes', () => {
    expect(TRACKING_MODULUS).toBe(23);
    for (const d of [2, 3]) expect(TRACKING_MODULUS % d).not.toBe(0);
    expect(TRACKING_ALPHABET).not.toMatch(/[0O1IL2Z5S8BQV]/);
    expect(new Set(TRACKING_ALPHABET).size).toBe(TRACKING_ALPHABET.length);
  });

  it('accepts every code it makes, however it is typed', () => {
    fc.assert(
      fc.property(code, (c) => {
        expect(c).toHaveLength(TRACKING_CODE_LENGTH);
        expect(checkTrackingCode(c)).toEqual({ ok: true, code: c });
        expect(checkTrackingCode(` ${formatTrackingCode(c).toLowerCase()} `)).toEqual({ ok: true, code: c });
        expect(checkTrackingCode(`https://hall.example/track?code=${c}`)).toEqual({ ok: true, code: c });
        // The receipt's QR: the public tracking page of the case.
        expect(checkTrackingCode(publicTrackingUrl('https://zwfw.example.gov.cn/hall/', c))).toEqual({ ok: true, code: c });
      }),
    );
  });

  it('detects any single-character change', () => {
    fc.assert(
      fc.property(code, fc.nat(TRACKING_CODE_LENGTH - 1), fc.integer({ min: 1, max: TRACKING_MODULUS - 1 }), (c, position, shift) => {
        const replaced = TRACKING_ALPHABET[(TRACKING_ALPHABET.indexOf(c[position]!) + shift) % TRACKING_MODULUS]!;
        const changed = c.slice(0, position) + replaced + c.slice(position + 1);
        expect(changed).not.toBe(c);
        expect(checkTrackingCode(changed).ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('detects any swap of two different adjacent characters', () => {
    fc.assert(
      fc.property(code, fc.nat(TRACKING_CODE_LENGTH - 2), (c, i) => {
        fc.pre(c[i] !== c[i + 1]);
        const swapped = c.slice(0, i) + c[i + 1] + c[i] + c.slice(i + 2);
        expect(checkTrackingCode(swapped)).toEqual({ ok: false, reason: 'check' });
      }),
      { numRuns: 5000 },
    );
  });

  it('detects every single change and adjacent swap of one code exhaustively', () => {
    const c = makeTrackingCode([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let p = 0; p < c.length; p++) {
      for (const symbol of TRACKING_ALPHABET) if (symbol !== c[p]) expect(checkTrackingCode(c.slice(0, p) + symbol + c.slice(p + 1)).ok).toBe(false);
      if (p < c.length - 1) expect(checkTrackingCode(c.slice(0, p) + c[p + 1] + c[p] + c.slice(p + 2)).ok).toBe(false);
    }
  });

  it('reports what is wrong with bad input', () => {
    expect(checkTrackingCode('ABC')).toEqual({ ok: false, reason: 'length' });
    expect(checkTrackingCode('O'.repeat(11))).toEqual({ ok: false, reason: 'symbol', position: 0 });
    expect(() => makeTrackingCode([1, 2])).toThrow(RangeError);
  });

  it('groups a code for paper as TKKT-EWU6-XUD, and reads the grouped form back as the code', () => {
    expect(groupTrackingCode('TKKTEWU6XUD')).toBe('TKKT-EWU6-XUD');
    const code = makeTrackingCode(Array.from({ length: 10 }, (_, i) => (i * 7) % 23));
    expect(checkTrackingCode(groupTrackingCode(code))).toEqual({ ok: true, code });
  });
});

import { describe, expect, it } from 'vitest';
import { ageOn, ELDER_AGE, isElderAge } from './age.js';

describe('age and the elder threshold', () => {
  it('counts whole years, turning on the birthday itself', () => {
    expect(ageOn('1944-05-20', new Date(2026, 4, 19))).toBe(81);
    expect(ageOn('1944-05-20', new Date(2026, 4, 20))).toBe(82);
    expect(ageOn('19440520', new Date(2026, 4, 20))).toBeUndefined();
    expect(ageOn('2030-01-01', new Date(2026, 4, 20))).toBeUndefined();
  });

  it('counts a citizen of sixty as an elder, and nobody whose age is unknown', () => {
    expect(ELDER_AGE).toBe(60);
    expect(isElderAge(60)).toBe(true);
    expect(isElderAge(59)).toBe(false);
    expect(isElderAge(undefined)).toBe(false);
    expect(isElderAge(ageOn('1966-12-03', new Date(2026, 11, 3)))).toBe(true);
    expect(isElderAge(ageOn('1966-12-04', new Date(2026, 11, 3)))).toBe(false);
  });
});

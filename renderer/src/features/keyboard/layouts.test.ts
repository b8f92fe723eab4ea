import { describe, expect, it } from 'vitest';
import { accepts, isRightToLeft, keyRows, modesFor } from './layouts.js';

describe('keyboard layouts', () => {
  it('gives text fields pinyin first in Chinese, Latin letters in English, Uyghur letters in Uyghur', () => {
    expect(modesFor('text', 'zh-CN')[0]).toBe('pinyin');
    expect(modesFor('text', 'zh-HK')[0]).toBe('pinyin');
    expect(modesFor('text', 'en')[0]).toBe('letters');
    expect(modesFor('text', 'ug')).toEqual(['uyghur', 'pinyin', 'handwriting', 'letters', 'digits']);
    expect(modesFor('text', 'zh-CN')).not.toContain('uyghur');
  });

  it('gives number fields digits only, an ID number an X as well', () => {
    expect(modesFor('digits', 'zh-CN')).toEqual(['digits']);
    expect(keyRows('digits', { kind: 'digits' }).flat().sort()).toEqual([...'0123456789']);
    expect(keyRows('digits', { kind: 'id-number' }).flat()).toContain('X');
  });

  it('shows a code field only the characters of its alphabet', () => {
    const keys = keyRows('code', { kind: 'code', alphabet: '34679ACDEFGHJKMNPRTUWXY' }).flat();
    expect(keys.sort().join('')).toBe('34679ACDEFGHJKMNPRTUWXY');
    expect(keys).not.toContain('O');
  });

  it('capitalises letters with shift; pinyin stays lower case', () => {
    expect(keyRows('letters', { kind: 'text', shift: true })[0]![0]).toBe('Q');
    expect(keyRows('letters', { kind: 'text' })[0]![0]).toBe('q');
    expect(keyRows('pinyin', { kind: 'text', shift: true })[0]![0]).toBe('q');
  });

  it('has all 32 letters of the Uyghur alphabet, laid out right to left', () => {
    const keys = keyRows('uyghur', { kind: 'text' }).flat();
    const letters = keys.filter((k) => /\p{Letter}/u.test(k));
    // ئ plus the 32 letters written without it (ئا → ا …, as typed on a Uyghur keyboard).
    expect(new Set(letters).size).toBe(33);
    expect(isRightToLeft('uyghur')).toBe(true);
    expect(isRightToLeft('letters')).toBe(false);
    expect(isRightToLeft('digits')).toBe(false);
  });

  it('keeps what a field of each kind may hold', () => {
    expect(accepts('digits', '5')).toBe(true);
    expect(accepts('digits', 'a')).toBe(false);
    expect(accepts('id-number', 'x')).toBe(true);
    expect(accepts('id-number', 'Y')).toBe(false);
    expect(accepts('code', 'B')).toBe(true); // a look-alike is kept so the check can point at it
    expect(accepts('code', '#')).toBe(false);
    expect(accepts('text', '高')).toBe(true);
  });
});

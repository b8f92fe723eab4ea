import { describe, expect, it } from 'vitest';
import { chooseCandidate, commitAsTyped, EMPTY_COMPOSITION, eraseLetter, isComposing, typeLetters } from './composition.js';
import { MAX_PINYIN_INPUT } from './pinyin-engine.js';

describe('pinyin composition', () => {
  it('collects letters, lower case, ü as v, nothing else', () => {
    const c = typeLetters(typeLetters(EMPTY_COMPOSITION, 'Gao'), 'l1ü!');
    expect(c.input).toBe('gaolv');
    expect(isComposing(c)).toBe(true);
    expect(isComposing(EMPTY_COMPOSITION)).toBe(false);
  });

  it('drops leading and doubled breaks and stops at the limit', () => {
    expect(typeLetters(EMPTY_COMPOSITION, "'xi''an").input).toBe("xi'an");
    expect(typeLetters(EMPTY_COMPOSITION, 'a'.repeat(100)).input).toHaveLength(MAX_PINYIN_INPUT);
  });

  it('commits partially: a word for the first syllables leaves the rest to convert', () => {
    const typed = typeLetters(EMPTY_COMPOSITION, 'gaolingjintie');
    const first = chooseCandidate(typed, { text: '高龄', consumed: 7 });
    expect(first.commit).toBeNull();
    expect(first.composition).toEqual({ parts: [{ text: '高龄', raw: 'gaoling' }], input: 'jintie' });
    const second = chooseCandidate(first.composition, { text: '津贴', consumed: 6 });
    expect(second.commit).toBe('高龄津贴');
    expect(second.composition).toEqual(EMPTY_COMPOSITION);
  });

  it("skips the break after a chosen word (xi'an)", () => {
    const first = chooseCandidate(typeLetters(EMPTY_COMPOSITION, "xi'an"), { text: '西', consumed: 2 });
    expect(first.composition.input).toBe('an');
  });

  it('erases letters, then gives a chosen word back as its letters', () => {
    const chosen = chooseCandidate(typeLetters(EMPTY_COMPOSITION, 'gaolingj'), { text: '高龄', consumed: 7 }).composition;
    const lettersGone = eraseLetter(chosen);
    expect(lettersGone).toEqual({ parts: [{ text: '高龄', raw: 'gaoling' }], input: '' });
    expect(eraseLetter(lettersGone)).toEqual({ parts: [], input: 'gaoling' });
    expect(eraseLetter(EMPTY_COMPOSITION)).toEqual(EMPTY_COMPOSITION);
  });

  it('commits as typed: chosen words and the remaining letters without breaks', () => {
    const chosen = chooseCandidate(typeLetters(EMPTY_COMPOSITION, "gaoling'jin"), { text: '高龄', consumed: 7 }).composition;
    expect(commitAsTyped(chosen)).toBe('高龄jin');
    expect(commitAsTyped(typeLetters(EMPTY_COMPOSITION, "xi'an"))).toBe('xian');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadPinyinEngine } from './load-data.js';
import { candidatePage, createPinyinEngine, MAX_PINYIN_INPUT, normalise, type PinyinEngine } from './pinyin-engine.js';

const texts = (engine: PinyinEngine, input: string, count = 10) =>
  engine
    .candidates(input)
    .slice(0, count)
    .map((c) => c.text);

describe('pinyin engine on the generated dictionary', () => {
  let engine: PinyinEngine;
  beforeAll(async () => {
    engine = await loadPinyinEngine();
  });

  it('converts continuous pinyin of service words, whole word first', () => {
    expect(texts(engine, 'gaolingjintie')[0]).toBe('高龄津贴');
    expect(texts(engine, 'shenfenzheng')[0]).toBe('身份证');
    expect(texts(engine, 'shebaoka')[0]).toBe('社保卡');
  });

  it('cuts continuous input into syllables', () => {
    expect(engine.segment('gaolingjintie')).toEqual(['gao', 'ling', 'jin', 'tie']);
    expect(engine.segment('shenfenzheng')).toEqual(['shen', 'fen', 'zheng']);
    expect(engine.segment('zhongguorenminyinhang')).toEqual(['zhong', 'guo', 'ren', 'min', 'yin', 'hang']);
    expect(engine.segment("xi'an")).toEqual(['xi', 'an']);
    expect(engine.segment('xian')).toEqual(['xian']);
  });

  it('reads initials as whole syllables', () => {
    expect(engine.segment('gljt')).toEqual(['g', 'l', 'j', 't']);
    expect(texts(engine, 'gljt')[0]).toBe('高龄津贴');
    expect(texts(engine, 'sfz', 3)).toContain('身份证');
    expect(engine.segment('zhshb')).toEqual(['zh', 'sh', 'b']);
  });

  it('offers the words for the first syllables after the whole, then single characters by use', () => {
    const list = engine.candidates('gaolingjintie');
    expect(list.map((c) => c.text)).toContain('高龄');
    expect(list.find((c) => c.text === '高龄')?.consumed).toBe('gaoling'.length);
    const characters = list.filter((c) => c.consumed === 3).map((c) => c.text);
    expect(characters.slice(0, 3)).toEqual(['高', '告', '搞']);
    // Longer matches always come before shorter ones.
    const consumed = list.map((c) => c.consumed);
    expect([...consumed].sort((a, b) => b - a)).toEqual(consumed);
  });

  it('orders single characters by how often they are used', () => {
    expect(texts(engine, 'de', 1)).toEqual(['的']);
    expect(texts(engine, 'shi', 1)).toEqual(['是']);
    expect(texts(engine, 'ren', 1)).toEqual(['人']);
  });

  it('takes v for ü', () => {
    expect(texts(engine, 'nv', 1)).toEqual(['女']);
    expect(texts(engine, 'lv', 10)).toContain('绿');
    expect(texts(engine, 'nü', 1)).toEqual(['女']);
  });

  it("respects ' as a syllable break", () => {
    expect(texts(engine, "xi'an", 1)).toEqual(['西安']);
    expect(texts(engine, 'xian', 3)).not.toContain('西');
  });

  it('finishes an unfinished last syllable', () => {
    const list = engine.candidates('gaolingjint');
    expect(list[0]?.text).toBe('高龄津贴');
    expect(list[0]?.consumed).toBe('gaolingjint'.length);
  });

  it('offers a run of words when no single word covers the input', () => {
    expect(texts(engine, 'woyaobanli', 1)).toEqual(['我要办理']);
  });

  it('gives nothing for empty or non-pinyin input and never throws', () => {
    expect(engine.candidates('')).toEqual([]);
    expect(engine.candidates("'''")).toEqual([]);
    expect(engine.candidates('123 !?')).toEqual([]);
    expect(engine.candidates('iii')).toEqual([]);
    // Letters that start no syllable after a valid one: the valid part still converts.
    expect(texts(engine, 'gaoi', 1)).toEqual(['高']);
    expect(engine.candidates('gaoi')[0]?.consumed).toBe(3);
  });

  it('bounds very long input', () => {
    const long = 'gaolingjintie'.repeat(20);
    const list = engine.candidates(long);
    expect(list.length).toBeGreaterThan(0);
    expect(Math.max(...list.map((c) => c.consumed))).toBeLessThanOrEqual(MAX_PINYIN_INPUT);
    expect(list[0]?.text.startsWith('高龄津贴高龄津贴')).toBe(true);
  });
});

describe('pinyin engine ordering on a small dictionary', () => {
  const engine = createPinyinEngine(["gao'ling 高龄", 'gao 高', 'gao 告', 'ling 令', 'ling 龄', "gao'lou 高楼"].join('\n'));

  it('keeps dictionary order (rank) within the same length', () => {
    expect(engine.candidates('gao').map((c) => c.text)).toEqual(['高', '告']);
    expect(engine.candidates('ling').map((c) => c.text)).toEqual(['令', '龄']);
  });

  it('puts exact syllables before initials that cover the same letters', () => {
    expect(engine.candidates('gl').map((c) => c.text)).toEqual(['高龄', '高楼', '高', '告']);
    expect(engine.candidates('gaol').map((c) => c.text)).toEqual(['高龄', '高楼', '高', '告']);
  });

  it('ignores lines that are not entries', () => {
    expect(
      createPinyinEngine('\nnonsense\n gao\ngao 高')
        .candidates('gao')
        .map((c) => c.text),
    ).toEqual(['高']);
  });
});

describe('candidate pages', () => {
  const list = Array.from({ length: 20 }, (_, i) => i);
  it('splits into pages and clamps the page number', () => {
    expect(candidatePage(list, 0, 9)).toEqual({ items: [0, 1, 2, 3, 4, 5, 6, 7, 8], page: 0, pageCount: 3 });
    expect(candidatePage(list, 2, 9).items).toEqual([18, 19]);
    expect(candidatePage(list, 7, 9).page).toBe(2);
    expect(candidatePage(list, -1, 9).page).toBe(0);
    expect(candidatePage([], 0, 9)).toEqual({ items: [], page: 0, pageCount: 1 });
  });
});

describe('normalise', () => {
  it('keeps lower-case letters and breaks only, ü as v', () => {
    expect(normalise("Gao Ling-Jin'tie 1")).toBe("gaolingjin'tie");
    expect(normalise('LÜ')).toBe('lv');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { convertCandidates, createHongKongForms } from './hong-kong-forms.js';
import { loadHongKongForms, loadPinyinEngine } from './load-data.js';
import type { PinyinEngine } from './pinyin-engine.js';

describe('Hong Kong forms of pinyin candidates', () => {
  let toHongKong: (text: string) => string;
  let engine: PinyinEngine;
  beforeAll(async () => {
    [toHongKong, engine] = await Promise.all([loadHongKongForms(), loadPinyinEngine()]);
  });

  it('writes service words and characters as in Hong Kong', () => {
    expect(toHongKong('身份证')).toBe('身份證');
    expect(toHongKong('高龄津贴')).toBe('高齡津貼');
    expect(toHongKong('杭州市西湖区')).toBe('杭州市西湖區');
    expect(toHongKong('社保卡')).toBe('社保卡');
  });

  it("takes a word's own form where characters alone would go wrong", () => {
    expect(toHongKong('头发')).toBe('頭髮');
    expect(toHongKong('发')).toBe('發');
  });

  it('converts a whole candidate list, keeping one of candidates that become the same', () => {
    const list = convertCandidates(engine.candidates('shenfenzheng'), toHongKong);
    expect(list[0]).toEqual({ text: '身份證', consumed: 12 });
    expect(new Set(list.map((c) => c.text)).size).toBe(list.length);
  });

  it('leaves text it has no form for unchanged and ignores bad lines', () => {
    const convert = createHongKongForms('发\t發\nbroken\n\t\n');
    expect(convert('发出')).toBe('發出');
    expect(convert('abc')).toBe('abc');
    expect(convertCandidates([{ text: '后' }, { text: '後' }], () => '後')).toEqual([{ text: '後' }]);
  });
});

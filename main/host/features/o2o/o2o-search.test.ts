import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import type { CatalogItem, LifeEvent } from '../../../../contract/catalog.js';
import { SEED_ITEMS } from '../../../../platform/catalog/seed-items.js';
import { withSpokenForms } from '../../../../common/spoken-forms.js';
import { CatalogIndex, LIFE_EVENT_LABELS, pinyinOfTexts } from './o2o-search.js';

const index = new CatalogIndex(SEED_ITEMS, 1);
const names = (query: string, options?: Parameters<CatalogIndex['search']>[1]) => index.search(query, options).hits.map((hit) => hit.name);

describe('catalog search', () => {
  it('ships a realistic seed catalog', () => {
    expect(SEED_ITEMS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(SEED_ITEMS.map((i) => i.code)).size).toBe(SEED_ITEMS.length);
    expect(new Set(SEED_ITEMS.map((i) => i.department)).size).toBeGreaterThanOrEqual(10);
  });

  it('finds items by pinyin initials', () => {
    const hits = index.search('sbk').hits;
    expect(hits[0]).toMatchObject({ name: '社保卡申领', matchedBy: 'initials' });
    expect(names('sfz')).toEqual(expect.arrayContaining(['居民身份证换领', '居民身份证补领']));
    expect(names('SFZ')).toEqual(names('sfz'));
  });

  it('finds items by full pinyin, Chinese text and synonyms', () => {
    expect(names('shebaoka')[0]).toBe('社保卡申领');
    expect(names('身份证')).toEqual(expect.arrayContaining(['居民身份证换领', '居民身份证补领']));
    expect(index.search('过户').hits[0]).toMatchObject({ name: '不动产转移登记（二手房买卖）', matchedBy: 'synonym' });
    expect(names('开公司')[0]).toBe('有限责任公司设立登记');
    expect(names('医保报销')[0]).toBe('医疗费用手工（零星）报销');
  });

  it('finds items by life event, as a word or as a filter', () => {
    expect(names('结婚')).toEqual(expect.arrayContaining(['结婚登记', '住房公积金个人贷款申请']));
    const retirement = names('', { lifeEvent: 'retirement', limit: 100 });
    expect(retirement).toContain('高龄津贴申领');
    expect(retirement).not.toContain('结婚登记');
  });

  it('ranks a name match above a life-event match and honours the limit', () => {
    const hits = index.search('养老', { limit: 3 });
    expect(hits.hits).toHaveLength(3);
    expect(hits.total).toBeGreaterThan(3);
    expect(hits.hits[0]!.matchedBy).toBe('name');
  });

  it('requires every word of a multi-word query', () => {
    expect(names('公积金 租房')[0]).toBe('住房公积金提取（租房）');
    expect(names('公积金 结婚')).toEqual(['住房公积金个人贷款申请']);
    expect(names('zzzz')).toEqual([]);
    expect(names('   ')).toEqual([]);
  });

  it('builds the same index in slices without blocking', async () => {
    const sliced = await CatalogIndex.build(SEED_ITEMS, 1, 7);
    for (const query of ['sbk', '结婚', '公积金 租房', 'shebaoka']) expect(sliced.search(query)).toEqual(index.search(query));
  });

  it('looks items up by code', () => {
    const first = SEED_ITEMS[0]!;
    expect(index.item(first.code)).toBe(first);
    expect(index.item('NOPE0000')).toBeUndefined();
  });
});

// The plain definition the index must agree with: every field of every item, checked one by one.
const normalise = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
function spokenForm(text: string) {
  const syllables = pinyin(text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, ''), { toneType: 'none', type: 'array', v: true });
  return { full: normalise(syllables.join('')), initials: normalise(syllables.map((syllable) => syllable.slice(0, 1)).join('')) };
}
function referenceSearch(items: readonly CatalogItem[], query: string, limit: number, lifeEvent?: LifeEvent) {
  const terms = query.split(/\s+/).map(normalise).filter(Boolean);
  const kinds = ['name', 'pinyin', 'initials', 'synonym', 'pinyin', 'initials', 'life-event', 'department', 'code'] as const;
  const scored: { index: number; score: number; best: number }[] = [];
  items.forEach((item, index) => {
    if (lifeEvent && !item.lifeEvents.includes(lifeEvent)) return;
    if (terms.length === 0) {
      if (lifeEvent) scored.push({ index, score: 0, best: 12 });
      return;
    }
    const name = spokenForm(item.name);
    const fields: [number, string][] = [
      [0, normalise(item.name)],
      [1, name.full],
      [2, name.initials],
    ];
    for (const synonym of item.synonyms) fields.push([3, normalise(synonym)], [4, spokenForm(synonym).full], [5, spokenForm(synonym).initials]);
    for (const event of item.lifeEvents) for (const label of LIFE_EVENT_LABELS[event]) fields.push([6, label]);
    fields.push([7, normalise(item.department)], [8, item.code.toLowerCase()]);
    let score = 0;
    let best = Infinity;
    for (const term of terms) {
      const ranks = fields.filter(([, text]) => text !== '' && text.includes(term)).map(([rank, text]) => rank * 2 + (text.startsWith(term) ? 0 : 1));
      if (ranks.length === 0) return;
      score += Math.min(...ranks);
      best = Math.min(best, Math.min(...ranks));
    }
    scored.push({ index, score, best });
  });
  scored.sort((a, b) => a.score - b.score || items[a.index]!.name.length - items[b.index]!.name.length || a.index - b.index);
  return {
    total: scored.length,
    hits: scored.slice(0, limit).map(({ index, best }) => ({ name: items[index]!.name, matchedBy: best === 12 ? 'life-event' : kinds[best >> 1] })),
  };
}

describe('catalog index quality', () => {
  const queries = [
    'sbk',
    'sfz',
    'gjj',
    'shebaoka',
    'gongjijin',
    '社保卡',
    '身份证',
    '公积金 租房',
    '过户',
    '高龄津贴',
    '结婚',
    '营业执照',
    '残疾证',
    '医保报销',
    '户口',
    'ylj',
    's',
    '证',
    'hz',
    'zzzz',
    '公积金 结婚',
    'shi',
    'ka',
    '养老',
    'a',
  ];

  it('answers exactly as checking every field of every item would', () => {
    for (const query of queries) {
      for (const limit of [5, 100]) {
        const { total, hits } = index.search(query, { limit });
        expect({ query, total, hits: hits.map(({ name, matchedBy }) => ({ name, matchedBy })) }).toEqual({
          query,
          ...referenceSearch(SEED_ITEMS, query, limit),
        });
      }
    }
    for (const lifeEvent of ['housing', 'retirement'] as const) {
      for (const query of ['', 'gjj', '公积金', 'z']) {
        const { total, hits } = index.search(query, { lifeEvent, limit: 50 });
        expect({ total, hits: hits.map(({ name, matchedBy }) => ({ name, matchedBy })) }).toEqual(referenceSearch(SEED_ITEMS, query, 50, lifeEvent));
      }
    }
  });

  it("reads pinyin exactly as pinyin-pro's toneless mode, polyphones included", () => {
    // Every character of the basic CJK block once (tone marks on every vowel, ü, ê, syllabic n and m), in runs of seven.
    const block = Array.from({ length: 0x9fa5 - 0x4e00 + 1 }, (_, i) => String.fromCharCode(0x4e00 + i)).join('');
    const runs = Array.from({ length: Math.ceil(block.length / 7) }, (_, i) => block.slice(i * 7, i * 7 + 7));
    const texts = [
      ...SEED_ITEMS.flatMap((item) => [item.name, ...item.synonyms, item.department]),
      '重庆银行长安分行',
      '长大了',
      '绿色通道',
      '女儿',
      '嗯',
      '欸',
      '社保卡ab12补办',
      '行走',
      ...runs,
    ];
    const read = pinyinOfTexts(texts);
    for (const text of texts) {
      const spoken = text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');
      if (spoken) expect({ text, ...read.get(spoken) }).toEqual({ text, ...spokenForm(text) });
    }
  });

  it('reuses the pinyin of the previous catalog version and answers the same', () => {
    const first = new CatalogIndex(SEED_ITEMS, 1);
    const renamed = SEED_ITEMS.map((item, i) => (i === 0 ? { ...item, name: '新设事项社保卡补换' } : item));
    const next = new CatalogIndex(renamed, 2, true, first.pinyin);
    // The renamed item's old name is forgotten, its new one read; every other text came from version 1.
    expect(next.pinyin.has('新设事项社保卡补换')).toBe(true);
    expect(next.pinyin.has(SEED_ITEMS[0]!.name.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, ''))).toBe(false);
    for (const [text, said] of next.pinyin) if (text !== '新设事项社保卡补换') expect(first.pinyin.get(text)).toBe(said);
    const fresh = new CatalogIndex(renamed, 2);
    for (const query of ['sbk', 'xinshe', '社保卡', '公积金 租房']) expect(next.search(query)).toEqual(fresh.search(query));
  });
});

describe('pinyin published with the catalog', () => {
  const published = SEED_ITEMS.map((item) => withSpokenForms(item));

  it('carries the same pinyin the terminal would compute, so the index answers alike', () => {
    const sbk = published.find((item) => item.name === '社保卡申领')!;
    expect(sbk.spoken?.name).toEqual({ full: 'shebaokashenling', initials: 'sbksl' });
    expect(sbk.spoken?.synonyms).toHaveLength(sbk.synonyms.length);
    const fromPublished = new CatalogIndex(published, 1);
    for (const query of ['sbk', 'shebaoka', 'sfz', '身份证', '公积金 租房', 'gjj', '结婚', 'ylj'])
      expect(fromPublished.search(query)).toEqual(index.search(query));
    // Nothing was converted on the terminal.
    expect(fromPublished.pinyin.size).toBe(0);
  });

  it('uses the published forms, and converts an item whose forms do not cover its synonyms', () => {
    const [first, second] = published;
    const relabelled = { ...first!, spoken: { name: { full: 'qqqzzz', initials: 'qz' }, synonyms: first!.spoken!.synonyms } };
    const incomplete = { ...second!, spoken: { name: second!.spoken!.name, synonyms: [] } };
    const mixed = new CatalogIndex([relabelled, incomplete], 1);
    expect(mixed.search('qqqzzz').hits.map((hit) => hit.code)).toEqual([first!.code]);
    expect(mixed.search(second!.spoken!.name.initials).hits.map((hit) => hit.code)).toContain(second!.code);
    expect(mixed.pinyin.size).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { SEED_ITEMS } from '../../../platform/catalog/seed-items.js';
import { CatalogIndex } from './o2o-search.js';

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

// Search over the service catalog: Chinese text, full pinyin, pinyin initials, synonyms, life events,
// departments and codes. The index is built once per catalog version; a query intersects the posting
// lists of its character bigrams (smallest first) and only then checks the few candidates, so a query
// costs what it matches, not the size of a provincial catalog.
import { pinyin } from 'pinyin-pro';
import type { CatalogHit, CatalogItem, LifeEvent } from '../../../contract/catalog.js';

type MatchKind = CatalogHit['matchedBy'];

/** Chinese names of life events, so "结婚" or "退休" finds every item of that event. */
export const LIFE_EVENT_LABELS: Record<LifeEvent, string[]> = {
  birth: ['出生', '生育', '生孩子'],
  school: ['上学', '入学', '教育'],
  work: ['就业', '工作', '失业'],
  business: ['开办企业', '创业', '经营'],
  marriage: ['结婚', '婚姻'],
  housing: ['住房', '买房', '租房', '房产'],
  health: ['医疗', '看病', '健康'],
  retirement: ['退休', '养老金'],
  elderly: ['养老', '老年人'],
  disability: ['残疾', '助残'],
  travel: ['出行', '出境'],
  death: ['身后事', '丧葬', '去世'],
};

interface Field {
  kind: MatchKind;
  /** How much a match here says; lower wins (the name's pinyin beats a synonym's pinyin). */
  rank: number;
  text: string;
}

export interface SearchOptions {
  limit?: number;
  lifeEvent?: LifeEvent;
}

const normalise = (text: string) => text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

function grams(text: string): string[] {
  if (text.length === 1) return [text];
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) out.push(text.slice(i, i + 2));
  return out;
}

export class CatalogIndex {
  private readonly fields: Field[][] = [];
  private readonly postings = new Map<string, Uint32Array>();
  private readonly pinyinCache = new Map<string, { full: string; initials: string }>();
  private readonly byCode = new Map<string, CatalogItem>();

  constructor(
    private readonly items: readonly CatalogItem[],
    /** The dataset checkpoint this index was built from. */
    readonly version: number,
    build = true,
  ) {
    if (!build) return;
    const building = new Map<string, number[]>();
    for (let id = 0; id < items.length; id++) this.addItem(id, building);
    this.finish(building);
  }

  /**
   * The same index built in slices, yielding to the event loop between them: at provincial scale
   * the build takes seconds, and the host must keep answering the screen and the devices meanwhile.
   */
  static async build(items: readonly CatalogItem[], version: number, slice = 2000): Promise<CatalogIndex> {
    const index = new CatalogIndex(items, version, false);
    const building = new Map<string, number[]>();
    for (let id = 0; id < items.length; id++) {
      index.addItem(id, building);
      if (id % slice === slice - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    index.finish(building);
    return index;
  }

  private addItem(id: number, building: Map<string, number[]>): void {
    const item = this.items[id]!;
    this.byCode.set(item.code, item);
    const fields = this.fieldsOf(item);
    this.fields.push(fields);
    const add = (gram: string) => {
      const list = building.get(gram);
      if (!list) building.set(gram, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    };
    for (const field of fields) {
      const text = field.text;
      for (let i = 0; i < text.length; i++) {
        add(text[i]!);
        if (i + 1 < text.length) add(text.slice(i, i + 2));
      }
    }
  }

  private finish(building: Map<string, number[]>): void {
    for (const [gram, list] of building) this.postings.set(gram, Uint32Array.from(list));
    this.pinyinCache.clear();
  }

  get size(): number {
    return this.items.length;
  }

  item(code: string): CatalogItem | undefined {
    return this.byCode.get(code);
  }

  search(query: string, options: SearchOptions = {}): { hits: CatalogHit[]; total: number } {
    const terms = query.split(/\s+/).map(normalise).filter(Boolean);
    const limit = options.limit ?? 20;
    let candidates: Iterable<number>;
    if (terms.length === 0) {
      if (!options.lifeEvent) return { hits: [], total: 0 };
      candidates = this.items.keys();
    } else {
      const lists = terms.flatMap((term) => grams(term).map((gram) => this.postings.get(gram) ?? new Uint32Array()));
      candidates = intersect(lists);
    }
    // Scores are small integers, so matches go into one bucket per score: the best `limit` come
    // from the first buckets without sorting thousands of matches of a popular word.
    const buckets: number[][] = [];
    const matchedBy = new Map<number, MatchKind>();
    let total = 0;
    for (const id of candidates) {
      if (options.lifeEvent && !this.items[id]!.lifeEvents.includes(options.lifeEvent)) continue;
      const score = terms.length === 0 ? 0 : this.score(id, terms, matchedBy);
      if (score < 0) continue;
      total += 1;
      (buckets[score] ??= []).push(id);
      if (terms.length === 0) matchedBy.set(id, 'life-event');
    }
    const picked: number[] = [];
    for (const bucket of buckets) {
      if (!bucket) continue;
      // Within a score, shorter names first: "社保卡申领" before "…社保卡申领（补录）".
      picked.push(...bucket.sort((a, b) => this.items[a]!.name.length - this.items[b]!.name.length || a - b).slice(0, limit - picked.length));
      if (picked.length >= limit) break;
    }
    return {
      total,
      hits: picked.map((id) => {
        const { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays } = this.items[id]!;
        return { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays, matchedBy: matchedBy.get(id) ?? 'name' };
      }),
    };
  }

  /**
   * Sum over the terms of each term's best field (field rank × 2, +1 unless at the field's start), so
   * every word counts: "公积金 租房" ranks the item with both in its name above one matching 租房 as a
   * life event. −1 when a term is in no field (its bigrams were spread over several).
   */
  private score(id: number, terms: string[], matchedBy: Map<number, MatchKind>): number {
    const fields = this.fields[id]!;
    let sum = 0;
    let bestRank = Infinity;
    for (const term of terms) {
      let termRank = Infinity;
      let kind: MatchKind = 'name';
      for (const field of fields) {
        // Fields are in rank order: once a match is found, only a field of the same rank can beat it.
        if (field.rank * 2 > termRank) break;
        const position = field.text.indexOf(term);
        if (position < 0) continue;
        const rank = field.rank * 2 + (position === 0 ? 0 : 1);
        if (rank < termRank) {
          termRank = rank;
          kind = field.kind;
        }
      }
      if (termRank === Infinity) return -1;
      sum += termRank;
      if (termRank < bestRank) {
        bestRank = termRank;
        matchedBy.set(id, kind);
      }
    }
    return sum;
  }

  private fieldsOf(item: CatalogItem): Field[] {
    const name = this.pinyinOf(item.name);
    const fields: Field[] = [
      { kind: 'name', rank: 0, text: normalise(item.name) },
      { kind: 'pinyin', rank: 1, text: name.full },
      { kind: 'initials', rank: 2, text: name.initials },
    ];
    for (const synonym of item.synonyms) {
      const spoken = this.pinyinOf(synonym);
      fields.push({ kind: 'synonym', rank: 3, text: normalise(synonym) }, { kind: 'pinyin', rank: 4, text: spoken.full }, { kind: 'initials', rank: 5, text: spoken.initials });
    }
    for (const event of item.lifeEvents) for (const label of LIFE_EVENT_LABELS[event]) fields.push({ kind: 'life-event', rank: 6, text: label });
    fields.push({ kind: 'department', rank: 7, text: normalise(item.department) }, { kind: 'code', rank: 8, text: item.code.toLowerCase() });
    return fields.sort((a, b) => a.rank - b.rank);
  }

  private pinyinOf(text: string): { full: string; initials: string } {
    const cached = this.pinyinCache.get(text);
    if (cached) return cached;
    const han = text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');
    // One conversion gives both: a syllable's initial is its first letter ("zhong" → "z").
    const syllables = pinyin(han, { toneType: 'none', type: 'array', v: true });
    const result = { full: normalise(syllables.join('')), initials: normalise(syllables.map((syllable) => syllable.slice(0, 1)).join('')) };
    this.pinyinCache.set(text, result);
    return result;
  }
}

/** Ids present in every sorted list, walking the shortest list and binary-searching the others. */
function intersect(lists: Uint32Array[]): number[] {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [shortest, ...rest] = sorted as [Uint32Array, ...Uint32Array[]];
  const out: number[] = [];
  for (const id of shortest) if (rest.every((list) => contains(list, id))) out.push(id);
  return out;
}

function contains(list: Uint32Array, id: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = list[mid]!;
    if (value === id) return true;
    if (value < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

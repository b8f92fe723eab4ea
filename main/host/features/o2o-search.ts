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

/** Field kinds in the order of how much a match there says; a lower rank wins. */
const RANK: Record<MatchKind, number> = { name: 0, synonym: 1, pinyin: 2, initials: 3, 'life-event': 4, department: 5, code: 6 };

interface Field {
  kind: MatchKind;
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
  ) {
    const building = new Map<string, number[]>();
    items.forEach((item, id) => {
      this.byCode.set(item.code, item);
      const fields = this.fieldsOf(item);
      this.fields.push(fields);
      for (const field of fields) {
        for (const gram of new Set([...grams(field.text), ...field.text])) {
          const list = building.get(gram) ?? [];
          if (list.at(-1) !== id) list.push(id);
          building.set(gram, list);
        }
      }
    });
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
    const scored: { id: number; rank: number; position: number; matchedBy: MatchKind }[] = [];
    for (const id of candidates) {
      const item = this.items[id]!;
      if (options.lifeEvent && !item.lifeEvents.includes(options.lifeEvent)) continue;
      let best: { rank: number; position: number; matchedBy: MatchKind } | undefined = terms.length === 0 ? { rank: 0, position: 0, matchedBy: 'life-event' } : undefined;
      let allTermsMatch = true;
      let total = 0;
      for (const term of terms) {
        let termBest: typeof best;
        for (const field of this.fields[id]!) {
          const position = field.text.indexOf(term);
          if (position < 0) continue;
          const rank = RANK[field.kind] * 2 + (position === 0 ? 0 : 1);
          if (!termBest || rank < termBest.rank) termBest = { rank, position, matchedBy: field.kind };
        }
        if (!termBest) {
          allTermsMatch = false;
          break;
        }
        total += termBest.rank;
        if (!best || termBest.rank < best.rank) best = termBest;
      }
      // Every word counts: "公积金 租房" puts the item with both in its name above one matching 租房 as a life event.
      if (allTermsMatch && best) scored.push({ id, ...best, rank: total });
    }
    scored.sort((a, b) => a.rank - b.rank || this.items[a.id]!.name.length - this.items[b.id]!.name.length || a.id - b.id);
    return {
      total: scored.length,
      hits: scored.slice(0, limit).map(({ id, matchedBy }) => {
        const { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays } = this.items[id]!;
        return { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays, matchedBy };
      }),
    };
  }

  private fieldsOf(item: CatalogItem): Field[] {
    const fields: Field[] = [{ kind: 'name', text: normalise(item.name) }];
    for (const synonym of item.synonyms) fields.push({ kind: 'synonym', text: normalise(synonym) });
    for (const source of [item.name, ...item.synonyms]) {
      const { full, initials } = this.pinyinOf(source);
      fields.push({ kind: 'pinyin', text: full }, { kind: 'initials', text: initials });
    }
    for (const event of item.lifeEvents) for (const label of LIFE_EVENT_LABELS[event]) fields.push({ kind: 'life-event', text: label });
    fields.push({ kind: 'department', text: normalise(item.department) }, { kind: 'code', text: item.code.toLowerCase() });
    return fields;
  }

  private pinyinOf(text: string): { full: string; initials: string } {
    const cached = this.pinyinCache.get(text);
    if (cached) return cached;
    const han = text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');
    const result = {
      full: normalise(pinyin(han, { toneType: 'none', type: 'array', v: true }).join('')),
      initials: normalise(pinyin(han, { pattern: 'first', toneType: 'none', type: 'array' }).join('')),
    };
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

// Search over the service catalog: Chinese text, full pinyin, pinyin initials, synonyms, life events,
// departments and codes. The index is built once per catalog version. It indexes each shared field
// text once (a synonym, a life-event label or a department is shared by thousands of items): a
// query intersects the posting lists of its character bigrams over those texts, checks the few
// candidate texts, and fans each match out to the items that carry it with the field's rank, so a
// query costs what it matches, not the size of a provincial catalog.
import type { CatalogHit, CatalogItem, LifeEvent } from '../../../../contract/catalog.js';
import { addPinyin, normalise, spoken, type PinyinMemo, type SpokenForm } from '../../../../common/spoken-forms.js';

export { addPinyin, pinyinOfTexts, type PinyinMemo, type SpokenForm } from '../../../../common/spoken-forms.js';

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

/**
 * A field's rank says how much a match there says; lower wins (the name's pinyin beats a synonym's
 * pinyin). A term's score in a field is rank × 2, +1 unless it matches at the field's start.
 */
const RANK = { name: 0, namePinyin: 1, nameInitials: 2, synonym: 3, synonymPinyin: 4, synonymInitials: 5, lifeEvent: 6, department: 7, code: 8 } as const;
const KIND_OF_RANK: readonly MatchKind[] = ['name', 'pinyin', 'initials', 'synonym', 'pinyin', 'initials', 'life-event', 'department', 'code'];
const NO_MATCH = 255;
/** Packing groups of texts: one per rank, and one for texts shared by many items. */
const GROUPS = 16;
const SHARED_GROUP = 15;

export interface SearchOptions {
  limit?: number;
  lifeEvent?: LifeEvent;
}

/** A single UTF-16 unit is its own key; a bigram is first × 65536 + second (never below 65536: no text holds U+0000). */
const unigramKey = (text: string, i: number) => text.charCodeAt(i);
const bigramKey = (text: string, i: number) => text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1);
const isAsciiBigram = (key: number) => key < 128 * 65536 && (key & 0xffff) < 128;
const asciiBigramIndex = (key: number) => (key >>> 16) * 128 + (key & 0xffff);

/**
 * Gram key → slot number. A single character's key is its UTF-16 unit and indexes an array; a
 * bigram's goes into an open-addressing table of typed arrays (a Map of numbers was most of a build).
 */
class GramSlots {
  size = 0;
  private readonly single = new Int32Array(65536).fill(-1);
  /** Bigrams of two ASCII characters (pinyin, initials, codes: most of the grams) by c1 × 128 + c2. */
  private readonly ascii = new Int32Array(128 * 128).fill(-1);
  private keys = new Uint32Array(1 << 16);
  private slots = new Int32Array(1 << 16);

  get(key: number): number {
    if (key < 65536) return this.single[key]!;
    if (isAsciiBigram(key)) return this.ascii[asciiBigramIndex(key)]!;
    const mask = this.keys.length - 1;
    for (let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask; ; at = (at + 1) & mask) {
      const found = this.keys[at]!;
      if (found === key) return this.slots[at]!;
      if (found === 0) return -1;
    }
  }

  /** The key's slot, given the next free one if it had none. */
  slot(key: number): number {
    if (key < 65536) {
      const slot = this.single[key]!;
      if (slot >= 0) return slot;
      this.single[key] = this.size;
      return this.size++;
    }
    if (isAsciiBigram(key)) {
      const index = asciiBigramIndex(key);
      const slot = this.ascii[index]!;
      if (slot >= 0) return slot;
      this.ascii[index] = this.size;
      return this.size++;
    }
    const mask = this.keys.length - 1;
    let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    for (; ; at = (at + 1) & mask) {
      const found = this.keys[at]!;
      if (found === key) return this.slots[at]!;
      if (found === 0) break;
    }
    this.keys[at] = key;
    this.slots[at] = this.size;
    if (++this.bigrams * 2 > this.keys.length) this.grow();
    return this.size++;
  }

  private bigrams = 0;

  private grow(): void {
    const keys = this.keys;
    const slots = this.slots;
    this.keys = new Uint32Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key === 0) continue;
      let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      while (this.keys[at] !== 0) at = (at + 1) & mask;
      this.keys[at] = key;
      this.slots[at] = slots[i]!;
    }
  }
}

/** Growable Uint32 list used while building. */
class U32List {
  data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

function grown(array: Int32Array): Int32Array {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Rows of ids grouped by a key, in compressed sparse row form: row k is values[start[k] .. start[k+1]). */
function groupRows(keys: U32List, values: U32List, rows: number): { start: Uint32Array; values: Uint32Array } {
  const start = new Uint32Array(rows + 1);
  for (let i = 0; i < keys.length; i++) start[keys.data[i]! + 1]! += 1;
  for (let k = 0; k < rows; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, rows);
  const grouped = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) grouped[fill[keys.data[i]!]!++] = values.data[i]!;
  return { start, values: grouped };
}

export class CatalogIndex {
  /** Items by code, made on the first lookup: the search does not use it, and it was a fifth of a build's last step. */
  private byCode: Map<string, CatalogItem> | undefined;
  /** Pinyin of this version's texts, to hand to the next version's build. */
  readonly pinyin: PinyinMemo = new Map();
  /** The field texts while building (shared ones once); packed into textUnits at the end. */
  private texts: string[] = [];
  /** Items carrying each text, and the rank of the field it is in there (CSR by text id). */
  private occurrenceStart: Uint32Array = new Uint32Array(1);
  private occurrences: Uint32Array = new Uint32Array(0);
  /** Text ids per unigram/bigram key (CSR by slot). */
  private readonly gramSlots = new GramSlots();
  private postingStart: Uint32Array = new Uint32Array(1);
  private postings: Uint32Array = new Uint32Array(0);
  private nameLength = new Uint16Array(0);
  private textStart = new Uint32Array(0);
  private textEnd = new Uint32Array(0);
  /** Every text id: the candidates of a one-letter term. */
  private allTexts = new Uint32Array(0);
  private textUnits = new Uint16Array(0);
  /** Per-query scratch, one entry per item. */
  private termScore = new Uint8Array(0);
  private termsMatched = new Uint8Array(0);
  private scoreSum = new Uint16Array(0);
  private bestScore = new Uint8Array(0);
  private aliveA = new Uint32Array(0);
  private aliveB = new Uint32Array(0);
  /** Scratch for narrowing a term's candidate texts, grown to the longest shortest list seen: a query allocates no buffer (each was garbage to collect). */
  private narrowA = new Uint32Array(0);
  private narrowB = new Uint32Array(0);

  constructor(
    private readonly items: readonly CatalogItem[],
    /** The dataset checkpoint this index was built from. */
    readonly version: number,
    build = true,
    /** Pinyin already known: the previous catalog version's `pinyin`, so only new texts are converted. */
    knownPinyin: PinyinMemo = new Map(),
  ) {
    if (!build) return;
    const builder = new IndexBuilder(this.items, this.pinyin, knownPinyin);
    builder.addItems(0, this.items.length);
    this.finish(builder);
  }

  /**
   * The same index built in slices, yielding to the event loop between them: at provincial scale
   * the build takes a while, and the host must keep answering the screen and the devices meanwhile.
   */
  static async build(items: readonly CatalogItem[], version: number, slice = 2000, knownPinyin: PinyinMemo = new Map()): Promise<CatalogIndex> {
    const index = new CatalogIndex(items, version, false);
    const builder = new IndexBuilder(items, index.pinyin, knownPinyin);
    for (let start = 0; start < items.length; start += slice) {
      builder.addItems(start, Math.min(items.length, start + slice));
      await new Promise((resolve) => setImmediate(resolve));
    }
    index.finish(builder);
    return index;
  }

  private finish(builder: IndexBuilder): void {
    this.texts = builder.texts;
    const occurrences = groupRows(builder.occurrenceText, builder.occurrenceItemRank, this.texts.length);
    this.occurrenceStart = occurrences.start;
    this.occurrences = occurrences.values;
    this.packTexts(builder.textGroup);
    this.indexGrams();
    // From here on the packed units are the texts; the strings would only hold memory.
    const allTexts = new Uint32Array(this.texts.length);
    for (let id = 0; id < allTexts.length; id++) allTexts[id] = id;
    this.allTexts = allTexts;
    this.texts = [];
    const nameLength = new Uint16Array(this.items.length);
    for (let id = 0; id < nameLength.length; id++) nameLength[id] = Math.min(this.items[id]!.name.length, 65535);
    this.nameLength = nameLength;
    this.termScore = new Uint8Array(this.items.length).fill(NO_MATCH);
    this.termsMatched = new Uint8Array(this.items.length);
    this.scoreSum = new Uint16Array(this.items.length);
    this.bestScore = new Uint8Array(this.items.length);
    this.aliveA = new Uint32Array(this.items.length);
    this.aliveB = new Uint32Array(this.items.length);
  }

  /**
   * Postings: for each distinct unigram and bigram key, the ids of the texts holding it, ascending.
   * Two passes over the texts (count, then fill) instead of collecting (key, text) pairs: the pairs
   * of a provincial catalog took more memory than the index itself.
   */
  private indexGrams(): void {
    // Read from the packed units: the strings mix one- and two-byte representations, and reading
    // them cost a third of this pass.
    const { textStart, textEnd, textUnits: units, gramSlots } = this;
    const textCount = textStart.length;
    let count: Int32Array = new Int32Array(1 << 16);
    let seen: Int32Array = new Int32Array(1 << 16);
    // The slots of the bigrams that are hashed (any with a unit beyond ASCII), in the order met: the
    // second pass reads them instead of hashing again. An ASCII bigram's slot is a direct table read,
    // and keeping a slot for every position (tens of MB) set off full garbage collections of the heap.
    // Each such bigram holds a non-ASCII unit, and each unit is in at most two bigrams.
    let nonAscii = 0;
    for (let at = 0; at < units.length; at++) if (units[at]! >= 128) nonAscii += 1;
    const hashedSlots = new Int32Array(nonAscii * 2);
    let hashed = 0;
    for (let id = 0; id < textCount; id++) {
      // Ids are marked + 1 so a fresh slot (0) never looks seen.
      const mark = id + 1;
      const end = textEnd[id]!;
      for (let at = textStart[id]!; at < end; at++) {
        const unit = units[at]!;
        // A single Latin letter or digit is in nearly every pinyin text: a posting list for it would
        // select nothing, so a one-letter query checks every text instead (see candidateTexts).
        if (unit >= 128) {
          const slot = gramSlots.slot(unit);
          if (slot >= count.length) [count, seen] = [grown(count), grown(seen)];
          if (seen[slot] !== mark) {
            seen[slot] = mark;
            count[slot]! += 1;
          }
        }
        if (at + 1 < end) {
          const next = units[at + 1]!;
          const slot = gramSlots.slot(unit * 65536 + next);
          if (unit >= 128 || next >= 128) hashedSlots[hashed++] = slot;
          if (slot >= count.length) [count, seen] = [grown(count), grown(seen)];
          if (seen[slot] !== mark) {
            seen[slot] = mark;
            count[slot]! += 1;
          }
        }
      }
    }
    const slots = gramSlots.size;
    const start = new Uint32Array(slots + 1);
    for (let slot = 0; slot < slots; slot++) start[slot + 1] = start[slot]! + count[slot]!;
    const fill = start.slice(0, slots);
    const postings = new Uint32Array(start[slots]!);
    seen.fill(0);
    hashed = 0;
    for (let id = 0; id < textCount; id++) {
      const mark = id + 1;
      const end = textEnd[id]!;
      for (let at = textStart[id]!; at < end; at++) {
        const unit = units[at]!;
        if (unit >= 128) {
          const slot = gramSlots.get(unit);
          if (seen[slot] !== mark) {
            seen[slot] = mark;
            postings[fill[slot]!++] = id;
          }
        }
        if (at + 1 < end) {
          const next = units[at + 1]!;
          const slot = unit >= 128 || next >= 128 ? hashedSlots[hashed++]! : gramSlots.get(unit * 65536 + next);
          if (seen[slot] !== mark) {
            seen[slot] = mark;
            postings[fill[slot]!++] = id;
          }
        }
      }
    }
    this.postingStart = start;
    this.postings = postings;
  }

  /**
   * Every text's UTF-16 units in one array: checking a candidate reads a few bytes of it instead of
   * a string object somewhere in the heap, which cost most of a query. The texts of one field lie
   * together (all names' initials, then all names' pinyin, …): a pinyin term's candidates are then
   * read from one stretch of memory in ascending order, not from all over the array.
   */
  private packTexts(groups: readonly number[]): void {
    const { texts } = this;
    const groupLength = new Float64Array(GROUPS);
    for (let id = 0; id < texts.length; id++) groupLength[groups[id]!]! += texts[id]!.length;
    const cursor = new Float64Array(GROUPS);
    for (let group = 1; group < GROUPS; group++) cursor[group] = cursor[group - 1]! + groupLength[group - 1]!;
    const start = new Uint32Array(texts.length);
    const end = new Uint32Array(texts.length);
    const units = new Uint16Array(cursor[GROUPS - 1]! + groupLength[GROUPS - 1]!);
    for (let id = 0; id < texts.length; id++) {
      const text = texts[id]!;
      const group = groups[id]!;
      const at = cursor[group]!;
      for (let i = 0; i < text.length; i++) units[at + i] = text.charCodeAt(i);
      start[id] = at;
      end[id] = at + text.length;
      cursor[group] = at + text.length;
    }
    this.textStart = start;
    this.textEnd = end;
    this.textUnits = units;
  }

  get size(): number {
    return this.items.length;
  }

  item(code: string): CatalogItem | undefined {
    this.byCode ??= new Map(this.items.map((item) => [item.code, item]));
    return this.byCode.get(code);
  }

  search(query: string, options: SearchOptions = {}): { hits: CatalogHit[]; total: number } {
    // At most 255 terms: a query longer than that is not typed on a kiosk, and the count fits a byte.
    const terms = query.split(/\s+/).map(normalise).filter(Boolean).slice(0, 255);
    const limit = options.limit ?? 20;
    let matched: Uint32Array;
    let count = 0;
    if (terms.length === 0) {
      if (!options.lifeEvent) return { hits: [], total: 0 };
      matched = this.aliveA;
      for (let id = 0; id < this.items.length; id++) {
        if (!this.items[id]!.lifeEvents.includes(options.lifeEvent)) continue;
        matched[count++] = id;
        this.scoreSum[id] = 0;
      }
    } else {
      // Two scratch lists take turns: the items alive before a term, and those still alive after it.
      let alive = this.aliveA;
      let next = this.aliveB;
      let aliveCount = 0;
      for (let round = 0; round < terms.length; round++) {
        const nextCount = this.matchTerm(terms[round]!, round, alive, aliveCount, next);
        [alive, next] = [next, alive];
        aliveCount = nextCount;
        if (aliveCount === 0) break;
      }
      matched = alive;
      const { termsMatched, items } = this;
      for (let i = 0; i < aliveCount; i++) {
        const id = alive[i]!;
        termsMatched[id] = 0;
        if (options.lifeEvent && !items[id]!.lifeEvents.includes(options.lifeEvent)) continue;
        matched[count++] = id;
      }
    }
    return {
      total: count,
      hits: this.best(matched, count, limit).map((id) => {
        const { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays } = this.items[id]!;
        const matchedBy = terms.length === 0 ? 'life-event' : KIND_OF_RANK[this.bestScore[id]! >> 1]!;
        return { code, name, department, lifeEvents, onlineDepth, promisedTimeLimitDays, matchedBy };
      }),
    };
  }

  /**
   * The `limit` best of the first `count` matched ids: lowest score, then shortest name ("社保卡申领"
   * before "…社保卡申领（补录）"), then catalog order. One pass keeps the best few in order; most of
   * the thousands of matches of a popular word fail the first comparison with the worst kept.
   */
  private best(matched: Uint32Array, count: number, limit: number): number[] {
    const { scoreSum, nameLength } = this;
    const keys: number[] = [];
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = matched[i]!;
      // Score and name length are 16-bit each: one number orders both.
      const key = scoreSum[id]! * 65536 + nameLength[id]!;
      let at = keys.length;
      if (at === limit) {
        const worst = keys[at - 1]!;
        if (key > worst || (key === worst && id > ids[at - 1]!)) continue;
        keys.pop();
        ids.pop();
        at -= 1;
      }
      while (at > 0 && (keys[at - 1]! > key || (keys[at - 1] === key && ids[at - 1]! > id))) at -= 1;
      keys.splice(at, 0, key);
      ids.splice(at, 0, id);
    }
    return ids;
  }

  /**
   * Items matching every term so far and this one (`round` terms matched before, listed in the first
   * `aliveCount` of `alive` from the second round on): each keeps the sum of its terms' best scores,
   * and the best single score (its first term wins a tie), so every word counts — "公积金 租房" ranks
   * the item with both in its name above one matching 租房 as a life event. Writes the survivors to
   * `out` and returns how many there are.
   */
  private matchTerm(term: string, round: number, alive: Uint32Array, aliveCount: number, out: Uint32Array): number {
    // Locals, not fields, in the loop over thousands of occurrences: it runs several times faster.
    const { textStart, textEnd, textUnits, occurrenceStart, occurrences, termsMatched, termScore, scoreSum, bestScore } = this;
    const units = Uint16Array.from(term, (_, i) => term.charCodeAt(i));
    let touched = 0;
    const candidates = this.candidateTexts(term);
    for (let c = 0; c < candidates.length; c++) {
      const text = candidates[c]!;
      const offset = placeOf(textUnits, textStart[text]!, textEnd[text]!, units);
      if (offset < 0) continue;
      const end = occurrenceStart[text + 1]!;
      for (let o = occurrenceStart[text]!; o < end; o++) {
        const packed = occurrences[o]!;
        const id = packed >>> 4;
        if (termsMatched[id] !== round) continue;
        const score = (packed & 15) * 2 + offset;
        const before = termScore[id]!;
        if (before === NO_MATCH) out[touched++] = id;
        if (score < before) termScore[id] = score;
      }
    }
    for (let i = 0; i < touched; i++) {
      const id = out[i]!;
      const score = termScore[id]!;
      termScore[id] = NO_MATCH;
      termsMatched[id] = round + 1;
      if (round === 0) {
        scoreSum[id] = score;
        bestScore[id] = score;
      } else {
        scoreSum[id] = scoreSum[id]! + score;
        if (score < bestScore[id]!) bestScore[id] = score;
      }
    }
    // Items of earlier rounds that missed this term drop out.
    for (let i = 0; i < aliveCount; i++) {
      const id = alive[i]!;
      if (termsMatched[id] !== round + 1) termsMatched[id] = 0;
    }
    return touched;
  }

  /** Ids of the texts holding every bigram of the term (its one character, for a single one): candidates to check. */
  private candidateTexts(term: string): Uint32Array {
    if (term.length === 1 && term.charCodeAt(0) < 128) return this.allTexts;
    const keys = term.length === 1 ? [unigramKey(term, 0)] : [...new Set(Array.from({ length: term.length - 1 }, (_, i) => bigramKey(term, i)))];
    const lists: Uint32Array[] = [];
    for (const key of keys) {
      const slot = this.gramSlots.get(key);
      if (slot < 0) return NO_TEXTS;
      lists.push(this.postings.subarray(this.postingStart[slot], this.postingStart[slot + 1]));
    }
    const shortest = Math.min(...lists.map((list) => list.length));
    if (this.narrowA.length < shortest) [this.narrowA, this.narrowB] = [new Uint32Array(shortest), new Uint32Array(shortest)];
    return intersect(lists, this.narrowA, this.narrowB);
  }
}

/** Collects the field texts of items, slice by slice; a text shared by many items is prepared once. */
class IndexBuilder {
  readonly texts: string[] = [];
  /** Where each text is packed: an item's own texts by field (its rank), shared texts together. */
  readonly textGroup: number[] = [];
  private readonly textIds = new Map<string, number>();
  /** Parallel lists: a text id, and the item carrying it × 16 + the field's rank. */
  readonly occurrenceText = new U32List();
  readonly occurrenceItemRank = new U32List();
  private readonly synonymTexts = new Map<string, [number, number, number]>();
  private readonly departmentTexts = new Map<string, number>();
  private readonly eventTexts = new Map<LifeEvent, number[]>();

  constructor(
    private readonly items: readonly CatalogItem[],
    private readonly memo: PinyinMemo,
    private readonly known: PinyinMemo,
  ) {}

  addItems(from: number, to: number): void {
    const slice = this.items.slice(from, to);
    // Items the platform published with their pinyin need no conversion; the others are converted here.
    const lacking = slice.filter((item) => !publishedForms(item));
    if (lacking.length > 0) {
      const texts = lacking.flatMap((item) => [item.name, ...item.synonyms.filter((synonym) => !this.synonymTexts.has(synonym))]);
      addPinyin(texts.map(spoken), this.memo, this.known);
    }
    slice.forEach((item, offset) => {
      const id = from + offset;
      const forms = publishedForms(item);
      const name = forms ? forms.name : this.memo.get(spoken(item.name));
      // A name, its pinyin and the code are an item's own: looking them up among the shared texts
      // would cost more (a third of a build) than indexing the odd duplicate twice.
      this.add(id, RANK.name, this.ownText(normalise(item.name), RANK.name));
      this.add(id, RANK.namePinyin, this.ownText(normalise(name?.full ?? ''), RANK.namePinyin));
      this.add(id, RANK.nameInitials, this.ownText(normalise(name?.initials ?? ''), RANK.nameInitials));
      item.synonyms.forEach((synonym, i) => {
        const [text, full, initials] = this.synonym(synonym, forms?.synonyms[i]);
        this.add(id, RANK.synonym, text);
        this.add(id, RANK.synonymPinyin, full);
        this.add(id, RANK.synonymInitials, initials);
      });
      for (const event of item.lifeEvents) for (const text of this.event(event)) this.add(id, RANK.lifeEvent, text);
      let department = this.departmentTexts.get(item.department);
      if (department === undefined) this.departmentTexts.set(item.department, (department = this.textId(normalise(item.department))));
      this.add(id, RANK.department, department);
      this.add(id, RANK.code, this.ownText(item.code.toLowerCase(), RANK.code));
    });
  }

  private synonym(synonym: string, published: SpokenForm | undefined): [number, number, number] {
    let texts = this.synonymTexts.get(synonym);
    if (!texts) {
      const said = published ?? this.memo.get(spoken(synonym));
      texts = [this.textId(normalise(synonym)), this.textId(normalise(said?.full ?? '')), this.textId(normalise(said?.initials ?? ''))];
      this.synonymTexts.set(synonym, texts);
    }
    return texts;
  }

  private event(event: LifeEvent): number[] {
    let texts = this.eventTexts.get(event);
    if (!texts) this.eventTexts.set(event, (texts = LIFE_EVENT_LABELS[event].map((label) => this.textId(label))));
    return texts;
  }

  /** A new text id, without looking for an equal text; −1 for an empty one, which matches nothing. */
  private ownText(text: string, group: number): number {
    if (text === '') return -1;
    this.texts.push(text);
    this.textGroup.push(group);
    return this.texts.length - 1;
  }

  /** The id of a distinct text; −1 for an empty one, which matches nothing. */
  private textId(text: string): number {
    if (text === '') return -1;
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.textGroup.push(SHARED_GROUP);
      this.textIds.set(text, id);
    }
    return id;
  }

  private add(item: number, rank: number, text: number): void {
    if (text < 0) return;
    this.occurrenceText.push(text);
    this.occurrenceItemRank.push(item * 16 + rank);
  }
}

/** The pinyin the platform published with the item, when it covers the name and every synonym. */
function publishedForms(item: CatalogItem): CatalogItem['spoken'] {
  return item.spoken && item.spoken.synonyms.length === item.synonyms.length ? item.spoken : undefined;
}

/**
 * 0 when `term` starts the text at units[from, to), 1 when it is further in, −1 when it is not there.
 * After the start, the text is read from its end: in a provincial catalog a name begins with its
 * region ("杭州市东西区…") and the service's words, which queries name, come last, so a backward scan
 * reaches them after a few units where a forward one read the whole region first.
 */
function placeOf(units: Uint16Array, from: number, to: number, term: Uint16Array): number {
  const length = term.length;
  if (to - from < length) return -1;
  let same = 0;
  while (same < length && units[from + same] === term[same]) same++;
  if (same === length) return 0;
  const first = term[0]!;
  next: for (let at = to - length; at > from; at--) {
    if (units[at] !== first) continue;
    for (let j = 1; j < length; j++) if (units[at + j] !== term[j]) continue next;
    return 1;
  }
  return -1;
}

/**
 * Candidate ids: the shortest list, narrowed by the next ones (shortest first) while a list is not
 * much longer than the candidates left. Every candidate's text is checked for the whole term anyway,
 * and checking a few thousand short strings costs less than walking the long lists a popular pinyin
 * bigram has ("an", "ng").
 */
function intersect(lists: Uint32Array[], scratch: Uint32Array, spare: Uint32Array): Uint32Array {
  if (lists.length === 0) return NO_TEXTS;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let current = sorted[0]!;
  for (const list of sorted.slice(1)) {
    if (list.length > current.length * 4) break;
    // Typed all the way (mixing in a plain array slowed the query's loops), into two scratch
    // buffers taking turns: each holds at most as many ids as there are texts.
    const next = scratch;
    let kept = 0;
    let low = 0;
    for (let i = 0; i < current.length; i++) {
      const id = current[i]!;
      low = lowerBound(list, id, low);
      if (low === list.length) break;
      if (list[low] === id) next[kept++] = id;
    }
    current = next.subarray(0, kept);
    [scratch, spare] = [spare, scratch];
    if (kept === 0) break;
  }
  return current;
}

const NO_TEXTS = new Uint32Array(0);

/** First index at or after `from` whose value is ≥ id (galloping, then binary search). */
function lowerBound(list: Uint32Array, id: number, from: number): number {
  let step = 1;
  let high = from;
  while (high < list.length && list[high]! < id) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, list.length);
  while (from < high) {
    const mid = (from + high) >>> 1;
    if (list[mid]! < id) from = mid + 1;
    else high = mid;
  }
  return from;
}

// Full pinyin and pinyin initials of catalog texts, as the terminal's search index matches them
// ("sbk" and "shebaoka" find 社保卡申领). The platform computes them when it publishes an item, so a
// terminal's index build converts nothing; a terminal converts only what an item lacks.
import { pinyin } from 'pinyin-pro';
import type { CatalogItem } from '../contract/catalog.js';

/** Lower case, without spaces, punctuation or symbols. */
export function normalise(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // Han characters, small letters and digits stay as they are: most names and all pinyin are
    // only that, and skip the regular expression (a tenth of a build).
    if ((unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x30 && unit <= 0x39)) continue;
    return text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  }
  return text;
}
/** What pinyin is made of: Han characters, Latin letters and digits. */
export const spoken = (text: string) => text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '');

// pinyin-pro's own tone removal (toneType 'none') runs nine regular expressions on every syllable
// and took most of a build; asking for tone marks and removing them here, once per distinct
// syllable, gives the same letters (the same replacements, then ü → v as its `v` option does).
const TONE_MARKS: readonly [RegExp, string][] = [
  [/(ā|á|ǎ|à)/g, 'a'],
  [/(ō|ó|ǒ|ò)/g, 'o'],
  [/(ē|é|ě|è)/g, 'e'],
  [/(ī|í|ǐ|ì)/g, 'i'],
  [/(ū|ú|ǔ|ù)/g, 'u'],
  [/(ǖ|ǘ|ǚ|ǜ)/g, 'ü'],
  [/(n̄|ń|ň|ǹ)/g, 'n'],
  [/(m̄|ḿ|m̌|m̀)/g, 'm'],
  [/(ê̄|ế|ê̌|ề)/g, 'ê'],
];
const tonelessCache = new Map<string, string>();
function toneless(syllable: string): string {
  let plain = tonelessCache.get(syllable);
  if (plain === undefined) {
    plain = TONE_MARKS.reduce((text, [mark, letter]) => text.replace(mark, letter), syllable).replace(/ü/g, 'v');
    tonelessCache.set(syllable, plain);
  }
  return plain;
}

export interface SpokenForm {
  full: string;
  initials: string;
}

/**
 * Full pinyin and initials by spoken text (Han, letters, digits): handed from one catalog version's
 * index to the next, so a new version converts only the texts it adds.
 */
export type PinyinMemo = Map<string, SpokenForm>;

/**
 * Adds to `memo` the full pinyin and initials of each spoken text it lacks, taken from `known` when
 * there. Each text is converted on
 * its own: pinyin-pro reads a polyphone from its context, and texts joined into one call can read
 * differently (seen: 长安 as zhang'an before 长大).
 */
export function addPinyin(spokenTexts: Iterable<string>, memo: PinyinMemo, known: PinyinMemo = new Map()): PinyinMemo {
  for (const text of spokenTexts) {
    if (text === '' || memo.has(text)) continue;
    const reused = known.get(text);
    if (reused) {
      memo.set(text, reused);
      continue;
    }
    const syllables = pinyin(text, { type: 'array' }).map(toneless);
    // One conversion gives both: a syllable's initial is its first letter ("zhong" → "z").
    memo.set(text, { full: normalise(syllables.join('')), initials: normalise(syllables.map((syllable) => syllable.slice(0, 1)).join('')) });
  }
  return memo;
}

/** Full pinyin and initials of each text (keyed by its spoken form). */
export const pinyinOfTexts = (texts: readonly string[]): PinyinMemo => addPinyin(texts.map(spoken), new Map());

/**
 * The item with the full pinyin and initials of its name and of each synonym, as the terminal's
 * index would compute them (each text converted on its own, as addPinyin does).
 */
export function withSpokenForms(item: CatalogItem, memo: PinyinMemo = new Map()): CatalogItem {
  const texts = [item.name, ...item.synonyms].map(spoken);
  addPinyin(texts, memo);
  const form = (text: string): SpokenForm => memo.get(text) ?? { full: '', initials: '' };
  return { ...item, spoken: { name: form(texts[0]!), synonyms: texts.slice(1).map(form) } };
}

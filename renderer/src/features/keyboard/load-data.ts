// The keyboard's dictionaries are large: each is its own chunk, fetched the first time it is needed.
import { createHongKongForms } from './hong-kong-forms.js';
import { createHandwritingRecogniser, type HandwritingRecogniser } from './handwriting.js';
import { createPinyinEngine, type PinyinEngine } from './pinyin-engine.js';

let pinyin: Promise<PinyinEngine> | null = null;

/** The pinyin engine over the generated dictionary (data/pinyin-dict.json), built once. */
export function loadPinyinEngine(): Promise<PinyinEngine> {
  pinyin ??= import('./data/pinyin-dict.json').then(
    (module) => createPinyinEngine(module.default.entries),
    (error: unknown) => {
      pinyin = null; // a failed fetch is tried again next time
      throw error;
    },
  );
  return pinyin;
}

let handwriting: Promise<HandwritingRecogniser> | null = null;

/** The handwriting recogniser over the generated stroke medians (data/stroke-medians.json), built once. */
export function loadHandwritingRecogniser(): Promise<HandwritingRecogniser> {
  handwriting ??= import('./data/stroke-medians.json').then(
    (module) => createHandwritingRecogniser(module.default),
    (error: unknown) => {
      handwriting = null;
      throw error;
    },
  );
  return handwriting;
}

let hongKong: Promise<(text: string) => string> | null = null;

/** simplified → Hong Kong forms (data/pinyin-dict-hk.json), for the zh-HK UI. */
export function loadHongKongForms(): Promise<(text: string) => string> {
  hongKong ??= import('./data/pinyin-dict-hk.json').then(
    (module) => createHongKongForms(module.default.forms),
    (error: unknown) => {
      hongKong = null;
      throw error;
    },
  );
  return hongKong;
}

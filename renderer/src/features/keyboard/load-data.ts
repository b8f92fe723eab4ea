// The keyboard's dictionaries are large: each is its own chunk, fetched the first time it is needed.
import { createHandwritingRecogniser, type HandwritingRecogniser } from './handwriting.js';
import { createHongKongForms } from './hong-kong-forms.js';
import { createPinyinEngine, type PinyinEngine } from './pinyin-engine.js';

/** Loads once and keeps the result; a failed fetch is tried again the next time it is asked for. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
}

/** The pinyin engine over the generated dictionary (data/pinyin-dict.json). */
export const loadPinyinEngine: () => Promise<PinyinEngine> = once(async () => createPinyinEngine((await import('./data/pinyin-dict.json')).default.entries));

/** The handwriting recogniser over the generated stroke medians (data/stroke-medians.json). */
export const loadHandwritingRecogniser: () => Promise<HandwritingRecogniser> = once(async () =>
  createHandwritingRecogniser((await import('./data/stroke-medians.json')).default),
);

/** simplified → Hong Kong forms (data/pinyin-dict-hk.json), for the zh-HK UI. */
export const loadHongKongForms: () => Promise<(text: string) => string> = once(async () =>
  createHongKongForms((await import('./data/pinyin-dict-hk.json')).default.forms),
);

import { useEffect, useMemo, useState } from 'react';
import type { HandwritingRecogniser, Stroke } from './handwriting.js';
import { convertCandidates } from './hong-kong-forms.js';
import { loadHandwritingRecogniser, loadHongKongForms, loadPinyinEngine } from './load-data.js';
import type { Candidate, PinyinEngine } from './pinyin-engine.js';

export type LoadStatus = 'loading' | 'failed' | null;

/** Loads a dictionary the first time its input method is used (it is a chunk of its own). */
function useLazy<T>(active: boolean, load: () => Promise<T>): { value: T | null; status: LoadStatus } {
  const [value, setValue] = useState<T | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!active || value) return;
    let live = true;
    load().then(
      (loaded) => {
        if (!live) return;
        setValue(() => loaded);
        setFailed(false);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [active, value, load]);
  return { value, status: value ? null : failed ? 'failed' : 'loading' };
}

/** Candidates and the syllable cut for the letters being composed; in Hong Kong forms for the zh-HK UI. */
export function usePinyin(active: boolean, input: string, hongKong: boolean): { candidates: Candidate[]; syllables: string; status: LoadStatus } {
  const { value: engine, status } = useLazy<PinyinEngine>(active, loadPinyinEngine);
  const forms = useLazy(active && hongKong, loadHongKongForms);
  return useMemo(() => {
    const candidates = engine && input ? engine.candidates(input) : [];
    return {
      candidates: hongKong && forms.value ? convertCandidates(candidates, forms.value) : candidates,
      syllables: engine ? engine.segment(input).join("'") : input,
      status: status ?? (hongKong ? forms.status : null),
    };
  }, [engine, input, status, hongKong, forms.value, forms.status]);
}

/** Characters that look like the strokes drawn so far (in Hong Kong forms for the zh-HK UI). */
export function useHandwriting(active: boolean, strokes: readonly Stroke[], hongKong: boolean): { candidates: string[]; status: LoadStatus } {
  const { value: recogniser, status } = useLazy<HandwritingRecogniser>(active, loadHandwritingRecogniser);
  const forms = useLazy(active && hongKong, loadHongKongForms);
  return useMemo(() => {
    const found = recogniser && strokes.length ? recogniser.recognise(strokes, 18) : [];
    const candidates =
      hongKong && forms.value
        ? convertCandidates(
            found.map((text) => ({ text })),
            forms.value,
          ).map((c) => c.text)
        : found;
    return { candidates, status: status ?? (hongKong ? forms.status : null) };
  }, [recogniser, strokes, status, hongKong, forms.value, forms.status]);
}

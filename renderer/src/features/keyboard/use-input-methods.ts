import { useEffect, useMemo, useState } from 'react';
import type { HandwritingRecogniser, Stroke } from './handwriting.js';
import { loadHandwritingRecogniser, loadPinyinEngine } from './load-data.js';
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

/** Candidates and the syllable cut for the letters being composed. */
export function usePinyin(active: boolean, input: string): { candidates: Candidate[]; syllables: string; status: LoadStatus } {
  const { value: engine, status } = useLazy<PinyinEngine>(active, loadPinyinEngine);
  return useMemo(
    () => ({
      candidates: engine && input ? engine.candidates(input) : [],
      syllables: engine ? engine.segment(input).join("'") : input,
      status,
    }),
    [engine, input, status],
  );
}

/** Characters that look like the strokes drawn so far. */
export function useHandwriting(active: boolean, strokes: readonly Stroke[]): { candidates: string[]; status: LoadStatus } {
  const { value: recogniser, status } = useLazy<HandwritingRecogniser>(active, loadHandwritingRecogniser);
  return useMemo(() => ({ candidates: recogniser && strokes.length ? recogniser.recognise(strokes, 18) : [], status }), [recogniser, strokes, status]);
}

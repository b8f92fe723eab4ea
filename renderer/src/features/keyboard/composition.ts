// What is being typed in pinyin before it reaches the field: the words already chosen for the first
// syllables and the letters still to convert (partial commit, as in any pinyin IME).
import { MAX_PINYIN_INPUT, normalise, type Candidate } from './pinyin-engine.js';

export interface Composition {
  /** Words chosen so far for the first syllables, with the letters each replaced. */
  parts: { text: string; raw: string }[];
  /** Letters still to convert (normalised: lower case, ü as v). */
  input: string;
}

export const EMPTY_COMPOSITION: Composition = { parts: [], input: '' };

export const isComposing = (c: Composition): boolean => c.parts.length > 0 || c.input.length > 0;

/** Adds letters (a–z, ü/v, '); anything else is ignored, and so is input past the engine's limit. */
export function typeLetters(c: Composition, letters: string): Composition {
  const added = normalise(letters);
  // No leading break, no doubled break: they would only make empty syllables.
  const input = (c.input + added).replace(/^'+/, '').replace(/''+/g, "'").slice(0, MAX_PINYIN_INPUT);
  return { ...c, input };
}

/** Backspace: the last letter; with no letters left, the last chosen word goes back to its letters. */
export function eraseLetter(c: Composition): Composition {
  if (c.input) return { ...c, input: c.input.slice(0, -1) };
  const last = c.parts[c.parts.length - 1];
  return last ? { parts: c.parts.slice(0, -1), input: last.raw } : c;
}

/** Picks a candidate; when it covers the rest of the letters, the whole text is committed. */
export function chooseCandidate(c: Composition, candidate: Candidate): { composition: Composition; commit: string | null } {
  const parts = [...c.parts, { text: candidate.text, raw: c.input.slice(0, candidate.consumed) }];
  const input = c.input.slice(candidate.consumed).replace(/^'+/, '');
  if (input) return { composition: { parts, input }, commit: null };
  return { composition: EMPTY_COMPOSITION, commit: parts.map((p) => p.text).join('') };
}

/** Enter: the chosen words and the remaining letters as typed. */
export function commitAsTyped(c: Composition): string {
  return c.parts.map((p) => p.text).join('') + c.input.replace(/'/g, '');
}

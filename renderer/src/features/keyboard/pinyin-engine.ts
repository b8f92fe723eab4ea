// Pinyin → Chinese candidates, without the DOM: continuous input ("gaolingjintie"), initials ("gljt"),
// an unfinished last syllable ("gaolingj"), ü typed as v, and ' as an explicit syllable break.

/** One candidate: its text and how many letters of the input (from the start) it stands for. */
export interface Candidate {
  text: string;
  consumed: number;
}

export interface PinyinEngine {
  /** Candidates for the start of `input`: those covering the most input first, then the most used. */
  candidates(input: string, limit?: number): Candidate[];
  /** The input cut into syllables (or syllable beginnings) for display: "gao'ling'jin'tie". */
  segment(input: string): string[];
}

/** Longest input the engine converts; a kiosk field never needs more and the search stays bounded. */
export const MAX_PINYIN_INPUT = 48;
/** Longest word (in syllables) the dictionary is searched for. */
const MAX_WORD_SYLLABLES = 8;
/** Initials that may stand for a whole syllable ("gljt" = gao ling jin tie). */
const ABBREVIATIONS = new Set(['zh', 'ch', 'sh', ...'bcdfghjklmnpqrstwxyz']);

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Words ending here with their rank (0 = most used). */
  words: { text: string; rank: number }[];
}

interface Match extends Candidate {
  /** Syllables typed only as an initial or unfinished: an exact match beats an abbreviated one. */
  inexact: number;
  rank: number;
}

/**
 * Builds the engine from dictionary lines "syl'la'bles word", most used first (the generated
 * pinyin-dict.json's `entries`).
 */
export function createPinyinEngine(entries: string): PinyinEngine {
  const root: TrieNode = { children: new Map(), words: [] };
  const syllables = new Set<string>();
  entries.split('\n').forEach((line, rank) => {
    const space = line.indexOf(' ');
    if (space <= 0) return;
    const text = line.slice(space + 1);
    let node = root;
    for (const syllable of line.slice(0, space).split("'")) {
      syllables.add(syllable);
      let child = node.children.get(syllable);
      if (!child) node.children.set(syllable, (child = { children: new Map(), words: [] }));
      node = child;
    }
    node.words.push({ text, rank });
  });

  // Every beginning of a syllable → the syllables it may start ("zh" → zha, zhai, …).
  const byPrefix = new Map<string, string[]>();
  for (const syllable of syllables) {
    for (let end = 1; end <= syllable.length; end += 1) {
      const prefix = syllable.slice(0, end);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), syllable]);
    }
  }
  const longest = Math.max(0, ...[...syllables].map((s) => s.length));

  /** The pieces the input at `at` may be read as: [syllables it stands for, letters taken, exact?]. */
  function pieces(input: string, at: number): { syllables: string[]; end: number; exact: boolean }[] {
    const found: { syllables: string[]; end: number; exact: boolean }[] = [];
    for (let end = at + 1; end <= Math.min(input.length, at + longest); end += 1) {
      const text = input.slice(at, end);
      if (text.includes("'")) break;
      const starting = byPrefix.get(text);
      if (!starting) break;
      const atEnd = end === input.length || input[end] === "'";
      if (syllables.has(text)) found.push({ syllables: [text], end, exact: true });
      // An initial may stand for a whole syllable anywhere; any beginning may at the end of the input.
      else if (ABBREVIATIONS.has(text) || atEnd) found.push({ syllables: starting, end, exact: false });
    }
    return found;
  }

  function matches(input: string): Match[] {
    const out: Match[] = [];
    const walk = (node: TrieNode, at: number, depth: number, inexact: number) => {
      let position = at;
      while (input[position] === "'") position += 1;
      if (depth > 0) for (const word of node.words) out.push({ text: word.text, consumed: position, inexact, rank: word.rank });
      if (depth >= MAX_WORD_SYLLABLES || position >= input.length) return;
      for (const piece of pieces(input, position)) {
        for (const syllable of piece.syllables) {
          const child = node.children.get(syllable);
          if (child) walk(child, piece.end, depth + 1, inexact + (piece.exact ? 0 : 1));
        }
      }
    };
    walk(root, 0, 0, 0);
    return out;
  }

  /** The best match per text, only words that end where the input's syllables do. */
  function bestMatches(input: string): Match[] {
    // woyao is wo'yao: 握有 (wo + y…) is not offered.
    const boundaries = new Set<number>([input.length]);
    let position = 0;
    for (const piece of engine.segment(input)) {
      position = input.indexOf(piece, position) + piece.length;
      boundaries.add(position);
    }
    const best = new Map<string, Match>();
    for (const match of matches(input)) {
      if (!boundaries.has(match.consumed)) continue;
      const seen = best.get(match.text);
      if (!seen || compare(match, seen) < 0) best.set(match.text, match);
    }
    return [...best.values()].sort(compare);
  }

  /** The whole input as the likeliest run of words (fewest words, then most used): woyaobanli → 我要办理. */
  function sentence(input: string): Candidate | null {
    const best: ({ cost: number; text: string; words: number } | undefined)[] = [{ cost: 0, text: '', words: 0 }];
    for (let at = 0; at < input.length; at += 1) {
      const here = best[at];
      if (!here) continue;
      const firstPerLength = new Map<number, Match>();
      for (const match of bestMatches(input.slice(at))) if (!firstPerLength.has(match.consumed)) firstPerLength.set(match.consumed, match);
      for (const match of firstPerLength.values()) {
        const end = at + match.consumed;
        const cost = here.cost + 1 + 0.5 * match.inexact + 0.1 * Math.log2(match.rank + 2);
        const seen = best[end];
        if (!seen || cost < seen.cost) best[end] = { cost, text: here.text + match.text, words: here.words + 1 };
      }
    }
    const whole = best[input.length];
    return whole && whole.words >= 2 ? { text: whole.text, consumed: input.length } : null;
  }

  const engine: PinyinEngine = {
    candidates(raw, limit = 200) {
      const input = normalise(raw);
      if (!input.replace(/'/g, '')) return [];
      const ranked: Candidate[] = bestMatches(input)
        .slice(0, limit)
        .map(({ text, consumed }) => ({ text, consumed }));
      // No single word covers the input: offer the likeliest run of words first.
      const run = ranked[0]?.consumed === input.length ? null : sentence(input);
      if (run && !ranked.some((c) => c.text === run.text)) ranked.unshift(run);
      return ranked.slice(0, limit);
    },
    segment(raw) {
      const input = normalise(raw);
      // Fewest pieces, whole syllables preferred over beginnings; letters that start no syllable stay as typed.
      const best: { cost: number; cut: string[] }[] = [{ cost: 0, cut: [] }];
      for (let at = 0; at < input.length; at += 1) {
        const here = best[at];
        if (!here) continue;
        const relax = (end: number, cost: number, piece: string) => {
          const seen = best[end];
          if (!seen || cost < seen.cost) best[end] = { cost, cut: piece ? [...here.cut, piece] : here.cut };
        };
        if (input[at] === "'") {
          relax(at + 1, here.cost, '');
          continue;
        }
        for (const piece of pieces(input, at)) relax(piece.end, here.cost + (piece.exact ? 1 : 1.6), input.slice(at, piece.end));
        relax(at + 1, here.cost + 10, input[at]!);
      }
      return best[input.length]?.cut ?? [];
    },
  };

  return engine;
}

function compare(a: Match, b: Match): number {
  return b.consumed - a.consumed || a.inexact - b.inexact || a.rank - b.rank;
}

/** Lower case, ü as v, only letters and ' kept, at most MAX_PINYIN_INPUT characters. */
export function normalise(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z']/g, '')
    .slice(0, MAX_PINYIN_INPUT);
}

/** One page of candidates: what the number keys 1–n pick. */
export function candidatePage<T>(list: readonly T[], page: number, size: number): { items: T[]; page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(list.length / size));
  const current = Math.min(Math.max(0, page), pageCount - 1);
  return { items: list.slice(current * size, current * size + size), page: current, pageCount };
}

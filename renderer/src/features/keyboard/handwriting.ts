// A small handwriting recogniser: drawn strokes against each character's stroke medians (the stroke's
// centre line in writing order, from Make Me a Hanzi via hanzi-writer-data). Compares stroke count,
// each stroke's position and direction; stroke order may deviate a little.

export type Point = readonly [number, number];
export type Stroke = readonly Point[];

export interface StrokeTemplates {
  alphabet: string;
  pointsPerStroke: number;
  /** One character per line: the character, then its strokes separated by spaces. */
  chars: string;
}

export interface HandwritingRecogniser {
  /** The likeliest characters for the drawn strokes, best first. */
  recognise(strokes: readonly Stroke[], limit?: number): string[];
}

/** Strokes a drawing may have fewer (missing, or joined) or more than the character. */
const FEWER_STROKES = 3;
const MORE_STROKES = 2;
// Prices in the unit box the strokes are scaled to; a well-drawn stroke is some 0.05 from its median.
const MISSING_STROKE = 0.3;
const EXTRA_STROKE = 0.3;
const JOINED_STROKES = 0.04;
const OUT_OF_ORDER = 0.03;
const STROKE_COUNT_PENALTY = 0.12;
/** Characters are listed most used first; a tiny nudge for the more common of two close matches. */
const USE_NUDGE = 0.000_01;

interface Template {
  char: string;
  strokes: Point[][];
  /** joined[j]: strokes j and j + 1 as one line, for a drawing that did not lift the finger between them. */
  joined: Point[][];
  order: number;
}

export function createHandwritingRecogniser(data: StrokeTemplates): HandwritingRecogniser {
  const points = data.pointsPerStroke;
  const scale = data.alphabet.length - 1;
  const templates: Template[] = [];
  data.chars.split('\n').forEach((line, order) => {
    const [head, ...rest] = line.split(' ');
    if (!head) return;
    const char = String.fromCodePoint(head.codePointAt(0)!);
    const first = head.slice(char.length);
    const strokes = [first, ...rest].map((code) =>
      Array.from({ length: points }, (_, k): Point => [data.alphabet.indexOf(code[2 * k]!) / scale, data.alphabet.indexOf(code[2 * k + 1]!) / scale]),
    );
    const scaled = normalise(strokes);
    const joined = scaled.slice(1).map((next, j) => resample([...scaled[j]!, ...next], points));
    templates.push({ char, strokes: scaled, joined, order });
  });

  return {
    recognise(drawn, limit = 10) {
      const strokes = drawn.filter((s) => s.length > 0);
      if (strokes.length === 0) return [];
      const input = normalise(strokes.map((s) => resample(s, points)));
      return templates
        .filter((t) => t.strokes.length - input.length <= FEWER_STROKES && input.length - t.strokes.length <= MORE_STROKES)
        .map((t) => ({ char: t.char, score: distance(input, t) + t.order * USE_NUDGE }))
        .sort((a, b) => a.score - b.score)
        .slice(0, limit)
        .map((s) => s.char);
    },
  };
}

/**
 * How far the drawing is from a character: the strokes aligned in writing order, where a stroke may
 * be missing or extra, or two of the character's strokes written as one (连笔); or, for strokes
 * written out of order, each matched to the nearest unused one.
 */
function distance(input: Point[][], template: Template): number {
  const [n, m] = [input.length, template.strokes.length];
  let previous = Array.from({ length: m + 1 }, (_, j) => j * MISSING_STROKE);
  for (let i = 1; i <= n; i += 1) {
    const row = [i * EXTRA_STROKE];
    for (let j = 1; j <= m; j += 1) {
      let best = previous[j - 1]! + strokeDistance(input[i - 1]!, template.strokes[j - 1]!);
      if (j >= 2) best = Math.min(best, previous[j - 2]! + strokeDistance(input[i - 1]!, template.joined[j - 2]!) + JOINED_STROKES);
      row.push(Math.min(best, row[j - 1]! + MISSING_STROKE, previous[j]! + EXTRA_STROKE));
    }
    previous = row;
  }
  const aligned = previous[m]! / Math.max(n, m);

  const used = new Set<number>();
  let anyOrder = 0;
  for (const stroke of input) {
    let best = Infinity;
    let bestIndex = -1;
    template.strokes.forEach((candidate, j) => {
      if (used.has(j)) return;
      const d = strokeDistance(stroke, candidate);
      if (d < best) [best, bestIndex] = [d, j];
    });
    if (bestIndex < 0) break;
    used.add(bestIndex);
    anyOrder += best;
  }
  anyOrder = anyOrder / Math.min(n, m) + OUT_OF_ORDER + STROKE_COUNT_PENALTY * Math.abs(n - m);
  return Math.min(aligned, anyOrder);
}

function strokeDistance(a: Point[], b: Point[]): number {
  let sum = 0;
  for (let k = 0; k < a.length; k += 1) {
    const dx = a[k]![0] - b[k]![0];
    const dy = a[k]![1] - b[k]![1];
    sum += Math.sqrt(dx * dx + dy * dy); // Math.hypot is several times slower, and this runs millions of times
  }
  return sum / a.length;
}

/** Scales the strokes into a unit box (aspect kept, centred), so size and place on the pad do not matter. */
function normalise(strokes: Point[][]): Point[][] {
  const all = strokes.flat();
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const size = Math.max(maxX - minX, maxY - minY) || 1;
  const [offsetX, offsetY] = [(1 - (maxX - minX) / size) / 2, (1 - (maxY - minY) / size) / 2];
  return strokes.map((stroke) => stroke.map(([x, y]): Point => [(x - minX) / size + offsetX, (y - minY) / size + offsetY]));
}

/** `count` points evenly spaced along the stroke (a tap becomes `count` copies of one point). */
export function resample(stroke: Stroke, count: number): Point[] {
  const lengths = [0];
  for (let i = 1; i < stroke.length; i += 1) lengths.push(lengths[i - 1]! + Math.hypot(stroke[i]![0] - stroke[i - 1]![0], stroke[i]![1] - stroke[i - 1]![1]));
  const total = lengths[lengths.length - 1]!;
  return Array.from({ length: count }, (_, k) => {
    const at = count === 1 ? 0 : (total * k) / (count - 1);
    let i = 1;
    while (i < stroke.length - 1 && lengths[i]! < at) i += 1;
    const a = stroke[i - 1] ?? stroke[0]!;
    const b = stroke[i] ?? a;
    const span = (lengths[i] ?? 0) - (lengths[i - 1] ?? 0);
    const f = span > 0 ? Math.min(1, Math.max(0, (at - lengths[i - 1]!) / span)) : 0;
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  });
}

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

/** Strokes a drawing may have more or fewer than the character (a joined or a split stroke). */
const STROKE_COUNT_SLACK = 2;
const STROKE_COUNT_PENALTY = 0.12;
/** Characters are listed most used first; a tiny nudge for the more common of two close matches. */
const USE_NUDGE = 0.000_01;

interface Template {
  char: string;
  strokes: Point[][];
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
    templates.push({ char, strokes: normalise(strokes), order });
  });

  return {
    recognise(drawn, limit = 10) {
      const strokes = drawn.filter((s) => s.length > 0);
      if (strokes.length === 0) return [];
      const input = normalise(strokes.map((s) => resample(s, points)));
      return templates
        .filter((t) => Math.abs(t.strokes.length - input.length) <= STROKE_COUNT_SLACK)
        .map((t) => ({ char: t.char, score: distance(input, t.strokes) + t.order * USE_NUDGE }))
        .sort((a, b) => a.score - b.score)
        .slice(0, limit)
        .map((s) => s.char);
    },
  };
}

/** Mean distance of the strokes in writing order, or matched nearest-first when the order differs. */
function distance(input: Point[][], template: Point[][]): number {
  const shared = Math.min(input.length, template.length);
  let inOrder = 0;
  for (let i = 0; i < shared; i += 1) inOrder += strokeDistance(input[i]!, template[i]!);
  inOrder /= shared;
  const used = new Set<number>();
  let anyOrder = 0;
  for (const stroke of input) {
    let best = Infinity;
    let bestIndex = -1;
    template.forEach((candidate, j) => {
      if (used.has(j)) return;
      const d = strokeDistance(stroke, candidate);
      if (d < best) [best, bestIndex] = [d, j];
    });
    if (bestIndex < 0) break;
    used.add(bestIndex);
    anyOrder += best;
  }
  anyOrder = anyOrder / shared + 0.03; // a small price for writing strokes out of order
  return Math.min(inOrder, anyOrder) + STROKE_COUNT_PENALTY * Math.abs(input.length - template.length);
}

function strokeDistance(a: Point[], b: Point[]): number {
  let sum = 0;
  for (let k = 0; k < a.length; k += 1) sum += Math.hypot(a[k]![0] - b[k]![0], a[k]![1] - b[k]![1]);
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

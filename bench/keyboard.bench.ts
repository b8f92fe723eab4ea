// The on-screen keyboard on the kiosk's (often modest) CPU: building the pinyin engine once, the
// candidates after each key press while a citizen types "gaolingjintie", and recognising one
// handwritten character. Judged against what a person notices: a frame (16.7 ms) for a key press,
// 100 ms for a drawn character to turn into candidates, one second for the first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { createHandwritingRecogniser, resample, type Point, type Stroke, type StrokeTemplates } from '../renderer/src/features/keyboard/handwriting.js';
import { createPinyinEngine } from '../renderer/src/features/keyboard/pinyin-engine.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const require = createRequire(import.meta.url);
const data = (name: string) => JSON.parse(readFileSync(new URL(`../renderer/src/features/keyboard/data/${name}`, import.meta.url), 'utf8')) as unknown;
const TYPED = ['gaolingjintie', 'shenfenzheng', 'gljt', 'zhufanggongjijintiqu', 'woyaobanlishebaoka'];
const DRAWN = ['高', '龄', '津', '贴', '身', '份', '证', '赢', '人', '我'];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A character drawn from its stroke medians (hanzi-writer-data), at pad size, as the pad records it. */
function drawn(char: string): Stroke[] {
  const { medians } = JSON.parse(readFileSync(require.resolve(`hanzi-writer-data/${char}.json`), 'utf8')) as { medians: [number, number][][] };
  return medians.map((median) =>
    resample(
      median.map(([x, y]): Point => [(x / 1024) * 300, ((900 - y) / 1024) * 300]),
      16,
    ),
  );
}

const suite: BenchSuite = {
  title: 'On-screen keyboard',
  async run(): Promise<BenchResult[]> {
    const dictionary = data('pinyin-dict.json') as { entries: string };
    let started = performance.now();
    const engine = createPinyinEngine(dictionary.entries);
    const buildMs = performance.now() - started;

    const perKey: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const word of TYPED) {
        for (let n = 1; n <= word.length; n++) {
          started = performance.now();
          engine.candidates(word.slice(0, n), 60);
          perKey.push(performance.now() - started);
        }
      }
    }

    const templates = data('stroke-medians.json') as StrokeTemplates;
    started = performance.now();
    const recogniser = createHandwritingRecogniser(templates);
    const recogniserBuildMs = performance.now() - started;
    const perChar: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const char of DRAWN) {
        const strokes = drawn(char);
        started = performance.now();
        recogniser.recognise(strokes, 10);
        perChar.push(performance.now() - started);
      }
    }

    const judged = (name: string, value: number, limit: number, notes: string): BenchResult => ({
      name,
      value,
      unit: 'ms',
      limit,
      ratio: value / limit,
      withinLimit: value <= limit,
      notes,
    });
    return [
      judged('pinyin engine built from the dictionary (first use)', buildMs, 1000, `${dictionary.entries.split('\n').length} entries`),
      judged('candidates after a key press, p50', percentile(perKey, 50), 16.7, `${perKey.length} presses over ${TYPED.length} inputs`),
      judged('candidates after a key press, p99', percentile(perKey, 99), 16.7, 'limit: one frame'),
      judged('handwriting recogniser built (first use)', recogniserBuildMs, 1000, `${templates.chars.split('\n').length} characters`),
      judged('one drawn character → candidates, p50', percentile(perChar, 50), 100, DRAWN.join('')),
      judged('one drawn character → candidates, p99', percentile(perChar, 99), 100, 'limit: feels immediate'),
    ];
  },
};
export default suite;

import { beforeAll, describe, expect, it } from 'vitest';
import { createHandwritingRecogniser, resample, type HandwritingRecogniser, type Point, type Stroke } from './handwriting.js';
import { loadHandwritingRecogniser } from './load-data.js';

/** A deterministic random source, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A person drawing the character: its stroke medians from hanzi-writer-data (not the generated file),
 * turned to screen coordinates, drawn at another size and place on the pad, each point wobbling
 * by up to `wobble` of the character's size, with more points per stroke than the template has.
 */
async function drawn(char: string, seed: number, wobble = 0.04): Promise<Stroke[]> {
  const { medians } = ((await import(`hanzi-writer-data/${char}.json`)) as { default: { medians: [number, number][][] } }).default;
  const random = seeded(seed);
  const size = 200 + random() * 200;
  const [left, top] = [random() * 100, random() * 100];
  return medians.map((median) =>
    resample(
      median.map(([x, y]): Point => [x, 900 - y]),
      12,
    ).map(([x, y]): Point => [left + (x / 1024) * size + (random() - 0.5) * 2 * wobble * size, top + (y / 1024) * size + (random() - 0.5) * 2 * wobble * size]),
  );
}

describe('handwriting recogniser on the generated stroke medians', () => {
  let recogniser: HandwritingRecogniser;
  beforeAll(async () => {
    recogniser = await loadHandwritingRecogniser();
  });

  it.each(['高', '龄', '津', '贴', '身', '份', '证', '我', '人', '中', '大', '家'])('finds %s drawn with a wobble among the first five', async (char) => {
    for (const seed of [1, 2, 3]) expect(recogniser.recognise(await drawn(char, seed), 5)).toContain(char);
  });

  it('puts a neatly drawn character first', async () => {
    for (const char of ['高', '证', '我']) expect(recogniser.recognise(await drawn(char, 7, 0.01), 1)).toEqual([char]);
  });

  it('still finds a character with two strokes written in swapped order', async () => {
    const strokes = await drawn('中', 4, 0.02);
    [strokes[0], strokes[1]] = [strokes[1]!, strokes[0]!];
    expect(recogniser.recognise(strokes, 5)).toContain('中');
  });

  it('still finds a character with two strokes written as one (连笔)', async () => {
    for (const char of ['高', '证', '家']) {
      const strokes = await drawn(char, 5, 0.02);
      const joined = [strokes[0]!, [...strokes[1]!, ...strokes[2]!], ...strokes.slice(3)];
      expect(recogniser.recognise(joined, 5)).toContain(char);
    }
  });

  it('still finds a character with its last stroke left out', async () => {
    for (const char of ['龄', '贴', '份']) expect(recogniser.recognise((await drawn(char, 6, 0.02)).slice(0, -1), 10)).toContain(char);
  });

  it('gives nothing for nothing drawn', () => {
    expect(recogniser.recognise([])).toEqual([]);
    expect(recogniser.recognise([[]])).toEqual([]);
  });
});

describe('handwriting recogniser on a tiny template set', () => {
  // 一: one stroke left to right; 丨: one stroke top to bottom; 二: two strokes.
  const recogniser = createHandwritingRecogniser({
    alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
    pointsPerStroke: 4,
    chars: ['一AgVgqg/g', '丨gAgVgqg/', '二AVVVqV/V AqVqqq/q'].join('\n'),
  });

  it('tells the strokes apart by direction and count', () => {
    expect(
      recogniser.recognise(
        [
          [
            [0, 50],
            [100, 52],
          ],
        ],
        1,
      ),
    ).toEqual(['一']);
    expect(
      recogniser.recognise(
        [
          [
            [50, 0],
            [52, 100],
          ],
        ],
        1,
      ),
    ).toEqual(['丨']);
    expect(
      recogniser.recognise(
        [
          [
            [0, 20],
            [100, 20],
          ],
          [
            [0, 80],
            [100, 80],
          ],
        ],
        1,
      ),
    ).toEqual(['二']);
  });

  it('takes a tap (a one-point stroke) without failing', () => {
    expect(recogniser.recognise([[[10, 10]]], 3)).toHaveLength(3);
  });
});

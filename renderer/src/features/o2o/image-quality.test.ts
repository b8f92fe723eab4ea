import { describe, expect, it } from 'vitest';
import { assessQuality, findDocumentBox, type Pixels } from './image-quality.js';

function frame(width: number, height: number, paint: (x: number, y: number) => number): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = paint(x, y);
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { data, width, height };
}

// A white "page" with black text-like stripes on a dark desk.
const page = (x: number, y: number) => (x >= 40 && x < 160 && y >= 20 && y < 100 ? (y % 6 < 2 && x % 9 < 6 ? 20 : 245) : 70);

describe('document frame checks', () => {
  it('finds the page on the desk', () => {
    const box = findDocumentBox(frame(200, 120, page));
    expect(box.x).toBeGreaterThanOrEqual(38);
    expect(box.x).toBeLessThanOrEqual(42);
    expect(box.y).toBeGreaterThanOrEqual(18);
    expect(box.x + box.width).toBeGreaterThanOrEqual(158);
    expect(box.y + box.height).toBeLessThanOrEqual(102);
  });

  it('keeps the whole frame when nothing stands out', () => {
    expect(findDocumentBox(frame(100, 80, () => 128))).toEqual({ x: 0, y: 0, width: 100, height: 80 });
  });

  it('passes a sharp, bright page and flags dark, glaring and blurry frames', () => {
    expect(assessQuality(frame(200, 120, page)).verdict).toBe('ok');
    expect(assessQuality(frame(200, 120, () => 20)).verdict).toBe('dark');
    expect(assessQuality(frame(200, 120, () => 250)).verdict).toBe('bright');
    // A smooth gradient has no edges: what a defocused page looks like.
    expect(assessQuality(frame(200, 120, (x) => 90 + x / 2)).verdict).toBe('blurry');
  });
});

// Pure checks on a captured document frame: where the document is (to crop the desk around it), and
// whether the photo is sharp and bright enough to read. Works on RGBA pixels, no DOM needed.

export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type QualityVerdict = 'ok' | 'blurry' | 'dark' | 'bright';

const luminance = (d: Uint8ClampedArray, i: number) => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

function grey(pixels: Pixels): Float32Array {
  const out = new Float32Array(pixels.width * pixels.height);
  for (let p = 0; p < out.length; p++) out[p] = luminance(pixels.data, p * 4);
  return out;
}

/** Mean brightness (0–255) and the variance of the Laplacian, a standard sharpness measure. */
export function measure(pixels: Pixels): { brightness: number; sharpness: number } {
  const { width, height } = pixels;
  const g = grey(pixels);
  let sum = 0;
  for (const v of g) sum += v;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap = g[i - width]! + g[i + width]! + g[i - 1]! + g[i + 1]! - 4 * g[i]!;
      n += 1;
      const delta = lap - mean;
      mean += delta / n;
      m2 += delta * (lap - mean);
    }
  }
  return { brightness: sum / Math.max(1, g.length), sharpness: n > 1 ? m2 / (n - 1) : 0 };
}

export const QUALITY_LIMITS = { minBrightness: 60, maxBrightness: 225, minSharpness: 40 } as const;

export function assessQuality(pixels: Pixels, limits = QUALITY_LIMITS): { verdict: QualityVerdict; brightness: number; sharpness: number } {
  const { brightness, sharpness } = measure(pixels);
  const verdict: QualityVerdict =
    brightness < limits.minBrightness ? 'dark' : brightness > limits.maxBrightness ? 'bright' : sharpness < limits.minSharpness ? 'blurry' : 'ok';
  return { verdict, brightness, sharpness };
}

/**
 * The bounding box of what differs from the desk (the frame's border colour); the whole frame when
 * nothing stands out or the box would be a sliver, so a crop never throws the document away.
 */
export function findDocumentBox(pixels: Pixels, threshold = 40): Box {
  const { width, height, data } = pixels;
  const whole = { x: 0, y: 0, width, height };
  if (width < 8 || height < 8) return whole;
  let border = 0;
  let count = 0;
  for (let x = 0; x < width; x++) {
    border += luminance(data, x * 4) + luminance(data, ((height - 1) * width + x) * 4);
    count += 2;
  }
  for (let y = 0; y < height; y++) {
    border += luminance(data, y * width * 4) + luminance(data, (y * width + width - 1) * 4);
    count += 2;
  }
  const desk = border / count;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  // Every second pixel is plenty to find edges and keeps a 1280×720 frame under a few milliseconds.
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      if (Math.abs(luminance(data, (y * width + x) * 4) - desk) < threshold) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return whole;
  const box = { x: minX, y: minY, width: Math.min(width, maxX + 2) - minX, height: Math.min(height, maxY + 2) - minY };
  return box.width * box.height < width * height * 0.1 ? whole : box;
}

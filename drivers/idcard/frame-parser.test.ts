import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeResponse, joinCardReadData } from './codec.js';
import { FrameParser, type ParserOutput } from './frame-parser.js';

const frames = (outputs: ParserOutput[]) => outputs.filter((o) => o.type === 'frame').map((o) => Array.from((o as { payload: Uint8Array }).payload));
const rejections = (outputs: ParserOutput[]) => outputs.filter((o) => o.type === 'rejected');
const bytes = (hex: string) => Uint8Array.from(hex.trim().split(/\s+/), (h) => parseInt(h, 16));
const samOk = bytes('AA AA AA 96 69 00 04 00 00 90 94');

function pushInChunks(parser: FrameParser, data: Uint8Array, cuts: number[]): ParserOutput[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: ParserOutput[] = [];
  let last = 0;
  for (const point of [...points, data.length]) {
    out.push(...parser.push(data.subarray(last, point)));
    last = point;
  }
  return out;
}

const payloadArb = fc.uint8Array({ minLength: 3, maxLength: 300 });

describe('FrameParser', () => {
  it('parses a frame delivered one byte at a time', () => {
    const parser = new FrameParser({ minLength: 4 });
    const out = Array.from(samOk).flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(frames(out)).toEqual([[0x00, 0x00, 0x90]]);
    expect(parser.bufferedLength).toBe(0);
  });

  it('resynchronises on a stray byte inside the preamble (AA 00 AA AA 96 69 …)', () => {
    const parser = new FrameParser({ minLength: 4 });
    const out = parser.push(Uint8Array.from([0xaa, 0x00, ...samOk]));
    expect(frames(out)).toEqual([[0x00, 0x00, 0x90]]);
    expect(rejections(out)).toEqual([{ type: 'rejected', reason: 'garbage', bytes: 2 }]);
  });

  it('rejects a bad checksum and still finds the next good frame', () => {
    const bad = samOk.slice();
    bad[bad.length - 1] = 0x95;
    const parser = new FrameParser({ minLength: 4 });
    const out = parser.push(Uint8Array.from([...bad, ...samOk]));
    expect(rejections(out)[0]).toEqual({ type: 'rejected', reason: 'bad-checksum', length: 4 });
    expect(frames(out)).toEqual([[0x00, 0x00, 0x90]]);
  });

  it('rejects lengths below the minimum and above the maximum', () => {
    const parser = new FrameParser({ minLength: 4, maxLength: 4096 });
    expect(parser.push(bytes('AA AA AA 96 69 00 02 00 02'))[0]).toEqual({ type: 'rejected', reason: 'bad-length', length: 2 });
    parser.reset();
    expect(parser.push(bytes('AA AA AA 96 69 10 01'))[0]).toEqual({ type: 'rejected', reason: 'bad-length', length: 0x1001 });
    expect(parser.bufferedLength).toBeLessThan(7);
  });

  it('accepts a 2321-byte 30 10 reply with the default maximum', () => {
    const frame = encodeResponse(0x90, joinCardReadData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(1024)));
    const out = new FrameParser({ minLength: 4 }).push(frame);
    expect(frames(out)).toHaveLength(1);
    expect(frames(out)[0]).toHaveLength(2313);
  });

  it('parses request frames with the request minimum length', () => {
    const out = new FrameParser({ minLength: 3 }).push(bytes('AA AA AA 96 69 00 03 20 01 22'));
    expect(frames(out)).toEqual([[0x20, 0x01]]);
  });

  it('any chunking of valid frames yields the same payloads', () => {
    fc.assert(
      fc.property(fc.array(payloadArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 40 }), (payloads, cuts) => {
        const stream = Uint8Array.from(payloads.flatMap((p) => Array.from(encodeFrame(p))));
        const parser = new FrameParser({ minLength: 4 });
        const out = pushInChunks(parser, stream, cuts);
        expect(frames(out)).toEqual(payloads.map((p) => Array.from(p)));
        expect(rejections(out)).toEqual([]);
        expect(parser.bufferedLength).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('garbage between frames never throws, never loses a frame and keeps the buffer bounded', () => {
    // Garbage without the preamble byte 0xAA cannot fake a frame start or swallow a real one.
    const garbageArb = fc.uint8Array({ maxLength: 200 }).map((g) => g.map((b) => (b === 0xaa ? 0x55 : b)));
    fc.assert(
      fc.property(fc.array(fc.tuple(garbageArb, payloadArb), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 30 }), (parts, cuts) => {
        const stream = Uint8Array.from(parts.flatMap(([garbage, payload]) => [...garbage, ...encodeFrame(payload)]));
        const parser = new FrameParser({ minLength: 4, maxLength: 512 });
        const out = pushInChunks(parser, stream, cuts);
        expect(frames(out)).toEqual(parts.map(([, p]) => Array.from(p)));
        expect(parser.bufferedLength).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary bytes (including preamble fragments) never throw and never outgrow the buffer', () => {
    const noisyByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xaa, 0x96, 0x69, 0x00));
    fc.assert(
      fc.property(fc.array(fc.array(noisyByte, { maxLength: 700 }), { maxLength: 12 }), (chunks) => {
        const parser = new FrameParser({ minLength: 4, maxLength: 256 });
        for (const chunk of chunks) {
          parser.push(Uint8Array.from(chunk));
          expect(parser.bufferedLength).toBeLessThanOrEqual(parser.capacity);
          expect(parser.capacity).toBe(7 + 256);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a frame that follows random noise is still recovered once the noise is flushed out', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), payloadArb, (noise, payload) => {
        const parser = new FrameParser({ minLength: 4, maxLength: 512 });
        parser.push(noise);
        // Enough bytes to complete or reject any partial frame the noise began (max 7 + 512).
        const flush = new Uint8Array(520).fill(0x00);
        parser.push(flush);
        const out = parser.push(encodeFrame(payload));
        expect(frames(out)).toEqual([Array.from(payload)]);
      }),
      { numRuns: 200 },
    );
  });
});

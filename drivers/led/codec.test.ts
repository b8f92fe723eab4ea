import { describe, expect, it } from 'vitest';
import { COMMANDS, crc16Arc, decodeBody, dynamicTextPayload, encodeFrame, escapeBody, FrameReader, parseDynamicText, unescapeBody } from './codec.js';

const hex = (b: Uint8Array) =>
  Buffer.from(b)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');

describe('Onbon BX-5/6 codec', () => {
  it('builds the reference ping frame byte for byte', () => {
    const frame = encodeFrame({ group: COMMANDS.ping[0], command: COMMANDS.ping[1] });
    expect(hex(frame)).toBe('A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 00 00 00 00 00 00 FE 02 05 00 A2 00 01 00 00 68 F8 5A');
  });

  it('computes the reference CRCs for status and clear', () => {
    const crcOf = (group: number, command: number) => {
      const frame = encodeFrame({ group, command });
      return hex(frame.subarray(frame.length - 3, frame.length - 1));
    };
    expect(crcOf(COMMANDS.status[0], COMMANDS.status[1])).toBe('2D 40');
    expect(crcOf(COMMANDS.clear[0], COMMANDS.clear[1])).toBe('51 F8');
    expect(crc16Arc(Buffer.from('123456789'))).toBe(0xbb3d); // the CRC-16/ARC check value
  });

  it('escapes A5, A6, 5A and 5B and reverses it', () => {
    const raw = Buffer.from([0xa5, 0x01, 0xa6, 0x5a, 0x5b, 0x00]);
    expect(hex(escapeBody(raw))).toBe('A6 02 01 A6 01 5B 02 5B 01 00');
    expect(unescapeBody(escapeBody(raw))).toEqual(raw);
  });

  it('round-trips a GBK dynamic-text frame through a chunked reader, and rejects a bad CRC', () => {
    const frame = encodeFrame({ group: 0xa3, command: 0x06, payload: dynamicTextPayload('请A012号到3号窗口', { width: 192, height: 32, encoding: 'gbk' }) });
    const reader = new FrameReader();
    const got = [...frame].flatMap((b) => reader.push(Buffer.from([b])));
    expect(got).toHaveLength(1);
    expect(parseDynamicText(got[0]!.message!.payload, 'gbk')).toMatchObject({ text: '请A012号到3号窗口', width: 192, height: 32 });
    const broken = Buffer.from(frame);
    broken[frame.length - 2] = broken[frame.length - 2]! ^ 0x01;
    expect(() => decodeBody(broken.subarray(8, broken.length - 1))).toThrow(/CRC|escape/);
  });
});

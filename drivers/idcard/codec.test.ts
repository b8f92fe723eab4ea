import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  decodeResponsePayload,
  encodeRequest,
  encodeResponse,
  encodeSamId,
  encodeSetBaud,
  encodeSetMaxRfFrameSize,
  formatSamId,
  joinCardReadData,
  splitCardReadData,
} from './codec.js';
import { FrameParser } from './frame-parser.js';

const bytes = (hex: string) => Uint8Array.from(hex.trim().split(/\s+/), (h) => parseInt(h, 16));
const P = 'AA AA AA 96 69';

describe('request frames (reference §1.3)', () => {
  it.each([
    ['reset SAM', COMMANDS.resetSam, `${P} 00 03 10 FF EC`],
    ['SAM status', COMMANDS.samStatus, `${P} 00 03 11 FF ED`],
    ['SAM ID', COMMANDS.samId, `${P} 00 03 12 FF EE`],
    ['find card', COMMANDS.findCard, `${P} 00 03 20 01 22`],
    ['select card', COMMANDS.selectCard, `${P} 00 03 20 02 21`],
    ['read text + photo', COMMANDS.readTextPhoto, `${P} 00 03 30 01 32`],
    ['read text + photo + fingerprint', COMMANDS.readTextPhotoFingerprint, `${P} 00 03 30 10 23`],
    ['read additional address', COMMANDS.readAdditionalAddress, `${P} 00 03 30 03 30`],
  ])('%s', (_name, command, expected) => {
    expect(encodeRequest(command)).toEqual(bytes(expected));
  });

  it.each([
    [115200, `${P} 00 03 60 00 63`],
    [57600, `${P} 00 03 60 01 62`],
    [38400, `${P} 00 03 60 02 61`],
    [19200, `${P} 00 03 60 03 60`],
    [9600, `${P} 00 03 60 04 67`],
  ] as const)('set baud %i', (baud, expected) => {
    expect(encodeSetBaud(baud)).toEqual(bytes(expected));
  });

  it('set max RF frame size 0x50', () => {
    expect(encodeSetMaxRfFrameSize(0x50)).toEqual(bytes(`${P} 00 04 61 FF 50 CA`));
  });

  it('refuses an RF frame size that is not one byte', () => {
    expect(() => encodeSetMaxRfFrameSize(256)).toThrow(RangeError);
  });
});

describe('response frames (reference §1.4)', () => {
  it.each([
    ['SAM OK', 0x90, 0, `${P} 00 04 00 00 90 94`],
    ['find OK', 0x9f, 4, `${P} 00 08 00 00 9F 00 00 00 00 97`],
    ['find failed', 0x80, 0, `${P} 00 04 00 00 80 84`],
    ['select OK', 0x90, 8, `${P} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C`],
    ['select failed', 0x81, 0, `${P} 00 04 00 00 81 85`],
    ['read failed', 0x41, 0, `${P} 00 04 00 00 41 45`],
    ['card authentication failed', 0x31, 0, `${P} 00 04 00 00 31 35`],
  ])('%s is encoded and parsed byte-exactly', (_name, sw3, dataLength, expected) => {
    const frame = bytes(expected);
    expect(encodeResponse(sw3, new Uint8Array(dataLength))).toEqual(frame);
    const [out] = new FrameParser({ minLength: 4 }).push(frame);
    expect(out?.type).toBe('frame');
    const decoded = decodeResponsePayload((out as { payload: Uint8Array }).payload);
    expect(decoded).toMatchObject({ sw1: 0, sw2: 0, sw3 });
    expect(decoded?.data.length).toBe(dataLength);
  });

  it('30 01 reply: LEN 0x0508, 1295 bytes, text at offset 14 and photo at 270', () => {
    const text = new Uint8Array(256).fill(0x11);
    const photo = new Uint8Array(1024).fill(0x22);
    const frame = encodeResponse(0x90, joinCardReadData(text, photo, undefined));
    expect(frame.length).toBe(1295);
    expect([frame[5], frame[6]]).toEqual([0x05, 0x08]);
    expect(Array.from(frame.subarray(10, 14))).toEqual([0x01, 0x00, 0x04, 0x00]);
    expect(frame[14]).toBe(0x11);
    expect(frame[269]).toBe(0x11);
    expect(frame[270]).toBe(0x22);
    const split = splitCardReadData(decodeResponsePayload(frame.subarray(7, -1))!.data, false);
    expect(split?.text).toEqual(text);
    expect(split?.photo).toEqual(photo);
    expect(split?.fingerprint.length).toBe(0);
  });

  it('30 10 reply: LEN 0x090A, 2321 bytes, text at offset 16', () => {
    const frame = encodeResponse(0x90, joinCardReadData(new Uint8Array(256).fill(1), new Uint8Array(1024).fill(2), new Uint8Array(1024).fill(3)));
    expect(frame.length).toBe(2321);
    expect([frame[5], frame[6]]).toEqual([0x09, 0x0a]);
    expect(Array.from(frame.subarray(10, 16))).toEqual([0x01, 0x00, 0x04, 0x00, 0x04, 0x00]);
    expect([frame[15], frame[16], frame[271], frame[272], frame[1295], frame[1296]]).toEqual([0x00, 1, 1, 2, 2, 3]);
    const [out] = new FrameParser({ minLength: 4 }).push(frame);
    expect(out?.type).toBe('frame');
  });

  it.each([
    [512, 1809],
    [0, 1297],
  ])('30 10 reply with %i fingerprint bytes is %i bytes long', (fpLength, frameLength) => {
    const data = joinCardReadData(new Uint8Array(256), new Uint8Array(1024), new Uint8Array(fpLength));
    expect(encodeResponse(0x90, data).length).toBe(frameLength);
    expect(splitCardReadData(data, true)?.fingerprint.length).toBe(fpLength);
  });

  it('rejects read data whose block lengths do not add up', () => {
    const data = joinCardReadData(new Uint8Array(256), new Uint8Array(1024), undefined);
    expect(splitCardReadData(data.subarray(0, data.length - 1), false)).toBeUndefined();
    expect(splitCardReadData(data, true)).toBeUndefined();
  });
});

describe('SAM ID rendering', () => {
  it('renders b0.b2-u32LE-u32LE(9)-u32LE(9)', () => {
    const data = bytes('05 00 01 00 E5 AB 34 01 87 D6 12 00 39 30 00 00');
    expect(formatSamId(data)).toBe('05.01-20229093-001234567-000012345');
    expect(formatSamId(encodeSamId({ a: 5, b: 1, c: 20229093, d: 1234567, e: 12345 }))).toBe('05.01-20229093-001234567-000012345');
  });

  it('rejects data that is not 16 bytes', () => {
    expect(formatSamId(new Uint8Array(15))).toBeUndefined();
  });
});

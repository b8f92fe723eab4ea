// SAM_V frame encoding and decoding (pure, no I/O).
//   AA AA AA 96 69 | LEN_H LEN_L | payload… | CHK
// LEN counts the payload plus CHK; CHK is the XOR of LEN_H through the last payload byte.

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble plus the two LEN bytes. */
export const HEADER_LENGTH = 7;

export interface SamCommand {
  readonly cmd: number;
  readonly para: number;
}

export const COMMANDS = {
  resetSam: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  samId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readTextPhoto: { cmd: 0x30, para: 0x01 },
  readAdditionalAddress: { cmd: 0x30, para: 0x03 },
  readTextPhotoFingerprint: { cmd: 0x30, para: 0x10 },
  setMaxRfFrameSize: { cmd: 0x61, para: 0xff },
} as const satisfies Record<string, SamCommand>;

/** `60 xx` parameter for each UART speed. */
export const BAUD_CODES = { 115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04 } as const;
export type SupportedBaud = keyof typeof BAUD_CODES;

export function xorChecksum(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let chk = 0;
  for (let i = start; i < end; i++) chk ^= bytes[i]!;
  return chk;
}

/** Wraps a payload (request: CMD PARA DATA; response: SW1 SW2 SW3 DATA) in a complete frame. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  if (len > 0xffff) throw new RangeError(`payload of ${payload.length} bytes does not fit a frame`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(payload, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

export function encodeRequest(command: SamCommand, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const payload = new Uint8Array(2 + data.length);
  payload[0] = command.cmd;
  payload[1] = command.para;
  payload.set(data, 2);
  return encodeFrame(payload);
}

/** `60 xx`: switch the reader's UART speed. */
export function encodeSetBaud(baud: SupportedBaud): Uint8Array {
  return encodeRequest({ cmd: 0x60, para: BAUD_CODES[baud] });
}

/** `61 FF nn`: largest RF frame the reader should use (drivers commonly send 0x50). */
export function encodeSetMaxRfFrameSize(size: number): Uint8Array {
  if (!Number.isInteger(size) || size < 0 || size > 0xff) throw new RangeError('RF frame size must be one byte');
  return encodeRequest(COMMANDS.setMaxRfFrameSize, Uint8Array.of(size));
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const payload = new Uint8Array(3 + data.length);
  payload[0] = sw1;
  payload[1] = sw2;
  payload[2] = sw3;
  payload.set(data, 3);
  return encodeFrame(payload);
}

export interface DecodedRequest {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface DecodedResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

/** Payload = the bytes between LEN and CHK, as the frame parser delivers them. */
export function decodeRequestPayload(payload: Uint8Array): DecodedRequest | undefined {
  if (payload.length < 2) return undefined;
  return { cmd: payload[0]!, para: payload[1]!, data: payload.subarray(2) };
}

export function decodeResponsePayload(payload: Uint8Array): DecodedResponse | undefined {
  if (payload.length < 3) return undefined;
  return { sw1: payload[0]!, sw2: payload[1]!, sw3: payload[2]!, data: payload.subarray(3) };
}

export interface CardReadPayload {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint: Uint8Array;
}

/**
 * Splits the data of a 30 01 / 30 10 reply: u16 BE lengths (text, photo[, fingerprint]) then the
 * blocks in that order. Returns undefined when the lengths do not add up to the data received.
 */
export function splitCardReadData(data: Uint8Array, withFingerprint: boolean): CardReadPayload | undefined {
  const headerLength = withFingerprint ? 6 : 4;
  if (data.length < headerLength) return undefined;
  const textLength = (data[0]! << 8) | data[1]!;
  const photoLength = (data[2]! << 8) | data[3]!;
  const fingerprintLength = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (headerLength + textLength + photoLength + fingerprintLength !== data.length) return undefined;
  const photoStart = headerLength + textLength;
  const fingerprintStart = photoStart + photoLength;
  return {
    text: data.slice(headerLength, photoStart),
    photo: data.slice(photoStart, fingerprintStart),
    fingerprint: data.slice(fingerprintStart, fingerprintStart + fingerprintLength),
  };
}

/** Builds the data of a 30 01 / 30 10 reply (used by the simulator). */
export function joinCardReadData(text: Uint8Array, photo: Uint8Array, fingerprint: Uint8Array | undefined): Uint8Array {
  const withFingerprint = fingerprint !== undefined;
  const headerLength = withFingerprint ? 6 : 4;
  const fp = fingerprint ?? new Uint8Array(0);
  const data = new Uint8Array(headerLength + text.length + photo.length + fp.length);
  data[0] = text.length >> 8;
  data[1] = text.length & 0xff;
  data[2] = photo.length >> 8;
  data[3] = photo.length & 0xff;
  if (withFingerprint) {
    data[4] = fp.length >> 8;
    data[5] = fp.length & 0xff;
  }
  data.set(text, headerLength);
  data.set(photo, headerLength + text.length);
  data.set(fp, headerLength + text.length + photo.length);
  return data;
}

/**
 * Renders the 16-byte SAM ID as `b0.b2-u32LE(4..7)-u32LE(8..11)-u32LE(12..15)`, two-digit
 * fields zero-padded and the last two padded to nine digits (the common vendor rendering).
 */
export function formatSamId(data: Uint8Array): string | undefined {
  if (data.length !== 16) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const two = (n: number) => String(n).padStart(2, '0');
  const nine = (n: number) => String(n).padStart(9, '0');
  return `${two(data[0]!)}.${two(data[2]!)}-${view.getUint32(4, true)}-${nine(view.getUint32(8, true))}-${nine(view.getUint32(12, true))}`;
}

/** Inverse of formatSamId for the simulator: builds the 16 bytes from the four numbers. */
export function encodeSamId(parts: { a: number; b: number; c: number; d: number; e: number }): Uint8Array {
  const data = new Uint8Array(16);
  const view = new DataView(data.buffer);
  data[0] = parts.a;
  data[2] = parts.b;
  view.setUint32(4, parts.c, true);
  view.setUint32(8, parts.d, true);
  view.setUint32(12, parts.e, true);
  return data;
}

export const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

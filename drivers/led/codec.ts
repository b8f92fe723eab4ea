// Onbon (仰邦) BX-5/6 LED controller framing (reference §5.1): 8 × A5, header, data, CRC-16/ARC, 5A,
// with A5/A6/5A/5B escaped between start and end. Pure: bytes in, bytes out.
import iconv from 'iconv-lite';

export const FRAME_START = 0xa5;
export const FRAME_END = 0x5a;
const START_RUN = 8;

/** CRC-16/ARC: reflected polynomial 0xA001, initial value 0. */
export function crc16Arc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc & 0xffff;
}

export function escapeBody(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0xa5) out.push(0xa6, 0x02);
    else if (b === 0xa6) out.push(0xa6, 0x01);
    else if (b === 0x5a) out.push(0x5b, 0x02);
    else if (b === 0x5b) out.push(0x5b, 0x01);
    else out.push(b);
  }
  return Buffer.from(out);
}

export function unescapeBody(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0xa6 || b === 0x5b) {
      const next = bytes[++i];
      if (next === 0x02) out.push(b === 0xa6 ? 0xa5 : 0x5a);
      else if (next === 0x01) out.push(b);
      else throw new Error(`bad escape ${b.toString(16)} ${next?.toString(16)}`);
    } else out.push(b);
  }
  return Buffer.from(out);
}

export interface BxMessage {
  dst: number;
  src: number;
  deviceType: number;
  version: number;
  group: number;
  command: number;
  /** 1 = the controller must reply. */
  responseFlag: number;
  payload: Buffer;
}

export const COMMANDS = {
  ping: [0xa2, 0x00],
  status: [0xa1, 0x02],
  clear: [0xa3, 0x10],
  dynamicText: [0xa3, 0x06],
} as const;

export function encodeFrame(m: Partial<BxMessage> & Pick<BxMessage, 'group' | 'command'>): Buffer {
  const payload = m.payload ?? Buffer.alloc(0);
  const data = Buffer.concat([Buffer.from([m.group, m.command, m.responseFlag ?? 1, 0, 0]), payload]);
  const header = Buffer.alloc(14);
  header.writeUInt16LE(m.dst ?? 0x0001, 0);
  header.writeUInt16LE(m.src ?? 0x8000, 2);
  header[10] = m.deviceType ?? 0xfe;
  header[11] = m.version ?? 0x02;
  header.writeUInt16LE(data.length, 12);
  const body = Buffer.concat([header, data]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16Arc(body));
  return Buffer.concat([Buffer.alloc(START_RUN, FRAME_START), escapeBody(Buffer.concat([body, crc])), Buffer.from([FRAME_END])]);
}

/** Decodes one frame's escaped body (between the A5 run and 5A); throws on a bad length or CRC. */
export function decodeBody(escaped: Uint8Array): BxMessage {
  const body = unescapeBody(escaped);
  if (body.length < 14 + 5 + 2) throw new Error('frame too short');
  const length = body.readUInt16LE(12);
  if (body.length !== 14 + length + 2) throw new Error(`length ${length} does not match the frame`);
  const crc = body.readUInt16LE(body.length - 2);
  if (crc !== crc16Arc(body.subarray(0, body.length - 2))) throw new Error('CRC mismatch');
  const data = body.subarray(14, 14 + length);
  return {
    dst: body.readUInt16LE(0),
    src: body.readUInt16LE(2),
    deviceType: body[10]!,
    version: body[11]!,
    group: data[0]!,
    command: data[1]!,
    responseFlag: data[2]!,
    payload: Buffer.from(data.subarray(5)),
  };
}

/** Splits a byte stream into frames; keeps partial input, drops garbage, reports bad frames. */
export class FrameReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Array<{ message?: BxMessage; error?: Error }> {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: Array<{ message?: BxMessage; error?: Error }> = [];
    for (;;) {
      const start = this.buffer.indexOf(FRAME_START);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return out;
      }
      let bodyStart = start;
      while (this.buffer[bodyStart] === FRAME_START) bodyStart++;
      const end = this.buffer.indexOf(FRAME_END, bodyStart);
      if (end < 0) {
        this.buffer = this.buffer.subarray(start);
        return out;
      }
      try {
        out.push({ message: decodeBody(this.buffer.subarray(bodyStart, end)) });
      } catch (error) {
        out.push({ error: error as Error });
      }
      this.buffer = this.buffer.subarray(end + 1);
    }
  }
}

/** Text encodings for the dynamic area. GBK is what Chinese controllers probably expect: UNCONFIRMED, so configurable. */
export type LedTextEncoding = 'gbk' | 'utf-8';

export interface DynamicTextOptions {
  areaId?: number;
  x?: number;
  y?: number;
  width: number;
  height: number;
  /** 0 = loop, 1 = show once and keep the last page (the controller's run modes). */
  runMode?: number;
  timeoutSeconds?: number;
  /** 0 left, 1 centre, 2 right. */
  align?: number;
  /** 1 = show at once (no scrolling); speed and dwell (seconds) of the effect. */
  effect?: number;
  speed?: number;
  dwellSeconds?: number;
  encoding: LedTextEncoding;
}

/**
 * Payload of A3 06. The field order follows the reference (geometry, run mode, timeout, alignment,
 * effect/speed/dwell, u32 LE length, text); the exact widths of each field are UNCONFIRMED against
 * the vendor document, so they sit in this one function.
 */
export function dynamicTextPayload(text: string, o: DynamicTextOptions): Buffer {
  const bytes = o.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
  const head = Buffer.alloc(1 + 8 + 1 + 2 + 1 + 3 + 4);
  let at = 0;
  head[at++] = o.areaId ?? 0;
  for (const v of [o.x ?? 0, o.y ?? 0, o.width, o.height]) at = head.writeUInt16LE(v, at);
  head[at++] = o.runMode ?? 1;
  at = head.writeUInt16LE(o.timeoutSeconds ?? 0, at);
  head[at++] = o.align ?? 1;
  head[at++] = o.effect ?? 1;
  head[at++] = o.speed ?? 1;
  head[at++] = o.dwellSeconds ?? 5;
  head.writeUInt32LE(bytes.length, at);
  return Buffer.concat([head, bytes]);
}

export function parseDynamicText(payload: Buffer, encoding: LedTextEncoding): { areaId: number; width: number; height: number; text: string } {
  if (payload.length < 20) throw new Error('dynamic text payload too short');
  const length = payload.readUInt32LE(16);
  const bytes = payload.subarray(20, 20 + length);
  if (bytes.length !== length) throw new Error('dynamic text shorter than its length');
  return {
    areaId: payload[0]!,
    width: payload.readUInt16LE(5),
    height: payload.readUInt16LE(7),
    text: encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8'),
  };
}

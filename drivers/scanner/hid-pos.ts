/** Where the parts of a scan sit in a HID POS input report, counted from the byte after the report ID. */
export interface HidPosLayout {
  /** The scanned-data input report's ID; undefined when the device does not number its reports. */
  reportId: number | undefined;
  dataOffset: number;
  dataLength: number;
  /** A byte holding the data length (Honeywell); without it trailing zero bytes are trimmed. */
  lengthOffset?: number;
  /** First of three bytes of symbology identifier (AIM). */
  aimOffset?: number;
  /** A byte that is non-zero when more reports follow for the same scan. */
  moreOffset?: number;
}

/**
 * Honeywell's layout [§4.3]: report 0x02, length at 0, AIM at 1–3, 56 data bytes from 4, its own
 * code ID at 60, "more follows" at 62. Offsets are WebHID-style; hidapi's report-ID byte 0 is
 * handled by the decoder, not by shifting these numbers.
 */
export const HONEYWELL_LAYOUT: HidPosLayout = { reportId: 0x02, lengthOffset: 0, aimOffset: 1, dataOffset: 4, dataLength: 56, moreOffset: 62 };

const POS_PAGE = 0x8c;
const usage = (id: number) => (POS_PAGE << 16) | id;
const DECODED_DATA = usage(0xfe);
const DECODED_DATA_CONTINUED = usage(0xff);
const SYMBOLOGY_ID_1 = usage(0xfb);

interface InputField {
  reportId: number | undefined;
  bitOffset: number;
  size: number;
  count: number;
  usageAt(index: number): number | undefined;
}

/** Parses the Input items of a report descriptor (short items only; long items are skipped). */
export function parseInputFields(descriptor: Uint8Array): InputField[] {
  const fields: InputField[] = [];
  const offsets = new Map<number | undefined, number>();
  let global = { usagePage: 0, reportSize: 0, reportCount: 0, reportId: undefined as number | undefined };
  const stack: (typeof global)[] = [];
  let usages: number[] = [];
  let usageMin: number | undefined;
  let usageMax: number | undefined;
  let i = 0;
  while (i < descriptor.length) {
    const prefix = descriptor[i]!;
    if (prefix === 0xfe) {
      i += 3 + (descriptor[i + 1] ?? 0);
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 3]!;
    if (i + 1 + size > descriptor.length) break;
    let value = 0;
    for (let k = 0; k < size; k++) value |= (descriptor[i + 1 + k] ?? 0) << (8 * k);
    value >>>= 0;
    const type = (prefix >> 2) & 3;
    const tag = prefix >> 4;
    i += 1 + size;
    const full = (u: number) => (size === 4 ? u : ((global.usagePage << 16) | u) >>> 0);
    if (type === 1) {
      if (tag === 0) global.usagePage = value;
      else if (tag === 7) global.reportSize = value;
      else if (tag === 8) global.reportId = value;
      else if (tag === 9) global.reportCount = value;
      else if (tag === 10) stack.push({ ...global });
      else if (tag === 11) global = stack.pop() ?? global;
    } else if (type === 2) {
      if (tag === 0) usages.push(full(value));
      else if (tag === 1) usageMin = full(value);
      else if (tag === 2) usageMax = full(value);
    } else if (type === 0) {
      if (tag === 8) {
        const list =
          usages.length > 0
            ? usages
            : usageMin !== undefined && usageMax !== undefined && usageMax - usageMin < 4096
              ? Array.from({ length: usageMax - usageMin + 1 }, (_, k) => usageMin! + k)
              : [];
        const variable = (value & 0x02) !== 0;
        const bitOffset = offsets.get(global.reportId) ?? 0;
        const frozen = [...list];
        fields.push({
          reportId: global.reportId,
          bitOffset,
          size: global.reportSize,
          count: global.reportCount,
          // A variable item names each element; an array/buffer item is one usage for all of it.
          usageAt: (index) => (variable ? (frozen[index] ?? frozen[frozen.length - 1]) : frozen[0]),
        });
        offsets.set(global.reportId, bitOffset + global.reportSize * global.reportCount);
      }
      if (tag === 8 || tag === 9 || tag === 11 || tag === 10) {
        usages = [];
        usageMin = usageMax = undefined;
      }
    }
  }
  return fields;
}

/** Finds the scanned-data report in a descriptor, or undefined when it has no POS Decoded Data. */
export function layoutFromDescriptor(descriptor: Uint8Array): HidPosLayout | undefined {
  const fields = parseInputFields(descriptor).filter((f) => f.size === 8 || f.size === 1);
  const bytePositions: Array<{ reportId: number | undefined; offset: number; usage: number | undefined }> = [];
  for (const field of fields) {
    if (field.size !== 8 || field.bitOffset % 8 !== 0) continue;
    for (let k = 0; k < field.count; k++) bytePositions.push({ reportId: field.reportId, offset: field.bitOffset / 8 + k, usage: field.usageAt(k) });
  }
  const data = bytePositions.filter((p) => p.usage === DECODED_DATA);
  if (data.length === 0) return undefined;
  const reportId = data[0]!.reportId;
  const inReport = bytePositions.filter((p) => p.reportId === reportId);
  const dataOffset = Math.min(...data.filter((p) => p.reportId === reportId).map((p) => p.offset));
  let dataLength = 0;
  while (inReport.some((p) => p.offset === dataOffset + dataLength && p.usage === DECODED_DATA)) dataLength++;
  const aim = inReport.find((p) => p.usage === SYMBOLOGY_ID_1);
  const more = fields.find((f) => f.reportId === reportId && f.usageAt(0) === DECODED_DATA_CONTINUED && f.bitOffset % 8 === 0);
  return { reportId, dataOffset, dataLength, aimOffset: aim?.offset, moreOffset: more ? more.bitOffset / 8 : undefined };
}

export interface HidScanPayload {
  aimId?: string;
  payload: Uint8Array;
}

/**
 * Turns HID POS input reports into scans, joining "more follows" reports. `reportIdInData` is
 * true for hidapi/node-hid, which put the report ID at byte 0 for numbered reports.
 */
export class HidPosDecoder {
  private parts: number[] = [];
  private aimId: string | undefined;

  constructor(
    private readonly layout: HidPosLayout,
    private readonly options: { reportIdInData: boolean; maxScanBytes?: number } = { reportIdInData: true },
  ) {}

  push(report: Uint8Array): HidScanPayload | undefined {
    let body = report;
    if (this.layout.reportId !== undefined && this.options.reportIdInData) {
      if (report[0] !== this.layout.reportId) return undefined;
      body = report.subarray(1);
    }
    const { dataOffset, dataLength, lengthOffset, aimOffset, moreOffset } = this.layout;
    let data = body.subarray(dataOffset, dataOffset + dataLength);
    if (lengthOffset !== undefined) data = data.subarray(0, Math.min(data.length, body[lengthOffset] ?? 0));
    else {
      let end = data.length;
      while (end > 0 && data[end - 1] === 0) end--;
      data = data.subarray(0, end);
    }
    if (aimOffset !== undefined && this.aimId === undefined) this.aimId = aimFromBytes(body.subarray(aimOffset, aimOffset + 3));
    if (this.parts.length + data.length <= (this.options.maxScanBytes ?? 65536)) this.parts.push(...data);
    if (moreOffset !== undefined && (body[moreOffset] ?? 0) !== 0) return undefined;
    const result: HidScanPayload = { aimId: this.aimId, payload: Uint8Array.from(this.parts) };
    this.parts = [];
    this.aimId = undefined;
    return result.payload.length > 0 ? result : undefined;
  }
}

function aimFromBytes(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('latin1').replace(/\0+$/, '');
  if (text === '') return undefined;
  if (text.startsWith(']') && text.length === 3) return text;
  // Some devices send the code character and modifier without the leading bracket.
  return /^[A-Za-z][0-9A-Za-z]$/.test(text.slice(0, 2)) ? `]${text.slice(0, 2)}` : undefined;
}

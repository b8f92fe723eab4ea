import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeScanText, splitAim } from './decode.js';
import { HidPosDecoder, HONEYWELL_LAYOUT, layoutFromDescriptor } from './hid-pos.js';
import { LineFramer, terminatorBytes, type LineTerminator } from './line-framer.js';

const text = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('utf8'));

describe('LineFramer', () => {
  it.each([
    ['cr', 'ABC123\rXYZ\r'],
    ['lf', 'ABC123\nXYZ\n'],
    ['crlf', 'ABC123\r\nXYZ\r\n'],
    ['tab', 'ABC123\tXYZ\t'],
  ] as const)('frames %s-terminated scans', (terminator, stream) => {
    expect(text(new LineFramer({ terminator }).push(Buffer.from(stream)))).toEqual(['ABC123', 'XYZ']);
  });

  it('keeps a CRLF split across reads as one terminator, whatever single suffix is configured', () => {
    for (const terminator of ['cr', 'lf', 'crlf'] as const) {
      const framer = new LineFramer({ terminator });
      const frames = [...framer.push(Buffer.from('A1\r')), ...framer.push(Buffer.from('\nB2\r')), ...framer.push(Buffer.from('\n'))];
      expect(text(frames)).toEqual(['A1', 'B2']);
    }
  });

  it('drops an over-long frame and resynchronises at the next terminator', () => {
    const framer = new LineFramer({ terminator: 'cr', maxFrameBytes: 8 });
    expect(text(framer.push(Buffer.from('0123456789ABCDEF\rOK\r')))).toEqual(['OK']);
    expect(framer.overflows).toBe(1);
  });

  it('gives the same scans under any chunking, never throws on garbage, and stays bounded', () => {
    const terminators: LineTerminator[] = ['cr', 'lf', 'crlf', 'tab'];
    fc.assert(
      fc.property(
        fc.constantFrom(...terminators),
        fc.array(
          fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\r\n\t]/.test(s)),
          { maxLength: 10 },
        ),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 30 }),
        fc.uint8Array({ maxLength: 200 }),
        (terminator, codes, sizes, garbage) => {
          const stream = Buffer.concat(codes.map((c) => Buffer.concat([Buffer.from(c), Buffer.from(terminatorBytes(terminator))])));
          const framer = new LineFramer({ terminator, maxFrameBytes: 64 });
          const frames: Uint8Array[] = [];
          for (let offset = 0, i = 0; offset < stream.length; i++) {
            const size = sizes[i % sizes.length]!;
            frames.push(...framer.push(stream.subarray(offset, offset + size)));
            offset += size;
          }
          expect(text(frames)).toEqual(codes);
          framer.push(garbage);
          expect(framer.buffered).toBeLessThanOrEqual(64);
        },
      ),
    );
  });
});

describe('scan text decoding', () => {
  it('reads UTF-8 first and falls back to GB18030', () => {
    expect(decodeScanText(Buffer.from('受理编号123', 'utf8'))).toEqual({ text: '受理编号123', encoding: 'utf-8' });
    expect(decodeScanText(iconv.encode('受理编号123', 'gb18030'))).toEqual({ text: '受理编号123', encoding: 'gb18030' });
  });

  it('strips known AIM identifiers and leaves other leading brackets alone', () => {
    expect(splitAim(Buffer.from(']Q1hello'))).toMatchObject({ aimId: ']Q1', symbology: 'qr' });
    expect(Buffer.from(splitAim(Buffer.from(']C10123')).payload).toString()).toBe('0123');
    expect(splitAim(Buffer.from(']C10123')).symbology).toBe('gs1-128');
    expect(splitAim(Buffer.from(']E0690123')).symbology).toBe('ean-upc');
    expect(splitAim(Buffer.from(']X0data')).aimId).toBeUndefined();
    expect(splitAim(Buffer.from(']X0data')).symbology).toBe('unknown');
    expect(splitAim(Buffer.from(']X0data'), 'always')).toMatchObject({ aimId: ']X0', symbology: 'other' });
    expect(splitAim(Buffer.from(']Q1x'), 'never').aimId).toBeUndefined();
  });
});

// A POS scanner descriptor: report 2 = vendor length byte, symbology id 1–3, 56 bytes decoded data, continued flag.
const POS_DESCRIPTOR = Uint8Array.from([
  0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0x85, 0x02, 0x09, 0x12, 0xa1, 0x02, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x01, 0x06, 0x00, 0xff, 0x09, 0x01,
  0x81, 0x02, 0x05, 0x8c, 0x09, 0xfb, 0x09, 0xfc, 0x09, 0xfd, 0x95, 0x03, 0x81, 0x02, 0x09, 0xfe, 0x95, 0x38, 0x82, 0x02, 0x01, 0x09, 0xff, 0x95, 0x01, 0x81,
  0x02, 0xc0, 0xc0,
]);

function honeywellReport(data: Buffer, aim: string, more: boolean): Buffer {
  const report = Buffer.alloc(64);
  report[0] = 0x02;
  report[1] = data.length;
  report.write(aim, 2, 'latin1');
  data.copy(report, 5);
  report[61] = 0x73;
  report[63] = more ? 1 : 0;
  return report;
}

describe('HID POS', () => {
  it('finds the decoded-data field in a report descriptor', () => {
    expect(layoutFromDescriptor(POS_DESCRIPTOR)).toEqual({ reportId: 2, dataOffset: 4, dataLength: 56, aimOffset: 1, moreOffset: 60 });
    expect(layoutFromDescriptor(Uint8Array.from([0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0xc0]))).toBeUndefined();
  });

  it('decodes the Honeywell layout with the report ID at byte 0 and joins continued reports', () => {
    const decoder = new HidPosDecoder(HONEYWELL_LAYOUT, { reportIdInData: true });
    const long = Buffer.from('https://zwfw.example.gov.cn/track?code=SB2026112300001&from=kiosk', 'utf8');
    expect(decoder.push(honeywellReport(long.subarray(0, 56), ']Q1', true))).toBeUndefined();
    const scan = decoder.push(honeywellReport(long.subarray(56), ']Q1', false));
    expect(Buffer.from(scan!.payload).toString()).toBe(long.toString());
    expect(scan!.aimId).toBe(']Q1');
    expect(decoder.push(Buffer.from([0x01, 0x02, 0x03]))).toBeUndefined();
  });

  it('decodes with a descriptor-derived layout by trimming trailing zeros', () => {
    const decoder = new HidPosDecoder(layoutFromDescriptor(POS_DESCRIPTOR)!, { reportIdInData: true });
    const report = Buffer.alloc(62);
    report[0] = 2;
    report.write('Q1', 2, 'latin1');
    const data = iconv.encode('不动产登记', 'gb18030');
    data.copy(report, 5);
    const scan = decoder.push(report)!;
    expect(decodeScanText(scan.payload).text).toBe('不动产登记');
    expect(scan.aimId).toBe(']Q1');
  });

  it('never throws on random reports and descriptors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 10 }), (descriptor, reports) => {
        const layout = layoutFromDescriptor(descriptor) ?? HONEYWELL_LAYOUT;
        const decoder = new HidPosDecoder(layout, { reportIdInData: true, maxScanBytes: 1000 });
        for (const r of reports) decoder.push(r);
      }),
    );
  });
});

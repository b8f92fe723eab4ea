import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscPosBuilder } from '../escpos/builder.js';
import { EscPosParser } from '../escpos/parser.js';
import { profileFromOptions } from '../escpos/profile.js';
import { queueTicketBytes } from '../receipts/index.js';
import { memoryLink } from '../testing/memory-transport.js';
import { PrinterModel } from './model.js';
import { EscPosPrinterSimulator } from './simulator.js';
import { decodeQrFromPng, waitFor } from './test-helpers.js';

const ticket = {
  hallName: '市民服务中心',
  ticketNumber: 'A012',
  serviceName: '社保业务',
  waitingAhead: 3,
  estimatedWaitMinutes: 12,
  windowArea: '二楼B区',
  issuedAt: '2026-11-23T02:05:00Z',
  followQr: 'https://hall.example/q/A012',
};

async function simulatorWithHost(options: Record<string, unknown> = {}) {
  const link = memoryLink();
  const sim = new EscPosPrinterSimulator(link.device, { profile: profileFromOptions(options) });
  await sim.start();
  await link.host.open();
  const replies: number[] = [];
  link.host.onData((chunk) => replies.push(...chunk));
  return { sim, host: link.host, replies };
}

describe('EscPosPrinterSimulator', () => {
  it('renders a queue ticket to text with its Chinese lines and to a PNG whose QR decodes', async () => {
    const { sim, host } = await simulatorWithHost();
    const page = sim.nextPage();
    await host.write(queueTicketBytes(ticket, sim.profile));
    const printed = await page;
    expect(printed.text).toContain('市民服务中心');
    expect(printed.text).toContain('A012');
    expect(printed.text).toContain('前面还有 3 人等候');
    expect(printed.text).toContain('取号时间：2026-11-23 10:05');
    expect(printed.cut).toBe('partial');
    expect(decodeQrFromPng(printed.png())).toBe('https://hall.example/q/A012');
  });

  it('draws raster-fallback QR codes too (printer without GS ( k)', async () => {
    const { sim, host } = await simulatorWithHost({ profile: 'zj-58' });
    const page = sim.nextPage();
    await host.write(new EscPosBuilder(sim.profile).init().align('center').qr('受理编号 SB2026').cut().bytes());
    const printed = await page;
    expect(printed.text).toContain('[image');
    expect(decodeQrFromPng(printed.png())).toBe('受理编号 SB2026');
  });

  it('scales text by GS ! so big ticket numbers are taller in the PNG', async () => {
    const { sim, host } = await simulatorWithHost();
    const pages = [sim.nextPage()];
    await host.write(new EscPosBuilder(sim.profile).init().line('A1').cut().bytes());
    const small = await pages[0]!;
    const next = sim.nextPage();
    await host.write(new EscPosBuilder(sim.profile).init().size(4, 4).line('A1').cut().bytes());
    const big = await next;
    const { PNG } = await import('pngjs');
    expect(PNG.sync.read(big.png()).height - PNG.sync.read(small.png()).height).toBe(48);
  });

  it('ends pages at the next job (or a tear-off) on printers without a cutter', async () => {
    const { sim, host } = await simulatorWithHost({ cut: 'none' });
    await host.write(new EscPosBuilder(sim.profile).init().line('第一张').cut().bytes());
    const first = sim.nextPage();
    await host.write(new EscPosBuilder(sim.profile).init().line('第二张').cut().bytes());
    expect((await first).text).toBe('第一张');
    const second = sim.nextPage();
    sim.tearOff();
    expect(await second).toMatchObject({ text: '第二张', cut: 'tear' });
    expect(sim.abandonedPages).toBe(0);
  });

  it('answers DLE EOT at once while faulted and prints held data after recovery', async () => {
    const { sim, host, replies } = await simulatorWithHost();
    sim.setPaper('out');
    await host.write(new EscPosBuilder(sim.profile).init().line('测试').cut().bytes());
    await host.write(Uint8Array.of(0x10, 0x04, 4, 0x10, 0x04, 2));
    await waitFor(() => replies.length === 2);
    expect(replies).toEqual([0x72, 0x32]);
    expect(sim.pages).toHaveLength(0);
    const page = sim.nextPage();
    sim.recover();
    expect((await page).text).toBe('测试');
  });

  it('sends ASB packets when enabled with GS a', async () => {
    const { sim, host, replies } = await simulatorWithHost();
    await host.write(Uint8Array.of(0x1d, 0x61, 0x0f));
    await waitFor(() => replies.length === 4);
    sim.setCoverOpen(true);
    await waitFor(() => replies.length === 8);
    expect(replies.slice(4)).toEqual([0x38, 0, 0, 0]);
  });
});

describe('builder → parser → print engine round trip', () => {
  const chars = [...'AZaz09 -:/号码排队等候受理编号窗口区域办理事项，。：（）—'];
  it('prints exactly the lines that were built, however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .array(fc.constantFrom(...chars), { minLength: 1, maxLength: 30 })
            .map((a) => a.join('').trim())
            .filter((l) => l.length > 0),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (lines, chunk, bold) => {
          const builder = new EscPosBuilder(profileFromOptions({})).init().bold(bold);
          lines.forEach((line, i) => builder.size((i % 3) + 1, 1).line(line));
          const bytes = builder.cut().bytes();
          const texts: string[] = [];
          const model = new PrinterModel((page) => texts.push(page.text));
          const parser = new EscPosParser();
          for (let offset = 0; offset < bytes.length; offset += chunk) parser.push(bytes.subarray(offset, offset + chunk)).forEach((c) => model.apply(c));
          expect(texts).toEqual([lines.join('\n')]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('EscPosParser', () => {
  const sample = () => {
    const p = profileFromOptions({});
    return Buffer.concat([queueTicketBytes(ticket, p), new EscPosBuilder(profileFromOptions({ nativeQr: false })).qr('x').code128('AB12').cut().bytes()]);
  };

  it('gives the same commands however the stream is chunked', () => {
    const whole = new EscPosParser().push(sample());
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 200 }), (sizes) => {
        const parser = new EscPosParser();
        const bytes = sample();
        const out = [];
        let offset = 0;
        let i = 0;
        while (offset < bytes.length) {
          const size = sizes[i++ % sizes.length]!;
          out.push(...parser.push(bytes.subarray(offset, offset + size)));
          offset += size;
        }
        expect(out.filter((c) => c.type !== 'text')).toEqual(whole.filter((c) => c.type !== 'text'));
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on garbage and keeps its buffers bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 512 }), { maxLength: 30 }), (chunks) => {
        const parser = new EscPosParser({ maxCommandBytes: 4096, maxTextBytes: 256 });
        for (const chunk of chunks) {
          parser.push(chunk);
          expect(parser.buffered).toBeLessThanOrEqual(4096 + 256);
        }
      }),
    );
  });

  it('knows the length of other common commands so their parameters never print as text', () => {
    const stream = [
      0x1d,
      0x62,
      0x01,
      0x1b,
      0x42,
      0x02,
      0x01,
      0x1b,
      0x37,
      0x07,
      0x80,
      0x02,
      0x1d,
      0x2a,
      0x01,
      0x01,
      ...new Array(8).fill(0x41),
      0x1d,
      0x38,
      0x4c,
      0x02,
      0,
      0,
      0,
      0x30,
      0x45,
      0x1b,
      0x5c,
      0x10,
      0x00,
      0x41,
      0x0a,
    ];
    const out = new EscPosParser().push(stream);
    expect(out.filter((c) => c.type === 'text')).toEqual([{ type: 'text', bytes: Uint8Array.of(0x41), chinese: true }]);
  });

  it('skips a raster payload larger than the limit instead of buffering it', () => {
    const parser = new EscPosParser({ maxCommandBytes: 100 });
    const header = [0x1d, 0x76, 0x30, 0, 0x10, 0, 0x10, 0];
    const out = parser.push([...header, ...new Array(256).fill(0x10), 0x1b, 0x40]);
    expect(out.map((c) => c.type)).toEqual(['skipped', 'init']);
  });
});

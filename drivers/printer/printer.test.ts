import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJobUpdate } from '../../contract/printing.js';
import { EscPosBuilder } from '../escpos/builder.js';
import { profileFromOptions } from '../escpos/profile.js';
import { memoryLink, type MemoryTransport } from '../testing/memory-transport.js';
import { EscPosPrinter } from './printer.js';
import { EscPosPrinterSimulator } from './simulator.js';
import { waitFor } from './test-helpers.js';

const profile = profileFromOptions({});
const job = (label: string, id?: string) => ({ id, bytes: new EscPosBuilder(profile).init().line(`票号 ${label}`).cut().bytes() });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<{ printer: EscPosPrinter; sim: EscPosPrinterSimulator; host: MemoryTransport; updates: PrintJobUpdate[] }> {
  const link = memoryLink();
  const sim = new EscPosPrinterSimulator(link.device, { profile });
  await sim.start();
  const printer = new EscPosPrinter({
    id: 'printer',
    transport: link.host,
    profile,
    statusTimeoutMs: 300,
    pollIntervalMs: 0,
    backoff: { initialMs: 10, maxMs: 40 },
    writeChunkBytes: 8,
  });
  const updates: PrintJobUpdate[] = [];
  printer.onJob((u) => updates.push(u));
  await printer.start();
  cleanups.push(() => printer.stop());
  return { printer, sim, host: link.host, updates };
}

describe('EscPosPrinter', () => {
  it('prints a ticket and reports connected with no warnings', async () => {
    const { printer, sim } = await setup();
    const result = await printer.printTicket(
      { hallName: '政务服务大厅', ticketNumber: 'B007', serviceName: '不动产登记', waitingAhead: 0, issuedAt: new Date().toISOString() },
      't1',
    );
    expect(result).toMatchObject({ jobId: 't1', outcome: 'printed', condition: 'ready', sent: true, attempts: 1 });
    expect(sim.pages[0]?.text).toContain('不动产登记');
    expect(printer.status().state).toBe('connected');
  });

  it.each([
    ['paper out', (s: EscPosPrinterSimulator) => s.setPaper('out'), 'paper-out', /paper out/],
    ['cover open', (s: EscPosPrinterSimulator) => s.setCoverOpen(true), 'cover-open', /cover open/],
    ['offline', (s: EscPosPrinterSimulator) => s.setOffline(true), 'offline', /offline/],
    ['cutter error', (s: EscPosPrinterSimulator) => s.setCutterError(true), 'cutter-error', /cutter/],
  ] as const)('refuses a job with a clear reason when %s', async (_name, fault, condition, reason) => {
    const { printer, sim } = await setup();
    fault(sim);
    const result = await printer.print(job('1'));
    expect(result.outcome).toBe('refused');
    expect(result.condition).toBe(condition);
    expect(result.reason).toMatch(reason);
    expect(result.sent).toBe(false);
    expect(sim.bytesReceived).toBe(sim.statusRequests * 3);
    expect(printer.status().state).toBe('fault');
  });

  it('prints on paper near end and returns the warning', async () => {
    const { printer, sim } = await setup();
    sim.setPaper('near-end');
    const result = await printer.print(job('1'));
    expect(result.outcome).toBe('printed');
    expect(result.warnings.join()).toMatch(/near end/);
    expect(printer.status().warnings.join()).toMatch(/near end/);
  });

  it('holds queued jobs while the printer is offline mid-queue and prints each exactly once after recovery', async () => {
    const { printer, sim, updates } = await setup();
    sim.onPage((page) => {
      if (page.sequence === 1) sim.setOffline(true);
    });
    const results = Promise.all(['1', '2', '3'].map((n) => printer.print(job(n, `j${n}`))));
    await waitFor(() => updates.some((u) => u.state === 'held'));
    expect(await printer.print(job('late'))).toMatchObject({ outcome: 'refused', condition: 'offline' });
    sim.setOffline(false);
    const done = await results;
    expect(done.map((r) => r.outcome)).toEqual(['printed', 'printed', 'printed']);
    expect(sim.pages.map((p) => p.text)).toEqual(['票号 1', '票号 2', '票号 3']);
  });

  it('does not resend a job that was fully sent before the fault, and waits for recovery to mark it done', async () => {
    const { printer, sim, updates } = await setup();
    sim.onPage(() => sim.setPaper('out'));
    const result = printer.print(job('1', 'once'));
    await waitFor(() => updates.some((u) => u.jobId === 'once' && u.state === 'held'));
    sim.setPaper('ok');
    expect(await result).toMatchObject({ outcome: 'printed', attempts: 1, sent: true });
    expect(sim.pages).toHaveLength(1);
  });

  it('resends a job whose transfer broke, and the printer prints it once', async () => {
    const { printer, sim, host } = await setup();
    let armed = false;
    printer.onJob((u) => {
      if (u.state !== 'printing' || armed) return;
      armed = true;
      host.failAfterBytes = host.bytesWritten + 10;
    });
    const result = await printer.print(job('断线'));
    expect(result).toMatchObject({ outcome: 'printed', attempts: 2 });
    expect(sim.pages.map((p) => p.text)).toEqual(['票号 断线']);
    expect(sim.abandonedPages).toBe(1);
  });

  it('reports disconnected and refuses when the printer cannot be reached', async () => {
    const link = memoryLink();
    link.host.unreachable = true;
    const printer = new EscPosPrinter({ id: 'p', transport: link.host, pollIntervalMs: 0, backoff: { initialMs: 10, maxMs: 20 } });
    await printer.start();
    cleanups.push(() => printer.stop());
    const result = await printer.print(job('x'));
    expect(result).toMatchObject({ outcome: 'refused', condition: 'disconnected' });
    expect(printer.status().state).toBe('disconnected');
  });

  it('works with a clone that answers only DLE EOT 1 and 4', async () => {
    const link = memoryLink();
    await link.device.open();
    let pending: number[] = [];
    const asked: number[] = [];
    link.device.onData((chunk) => {
      pending.push(...chunk);
      for (let i = 0; i + 2 < pending.length; i++) {
        if (pending[i] !== 0x10 || pending[i + 1] !== 0x04) continue;
        const n = pending[i + 2]!;
        asked.push(n);
        if (n === 1) void link.device.write(Uint8Array.of(0x12));
        if (n === 4) void link.device.write(Uint8Array.of(0x1e));
      }
      pending = pending.slice(-2);
    });
    // Not started, so no background poll interleaves with the checks counted here.
    const printer = new EscPosPrinter({ id: 'clone', transport: link.host, statusTimeoutMs: 40, pollIntervalMs: 0 });
    cleanups.push(() => printer.stop());
    expect(await printer.checkStatus()).toMatchObject({ condition: 'paper-near-end', raw: { printer: 0x12, paper: 0x1e } });
    asked.length = 0;
    await printer.checkStatus();
    expect(asked).toEqual([1, 4]);
  });

  it('treats a silent printer as disconnected', async () => {
    const link = memoryLink();
    await link.device.open();
    const printer = new EscPosPrinter({ id: 'p', transport: link.host, statusTimeoutMs: 50, pollIntervalMs: 0 });
    await printer.start();
    cleanups.push(() => printer.stop());
    expect((await printer.checkStatus()).reason).toMatch(/no reply/);
  });

  it('cancels held jobs on stop', async () => {
    const { printer, sim, updates } = await setup();
    sim.onPage(() => sim.setCoverOpen(true));
    const first = printer.print(job('1'));
    const second = printer.print(job('2'));
    await waitFor(() => updates.some((u) => u.state === 'held'));
    await printer.stop();
    expect((await first).outcome).toBe('cancelled');
    expect((await second).outcome).toBe('cancelled');
  });

  it('prints a job id once even when the caller submits it again', async () => {
    const { printer, sim } = await setup();
    const [a, b] = await Promise.all([printer.print(job('1', 'same')), printer.print(job('1', 'same'))]);
    expect(a).toBe(b);
    expect(await printer.print(job('1', 'same'))).toMatchObject({ outcome: 'printed', attempts: 1 });
    expect(sim.pages).toHaveLength(1);
  });

  it('breaks a transfer the link never takes, then resends it once the link is back', async () => {
    const link = memoryLink();
    const sim = new EscPosPrinterSimulator(link.device, { profile });
    await sim.start();
    const printer = new EscPosPrinter({
      id: 'p',
      transport: link.host,
      profile,
      statusTimeoutMs: 200,
      pollIntervalMs: 0,
      backoff: { initialMs: 10, maxMs: 20 },
      writeTimeoutMs: 50,
    });
    await printer.start();
    cleanups.push(() => printer.stop());
    const realWrite = link.host.write.bind(link.host);
    let stuck = true;
    link.host.write = (data) => (stuck && data.length > 12 ? ((stuck = false), new Promise<void>(() => undefined)) : realWrite(data));
    expect(await printer.print(job('卡住'))).toMatchObject({ outcome: 'printed', attempts: 2 });
    expect(sim.pages.map((p) => p.text)).toEqual(['票号 卡住']);
  });

  it('picks up ASB packets as status changes', async () => {
    const { printer, sim, host } = await setup();
    const seen: string[] = [];
    printer.on('printer-status', (status) => seen.push(status.condition));
    await host.write(Uint8Array.of(0x1d, 0x61, 0x0f));
    sim.setPaper('out');
    await waitFor(() => printer.printerStatus().condition === 'paper-out');
    expect(seen).toContain('paper-out');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../registry.js';
import { EscPosBuilder } from '../escpos/builder.js';
import { profileFromOptions } from '../escpos/profile.js';
import { openPtyPair } from '../simulation/pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import { TcpTransport } from '../transport/tcp.js';
import { isSimulatedPrinter, registerPrinterDrivers } from './factory.js';
import { EscPosPrinter } from './printer.js';
import { EscPosPrinterSimulator } from './simulator.js';
import { startTcpPrinterSimulator } from './tcp-simulator.js';
import { decodeQrFromPng, waitFor } from './test-helpers.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const profile = profileFromOptions({});
const job = (label: string) => ({ bytes: new EscPosBuilder(profile).init().line(`号码 ${label}`).cut().bytes() });

async function overPty() {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const sim = new EscPosPrinterSimulator(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }), { profile });
  await sim.start();
  cleanups.push(() => sim.stop());
  const printer = new EscPosPrinter({
    id: 'printer',
    transport: new SerialTransport({ path: pair.hostPath, baudRate: 115200 }),
    profile,
    pollIntervalMs: 0,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  await printer.start();
  cleanups.push(() => printer.stop());
  return { sim, printer };
}

describe('printer over a real PTY', () => {
  it('prints a Chinese queue ticket through the registry’s simulated printer; the PNG QR decodes', async () => {
    const registry = new DriverRegistry();
    registerPrinterDrivers(registry);
    const device = registry.create({ id: 'printer', kind: 'printer', transport: { type: 'simulated' }, options: { profile: 'generic-58' } }, { log });
    if (!isSimulatedPrinter(device)) throw new Error('expected the simulated printer');
    await device.start();
    cleanups.push(() => device.stop());
    const sim = await device.ready();
    const result = await device.printTicket({
      hallName: '区政务服务中心',
      ticketNumber: 'C105',
      serviceName: '户籍办理',
      waitingAhead: 7,
      estimatedWaitMinutes: 20,
      windowArea: '一楼A区',
      issuedAt: '2026-11-23T01:00:00Z',
      followQr: 'https://hall.example/t/C105',
    });
    expect(result.outcome).toBe('printed');
    expect(sim.lastPage?.text).toContain('户籍办理');
    expect(sim.lastPage?.text).toContain('办理区域：一楼A区');
    expect(decodeQrFromPng(sim.lastPng()!)).toBe('https://hall.example/t/C105');
    expect(device.status()).toMatchObject({ state: 'connected', simulated: true });
  });

  it('refuses on paper out and cover open with a clear reason, and warns on near end', async () => {
    const { sim, printer } = await overPty();
    sim.setPaper('out');
    expect(await printer.print(job('1'))).toMatchObject({ outcome: 'refused', condition: 'paper-out', reason: expect.stringMatching(/paper out/) });
    sim.setPaper('ok');
    sim.setCoverOpen(true);
    expect(await printer.print(job('2'))).toMatchObject({ outcome: 'refused', condition: 'cover-open' });
    sim.setCoverOpen(false);
    sim.setPaper('near-end');
    const printed = await printer.print(job('3'));
    expect(printed).toMatchObject({ outcome: 'printed', condition: 'paper-near-end' });
    expect(printed.warnings.join()).toMatch(/near end/);
    expect(sim.pages.map((p) => p.text)).toEqual(['号码 3']);
  });

  it('goes offline mid-queue, recovers, and prints every job exactly once', async () => {
    const { sim, printer } = await overPty();
    const held: string[] = [];
    printer.onJob((u) => u.state === 'held' && held.push(u.jobId));
    sim.onPage((page) => {
      if (page.sequence === 2) sim.setOffline(true);
    });
    const results = Promise.all(['1', '2', '3', '4', '5'].map((n) => printer.print({ ...job(n), id: `job-${n}` })));
    await waitFor(() => held.length > 0);
    expect(sim.pages).toHaveLength(2);
    sim.setOffline(false);
    expect((await results).every((r) => r.outcome === 'printed')).toBe(true);
    expect(sim.pages.map((p) => p.text)).toEqual(['号码 1', '号码 2', '号码 3', '号码 4', '号码 5']);
  });

  it('prints over TCP to the simulator on a loopback port', async () => {
    const server = await startTcpPrinterSimulator({ profile });
    cleanups.push(() => server.close());
    const printer = new EscPosPrinter({ id: 'net-printer', transport: new TcpTransport({ host: server.host, port: server.port }), profile, pollIntervalMs: 0 });
    await printer.start();
    cleanups.push(() => printer.stop());
    const result = await printer.printReceipt({
      hallName: '政务服务中心',
      itemName: '营业执照变更登记',
      trackingCode: 'YZ2026-0042',
      submittedAt: '2026-11-23T03:00:00Z',
      materials: ['变更申请书', '股东会决议'],
      trackingUrl: 'https://zwfw.example.gov.cn/track/YZ2026-0042',
    });
    expect(result.outcome).toBe('printed');
    const page = server.simulator.lastPage!;
    expect(page.text).toContain('营业执照变更登记');
    expect(page.text).toContain('2. 股东会决议');
    expect(page.cut).toBe('partial');
    expect(decodeQrFromPng(page.png())).toBe('https://zwfw.example.gov.cn/track/YZ2026-0042');
    server.simulator.setCutterError(true);
    expect(await printer.print(job('x'))).toMatchObject({ outcome: 'refused', condition: 'cutter-error' });
  });
});

describe('printer registry factory', () => {
  it('turns invalid profile options into a fault status instead of throwing', async () => {
    const registry = new DriverRegistry();
    registerPrinterDrivers(registry);
    const device = registry.create(
      { id: 'printer', kind: 'printer', transport: { type: 'serial', path: '/dev/ttyS9', baudRate: 9600 }, options: { qrModuleSize: 40 } },
      { log },
    );
    await device.start();
    expect(device.status()).toMatchObject({ state: 'fault', reason: expect.stringMatching(/qrModuleSize/) });
  });
});

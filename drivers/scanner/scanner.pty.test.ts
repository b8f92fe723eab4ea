import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanEvent } from '../../contract/scanning.js';
import { DriverRegistry } from '../registry.js';
import { openPtyPair } from '../simulation/pty-pair.js';
import { HidTransport, type HidDeviceLike } from '../transport/hid.js';
import { SerialTransport } from '../transport/serial.js';
import { isSimulatedScanner, registerScannerDrivers } from './factory.js';
import { Scanner } from './scanner.js';
import { ScannerSimulator } from './simulator.js';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function collect(scanner: Scanner, count: number, timeoutMs = 5000): Promise<ScanEvent[]> {
  const events: ScanEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${count} scans`)), timeoutMs);
    scanner.onScan((e) => {
      events.push(e);
      if (events.length === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return events;
}

async function serialScanner(terminator: 'cr' | 'crlf' | 'lf' | 'none') {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const sim = new ScannerSimulator(new SerialTransport({ path: pair.devicePath, baudRate: 9600 }), { terminator });
  await sim.start();
  cleanups.push(() => sim.stop());
  const scanner = new Scanner({
    id: 'scanner',
    transport: new SerialTransport({ path: pair.hostPath, baudRate: 9600 }),
    mode: 'line',
    source: 'serial',
    terminator,
  });
  const connected = new Promise<void>((r) => scanner.onStatus((s) => s.state === 'connected' && r()));
  await scanner.start();
  await connected;
  cleanups.push(() => scanner.stop());
  return { sim, scanner };
}

describe('serial scanner over a real PTY', () => {
  it.each(['cr', 'crlf'] as const)('reads %s-terminated codes split across chunks', async (terminator) => {
    const { sim, scanner } = await serialScanner(terminator);
    const events = collect(scanner, 3);
    await sim.scan('110101199003077777', { chunkBytes: 3 });
    await sim.scan('https://zwfw.example.gov.cn/q/A012', { chunkBytes: 5 });
    await sim.scan('SB2026', { chunkBytes: 1 });
    expect((await events).map((e) => e.data)).toEqual(['110101199003077777', 'https://zwfw.example.gov.cn/q/A012', 'SB2026']);
  });

  it('ends scans from a suffix-less scanner after a quiet gap', async () => {
    const { sim, scanner } = await serialScanner('none');
    const events = collect(scanner, 2);
    await sim.scan('NOSUFFIX01', { chunkBytes: 4 });
    await new Promise((r) => setTimeout(r, 200));
    await sim.scan('NOSUFFIX02');
    expect((await events).map((e) => e.data)).toEqual(['NOSUFFIX01', 'NOSUFFIX02']);
  });

  it('decodes GB18030 payloads and strips the AIM identifier', async () => {
    const { sim, scanner } = await serialScanner('cr');
    const events = collect(scanner, 2);
    await sim.scan('受理编号：不动产2026', { encoding: 'gb18030', aim: ']Q1', chunkBytes: 3 });
    await sim.scan('居民身份证', { encoding: 'utf-8' });
    const [gb, utf] = await events;
    expect(gb).toMatchObject({ data: '受理编号：不动产2026', encoding: 'gb18030', aimId: ']Q1', symbology: 'qr', source: 'serial', deviceId: 'scanner' });
    expect(gb!.rawHex).toBe(Buffer.from(sim.encode('受理编号：不动产2026', { encoding: 'gb18030' }).subarray(0, -1)).toString('hex'));
    expect(utf).toMatchObject({ data: '居民身份证', encoding: 'utf-8', symbology: 'unknown' });
  });

  it('works end to end through the registry’s simulated scanner', async () => {
    const registry = new DriverRegistry();
    registerScannerDrivers(registry);
    const device = registry.create({ id: 'scanner', kind: 'scanner', transport: { type: 'simulated' }, options: { terminator: 'crlf' } }, { log });
    if (!isSimulatedScanner(device)) throw new Error('expected the simulated scanner');
    cleanups.push(() => device.stop());
    const connected = new Promise<void>((r) => device.onStatus((s) => s.state === 'connected' && r()));
    await device.start();
    await connected;
    const next = new Promise<ScanEvent>((resolve) => {
      const off = device.on('scan', (event) => {
        off();
        resolve(event);
      });
    });
    await device.scan('A012', { aim: ']C0' });
    expect(await next).toMatchObject({ data: 'A012', symbology: 'code128', source: 'simulated' });
    expect(device.status().simulated).toBe(true);
  });
});

class FakeScannerHid extends EventEmitter implements HidDeviceLike {
  write() {
    return 0;
  }
  close() {}
}

describe('HID POS scanner (fake node-hid device)', () => {
  it('falls back to the Honeywell layout and reports scans with the device’s AIM id', async () => {
    const device = new FakeScannerHid();
    const scanner = new Scanner({
      id: 'hid-scanner',
      transport: new HidTransport({ vendorId: 0x0c2e, productId: 0x0b61 }, async () => ({ open: () => device })),
      mode: 'hid-pos',
      source: 'hid',
      hidLayout: 'auto',
    });
    const connected = new Promise<void>((r) => scanner.onStatus((s) => s.state === 'connected' && r()));
    await scanner.start();
    await connected;
    cleanups.push(() => scanner.stop());
    const next = scanner.nextScan();
    const report = Buffer.alloc(64);
    const data = Buffer.from('SB20261123', 'ascii');
    report[0] = 2;
    report[1] = data.length;
    report.write(']C0', 2, 'latin1');
    data.copy(report, 5);
    device.emit('data', report);
    expect(await next).toMatchObject({ data: 'SB20261123', aimId: ']C0', symbology: 'code128', source: 'hid' });
  });

  it('reconnects after the device goes away', async () => {
    let opens = 0;
    const devices: FakeScannerHid[] = [];
    const transport = new HidTransport({ vendorId: 1, productId: 2 }, async () => ({
      open: () => {
        opens++;
        const d = new FakeScannerHid();
        devices.push(d);
        return d;
      },
    }));
    const scanner = new Scanner({ id: 's', transport, mode: 'hid-pos', source: 'hid', backoff: { initialMs: 10, maxMs: 20 } });
    const states: string[] = [];
    scanner.onStatus((s) => states.push(s.state));
    await scanner.start();
    cleanups.push(() => scanner.stop());
    await new Promise((r) => setTimeout(r, 20));
    devices[0]!.emit('error', new Error('unplugged'));
    const deadline = Date.now() + 2000;
    while (opens < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(opens).toBe(2);
    expect(states).toContain('disconnected');
    expect(scanner.status().state).toBe('connected');
  });
});

describe('scanner registry factory', () => {
  it('turns invalid options into a fault status instead of throwing', async () => {
    const registry = new DriverRegistry();
    registerScannerDrivers(registry);
    const device = registry.create(
      { id: 'scanner', kind: 'scanner', transport: { type: 'serial', path: '/dev/ttyACM9', baudRate: 9600 }, options: { terminator: 'nul' } },
      { log },
    );
    await device.start();
    expect(device.status()).toMatchObject({ state: 'fault', reason: expect.stringMatching(/terminator/) });
  });
});

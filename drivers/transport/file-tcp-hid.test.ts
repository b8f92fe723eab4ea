import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTransport } from './file.js';
import { HidTransport, type HidDeviceLike } from './hid.js';
import { TcpTransport } from './tcp.js';
import { TransportError } from './types.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hall-transport-'));
  dirs.push(dir);
  return dir;
};

describe('FileTransport (USB printer device file)', () => {
  it('writes every byte to the device file', async () => {
    const path = join(tempDir(), 'lp0');
    writeFileSync(path, '');
    const transport = new FileTransport({ path });
    await transport.open();
    await transport.write(Uint8Array.of(0x1b, 0x40, 0x41));
    await transport.close();
    expect([...readFileSync(path)]).toEqual([0x1b, 0x40, 0x41]);
  });

  it('reads what the printer sends back (a FIFO stands in for usblp)', async () => {
    const path = join(tempDir(), 'lp-fifo');
    execFileSync('mkfifo', [path]);
    const transport = new FileTransport({ path, idleReadMs: 5 });
    const received: number[] = [];
    transport.onData((chunk) => received.push(...chunk));
    await transport.open();
    const printerSide = await open(path, 'r+');
    await printerSide.write(Uint8Array.of(0x12, 0x16));
    const deadline = Date.now() + 3000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual([0x12, 0x16]);
    await printerSide.close();
    await transport.close();
  });

  it('rejects with an unreachable TransportError for a missing device', async () => {
    await expect(new FileTransport({ path: '/nonexistent/lp9' }).open()).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

describe('TcpTransport', () => {
  it('exchanges bytes and reports the peer closing', async () => {
    const server = createServer((socket) => socket.on('data', (d) => (d[0] === 0x10 ? socket.end(Buffer.from([0x12])) : undefined)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const transport = new TcpTransport({ host: '127.0.0.1', port });
    const received: number[] = [];
    const closed = new Promise<Error | undefined>((r) => transport.onClose(r));
    transport.onData((c) => received.push(...c));
    await transport.open();
    await transport.write(Uint8Array.of(0x10, 0x04, 0x01));
    expect(await closed).toBeInstanceOf(TransportError);
    expect(received).toEqual([0x12]);
    expect(transport.isOpen).toBe(false);
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('rejects when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(new TcpTransport({ host: '127.0.0.1', port }).open()).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

class FakeHidDevice extends EventEmitter implements HidDeviceLike {
  written: number[][] = [];
  closed = false;
  write(values: number[] | Buffer) {
    this.written.push([...values]);
    return values.length;
  }
  close() {
    this.closed = true;
  }
  getReportDescriptor() {
    return [0x05, 0x8c];
  }
}

describe('HidTransport', () => {
  it('delivers each input report as one chunk and closes on a device error', async () => {
    const device = new FakeHidDevice();
    const transport = new HidTransport({ vendorId: 0x0c2e, productId: 0x0b61 }, async () => ({ open: () => device }));
    const chunks: number[][] = [];
    transport.onData((c) => chunks.push([...c]));
    const closed = new Promise<Error | undefined>((r) => transport.onClose(r));
    await transport.open();
    expect(transport.description).toBe('hid 0c2e:0b61');
    expect([...transport.reportDescriptor()!]).toEqual([0x05, 0x8c]);
    device.emit('data', Buffer.from([2, 3, 0x41]));
    device.emit('data', Buffer.from([2, 1, 0x42]));
    expect(chunks).toEqual([
      [2, 3, 0x41],
      [2, 1, 0x42],
    ]);
    await transport.write(Uint8Array.of(1, 2));
    expect(device.written).toEqual([[1, 2]]);
    device.emit('error', new Error('device unplugged'));
    expect((await closed)?.message).toMatch(/unplugged/);
    expect(device.closed).toBe(true);
    expect(transport.isOpen).toBe(false);
  });

  it('reports a device that cannot be opened as unreachable', async () => {
    const transport = new HidTransport({ vendorId: 1, productId: 2 }, async () => ({
      open: () => {
        throw new Error('cannot open device');
      },
    }));
    await expect(transport.open()).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

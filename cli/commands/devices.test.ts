import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-command.js';
import { EXIT } from '../cli-command.js';
import { createDevicesCommands } from './devices.js';

function fakeIo() {
  const out: unknown[] = [];
  const notes: string[] = [];
  let stop!: () => void;
  const interrupted = new Promise<void>((r) => (stop = r));
  const io: CliIo = { json: (v) => out.push(v), note: (t) => notes.push(t), interrupted };
  return { io, out, notes, stop };
}

describe('devices list', () => {
  it('lists serial ports and HID devices and marks HID POS scanners', async () => {
    const { io, out } = fakeIo();
    const [command] = createDevicesCommands({
      serial: async () => [{ path: '/dev/ttyACM0', vendorId: '0c2e' }],
      hid: async () => [{ vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 2 }],
    });
    expect(await command!.run({}, io)).toBe(EXIT.ok);
    expect(out[0]).toEqual({
      serial: [{ path: '/dev/ttyACM0', vendorId: '0c2e' }],
      hid: [{ vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 2, posScanner: true }],
    });
  });

  it('still lists serial ports when node-hid cannot load', async () => {
    const { io, out, notes } = fakeIo();
    const [command] = createDevicesCommands({ serial: async () => [], hid: async () => Promise.reject(new Error('libusb missing')) });
    expect(await command!.run({}, io)).toBe(EXIT.ok);
    expect(out[0]).toMatchObject({ serial: [], hid: [], errors: ['hid: libusb missing'] });
    expect(notes[0]).toMatch(/libusb/);
  });
});

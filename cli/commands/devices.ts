import { SerialPort } from 'serialport';
import { EXIT, type CliCommand } from '../cli-command.js';

export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
}

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  product?: string;
  manufacturer?: string;
  usagePage?: number;
  usage?: number;
}

export interface DeviceListers {
  serial(): Promise<SerialPortInfo[]>;
  hid(): Promise<HidDeviceInfo[]>;
}

const defaultListers: DeviceListers = {
  serial: async () =>
    (await SerialPort.list()).map(({ path, manufacturer, serialNumber, vendorId, productId }) => ({ path, manufacturer, serialNumber, vendorId, productId })),
  hid: async () => {
    // node-hid needs libusb at load time; load it only here.
    const hid = await import('node-hid');
    return (await hid.devicesAsync()).map(({ vendorId, productId, path, product, manufacturer, usagePage, usage }) => ({
      vendorId,
      productId,
      path,
      product,
      manufacturer,
      usagePage,
      usage,
    }));
  },
};

/** `devices list`; the listers are injectable for tests. */
export function createDevicesCommands(listers: DeviceListers = defaultListers): CliCommand[] {
  return [
    {
      path: ['devices', 'list'],
      summary: 'List serial ports and HID devices (HID POS scanners show usagePage 140 = 0x8C) as JSON.',
      usage: '',
      options: {},
      async run(_values, io) {
        const errors: string[] = [];
        const serial = await listers.serial().catch((error: Error) => (errors.push(`serial: ${error.message}`), []));
        const hid = await listers.hid().catch((error: Error) => (errors.push(`hid: ${error.message}`), []));
        const hidWithPos = hid.map((d) => ({ ...d, posScanner: d.usagePage === 0x8c }));
        io.json({ serial, hid: hidWithPos, ...(errors.length ? { errors } : {}) });
        for (const error of errors) io.note(`devices list: ${error}`);
        return errors.length === 2 ? EXIT.deviceError : EXIT.ok;
      },
    },
  ];
}

export const devicesCommands: CliCommand[] = createDevicesCommands();

import type { HostHandlers } from '../../../../contract/host-api.js';
import { IdCardReader, testCard, type IdCardSimulator } from '../../../../drivers/idcard/index.js';
import { SimulatedEscPosPrinter } from '../../../../drivers/printer/factory.js';
import { SimulatedScanner } from '../../../../drivers/scanner/factory.js';
import { HostFault } from '../../dispatch.js';
import type { DeviceManager } from '../../device-manager.js';
import type { HostFeature } from '../../host-feature.js';

/** Development and test controls for simulated devices; real devices are never touched. */
export class SimulatorFeature implements HostFeature {
  readonly name = 'simulators';
  constructor(private readonly devices: DeviceManager) {}

  private deviceOfKind<T>(deviceId: string, type: abstract new (...args: never[]) => T): T {
    const device = this.devices.get(deviceId);
    if (!device) throw new HostFault('not-found', `no device "${deviceId}"`, 'device.notFound');
    if (!(device instanceof type)) throw new HostFault('bad-input', `device "${deviceId}" is a ${device.kind}`);
    return device;
  }

  private idcardSimulator(deviceId: string): IdCardSimulator {
    const simulator = this.deviceOfKind(deviceId, IdCardReader).simulator;
    if (!simulator) throw new HostFault('not-found', `device "${deviceId}" is a real reader, not a simulator`);
    return simulator;
  }

  readonly handlers: Pick<
    HostHandlers,
    'simulator.list' | 'simulator.idcard.place' | 'simulator.idcard.remove' | 'simulator.scanner.scan' | 'simulator.printer.set' | 'simulator.printer.lastPage'
  > = {
    'simulator.list': async () =>
      this.devices
        .all()
        .filter((device) => (device as { simulator?: unknown }).simulator !== undefined)
        .map((device) => ({ deviceId: device.id, kind: device.kind })),
    'simulator.idcard.place': async ({ deviceId, card }) => {
      this.idcardSimulator(deviceId).placeCard(testCard(card));
      return { placed: true as const };
    },
    'simulator.idcard.remove': async ({ deviceId }) => {
      this.idcardSimulator(deviceId).removeCard();
      return { placed: false as const };
    },
    'simulator.scanner.scan': async ({ deviceId, data, aim, encoding }) => {
      await this.deviceOfKind(deviceId, SimulatedScanner).scan(data, { ...(aim ? { aim } : {}), encoding });
      return { sent: true as const };
    },
    'simulator.printer.set': async ({ deviceId, ...change }) => {
      const simulator = await this.deviceOfKind(deviceId, SimulatedEscPosPrinter).ready();
      simulator.update(Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)));
      const { paper, coverOpen, offline, cutterError } = simulator.getFaults();
      return { paper, coverOpen, offline, cutterError };
    },
    'simulator.printer.lastPage': async ({ deviceId }) => {
      const simulator = await this.deviceOfKind(deviceId, SimulatedEscPosPrinter).ready();
      const page = simulator.pages.at(-1);
      return page ? { sequence: page.sequence, text: page.text, pngBase64: page.png().toString('base64') } : null;
    },
  };
}

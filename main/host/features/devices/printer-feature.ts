import type { HostHandlers } from '../../../../contract/host-api.js';
import type { PrintJobResult } from '../../../../contract/printing.js';
import { EscPosPrinter } from '../../../../drivers/printer/printer.js';
import { HostFault } from '../../dispatch.js';
import type { DeviceManager } from '../../device-manager.js';
import type { HostEventBus } from '../../event-bus.js';
import type { HostFeature } from '../../host-feature.js';
import { DisposableStore } from '../../../../contract/async/disposables.js';

/** Prints through the terminal's printers and reports each job's progress to the UI. */
export class PrinterFeature implements HostFeature {
  readonly name = 'printer';
  private readonly subscriptions = new DisposableStore();

  constructor(
    private readonly devices: DeviceManager,
    private readonly bus: HostEventBus,
  ) {}

  attach(): void {
    for (const printer of this.printers()) {
      this.subscriptions.addAll(printer.onJob((update) => this.bus.publish('printer.job', { ...update, deviceId: printer.id })));
    }
  }

  detach(): void {
    this.subscriptions.dispose();
  }

  /** The named printer, or the terminal's first one. */
  printer(deviceId: string | undefined): EscPosPrinter {
    const printer = deviceId ? this.devices.get(deviceId) : this.printers()[0];
    if (!printer)
      throw new HostFault('not-found', deviceId ? `no device "${deviceId}"` : 'this terminal has no printer', deviceId ? 'device.notFound' : 'printer.none');
    if (!(printer instanceof EscPosPrinter)) throw new HostFault('bad-input', `device "${deviceId}" is not a printer`);
    return printer;
  }

  private printers(): EscPosPrinter[] {
    return this.devices.all().filter((d): d is EscPosPrinter => d instanceof EscPosPrinter);
  }

  readonly handlers: Pick<HostHandlers, 'printer.status' | 'printer.printTicket' | 'printer.printReceipt'> = {
    'printer.status': async ({ deviceId }) => {
      const printer = this.printer(deviceId);
      return { ...(await printer.checkStatus()), deviceId: printer.id };
    },
    // Expected faults (paper out, cover open) come back as a refused job, not as an error.
    'printer.printTicket': async ({ deviceId, ticket }) => withDevice(this.printer(deviceId), (p) => p.printTicket(ticket)),
    'printer.printReceipt': async ({ deviceId, receipt }) => withDevice(this.printer(deviceId), (p) => p.printReceipt(receipt)),
  };
}

async function withDevice(printer: EscPosPrinter, run: (p: EscPosPrinter) => Promise<PrintJobResult>) {
  return { ...(await run(printer)), deviceId: printer.id };
}

import { TransportError, type ByteTransport } from './types.js';
import { TransportEvents } from './transport-events.js';

/** The part of node-hid's HID device the drivers use; tests inject a fake (no /dev/hidraw here). */
export interface HidDeviceLike {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  write(values: number[] | Buffer): number;
  close(): void;
  sendFeatureReport?(data: number[] | Buffer): number;
  /** hidapi ≥ 0.14 exposes it; older builds do not, and callers fall back to fixed layouts. */
  getReportDescriptor?(): Buffer | number[];
}

export interface HidTarget {
  vendorId: number;
  productId: number;
  path?: string;
}

export interface HidApiLike {
  open(target: HidTarget): HidDeviceLike;
}

/** node-hid, loaded only when a HID device is actually opened (it needs libusb at load time). */
export async function loadNodeHid(): Promise<HidApiLike> {
  const hid = await import('node-hid');
  return {
    open: (target) => (target.path ? new hid.HID(target.path) : new hid.HID(target.vendorId, target.productId)) as unknown as HidDeviceLike,
  };
}

/**
 * A HID device as a ByteTransport. Each input report arrives as exactly one data chunk (report
 * boundaries matter to HID POS decoding); with numbered reports the report ID is byte 0, as
 * hidapi delivers it.
 */
export class HidTransport extends TransportEvents implements ByteTransport {
  private device: HidDeviceLike | undefined;
  private api: HidApiLike | undefined;

  constructor(
    private readonly target: HidTarget,
    private readonly loadApi: () => Promise<HidApiLike> = loadNodeHid,
  ) {
    super();
  }

  get description() {
    const hex = (n: number) => n.toString(16).padStart(4, '0');
    return `hid ${hex(this.target.vendorId)}:${hex(this.target.productId)}${this.target.path ? ` ${this.target.path}` : ''}`;
  }

  get isOpen() {
    return this.device !== undefined;
  }

  async open(): Promise<void> {
    if (this.device) return;
    try {
      this.api ??= await this.loadApi();
      const device = this.api.open(this.target);
      device.on('data', (data) => this.emitData(Buffer.from(data)));
      device.on('error', (error) => {
        if (this.device !== device) return;
        this.device = undefined;
        device.removeAllListeners();
        try {
          device.close();
        } catch {
          // already gone (unplugged)
        }
        this.emitClose(new TransportError(`${this.description}: ${error.message}`, 'io', { cause: error }));
      });
      this.device = device;
    } catch (error) {
      throw new TransportError(`cannot open ${this.description}: ${(error as Error).message}`, 'unreachable', { cause: error });
    }
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.device) throw new TransportError(`${this.description} is not open`, 'closed');
    try {
      this.device.write(Array.from(data));
    } catch (error) {
      throw new TransportError((error as Error).message, 'io', { cause: error });
    }
  }

  /** The raw report descriptor, when the HID library can read it. */
  reportDescriptor(): Uint8Array | undefined {
    try {
      const raw = this.device?.getReportDescriptor?.();
      return raw ? Uint8Array.from(raw) : undefined;
    } catch {
      return undefined;
    }
  }

  sendFeatureReport(data: number[]): boolean {
    try {
      return (this.device?.sendFeatureReport?.(data) ?? -1) >= 0;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    if (!device) return;
    device.removeAllListeners();
    try {
      device.close();
    } catch {
      // closing an unplugged device throws; nothing left to release
    }
  }
}

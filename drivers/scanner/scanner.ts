import { Backoff } from '../../contract/async/backoff.js';
import { DisposableStore } from '../../contract/async/disposables.js';
import { Emitter } from '../../contract/async/emitter.js';
import { WakeableSleep } from '../../contract/async/wakeable-sleep.js';
import type { ScanEvent, ScanSource } from '../../contract/scanning.js';
import { DeviceStatusTracker, type DeviceContext, type ManagedDevice } from '../device.js';
import type { ByteTransport } from '../transport/types.js';
import { decodeScanText, splitAim, symbologyFromAim, type AimMode } from './decode.js';
import { HidPosDecoder, HONEYWELL_LAYOUT, layoutFromDescriptor, type HidPosLayout } from './hid-pos.js';
import { LineFramer, type LineTerminator } from './line-framer.js';
import { systemClock } from '../../contract/clock.js';

export interface ScannerOptions {
  id: string;
  transport: ByteTransport;
  /** 'line': serial/virtual COM text with a suffix; 'hid-pos': HID POS input reports. */
  mode: 'line' | 'hid-pos';
  source: ScanSource;
  terminator?: LineTerminator;
  /** With terminator 'none': a scan ends after the line has been quiet this long (default 50 ms). */
  idleFlushMs?: number;
  aim?: AimMode;
  /** 'auto' reads the report descriptor and falls back to the Honeywell layout. */
  hidLayout?: HidPosLayout | 'auto';
  /** hidapi puts the report ID at byte 0 (true); WebHID-style sources do not. */
  reportIdInData?: boolean;
  simulated?: boolean;
  log?: DeviceContext['log'];
  backoff?: { initialMs: number; maxMs: number };
}

interface DescriptorSource {
  reportDescriptor(): Uint8Array | undefined;
}

const hasDescriptor = (t: ByteTransport): t is ByteTransport & DescriptorSource => typeof (t as Partial<DescriptorSource>).reportDescriptor === 'function';

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** A barcode/QR scanner in serial line mode or HID POS mode, emitting one `scan` per code read. */
export class Scanner implements ManagedDevice {
  readonly kind = 'scanner' as const;
  readonly id: string;
  private readonly tracker: DeviceStatusTracker;
  private readonly events = new Emitter<{ scan: [event: ScanEvent] }>();
  private framer: LineFramer | undefined;
  private hidDecoder: HidPosDecoder | undefined;
  private running = false;
  private linkReady = false;
  private readonly pauses = new WakeableSleep();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly transportListeners = new DisposableStore();

  constructor(private readonly options: ScannerOptions) {
    this.id = options.id;
    this.tracker = new DeviceStatusTracker(options.id, 'scanner', options.simulated ?? false);
    this.transportListeners.add(options.transport.onData((chunk) => this.receive(chunk)));
    this.transportListeners.add(
      options.transport.onClose((error) => {
        this.linkReady = false;
        this.tracker.set('disconnected', error?.message ?? 'link closed');
        this.pauses.wake();
      }),
    );
  }

  get transport(): ByteTransport {
    return this.options.transport;
  }

  status() {
    return this.tracker.get();
  }

  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }

  onScan(listener: (event: ScanEvent) => void): () => void {
    return this.events.on('scan', listener);
  }

  /** Same as onScan, in the `device.on('scan', …)` style of the other drivers. */
  on(event: 'scan', listener: (event: ScanEvent) => void): () => void {
    if (event !== 'scan') throw new Error(`unknown scanner event ${String(event)}`);
    return this.onScan(listener);
  }

  /** Resolves with the next scan (or rejects after timeoutMs). */
  nextScan(timeoutMs = 5000): Promise<ScanEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error('no scan in time'));
      }, timeoutMs);
      const off = this.onScan((event) => {
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.tracker.set('connecting');
    void this.connectLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.idleTimer);
    this.pauses.wake();
    await this.options.transport.close().catch(() => undefined);
    this.tracker.set('disconnected', 'stopped');
  }

  dispose(): void {
    this.transportListeners.dispose();
  }

  /** Opens the link, and reopens it with backoff whenever it drops, until stop(). */
  private async connectLoop(): Promise<void> {
    const policy = this.options.backoff ?? { initialMs: 250, maxMs: 5000 };
    const reconnect = new Backoff(policy);
    let delay = policy.initialMs;
    while (this.running) {
      const transport = this.options.transport;
      if (!transport.isOpen) {
        this.linkReady = false;
        try {
          await transport.open();
          if (!this.running) return void (await transport.close());
        } catch (error) {
          this.tracker.set('disconnected', (error as Error).message);
          delay = reconnect.next();
        }
      }
      // Also covers a transport the caller opened before start().
      if (transport.isOpen && !this.linkReady) {
        this.prepareDecoders();
        this.linkReady = true;
        this.tracker.set('connected');
        reconnect.reset();
      }
      // An open link needs no polling: a close event wakes the loop at once.
      await this.pauses.sleep(transport.isOpen ? 60_000 : delay);
    }
  }

  private prepareDecoders(): void {
    if (this.options.mode === 'line') {
      this.framer = new LineFramer({ terminator: this.options.terminator ?? 'cr' });
      return;
    }
    let layout = this.options.hidLayout === 'auto' || this.options.hidLayout === undefined ? undefined : this.options.hidLayout;
    if (!layout) {
      const descriptor = hasDescriptor(this.options.transport) ? this.options.transport.reportDescriptor() : undefined;
      layout = (descriptor && layoutFromDescriptor(descriptor)) || HONEYWELL_LAYOUT;
      this.options.log?.info({ scanner: this.id, layout: layout === HONEYWELL_LAYOUT ? 'honeywell' : 'descriptor' }, 'HID POS layout');
    }
    this.hidDecoder = new HidPosDecoder(layout, { reportIdInData: this.options.reportIdInData ?? true });
  }

  private receive(chunk: Buffer): void {
    if (this.options.mode === 'line') {
      for (const frame of this.framer?.push(chunk) ?? []) this.emitScan(frame, undefined);
      if (this.options.terminator === 'none') {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => {
          for (const frame of this.framer?.flush() ?? []) this.emitScan(frame, undefined);
        }, this.options.idleFlushMs ?? 50);
      }
      return;
    }
    const scan = this.hidDecoder?.push(chunk);
    if (scan) this.emitScan(scan.payload, scan.aimId);
  }

  private emitScan(bytes: Uint8Array, aimFromDevice: string | undefined): void {
    const split = aimFromDevice
      ? { aimId: aimFromDevice, symbology: symbologyFromAim(aimFromDevice), payload: bytes }
      : splitAim(bytes, this.options.aim ?? 'auto');
    if (split.payload.length === 0) return;
    const { text, encoding } = decodeScanText(split.payload);
    const event: ScanEvent = {
      deviceId: this.id,
      data: text,
      rawHex: toHex(split.payload),
      encoding,
      ...(split.aimId ? { aimId: split.aimId } : {}),
      symbology: split.symbology,
      source: this.options.source,
      at: systemClock.iso(),
    };
    this.events.emit('scan', event);
  }
}

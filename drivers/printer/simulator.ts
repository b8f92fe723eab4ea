import { Emitter } from '../../contract/async/emitter.js';
import { EscPosParser, type EscPosCommand } from '../escpos/parser.js';
import { profileFromOptions, type PrinterProfile } from '../escpos/profile.js';
import { replyByteFor, type StatusFacts } from '../escpos/status.js';
import type { ByteTransport } from '../transport/types.js';
import { PrinterModel } from './model.js';
import type { PrintedPage } from './page.js';
import { renderPagePng } from './render.js';

export type SimulatedPaper = 'ok' | 'near-end' | 'out';

export interface SimulatedFaults {
  paper: SimulatedPaper;
  coverOpen: boolean;
  offline: boolean;
  cutterError: boolean;
  unrecoverable: boolean;
}

export interface SimulatorPage extends PrintedPage {
  png(): Buffer;
}

/** Commands waiting while the printer cannot print; beyond this the simulator drops them (a real one goes BUSY). */
const MAX_PENDING_COMMANDS = 50_000;

/**
 * A thermal ticket printer on the far end of a ByteTransport: parses the ESC/POS stream, answers
 * DLE EOT at once even when faulted, holds print commands while faulted and prints them on
 * recovery, sends ASB packets when enabled, and keeps each cut page as text and PNG.
 */
export class EscPosPrinterSimulator {
  readonly profile: PrinterProfile;
  private readonly parser: EscPosParser;
  private readonly model: PrinterModel;
  private readonly events = new Emitter<{ page: [SimulatorPage] }>();
  private readonly pending: EscPosCommand[] = [];
  private faults: SimulatedFaults = { paper: 'ok', coverOpen: false, offline: false, cutterError: false, unrecoverable: false };
  private asbMask = 0;
  private unsubscribe: (() => void) | undefined;
  readonly pages: SimulatorPage[] = [];
  droppedCommands = 0;
  statusRequests = 0;
  bytesReceived = 0;

  constructor(
    private readonly transport: ByteTransport,
    options: { profile?: PrinterProfile; keepPages?: number } = {},
  ) {
    this.profile = options.profile ?? profileFromOptions({});
    this.parser = new EscPosParser({ chineseModeAtStart: this.profile.chineseModeAtPowerUp });
    const keep = options.keepPages ?? 50;
    this.model = new PrinterModel((page) => {
      let png: Buffer | undefined;
      const stored: SimulatorPage = { ...page, png: () => (png ??= renderPagePng(page.items, this.profile.dotsPerLine)) };
      this.pages.push(stored);
      if (this.pages.length > keep) this.pages.shift();
      this.events.emit('page', stored);
    }, this.profile.cut === 'none');
  }

  async start(): Promise<void> {
    await this.transport.open();
    this.unsubscribe = this.transport.onData((chunk) => this.receive(chunk));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.transport.close();
  }

  get abandonedPages(): number {
    return this.model.abandonedPages;
  }

  get lastPage(): SimulatorPage | undefined {
    return this.pages[this.pages.length - 1];
  }

  lastPng(): Buffer | undefined {
    return this.lastPage?.png();
  }

  onPage(listener: (page: SimulatorPage) => void): () => void {
    return this.events.on('page', listener);
  }

  /** Resolves with the next page cut (or rejects after timeoutMs). */
  nextPage(timeoutMs = 5000): Promise<SimulatorPage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error('no page printed in time'));
      }, timeoutMs);
      const off = this.onPage((page) => {
        clearTimeout(timer);
        off();
        resolve(page);
      });
    });
  }

  /** Ends the current page on a printer without a cutter (the last job before nothing follows). */
  tearOff(): void {
    this.model.tearOff();
  }

  getFaults(): SimulatedFaults {
    return { ...this.faults };
  }

  setPaper(paper: SimulatedPaper): void {
    this.update({ paper });
  }

  setCoverOpen(open: boolean): void {
    this.update({ coverOpen: open });
  }

  setOffline(offline: boolean): void {
    this.update({ offline });
  }

  setCutterError(error: boolean): void {
    this.update({ cutterError: error });
  }

  setUnrecoverable(error: boolean): void {
    this.update({ unrecoverable: error });
  }

  /** Clears every fault and loads paper. */
  recover(): void {
    this.update({ paper: 'ok', coverOpen: false, offline: false, cutterError: false, unrecoverable: false });
  }

  update(change: Partial<SimulatedFaults>): void {
    this.faults = { ...this.faults, ...change };
    if (this.asbMask) void this.send(this.asbPacket()).catch(() => undefined);
    if (!this.blocked()) this.drainPending();
  }

  statusFacts(): StatusFacts {
    const f = this.faults;
    return {
      offline: f.offline,
      coverOpen: f.coverOpen,
      paperOut: f.paper === 'out',
      paperNearEnd: f.paper === 'near-end',
      cutterError: f.cutterError,
      unrecoverable: f.unrecoverable,
      autoRecoverable: false,
      mechanical: false,
    };
  }

  private blocked(): boolean {
    const f = this.faults;
    return f.offline || f.coverOpen || f.paper === 'out' || f.cutterError || f.unrecoverable;
  }

  private receive(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    for (const command of this.parser.push(chunk)) this.handle(command);
  }

  private handle(command: EscPosCommand): void {
    if (command.type === 'status-request') {
      this.statusRequests++;
      if (command.n >= 1 && command.n <= 4) void this.send([replyByteFor(command.n, this.statusFacts())]).catch(() => undefined);
      return;
    }
    if (command.type === 'asb-enable') {
      this.asbMask = command.n & 0x0f;
      if (this.asbMask) void this.send(this.asbPacket()).catch(() => undefined);
      return;
    }
    if (command.type === 'recover') return;
    if (this.blocked() || this.pending.length > 0) {
      if (this.pending.length >= MAX_PENDING_COMMANDS) this.droppedCommands++;
      else this.pending.push(command);
      return;
    }
    this.model.apply(command);
  }

  private drainPending(): void {
    while (this.pending.length > 0 && !this.blocked()) this.model.apply(this.pending.shift()!);
  }

  private asbPacket(): number[] {
    const f = this.statusFacts();
    const b1 = 0x10 | (this.blocked() ? 0x08 : 0) | (f.coverOpen ? 0x20 : 0);
    const b2 = (f.cutterError ? 0x08 : 0) | (f.unrecoverable ? 0x20 : 0);
    const b3 = (f.paperNearEnd ? 0x03 : 0) | (f.paperOut ? 0x0c : 0);
    return [b1, b2, b3, 0];
  }

  private async send(bytes: number[]): Promise<void> {
    if (this.transport.isOpen) await this.transport.write(Uint8Array.from(bytes));
  }
}

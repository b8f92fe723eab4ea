// The ID-card reader facade: lazy connect, SAM check, find → select → read polling with one read
// per placement, card-removed, reconnect with backoff, and a one-shot read for hallctl.
import { Backoff } from '../../contract/async/backoff.js';
import { Emitter } from '../../contract/async/emitter.js';
import { SerialRunner } from '../../contract/async/serial.js';
import { WakeableSleep } from '../../contract/async/wakeable-sleep.js';
import { DeviceStatusTracker, type DeviceContext, type ManagedDevice } from '../device.js';
import type { ByteTransport } from '../transport/types.js';
import { readFoundCard, type IdCardReading, type ReadOptions } from './card-reading.js';
import { NO_WLT_DECODER, type WltDecoder } from './photo.js';
import { SamChannel } from './sam-channel.js';
import { DEFAULT_TIMEOUTS, SamCommands, type CommandTimeouts, type IdCardError, type IdCardResult } from './sam-commands.js';
import type { IdCardSimulator } from './simulator/simulator.js';

export interface IdCardReaderOptions {
  id: string;
  /** Builds a fresh, unopened transport for each connection attempt. */
  openTransport: () => ByteTransport | Promise<ByteTransport>;
  simulated?: boolean;
  log?: DeviceContext['log'];
  /**
   * Gap between "find" polls while no card is on the reader (default 20 ms). A find is a 10-byte
   * request and a 15-byte reply (about 2 ms of wire at 115200 baud), so polling this often finds a
   * placed card within a fraction of the read's own wire time at little CPU. SAM_V has no
   * card-present signal. Whether every reader's firmware is content with this cadence is
   * UNCONFIRMED (published drivers poll every 0.3–1 s): raise it for one that is not.
   */
  pollIntervalMs?: number;
  /** Gap between "find" polls while a read card lies on the reader, to see it leave (default 400 ms). */
  presentPollIntervalMs?: number;
  timeouts?: Partial<CommandTimeouts>;
  /** Read with 30 10 (text + photo + fingerprint) instead of 30 01. */
  readFingerprint?: boolean;
  /** Also read the endorsed later address (30 03); on by default. */
  readAdditionalAddress?: boolean;
  /** Sends `61 FF nn` after the first good SAM status when set (one driver sends 0x50). */
  maxRfFrameSize?: number;
  /**
   * Consecutive failed finds after a read before `card-removed` (default 1). Whether a card that
   * was read keeps answering "find" is UNCONFIRMED; on firmware where it stops answering,
   * `card-removed` fires right after the read even though the card is still there.
   */
  removalMisses?: number;
  /** Consecutive command timeouts after which the link is treated as lost and reopened. */
  maxConsecutiveTimeouts?: number;
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  wltDecoder?: WltDecoder;
  maxFrameLength?: number;
  /** The simulator behind this reader, for development controls (place/remove card). */
  simulator?: IdCardSimulator;
  /** Runs after stop() has closed the link (e.g. to close a simulator's PTY pair). */
  onStop?: () => Promise<void>;
}

export interface IdCardReaderEvents {
  card: [reading: IdCardReading];
  'card-removed': [];
  /** A card was found but could not be read; carries codes only, never card content. */
  'read-error': [error: IdCardError];
}

export const DEFAULT_IDLE_POLL_MS = 20;
export const DEFAULT_PRESENT_POLL_MS = 400;

const SILENT_LOG: DeviceContext['log'] = { info: () => {}, warn: () => {}, error: () => {} };

export class IdCardReader implements ManagedDevice {
  readonly id: string;
  readonly kind = 'idcard-reader' as const;
  readonly simulator: IdCardSimulator | undefined;
  private readonly tracker: DeviceStatusTracker;
  private readonly events = new Emitter<IdCardReaderEvents>();
  private readonly log: DeviceContext['log'];
  private readonly timeouts: CommandTimeouts;
  private readonly readOptions: ReadOptions;
  private link: { transport: ByteTransport; channel: SamChannel; commands: SamCommands; offClose: () => void } | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pauses = new WakeableSleep();
  /** find → select → read sequences must not interleave between the poll loop and readOnce. */
  private readonly sequence = new SerialRunner();
  private cardPresent = false;
  private misses = 0;
  private consecutiveTimeouts = 0;

  constructor(private readonly options: IdCardReaderOptions) {
    this.id = options.id;
    this.simulator = options.simulator;
    this.tracker = new DeviceStatusTracker(options.id, 'idcard-reader', options.simulated ?? false);
    this.log = options.log ?? SILENT_LOG;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.readOptions = {
      withFingerprint: options.readFingerprint ?? false,
      withAdditionalAddress: options.readAdditionalAddress ?? true,
      wltDecoder: options.wltDecoder ?? NO_WLT_DECODER,
    };
  }

  status() {
    return this.tracker.get();
  }

  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }

  on<E extends keyof IdCardReaderEvents>(event: E, listener: (...args: IdCardReaderEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.pollLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pauses.wake();
    // Dropping the link first ends any exchange in flight instead of waiting out its timeout.
    await this.dropLink();
    await this.loop;
    this.loop = undefined;
    await this.dropLink();
    this.tracker.set('disconnected', 'stopped');
    await this.options.onStop?.();
  }

  /** One read for hallctl: waits up to timeoutMs for a card. Connects (and afterwards disconnects) if not started. */
  async readOnce(options: { timeoutMs: number }): Promise<IdCardResult<IdCardReading>> {
    const deadline = performance.now() + options.timeoutMs;
    const ownsLink = !this.running;
    try {
      if (!this.link) {
        const connected = await this.connect();
        if (!connected.ok) return connected;
      }
      for (;;) {
        const attempt = await this.exclusive(() => this.findAndRead());
        if (attempt.ok || attempt.error.code !== 'no-card' || performance.now() >= deadline) return attempt;
        await this.sleep(Math.min(this.pollInterval, Math.max(0, deadline - performance.now())));
      }
    } finally {
      if (ownsLink && !this.running) await this.dropLink();
    }
  }

  /** The SAM's management number, e.g. for a technician's diagnostics. */
  async readSamId(): Promise<IdCardResult<string>> {
    if (!this.link) {
      const connected = await this.connect();
      if (!connected.ok) return connected;
    }
    return this.exclusive(() => this.link?.commands.readSamId() ?? Promise.resolve(notConnected()));
  }

  private get pollInterval() {
    return this.options.pollIntervalMs ?? DEFAULT_IDLE_POLL_MS;
  }

  /** The next gap: short while waiting for a card, longer while one that was read lies there. */
  private get nextPollGap() {
    return this.cardPresent ? (this.options.presentPollIntervalMs ?? DEFAULT_PRESENT_POLL_MS) : this.pollInterval;
  }

  private async pollLoop(): Promise<void> {
    const reconnect = new Backoff({ initialMs: this.options.reconnect?.initialDelayMs ?? 250, maxMs: this.options.reconnect?.maxDelayMs ?? 5000 });
    while (this.running) {
      if (!this.link) {
        const connected = await this.connect();
        if (!connected.ok) {
          if (!this.running) break;
          this.tracker.set(connected.error.code === 'sam-fault' ? 'fault' : 'disconnected', connected.error.message);
          await this.sleep(reconnect.next());
          continue;
        }
        reconnect.reset();
      }
      await this.exclusive(() => this.pollOnce());
      if (this.running) await this.sleep(this.nextPollGap);
    }
  }

  private async connect(): Promise<IdCardResult<void>> {
    // Keep a fault visible while retrying, rather than flickering through 'connecting'.
    if (this.tracker.get().state !== 'fault') this.tracker.set('connecting');
    let transport: ByteTransport;
    try {
      transport = await this.options.openTransport();
      await transport.open();
    } catch (error) {
      return { ok: false, error: { code: 'unreachable', message: error instanceof Error ? error.message : String(error) } };
    }
    const channel = new SamChannel(transport, this.log, this.options.maxFrameLength);
    const commands = new SamCommands(channel, this.timeouts);
    const offClose = transport.onClose(() => void this.onLinkLost(transport));
    this.link = { transport, channel, commands, offClose };
    const status = await commands.samStatus();
    if (status.ok && this.options.maxRfFrameSize !== undefined) {
      const sized = await commands.setMaxRfFrameSize(this.options.maxRfFrameSize);
      if (!sized.ok) this.log.warn({ event: 'idcard-rf-frame-size', code: sized.error.code, sw3: sized.error.sw3 }, 'reader refused the RF frame size');
    }
    if (!status.ok) {
      this.log.warn({ event: 'idcard-sam-status', code: status.error.code, sw3: status.error.sw3 }, 'SAM status check failed');
      await this.dropLink();
      return status;
    }
    this.consecutiveTimeouts = 0;
    this.log.info({ event: 'idcard-connected', transport: transport.description }, 'ID card reader ready');
    this.tracker.set('connected');
    return { ok: true, value: undefined };
  }

  private async pollOnce(): Promise<void> {
    if (!this.link) return;
    if (this.cardPresent) {
      const found = await this.link.commands.findCard();
      if (found.ok) {
        this.misses = 0;
        this.consecutiveTimeouts = 0;
      } else if (found.error.code === 'no-card') {
        this.consecutiveTimeouts = 0;
        if (++this.misses >= (this.options.removalMisses ?? 1)) this.markRemoved();
      } else {
        await this.handleFailure(found.error);
      }
      return;
    }
    const result = await this.findAndRead();
    if (result.ok) {
      this.cardPresent = true;
      this.misses = 0;
      this.log.info({ event: 'idcard-read', cardType: result.value.card.cardType, photoLength: result.value.card.photoLength }, 'card read');
      this.events.emit('card', result.value);
    } else if (result.error.code !== 'no-card') {
      await this.handleFailure(result.error);
    }
  }

  /** find, then select + read if a card answered. Marks the device busy while reading. */
  private async findAndRead(): Promise<IdCardResult<IdCardReading>> {
    const link = this.link;
    if (!link) return notConnected();
    const found = await link.commands.findCard();
    if (!found.ok) {
      if (found.error.code === 'no-card') this.consecutiveTimeouts = 0;
      return found;
    }
    this.tracker.set('busy');
    const reading = await readFoundCard(link.commands, this.readOptions);
    if (this.link === link && this.tracker.get().state === 'busy') this.tracker.set('connected');
    if (reading.ok) this.consecutiveTimeouts = 0;
    return reading;
  }

  private async handleFailure(error: IdCardError): Promise<void> {
    this.log.warn({ event: 'idcard-command-failed', code: error.code, sw3: error.sw3, status: error.status }, 'reader command failed');
    if (error.code === 'read-failed' || error.code === 'select-failed' || error.code === 'protocol-error') {
      this.events.emit('read-error', error);
      if (error.code === 'protocol-error') this.consecutiveTimeouts = 0;
      return;
    }
    if (error.code === 'timeout' && ++this.consecutiveTimeouts < (this.options.maxConsecutiveTimeouts ?? 3)) return;
    // SAM fault, lost link or repeated silence: reopen from scratch (the SAM check runs again).
    this.tracker.set(error.code === 'sam-fault' ? 'fault' : 'disconnected', error.message);
    await this.dropLink();
  }

  private onLinkLost(transport: ByteTransport): void {
    if (this.link?.transport !== transport) return;
    this.log.warn({ event: 'idcard-link-lost', transport: transport.description }, 'reader link lost');
    this.tracker.set('disconnected', 'link to the reader lost');
    void this.dropLink();
    this.pauses.wake();
  }

  private async dropLink(): Promise<void> {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    this.consecutiveTimeouts = 0;
    link.offClose();
    link.channel.dispose();
    // The reader cannot see the card without a link; the UI should not keep showing it.
    if (this.cardPresent) this.markRemoved();
    await link.transport.close().catch(() => undefined);
  }

  private markRemoved(): void {
    this.cardPresent = false;
    this.misses = 0;
    this.events.emit('card-removed');
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.sequence.run(task);
  }

  private async sleep(ms: number): Promise<void> {
    await this.pauses.sleep(ms);
  }
}

function notConnected(): { ok: false; error: IdCardError } {
  return { ok: false, error: { code: 'unreachable', message: 'reader not connected' } };
}

// A SAM_V reader that speaks the real protocol on any ByteTransport (normally the device end of
// a PTY pair), with a card that can be placed and removed at runtime and injectable faults.
import type { ByteTransport } from '../../transport/types.js';
import { COMMANDS, decodeRequestPayload, encodeResponse, encodeSamId, joinCardReadData, type DecodedRequest } from '../codec.js';
import { FrameParser } from '../frame-parser.js';
import { SW3 } from '../status-codes.js';
import { ucs2Field, type SimulatedCard } from './card-builder.js';
import { testCard } from './test-cards.js';
import { DisposableStore } from '../../../contract/async/disposables.js';

export interface SimulatorFaults {
  /** Find always fails, as if the card were out of the field. */
  noCard: boolean;
  /** Every reply goes out with its checksum inverted. */
  badReplyChecksum: boolean;
  /** Wait this long before each reply. */
  replyDelayMs: number;
  /** Send each reply in chunks of this many bytes with a pause between them. */
  fragment: { chunkSize: number; delayMs: number } | null;
  /** SW3 0x60 to every command. */
  samFailure: boolean;
  /** SW3 0x41 to every card read. */
  readFailure: boolean;
}

export const NO_FAULTS: SimulatorFaults = {
  noCard: false,
  badReplyChecksum: false,
  replyDelayMs: 0,
  fragment: null,
  samFailure: false,
  readFailure: false,
};

export interface IdCardSimulatorOptions {
  card?: SimulatedCard;
  /** Whether the card lies on the reader at start (default true). */
  placed?: boolean;
  samId?: Uint8Array;
  faults?: Partial<SimulatorFaults>;
  /**
   * Whether "find" keeps succeeding for a card that was already read. UNCONFIRMED in the
   * reference and may differ by firmware: 'found' (default) keeps answering 9F until removal;
   * 'not-found' answers 80 until the card is removed and placed again.
   */
  findAfterRead?: 'found' | 'not-found';
  /**
   * How `60 xx` is acknowledged. UNCONFIRMED in the reference: 'old-speed' replies at the
   * current speed (default); 'new-speed' models a reader that acknowledges at the new speed,
   * which the host cannot read at the old one, so the simulator sends nothing back.
   */
  baudAck?: 'old-speed' | 'new-speed';
  /**
   * Paces the link like a real UART at this baud (10 bits a byte): each reply goes out once the
   * request and the reply would have crossed the wire. A PTY has no baud of its own, so without
   * this a read takes a fraction of its real time.
   */
  lineBaud?: number;
}

export interface SimulatorStats {
  requests: number;
  badChecksumRequests: number;
  badLengthRequests: number;
  /** "30 01" → count, for assertions in tests. */
  byCommand: Record<string, number>;
  /** The last `60 xx` parameter received. Which baud acknowledges it is UNCONFIRMED; the simulator answers at the old one. */
  requestedBaudCode?: number;
  maxRfFrameSize?: number;
}

type CardState = 'idle' | 'found' | 'selected' | 'halted';

export class IdCardSimulator {
  private card: SimulatedCard;
  private placed: boolean;
  private cardState: CardState = 'idle';
  private faults: SimulatorFaults;
  private readonly samId: Uint8Array;
  private readonly findAfterRead: 'found' | 'not-found';
  private readonly baudAck: 'old-speed' | 'new-speed';
  private readonly lineBaud: number | undefined;
  private transport: ByteTransport | undefined;
  private readonly subscriptions = new DisposableStore();
  private readonly parser = new FrameParser({ minLength: 3 });
  /** Replies go out strictly in order, even with delays and fragmentation. */
  private replyQueue: Promise<void> = Promise.resolve();
  readonly stats: SimulatorStats = { requests: 0, badChecksumRequests: 0, badLengthRequests: 0, byCommand: {} };

  constructor(options: IdCardSimulatorOptions = {}) {
    this.card = options.card ?? testCard('resident');
    this.placed = options.placed ?? true;
    this.faults = { ...NO_FAULTS, ...options.faults };
    this.samId = options.samId ?? encodeSamId({ a: 5, b: 1, c: 20260101, d: 1234567, e: 89012345 });
    this.findAfterRead = options.findAfterRead ?? 'found';
    this.baudAck = options.baudAck ?? 'old-speed';
    if (options.lineBaud !== undefined && !(options.lineBaud > 0)) throw new Error(`lineBaud must be a positive baud rate, got ${options.lineBaud}`);
    this.lineBaud = options.lineBaud;
  }

  get cardPlaced(): boolean {
    return this.placed;
  }

  get attached(): boolean {
    return this.transport !== undefined;
  }

  /** Opens the transport and starts answering requests on it. */
  async attach(transport: ByteTransport): Promise<void> {
    await this.detach();
    await transport.open();
    this.transport = transport;
    this.parser.reset();
    this.subscriptions.addAll(
      transport.onData((chunk) => this.receive(chunk)),
      transport.onClose(() => void this.detach()),
    );
  }

  async detach(): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    this.subscriptions.dispose();
    if (transport) await transport.close();
  }

  placeCard(card?: SimulatedCard): void {
    if (card) this.card = card;
    this.placed = true;
    this.cardState = 'idle';
  }

  removeCard(): void {
    this.placed = false;
    this.cardState = 'idle';
  }

  /** Swaps the card without changing whether it is placed. */
  setCard(card: SimulatedCard): void {
    this.card = card;
    this.cardState = 'idle';
  }

  setFaults(faults: Partial<SimulatorFaults>): void {
    this.faults = { ...this.faults, ...faults };
  }

  clearFaults(): void {
    this.faults = { ...NO_FAULTS };
  }

  private receive(chunk: Uint8Array): void {
    for (const output of this.parser.push(chunk)) {
      if (output.type === 'frame') {
        const request = decodeRequestPayload(output.payload);
        const reply = request ? this.answer(request) : undefined;
        // The frame on the wire: preamble and LEN (7 bytes), the payload, CHK.
        if (reply) this.reply(reply, output.payload.length + 8);
      } else if (output.reason === 'bad-checksum') {
        this.stats.badChecksumRequests++;
        this.reply(encodeResponse(SW3.requestChecksumError));
      } else if (output.reason === 'bad-length') {
        this.stats.badLengthRequests++;
        this.reply(encodeResponse(SW3.requestLengthError));
      }
    }
  }

  /** Computes the reply to one well-formed request (undefined: nothing readable goes back). */
  answer(request: DecodedRequest): Uint8Array | undefined {
    this.stats.requests++;
    const key = `${hex(request.cmd)} ${hex(request.para)}`;
    this.stats.byCommand[key] = (this.stats.byCommand[key] ?? 0) + 1;
    if (this.faults.samFailure) return encodeResponse(SW3.samSelfTestFailed);
    const is = (c: { cmd: number; para: number }) => request.cmd === c.cmd && request.para === c.para;
    const cardAvailable = this.placed && !this.faults.noCard;

    if (is(COMMANDS.resetSam) || is(COMMANDS.samStatus)) {
      if (this.cardState !== 'halted') this.cardState = 'idle';
      return encodeResponse(SW3.success);
    }
    if (is(COMMANDS.samId)) return encodeResponse(SW3.success, this.samId);
    if (is(COMMANDS.findCard)) {
      if (!cardAvailable || this.cardState === 'halted') return encodeResponse(SW3.findFailed);
      this.cardState = 'found';
      return encodeResponse(SW3.cardFound, new Uint8Array(4));
    }
    if (is(COMMANDS.selectCard)) {
      if (!cardAvailable || this.cardState !== 'found') return encodeResponse(SW3.selectFailed);
      this.cardState = 'selected';
      return encodeResponse(SW3.success, new Uint8Array(8));
    }
    if (is(COMMANDS.readTextPhoto) || is(COMMANDS.readTextPhotoFingerprint)) {
      if (!cardAvailable || this.cardState !== 'selected' || this.faults.readFailure) return encodeResponse(SW3.cardReadFailed);
      const withFingerprint = is(COMMANDS.readTextPhotoFingerprint);
      const data = joinCardReadData(this.card.text, this.card.photo, withFingerprint ? (this.card.fingerprint ?? new Uint8Array(0)) : undefined);
      if (this.findAfterRead === 'not-found') this.cardState = 'halted';
      return encodeResponse(SW3.success, data);
    }
    if (is(COMMANDS.readAdditionalAddress)) {
      if (!cardAvailable || (this.cardState !== 'selected' && this.cardState !== 'halted')) return encodeResponse(SW3.cardReadFailed);
      if (this.card.additionalAddress === undefined) return encodeResponse(SW3.noContent);
      return encodeResponse(SW3.success, ucs2Field(this.card.additionalAddress, 70));
    }
    if (request.cmd === 0x60 && request.data.length === 0) {
      if (request.para > 0x04) return encodeResponse(SW3.commandError);
      this.stats.requestedBaudCode = request.para;
      return this.baudAck === 'old-speed' ? encodeResponse(SW3.success) : undefined;
    }
    if (is(COMMANDS.setMaxRfFrameSize) && request.data.length === 1) {
      this.stats.maxRfFrameSize = request.data[0];
      return encodeResponse(SW3.success);
    }
    return encodeResponse(SW3.commandError);
  }

  private reply(frame: Uint8Array, requestLength = 0): void {
    const faults = this.faults;
    if (faults.badReplyChecksum) frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
    const lineBaud = this.lineBaud;
    this.replyQueue = this.replyQueue.then(async () => {
      if (lineBaud) await delay(((requestLength + frame.length) * 10 * 1000) / lineBaud);
      if (faults.replyDelayMs > 0) await delay(faults.replyDelayMs);
      const chunkSize = faults.fragment ? Math.max(1, faults.fragment.chunkSize) : frame.length;
      for (let offset = 0; offset < frame.length; offset += chunkSize) {
        if (offset > 0 && faults.fragment) await delay(faults.fragment.delayMs);
        const transport = this.transport;
        if (!transport) return;
        await transport.write(frame.subarray(offset, offset + chunkSize)).catch(() => undefined);
      }
    });
  }
}

const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

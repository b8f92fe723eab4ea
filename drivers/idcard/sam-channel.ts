// One request, one reply: serialises exchanges with the reader over a ByteTransport and turns
// silence, a closed link and corrupt frames into values rather than exceptions.
import type { DeviceContext } from '../device.js';
import type { ByteTransport } from '../transport/types.js';
import { decodeResponsePayload, type DecodedResponse } from './codec.js';
import { FrameParser } from './frame-parser.js';

export type ExchangeError =
  { kind: 'timeout'; timeoutMs: number } | { kind: 'closed'; message: string } | { kind: 'bad-frame'; reason: 'bad-checksum' | 'bad-length' | 'malformed' };

export type ExchangeOutcome = { ok: true; response: DecodedResponse } | { ok: false; error: ExchangeError };

const MIN_LATE_REPLY_GRACE_MS = 500;

interface Pending {
  settle(outcome: ExchangeOutcome): void;
}

export class SamChannel {
  private readonly parser: FrameParser;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: Array<() => void>;
  private closed = false;
  /**
   * One entry per request that timed out, until its grace period ends: a reply arriving then is
   * that request's late answer and must not be taken as the answer to the current request.
   */
  private lateReplyDeadlines: number[] = [];

  constructor(
    private readonly transport: ByteTransport,
    private readonly log: DeviceContext['log'],
    maxFrameLength?: number,
  ) {
    this.parser = new FrameParser({ minLength: 4, ...(maxFrameLength ? { maxLength: maxFrameLength } : {}) });
    this.unsubscribe = [transport.onData((chunk) => this.receive(chunk)), transport.onClose(() => this.markClosed('link closed'))];
  }

  /** Sends one request frame and waits for one reply frame, after earlier exchanges finish. */
  exchange(request: Uint8Array, timeoutMs: number): Promise<ExchangeOutcome> {
    const run = () => this.exchangeNow(request, timeoutMs);
    const result = this.queue.then(run, run);
    this.queue = result;
    return result;
  }

  /** Stops listening; a pending exchange ends as 'closed'. Does not close the transport. */
  dispose(): void {
    this.markClosed('channel disposed');
    this.unsubscribe.forEach((off) => off());
  }

  private exchangeNow(request: Uint8Array, timeoutMs: number): Promise<ExchangeOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, error: { kind: 'closed', message: 'link closed' } });
    // Bytes left from an earlier exchange that timed out must not answer this one.
    this.parser.reset();
    return new Promise<ExchangeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.lateReplyDeadlines.push(performance.now() + Math.max(timeoutMs, MIN_LATE_REPLY_GRACE_MS));
        settle({ ok: false, error: { kind: 'timeout', timeoutMs } });
      }, timeoutMs);
      const settle = (outcome: ExchangeOutcome) => {
        if (this.pending !== pending) return;
        this.pending = undefined;
        clearTimeout(timer);
        resolve(outcome);
      };
      const pending: Pending = { settle };
      this.pending = pending;
      this.transport.write(request).catch((error: unknown) => {
        settle({ ok: false, error: { kind: 'closed', message: error instanceof Error ? error.message : String(error) } });
      });
    });
  }

  private receive(chunk: Uint8Array): void {
    for (const output of this.parser.push(chunk)) {
      if (output.type === 'frame') {
        const response = decodeResponsePayload(output.payload);
        const now = performance.now();
        this.lateReplyDeadlines = this.lateReplyDeadlines.filter((deadline) => deadline > now);
        if (this.lateReplyDeadlines.length > 0) {
          this.lateReplyDeadlines.shift();
          this.log.warn({ event: 'idcard-late-reply', length: output.payload.length }, 'discarded the late reply to a timed-out request');
          continue;
        }
        if (!this.pending) {
          this.log.warn({ event: 'idcard-unsolicited-frame', length: output.payload.length }, 'reply arrived with no request waiting');
          continue;
        }
        this.pending.settle(response ? { ok: true, response } : { ok: false, error: { kind: 'bad-frame', reason: 'malformed' } });
      } else if (output.reason === 'garbage') {
        this.log.warn({ event: 'idcard-garbage', bytes: output.bytes }, 'skipped bytes outside a frame');
      } else {
        this.log.warn({ event: 'idcard-bad-frame', reason: output.reason, length: output.length }, 'rejected reply frame');
        this.pending?.settle({ ok: false, error: { kind: 'bad-frame', reason: output.reason } });
      }
    }
  }

  private markClosed(message: string): void {
    this.closed = true;
    this.pending?.settle({ ok: false, error: { kind: 'closed', message } });
  }
}

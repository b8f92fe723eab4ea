import type { PrinterStatus } from '../../contract/printing.js';
import { disconnectedStatus, factsFromAsb, factsFromReplies, StatusStreamDecoder, statusFromFacts, type StatusReplies } from '../escpos/status.js';
import type { ByteTransport } from '../transport/types.js';

const REPLY_FIELDS = { 1: 'printer', 2: 'offline', 3: 'error', 4: 'paper' } as const;

export interface PrinterChannelOptions {
  printerId: string;
  statusTimeoutMs: number;
  writeChunkBytes: number;
  writeTimeoutMs: number;
  log?: { warn(obj: object, msg?: string): void };
  /** Every status learnt (query, failure, ASB packet) goes here; it returns what it stored. */
  report(status: PrinterStatus): PrinterStatus;
  /** False once the printer is stopped, so nothing reopens the link. */
  mayOpen(): boolean;
}

/**
 * The byte link to one printer: opens it on demand, runs one exchange at a time (a status query
 * never lands inside a job's bytes), asks DLE EOT 1–4 and reads replies and ASB packets.
 */
export class PrinterChannel {
  private readonly decoder = new StatusStreamDecoder();
  /** DLE EOT n values this printer leaves unanswered (cleared on reconnect). */
  private readonly silentQueries = new Set<number>();
  private replyWaiter: ((byte: number) => void) | undefined;
  private lock: Promise<unknown> = Promise.resolve();
  private opening: Promise<boolean> | undefined;
  private lastStatus: PrinterStatus = disconnectedStatus('not connected yet');

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: PrinterChannelOptions,
  ) {}

  private report(status: PrinterStatus): PrinterStatus {
    this.lastStatus = this.options.report(status);
    return this.lastStatus;
  }

  /** Feed every chunk the printer sends. */
  receive(chunk: Buffer): void {
    for (const message of this.decoder.push(chunk)) {
      if (message.kind === 'reply') {
        const waiter = this.replyWaiter;
        this.replyWaiter = undefined;
        waiter?.(message.byte);
      } else this.report(statusFromFacts(factsFromAsb(message.bytes)));
    }
  }

  async ensureOpen(): Promise<boolean> {
    if (this.transport.isOpen) return true;
    if (!this.options.mayOpen()) return false;
    this.opening ??= this.transport
      .open()
      .then(() => {
        this.silentQueries.clear();
        return true;
      })
      .catch((error: Error) => {
        this.report(disconnectedStatus(error.message));
        return false;
      })
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.lock.then(task, task);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Asks DLE EOT 1–4 now, one at a time; 'disconnected' when the link is down or DLE EOT 1 goes
   * unanswered. Some clones answer only a subset: an n left unanswered is skipped until the next
   * reconnect rather than failing every check.
   */
  async checkStatus(): Promise<PrinterStatus> {
    if (!(await this.ensureOpen())) return this.lastStatus;
    return this.exclusive(async () => {
      const raw: StatusReplies = {};
      for (const n of [1, 2, 3, 4] as const) {
        if (this.silentQueries.has(n)) continue;
        let reply: number | undefined;
        try {
          reply = await this.queryOne(n);
        } catch (error) {
          return this.report(disconnectedStatus((error as Error).message));
        }
        if (reply === undefined) {
          if (n === 1) return this.report(disconnectedStatus('no reply to the status request'));
          this.silentQueries.add(n);
          this.options.log?.warn({ printer: this.options.printerId, request: `DLE EOT ${n}` }, 'printer does not answer this status request; skipping it');
          continue;
        }
        raw[REPLY_FIELDS[n]] = reply;
      }
      return this.report(statusFromFacts(factsFromReplies(raw), raw));
    });
  }

  private async queryOne(n: 1 | 2 | 3 | 4): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<number | undefined>((resolve) => {
      this.replyWaiter = resolve;
      timer = setTimeout(() => resolve(undefined), this.options.statusTimeoutMs);
    });
    try {
      await this.transport.write(Uint8Array.of(0x10, 0x04, n));
      return await reply;
    } finally {
      clearTimeout(timer);
      this.replyWaiter = undefined;
    }
  }

  /** Sends a job in chunks; a chunk the link does not take in time breaks the transfer. */
  async writeAll(bytes: Uint8Array): Promise<void> {
    const { writeChunkBytes: size, writeTimeoutMs: timeoutMs } = this.options;
    for (let offset = 0; offset < bytes.length; offset += size) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`printer took no data for ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([this.transport.write(bytes.subarray(offset, offset + size)), timedOut]);
      } catch (error) {
        // Drop whatever is stuck in the link; the job is resent whole after reconnecting.
        await this.transport.close().catch(() => undefined);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

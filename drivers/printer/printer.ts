import { randomUUID } from 'node:crypto';
import { Backoff, type BackoffPolicy } from '../../contract/async/backoff.js';
import { DisposableStore } from '../../contract/async/disposables.js';
import { Emitter } from '../../contract/async/emitter.js';
import { WakeableSleep } from '../../contract/async/wakeable-sleep.js';
import type { ApplicationReceipt, PrinterStatus, PrintJobResult, PrintJobUpdate, QueueTicket } from '../../contract/printing.js';
import { DeviceStatusTracker, type DeviceContext, type ManagedDevice } from '../device.js';
import { profileFromOptions, type PrinterProfile } from '../escpos/profile.js';
import { disconnectedStatus } from '../escpos/status.js';
import { applicationReceiptBytes, queueTicketBytes } from '../receipts/index.js';
import type { ByteTransport } from '../transport/types.js';
import { PrinterChannel } from './status-channel.js';

export interface PrintJob {
  /** Caller's id for the job (for following it through faults); generated when absent. */
  id?: string;
  bytes: Uint8Array;
}

export interface EscPosPrinterOptions {
  id: string;
  transport: ByteTransport;
  profile?: PrinterProfile;
  simulated?: boolean;
  log?: DeviceContext['log'];
  /** How long to wait for the four DLE EOT replies. */
  statusTimeoutMs?: number;
  /** Status polling while idle; 0 turns it off (status is still checked around every job). */
  pollIntervalMs?: number;
  /** Reconnect and fault-recovery backoff. */
  backoff?: { initialMs: number; maxMs: number };
  writeChunkBytes?: number;
  /** A write the link does not take within this time (flow control stuck, peer gone) breaks the transfer. */
  writeTimeoutMs?: number;
}

interface QueueEntry {
  jobId: string;
  bytes: Uint8Array;
  sent: boolean;
  attempts: number;
  cancelled: boolean;
  resolve(result: PrintJobResult): void;
}

/**
 * An ESC/POS printer over any ByteTransport. Jobs run one at a time from a queue. Each job is
 * preceded and followed by a real-time status check; a job accepted into the queue is printed
 * exactly once: held through faults, resent only if its transfer broke, and marked printed
 * only after the post-job check is clean.
 */
export class EscPosPrinter implements ManagedDevice {
  readonly kind = 'printer' as const;
  readonly id: string;
  readonly profile: PrinterProfile;
  private readonly tracker: DeviceStatusTracker;
  private readonly events = new Emitter<{ job: [update: PrintJobUpdate]; 'printer-status': [status: PrinterStatus] }>();
  private readonly channel: PrinterChannel;
  private readonly queue: QueueEntry[] = [];
  /** Results of recent jobs by id, so a caller retrying the same job id never prints it twice. */
  private readonly finished = new Map<string, PrintJobResult>();
  private readonly inFlight = new Map<string, Promise<PrintJobResult>>();
  private current: PrinterStatus = disconnectedStatus('not started');
  private started = false;
  private stopped = false;
  private workerRunning = false;
  private readonly pauses = new WakeableSleep();
  private readonly transportListeners = new DisposableStore();

  constructor(private readonly options: EscPosPrinterOptions) {
    this.id = options.id;
    this.profile = options.profile ?? profileFromOptions({});
    this.tracker = new DeviceStatusTracker(options.id, 'printer', options.simulated ?? false);
    this.channel = new PrinterChannel(options.transport, {
      printerId: options.id,
      statusTimeoutMs: options.statusTimeoutMs ?? 1000,
      writeChunkBytes: options.writeChunkBytes ?? this.profile.writeChunkBytes,
      writeTimeoutMs: options.writeTimeoutMs ?? 30_000,
      log: options.log,
      report: (status) => this.setPrinterStatus(status),
      mayOpen: () => !this.stopped,
    });
    this.transportListeners.add(options.transport.onData((chunk) => this.channel.receive(chunk)));
    this.transportListeners.add(options.transport.onClose((error) => this.setPrinterStatus(disconnectedStatus(error?.message ?? 'link closed'))));
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

  /** The last known printer condition (from a status check, a poll or an ASB packet). */
  printerStatus(): PrinterStatus {
    return this.current;
  }

  onPrinterStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.events.on('printer-status', listener);
  }

  onJob(listener: (update: PrintJobUpdate) => void): () => void {
    return this.events.on('job', listener);
  }

  /** `on('job', …)` / `on('printer-status', …)`, in the style of the other drivers. */
  on(event: 'job', listener: (update: PrintJobUpdate) => void): () => void;
  on(event: 'printer-status', listener: (status: PrinterStatus) => void): () => void;
  on(event: 'job' | 'printer-status', listener: ((update: PrintJobUpdate) => void) | ((status: PrinterStatus) => void)): () => void {
    return event === 'job'
      ? this.events.on('job', listener as (update: PrintJobUpdate) => void)
      : this.events.on('printer-status', listener as (status: PrinterStatus) => void);
  }

  /** Jobs accepted and not yet finished, head first. */
  pendingJobs(): Array<{ jobId: string; sent: boolean; attempts: number }> {
    return this.queue.map(({ jobId, sent, attempts }) => ({ jobId, sent, attempts }));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopped = false;
    this.tracker.set('connecting');
    void this.monitor();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.started = false;
    this.pauses.wake();
    for (const entry of this.queue.splice(0)) this.finish(entry, 'cancelled', 'printer stopped');
    await this.options.transport.close().catch(() => undefined);
    this.tracker.set('disconnected', 'stopped');
  }

  printTicket(ticket: QueueTicket, id?: string): Promise<PrintJobResult> {
    return this.print({ id, bytes: queueTicketBytes(ticket, this.profile) });
  }

  printReceipt(receipt: ApplicationReceipt, id?: string): Promise<PrintJobResult> {
    return this.print({ id, bytes: applicationReceiptBytes(receipt, this.profile) });
  }

  /**
   * Prints one job. Resolves (never rejects for device faults) once it is printed, refused at
   * submission because the printer cannot print, or cancelled by stop()/cancel().
   */
  print(job: PrintJob): Promise<PrintJobResult> {
    const jobId = job.id ?? randomUUID();
    const done = this.finished.get(jobId);
    if (done && done.outcome === 'printed') return Promise.resolve(done);
    const running = this.inFlight.get(jobId);
    if (running) return running;
    const result = this.submit(jobId, job.bytes).finally(() => this.inFlight.delete(jobId));
    this.inFlight.set(jobId, result);
    return result;
  }

  private async submit(jobId: string, bytes: Uint8Array): Promise<PrintJobResult> {
    const job = { bytes };
    const refuse = (status: PrinterStatus, reason?: string): PrintJobResult => {
      const result: PrintJobResult = {
        jobId,
        outcome: 'refused',
        reason: reason ?? status.reason,
        condition: status.condition,
        warnings: status.warnings,
        sent: false,
        attempts: 0,
        bytes: job.bytes.length,
      };
      this.events.emit('job', { jobId, state: 'refused', reason: result.reason, condition: status.condition } satisfies PrintJobUpdate);
      return result;
    };
    if (!this.started) return refuse(this.current, 'printer not started');
    if (this.queue.length === 0) {
      const status = await this.checkStatus();
      if (status.blocking) return refuse(status);
    } else if (this.current.blocking) {
      // Jobs already held wait for recovery; new ones are turned away so callers can redirect people.
      return refuse(this.current);
    }
    return new Promise<PrintJobResult>((resolve) => {
      this.queue.push({ jobId, bytes: job.bytes, sent: false, attempts: 0, cancelled: false, resolve });
      this.events.emit('job', { jobId, state: 'queued' } satisfies PrintJobUpdate);
      void this.runQueue();
    });
  }

  /** Asks the printer for its real-time status now (DLE EOT 1–4); 'disconnected' when unreachable. */
  checkStatus(): Promise<PrinterStatus> {
    return this.channel.checkStatus();
  }

  /** Cancels a job that has not finished; a job already sent may still come out of the printer. */
  cancel(jobId: string): boolean {
    const entry = this.queue.find((e) => e.jobId === jobId);
    if (!entry) return false;
    entry.cancelled = true;
    this.pauses.wake();
    return true;
  }

  private setPrinterStatus(status: PrinterStatus): PrinterStatus {
    const previous = this.current;
    this.current = status;
    if (previous.condition !== status.condition || previous.reason !== status.reason) {
      this.events.emit('printer-status', status);
      if (status.condition !== 'disconnected' || previous.condition !== 'disconnected')
        this.options.log?.info({ printer: this.id, condition: status.condition }, 'printer status');
    }
    if (this.stopped) return status;
    if (status.condition === 'disconnected') this.tracker.set('disconnected', status.reason);
    else if (status.blocking) this.tracker.set('fault', status.reason, status.warnings);
    else this.tracker.set(this.workerRunning && this.queue.length > 0 ? 'busy' : 'connected', undefined, status.warnings);
    return status;
  }

  private async sleep(ms: number): Promise<void> {
    await this.pauses.sleep(ms);
  }

  private get retryPolicy(): BackoffPolicy {
    return this.options.backoff ?? { initialMs: 250, maxMs: 5000 };
  }

  /** Keeps the status fresh while idle and reconnects with backoff. */
  private async monitor(): Promise<void> {
    const poll = this.options.pollIntervalMs ?? 3000;
    const reconnect = new Backoff(this.retryPolicy);
    let delay = this.retryPolicy.initialMs;
    while (!this.stopped) {
      if (!this.workerRunning) {
        const status = await this.checkStatus();
        if (status.condition === 'disconnected') delay = reconnect.next();
        else {
          reconnect.reset();
          delay = this.retryPolicy.initialMs;
        }
        if (poll === 0 && status.condition !== 'disconnected') return;
      }
      await this.sleep(this.current.condition === 'disconnected' ? delay : poll || delay);
    }
  }

  private async runQueue(): Promise<void> {
    if (this.workerRunning) return;
    this.workerRunning = true;
    try {
      while (this.queue.length > 0 && !this.stopped) {
        const entry = this.queue[0]!;
        await this.process(entry);
        if (this.queue[0] === entry) this.queue.shift();
      }
    } finally {
      this.workerRunning = false;
      if (!this.stopped) this.setPrinterStatus(this.current);
    }
  }

  private async process(entry: QueueEntry): Promise<void> {
    const retry = new Backoff(this.retryPolicy);
    let heldFor: string | undefined;
    const hold = async (status: PrinterStatus) => {
      // Tell listeners once per cause, not on every retry.
      if (heldFor !== status.reason)
        this.events.emit('job', { jobId: entry.jobId, state: 'held', reason: status.reason, condition: status.condition } satisfies PrintJobUpdate);
      heldFor = status.reason;
      await this.sleep(retry.next());
    };
    while (!this.stopped) {
      if (entry.cancelled) return this.finish(entry, 'cancelled', 'cancelled by caller');
      if (!entry.sent) {
        const before = await this.checkStatus();
        if (before.blocking) {
          await hold(before);
          continue;
        }
        entry.attempts++;
        this.tracker.set('busy', undefined, before.warnings);
        this.events.emit('job', { jobId: entry.jobId, state: 'printing' } satisfies PrintJobUpdate);
        heldFor = undefined;
        try {
          await this.channel.exclusive(() => this.channel.writeAll(entry.bytes));
          entry.sent = true;
        } catch (error) {
          // The transfer broke: the job starts with ESC @, so resending it whole is safe.
          await hold(this.setPrinterStatus(disconnectedStatus((error as Error).message)));
          continue;
        }
      }
      const after = await this.checkStatus();
      if (after.blocking) {
        await hold(after);
        continue;
      }
      return this.finish(entry, 'printed', undefined, after);
    }
  }

  private finish(entry: QueueEntry, outcome: PrintJobResult['outcome'], reason?: string, status = this.current): void {
    const index = this.queue.indexOf(entry);
    if (index >= 0) this.queue.splice(index, 1);
    const result: PrintJobResult = {
      jobId: entry.jobId,
      outcome,
      reason,
      condition: status.condition,
      warnings: status.warnings,
      sent: entry.sent,
      attempts: entry.attempts,
      bytes: entry.bytes.length,
    };
    this.finished.set(entry.jobId, result);
    if (this.finished.size > 500) this.finished.delete(this.finished.keys().next().value!);
    this.events.emit('job', { jobId: entry.jobId, state: outcome, reason, condition: status.condition } satisfies PrintJobUpdate);
    entry.resolve(result);
  }

  /** Releases transport listeners for good (after stop()). */
  dispose(): void {
    this.transportListeners.dispose();
  }
}

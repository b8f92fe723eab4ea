// A kiosk's offline ticket ledger: leased number blocks, tickets issued from them and not yet
// rejoined, and the last hall configuration seen. Every change is written (fsync + rename) before
// the ticket is handed out, so a power cut never reuses a number or forgets a ticket.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { HallQueueConfig } from '../../../../contract/queue.js';
import { formatTicketNumber, type Lease, type OfflineTicket, type PriorityClass, type TicketSource } from '../../../../contract/queue.js';

interface LedgerState {
  leases: Array<Lease & { next: number }>;
  pending: OfflineTicket[];
  config?: HallQueueConfig;
}

function writeAtomic(path: string, text: string): void {
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

export class OfflineTicketLedger {
  private readonly file: string;
  private state: LedgerState;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'queue-ledger.json');
    this.state = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as LedgerState) : { leases: [], pending: [] };
  }

  private save(): void {
    writeAtomic(this.file, JSON.stringify(this.state));
  }

  get config(): HallQueueConfig | undefined {
    return this.state.config;
  }

  rememberConfig(config: HallQueueConfig): void {
    if (JSON.stringify(config) === JSON.stringify(this.state.config)) return;
    this.state.config = config;
    this.save();
  }

  /** Numbers left today per queue prefix. */
  remaining(day: string): Record<string, number> {
    const left: Record<string, number> = {};
    for (const lease of this.state.leases) if (lease.day === day) left[lease.prefix] = (left[lease.prefix] ?? 0) + (lease.to - lease.next + 1);
    return left;
  }

  addLease(lease: Lease): void {
    this.state.leases.push({ ...lease, next: lease.from });
    this.save();
  }

  /** Drops leases of past days (their numbers are void once the day's numbering restarts). */
  forgetBefore(day: string): void {
    const kept = this.state.leases.filter((l) => l.day >= day && l.next <= l.to);
    if (kept.length !== this.state.leases.length) {
      this.state.leases = kept;
      this.save();
    }
  }

  /** Issues the next leased number of a queue, or undefined when the blocks are used up. */
  issue(input: {
    day: string;
    prefix: string;
    service: string;
    priority: PriorityClass;
    source: TicketSource;
    maskedName?: string;
    now: Date;
  }): OfflineTicket | undefined {
    const lease = this.state.leases.find((l) => l.day === input.day && l.prefix === input.prefix && l.next <= l.to);
    if (!lease) return undefined;
    const ticket: OfflineTicket = {
      id: randomUUID(),
      number: formatTicketNumber(lease.prefix, lease.next),
      day: input.day,
      leaseId: lease.id,
      service: input.service,
      priority: input.priority,
      source: input.source,
      issuedAt: input.now.toISOString(),
      ...(input.maskedName ? { maskedName: input.maskedName } : {}),
      // The live ticket's token, made here: the printed QR opens the page once the ticket has rejoined the queue.
      liveToken: randomBytes(32).toString('base64url'),
    };
    lease.next += 1;
    this.state.pending.push(ticket);
    this.save();
    return ticket;
  }

  pending(): OfflineTicket[] {
    return [...this.state.pending];
  }

  /** Removes tickets the service has taken (accepted or already known). */
  settle(ids: readonly string[]): void {
    const done = new Set(ids);
    this.state.pending = this.state.pending.filter((t) => !done.has(t.id));
    this.save();
  }
}

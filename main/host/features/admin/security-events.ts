// Security events (a refused personal code, a refused agent card or PIN, a package identity that
// does not match): each is logged and sent to the platform through the outbox, but never without
// limit. A flood of bad cards at a kiosk must not fill the outbox or the log, so individual events
// spend from a small budget that refills slowly; past it, events are only counted, and the counts go
// out as one summary at most every few minutes.
import { systemClock } from '../../../../contract/clock.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import type { Logger } from '../../logging.js';

export interface SecurityEventLimits {
  /** Events recorded one by one before counting starts. */
  burst: number;
  /** One more individual event allowed per this many milliseconds. */
  refillMs: number;
  /** Counted events go out as one summary at most this often. */
  summaryEveryMs: number;
}

export const DEFAULT_SECURITY_EVENT_LIMITS: SecurityEventLimits = { burst: 30, refillMs: 60_000, summaryEveryMs: 10 * 60_000 };

/** Only technical detail: a refusal reason, a key id, an agent id at most. Never a code, card or PIN. */
export type SecurityEventDetail = Record<string, string | number | null>;

export class SecurityEventRecorder {
  private readonly limits: SecurityEventLimits;
  private tokens: number;
  private refilledAt: number;
  /** Counted (not recorded) events by kind since `countingSince`. */
  private suppressed = new Map<string, number>();
  private countingSince: number | undefined;
  private lastSummaryAt: number;
  private summaryTimer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      store: OfflineStore;
      terminalId: string;
      log: Logger;
      now?: () => number;
      limits?: Partial<SecurityEventLimits>;
    },
  ) {
    this.limits = { ...DEFAULT_SECURITY_EVENT_LIMITS, ...deps.limits };
    this.tokens = this.limits.burst;
    this.refilledAt = this.now();
    this.lastSummaryAt = this.now();
  }

  private now(): number {
    return this.deps.now?.() ?? systemClock.nowMs();
  }

  /**
   * Logs the event and commits it to the outbox while the budget lasts; otherwise counts it. Resolves
   * once whatever this event caused is written (never rejects: a failed write is logged).
   */
  record(event: string, detail: SecurityEventDetail = {}, message = 'security event'): Promise<void> {
    const now = this.now();
    this.refill(now);
    const summary = this.dueSummary(now);
    let write: Promise<void> | undefined;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.deps.log.warn({ event, ...detail }, message);
      write = this.commit({ event, ...detail, at: new Date(now).toISOString() });
    } else {
      const kind = typeof detail.refusal === 'string' ? `${event}:${detail.refusal}` : event;
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      this.countingSince ??= now;
      this.scheduleSummary();
    }
    return Promise.all([summary, write]).then(() => undefined);
  }

  /** Sends the counts gathered so far, if any (the host calls it on stop). */
  flush(): Promise<void> {
    return this.summarise(this.now());
  }

  async close(): Promise<void> {
    if (this.summaryTimer) clearTimeout(this.summaryTimer);
    this.summaryTimer = undefined;
    await this.flush();
    await this.chain;
  }

  private refill(now: number): void {
    const earned = Math.floor((now - this.refilledAt) / this.limits.refillMs);
    if (earned <= 0) return;
    this.tokens = Math.min(this.limits.burst, this.tokens + earned);
    this.refilledAt += earned * this.limits.refillMs;
  }

  private dueSummary(now: number): Promise<void> | undefined {
    return this.suppressed.size > 0 && now - this.lastSummaryAt >= this.limits.summaryEveryMs ? this.summarise(now) : undefined;
  }

  private scheduleSummary(): void {
    if (this.summaryTimer) return;
    const wait = Math.max(0, this.lastSummaryAt + this.limits.summaryEveryMs - this.now());
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = undefined;
      void this.summarise(this.now());
    }, wait);
    this.summaryTimer.unref();
  }

  private summarise(now: number): Promise<void> {
    if (this.suppressed.size === 0) return Promise.resolve();
    const counts = Object.fromEntries([...this.suppressed].sort(([a], [b]) => a.localeCompare(b)));
    const total = [...this.suppressed.values()].reduce((sum, n) => sum + n, 0);
    const from = new Date(this.countingSince ?? now).toISOString();
    this.suppressed = new Map();
    this.countingSince = undefined;
    this.lastSummaryAt = now;
    this.deps.log.warn({ event: 'security-events-counted', total, counts, from }, 'security events over the limit, counted only');
    return this.commit({ event: 'security-events-counted', total, counts, from, at: new Date(now).toISOString() });
  }

  /** One write at a time, in order. */
  private commit(payload: Record<string, unknown>): Promise<void> {
    const write = this.chain.then(() =>
      this.deps.store
        .commitMutation({ kind: 'status-event', payload: { type: 'security', ...payload, terminalId: this.deps.terminalId } })
        .then(() => undefined)
        .catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not record a security event')),
    );
    this.chain = write;
    return write;
  }
}

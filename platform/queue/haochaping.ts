// Reporting ratings and follow-ups to the provincial 好差评 system. Each report is written to an outbox
// in the same transaction as the rating or follow-up change it reports (so none is lost and none is
// made up), sealed at rest, and delivered by a loop that any instance may run: rows are claimed with
// SKIP LOCKED, and the report id travels as the idempotency key, so a delivery whose answer was lost
// and is sent again is counted once by the provincial side. The result is delivery exactly once.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { backoffCeiling } from '../../contract/async/backoff.js';
import type { Clock } from '../../contract/clock.js';
import type { Database } from '../db/database.js';

export type HaochapingReportKind = 'rating' | 'follow-up';

/** What the provincial system receives: no name, no phone, no ID number — the ticket, the case, the rating. */
export interface HaochapingReport {
  id: string;
  kind: HaochapingReportKind;
  /** The rated ticket (a rating) or the follow-up's id. */
  ref: string;
  body: Record<string, unknown>;
}

export interface HaochapingGateway {
  /** Resolves once the provincial system holds the report; rejects with a reason otherwise. */
  deliver(report: HaochapingReport): Promise<void>;
}

/** Text sealing for the outbox's payloads (the platform's sealer). */
export interface TextSealer {
  seal(text: string): string;
  open(text: string): string;
}

/** Back-off between attempts: 30 s, doubling, at most an hour. */
const retryDelayMs = (attempts: number) => backoffCeiling(attempts, { initialMs: 30_000, maxMs: 3_600_000 });

export class HaochapingOutbox {
  constructor(
    private readonly db: Database,
    private readonly sealer: TextSealer,
    private readonly clock: Clock,
  ) {}

  /** Queues a report; call inside the transaction that makes the change it reports. */
  async enqueue(kind: HaochapingReportKind, ref: string, body: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    const at = this.clock.iso();
    await this.db.run('INSERT INTO haochaping_outbox (id, kind, ref, payload_json, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)', [
      id,
      kind,
      ref,
      this.sealer.seal(JSON.stringify(body)),
      at,
    ]);
    return id;
  }

  /**
   * Delivers the reports that are due, oldest first; returns how many went out. A report that failed
   * waits for its back-off while later ones go on: each carries its step and time, so the provincial
   * side orders a follow-up's steps by those, not by arrival.
   */
  async deliverDue(gateway: HaochapingGateway, limit = 50): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    for (let i = 0; i < limit; i++) {
      const outcome = await this.db.transaction(async () => {
        const row = await this.db.one<{ id: string; kind: HaochapingReportKind; ref: string; payload_json: string; attempts: number }>(
          `SELECT id, kind, ref, payload_json, attempts FROM haochaping_outbox WHERE delivered_at IS NULL AND next_attempt_at <= $1
           ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.iso()],
        );
        if (!row) return 'none' as const;
        const report: HaochapingReport = {
          id: row.id,
          kind: row.kind,
          ref: row.ref,
          body: JSON.parse(this.sealer.open(row.payload_json)) as Record<string, unknown>,
        };
        try {
          await gateway.deliver(report);
          await this.db.run('UPDATE haochaping_outbox SET delivered_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1', [
            row.id,
            this.clock.iso(),
          ]);
          return 'delivered' as const;
        } catch (error) {
          const next = new Date(this.clock.nowMs() + retryDelayMs(row.attempts + 1)).toISOString();
          await this.db.run('UPDATE haochaping_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1', [
            row.id,
            next,
            error instanceof Error ? error.message.slice(0, 200) : 'delivery failed',
          ]);
          return 'failed' as const;
        }
      });
      if (outcome === 'none') break;
      if (outcome === 'delivered') delivered++;
      else failed++;
    }
    return { delivered, failed };
  }

  /** Reports not yet delivered (for health pages and tests). */
  async pending(): Promise<number> {
    return (await this.db.one<{ n: number }>('SELECT COUNT(*)::integer AS n FROM haochaping_outbox WHERE delivered_at IS NULL'))?.n ?? 0;
  }
}

/**
 * The provincial system over HTTP: one POST per report to `<baseUrl>/reports`, the report id as the
 * Idempotency-Key. A 2xx, or a 409 saying the id is already held, counts as delivered.
 */
export class HttpHaochapingGateway implements HaochapingGateway {
  constructor(private readonly options: { baseUrl: string; token?: string; timeoutMs?: number }) {
    if (!/^https?:\/\//.test(options.baseUrl)) throw new Error(`the provincial 好差评 address must be http(s): ${options.baseUrl}`);
  }

  async deliver(report: HaochapingReport): Promise<void> {
    const response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}/reports`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': report.id,
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (response.ok || response.status === 409) return;
    throw new Error(`the provincial 好差评 system answered ${response.status}`);
  }
}

/**
 * The provincial system as the tests and `npm start` see it: it keeps each report once by id, and can
 * be told to fail, or to lose its answer after keeping a report (the case exactly-once is about).
 */
export class HaochapingSimulator implements HaochapingGateway {
  readonly received = new Map<string, HaochapingReport>();
  /** Every delivery attempt that reached it, duplicates included. */
  attempts = 0;
  private failures = 0;
  private lostAnswers = 0;

  /** The next `n` deliveries fail before anything is kept. */
  failNext(n: number): void {
    this.failures = n;
  }

  /** The next `n` deliveries are kept, but the answer never reaches the sender. */
  loseNextAnswers(n: number): void {
    this.lostAnswers = n;
  }

  async deliver(report: HaochapingReport): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the provincial 好差评 system is unavailable (simulated)');
    }
    if (!this.received.has(report.id)) this.received.set(report.id, structuredClone(report));
    if (this.lostAnswers > 0) {
      this.lostAnswers--;
      throw new Error('the answer was lost on the way back (simulated)');
    }
  }

  /** The reports kept, in arrival order. */
  reports(): HaochapingReport[] {
    return [...this.received.values()];
  }

  private server: Server | null = null;

  /**
   * Serves the provincial endpoint `HttpHaochapingGateway` speaks, on 127.0.0.1: POST /reports (the
   * Idempotency-Key names the report; a repeat is answered 409), GET /reports lists what arrived. With a
   * token, a request without `Authorization: Bearer <token>` is refused 401. Returns its base URL.
   */
  async listen(port = 0, options: { token?: string; onReport?: (report: HaochapingReport) => void } = {}): Promise<string> {
    const server = createServer((request, response) => {
      if (options.token && request.headers.authorization !== `Bearer ${options.token}`) return void response.writeHead(401).end();
      if (request.method === 'GET' && request.url === '/reports') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.reports()));
        return;
      }
      if (request.method !== 'POST' || request.url !== '/reports') return void response.writeHead(404).end();
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        let report: HaochapingReport;
        try {
          report = JSON.parse(body) as HaochapingReport;
        } catch {
          return void response.writeHead(400).end();
        }
        const key = request.headers['idempotency-key'];
        if (typeof key !== 'string' || key !== report.id) return void response.writeHead(400).end();
        const known = this.received.has(key);
        void this.deliver(report).then(
          () => {
            if (!known) options.onReport?.(report);
            response.writeHead(known ? 409 : 201).end();
          },
          () => response.writeHead(503).end(),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

// The platform's one data layer: hand-written PostgreSQL behind typed functions, run either on a
// PostgreSQL server (a pg.Pool) or in-process on PGlite (the embedded default). The same SQL runs on
// both. A transaction is carried by AsyncLocalStorage: every query made while `transaction(work)`
// runs goes to that transaction, so stores call `db.query` without passing a handle around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { backoffDelay, type BackoffPolicy } from '../../contract/async/backoff.js';

export type SqlValue = string | number | boolean | null | Buffer;

export interface Database {
  /** 'server': a PostgreSQL server (several platform instances may share it); 'embedded': PGlite in this process. */
  readonly kind: 'server' | 'embedded';
  /** Rows of one statement ($1, $2… placeholders); inside `transaction` it runs in that transaction. */
  query<Row>(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** The first row, or undefined. */
  one<Row>(text: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** How many rows the statement changed. */
  run(text: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `work` in one transaction (nested calls join the outer one). A serialization failure, a
   * deadlock or a lost connection rolls everything back and runs `work` again, a few times: `work`
   * must keep its effects in the database (or rebuild them on each run).
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** True while the caller runs inside `transaction`. */
  insideTransaction(): boolean;
  /** Calls `onMessage` for every NOTIFY on the channel (delivered after the notifying transaction commits). */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** The connection a query runs on: a pg client or a PGlite transaction; both answer `query`. */
export interface Connection {
  query(text: string, params?: readonly SqlValue[]): Promise<{ rows: unknown[]; rowCount: number }>;
  exec(sql: string): Promise<void>;
}

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '08000', '08003', '08006']);
const RETRYABLE_ERRNOS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']);
export const MAX_TRANSACTION_ATTEMPTS = 5;
/** Full jitter, so instances retrying the same conflict spread out: a random wait up to 40 ms, then 80, 160, 320. */
const TRANSACTION_RETRY: BackoffPolicy = { initialMs: 20, maxMs: 20 * 2 ** MAX_TRANSACTION_ATTEMPTS, jitter: 'full' };

/** True for failures after which the transaction rolled back as a whole and may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (RETRYABLE_SQLSTATES.has(code) || RETRYABLE_ERRNOS.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|terminating connection|Client has encountered a connection error/i.test(message);
}

export abstract class BaseDatabase implements Database {
  abstract readonly kind: 'server' | 'embedded';
  protected readonly current = new AsyncLocalStorage<Connection>();

  /** Runs a statement outside any transaction. */
  protected abstract direct(text: string, params: readonly SqlValue[]): Promise<{ rows: unknown[]; rowCount: number }>;
  /** Opens one transaction on one connection and runs `work` with it. */
  protected abstract inTransaction<T>(work: (connection: Connection) => Promise<T>): Promise<T>;
  /** Runs several statements outside any transaction. */
  protected abstract directExec(sql: string): Promise<void>;
  abstract listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  abstract close(): Promise<void>;

  private async raw(text: string, params: readonly SqlValue[] = []) {
    const connection = this.current.getStore();
    if (connection) return connection.query(text, params);
    try {
      return await this.direct(text, params);
    } catch (error) {
      // A read on a connection the server just dropped is simply asked again on a fresh one; a lone
      // write is not (it may have committed before the connection went).
      if (!isRetryable(error) || !/^\s*SELECT\b/i.test(text)) throw error;
      return this.direct(text, params);
    }
  }

  async query<Row>(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.raw(text, params)).rows as Row[];
  }

  async one<Row>(text: string, params: readonly SqlValue[] = []): Promise<Row | undefined> {
    return (await this.raw(text, params)).rows[0] as Row | undefined;
  }

  async run(text: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.raw(text, params)).rowCount;
  }

  async exec(sql: string): Promise<void> {
    const connection = this.current.getStore();
    return connection ? connection.exec(sql) : this.directExec(sql);
  }

  insideTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inTransaction((connection) => this.current.run(connection, work));
      } catch (error) {
        if (attempt >= MAX_TRANSACTION_ATTEMPTS || !isRetryable(error)) throw error;
        // Brief, growing pauses: a restarting server or a competing transaction gets time to finish.
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt + 1, TRANSACTION_RETRY)));
      }
    }
  }
}

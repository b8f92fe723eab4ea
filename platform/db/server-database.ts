// The platform's database on a PostgreSQL server: a connection pool, one connection per transaction,
// and a dedicated connection for LISTEN that reconnects by itself.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { BaseDatabase, type Connection, type SqlValue } from './database.js';

const INT8_OID = 20;
/** Counters and sequences are BIGINT; every value this platform keeps fits a double exactly. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Statements with parameters run as named prepared statements: each connection parses and plans a
 * statement once, not on every call (the platform's statements are a fixed set of texts).
 */
const statementNames = new Map<string, string>();
function prepared(text: string, values: readonly SqlValue[]): pg.QueryConfig<SqlValue[]> | string {
  if (values.length === 0) return text;
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `hall_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values: values as SqlValue[] };
}

export interface ServerDatabaseOptions {
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

export class ServerDatabase extends BaseDatabase {
  readonly kind = 'server' as const;
  private readonly pool: pg.Pool;
  private readonly listeners: { close(): Promise<void> }[] = [];
  private closed = false;

  constructor(
    private readonly url: string,
    options: ServerDatabaseOptions = {},
  ) {
    super();
    this.pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types, application_name: 'hall-platform' });
    // An idle connection the server dropped (a restart, pg_terminate_backend) is simply replaced.
    this.pool.on('error', () => undefined);
  }

  protected async direct(text: string, params: readonly SqlValue[]) {
    const result = await this.pool.query(prepared(text, params));
    return { rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 };
  }

  protected async directExec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  protected async inTransaction<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A connection cut while checked out (a restart, pg_terminate_backend) fails the query in flight;
    // without a listener its 'error' event would end the process.
    const onError = () => undefined;
    client.on('error', onError);
    let broken = false;
    const connection: Connection = {
      query: async (text, params = []) => {
        const result = await client.query(prepared(text, params));
        return { rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 };
      },
      exec: async (sql) => void (await client.query(sql)),
    };
    try {
      await client.query('BEGIN');
      const result = await work(connection);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      // A connection that failed to roll back is dropped, not handed to the next transaction.
      client.off('error', onError);
      client.release(broken);
    }
  }

  async listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    let client: pg.Client | null = null;
    let stopped = false;
    const connect = async (): Promise<void> => {
      while (!stopped && !this.closed) {
        const next = new pg.Client({ connectionString: this.url, types, application_name: 'hall-platform-listen' });
        let listening = false;
        // Listening before connect: the server may end a connection in the very chunk that completes
        // its handshake (pg_terminate_backend, a restart), and an 'error' with no listener would end
        // the process. A failure before LISTEN has taken fails connect() or the LISTEN query below.
        next.on('error', () => {
          if (!listening) return;
          listening = false;
          // Notifications sent while disconnected are lost: an empty message tells the listener to
          // catch up by reading the database, then the connection is made again.
          void next.end().catch(() => undefined);
          if (client === next) client = null;
          onMessage('');
          setTimeout(() => void connect(), 250);
        });
        try {
          await next.connect();
          next.on('notification', (message) => onMessage(message.payload ?? ''));
          await next.query(`LISTEN ${channel}`);
          listening = true;
          client = next;
          return;
        } catch {
          await next.end().catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    };
    await connect();
    const handle = {
      close: async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
        client = null;
      },
    };
    this.listeners.push(handle);
    return handle.close;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.listeners.map((l) => l.close()));
    await this.pool.end();
  }
}

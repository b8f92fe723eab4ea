// Runs the reference platform in its own process (the store layer may not import platform code)
// and talks to it over loopback HTTP, as a terminal would. Its database is a PostgreSQL server's.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TerminalRole } from '../../contract/config.js';
import { bearer, type DatasetItem } from '../../contract/sync-protocol.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { registerTerminal } from '../../offline-store/sync/platform-client.js';
import { testDatabaseUrl } from '../postgres/test-database.js';

/** The test platform's administrator token (terminals never see it). */
export const ADMIN_TOKEN = 'test-platform-admin-token';
const serveEntry = fileURLToPath(new URL('../../platform/serve.ts', import.meta.url));

export interface PlatformProcess {
  url: string;
  dataDir: string;
  /** An administrator's terminal record (a kiosk of test-hall unless told) and its one-time enrolment code. */
  provision(
    terminalId: string,
    fields?: { role?: TerminalRole; hallId?: string; counterId?: string | undefined; pointId?: string | undefined },
  ): Promise<string>;
  /** Provisions a record (a kiosk unless told) and enrols it: the terminal's credential. */
  register(terminalId: string, fields?: Parameters<PlatformProcess['provision']>[1]): Promise<string>;
  seed(dataset: string, items: DatasetItem[]): Promise<void>;
  revoke(terminalId: string): Promise<void>;
  /** The platform's database (a PostgreSQL server: tests look into it, a second instance may share it). */
  databaseUrl: string;
  /** A look at the platform's database; `?` placeholders in order. */
  query<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-request, as on a crash. */
  kill(): Promise<void>;
}

const databaseOfFolder = new Map<string, string>();

/**
 * `port` 0 picks a free one; pass the previous port (and database) to bring a stopped platform back at
 * the same address with the same data. `env` adds to its environment (HALL_CLOCK_OFFSET_MS moves its clock).
 */
export async function startPlatformProcess(
  dataDir: string,
  port = 0,
  databaseUrl?: string,
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<PlatformProcess> {
  // A platform brought back on the same data folder finds the same database.
  const database = databaseUrl ?? databaseOfFolder.get(dataDir) ?? (await testDatabaseUrl());
  databaseOfFolder.set(dataDir, database);
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', serveEntry, '--port', String(port), '--data', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, HALL_ADMIN_TOKEN: ADMIN_TOKEN, HALL_DATABASE_URL: database, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`platform exited early with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(ADMIN_TOKEN) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin call ${path} failed: ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const provision: PlatformProcess['provision'] = async (terminalId, fields = {}) => {
    const role = fields.role ?? 'kiosk';
    const record = {
      terminalId,
      role,
      hallId: fields.hallId ?? 'test-hall',
      ...(role === 'counter' ? { counterId: fields.counterId ?? 'counter-1' } : {}),
      ...(role === 'proxy-point' ? { pointId: fields.pointId ?? 'test-point' } : {}),
    };
    return String((await admin('/v1/admin/terminals', record)).enrolmentCode);
  };
  let pool: pg.Pool | null = null;
  return {
    url,
    dataDir,
    databaseUrl: database,
    provision,
    register: async (terminalId, fields) => registerTerminal(url, await provision(terminalId, fields), terminalId),
    seed: async (dataset, items) => void (await admin(syncPaths.seed(dataset), { items })),
    revoke: async (terminalId) => void (await admin(syncPaths.revoke(terminalId), {})),
    query: async <T>(sql: string, ...params: unknown[]) => {
      if (!pool) {
        // Counters and ids are BIGINT: read as numbers, as the platform reads them.
        pool = new pg.Pool({
          connectionString: database,
          max: 2,
          types: {
            getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
              oid === 20 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
          },
        });
        // A connection cut by a fault test is replaced on the next query.
        pool.on('error', () => undefined);
      }
      let n = 0;
      return (
        await pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows as T[];
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      await pool?.end();
      pool = null;
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

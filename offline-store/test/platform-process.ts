// Runs the reference platform in its own process (the store layer may not import platform code)
// and talks to it over loopback HTTP, as a terminal would.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { HEADERS, syncPaths, type DatasetItem } from '../../contract/sync-protocol.js';
import { registerTerminal } from '../sync/platform-client.js';

export const ENROLMENT_SECRET = 'test-enrolment-secret';
const serveEntry = fileURLToPath(new URL('../../platform/serve.ts', import.meta.url));

export interface PlatformProcess {
  url: string;
  dataDir: string;
  register(terminalId: string): Promise<string>;
  seed(dataset: string, items: DatasetItem[]): Promise<void>;
  revoke(terminalId: string): Promise<void>;
  /** Read-only look at the platform's database. */
  query<T>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
}

/** `port` 0 picks a free one; pass the previous port to bring a stopped platform back at the same address. */
export async function startPlatformProcess(dataDir: string, port = 0): Promise<PlatformProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', serveEntry, '--port', String(port), '--data', dataDir, '--enrolment-secret', ENROLMENT_SECRET], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`platform exited early with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', [HEADERS.adminSecret]: ENROLMENT_SECRET }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`admin call ${path} failed: ${res.status}`);
  };
  let db: Database.Database | null = null;
  return {
    url,
    dataDir,
    register: (terminalId) => registerTerminal(url, ENROLMENT_SECRET, terminalId),
    seed: (dataset, items) => admin(syncPaths.seed(dataset), { items }),
    revoke: (terminalId) => admin(syncPaths.revoke(terminalId), {}),
    query: <T>(sql: string, ...params: unknown[]) => {
      db ??= new Database(join(dataDir, 'platform.db'), { readonly: true, fileMustExist: true });
      return db.prepare(sql).all(...params) as T[];
    },
    stop: async () => {
      db?.close();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// A throw-away PostgreSQL cluster for tests: initdb into a temporary folder, started on a free local
// port, fsync off (nothing here must survive the machine; commits still reach the OS before the
// client hears of them, so a killed server loses nothing it confirmed). As root the server must run as the
// `postgres` user (it refuses root), so the folder is handed to it and the tools run through runuser.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env.HALL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export const MISSING_SERVER_MESSAGE =
  `PostgreSQL server binaries not found in ${PG_BIN} (initdb, pg_ctl): install Debian's postgresql package ` +
  '(bash scripts/install-system-deps.sh) or point HALL_PG_BIN at them.';

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Cluster {
  /** postgres://hall@127.0.0.1:PORT/<database> */
  url(database?: string): string;
  port: number;
  dir: string;
  stop(): void;
  /** Stops the server immediately (in-flight transactions abort), for fault tests. */
  stopFast(): void;
  start(): void;
}

const asRoot = process.getuid?.() === 0;

function run(tool: string, args: string[]): void {
  const command = asRoot ? 'runuser' : join(PG_BIN, tool);
  const fullArgs = asRoot ? ['-u', 'postgres', '--', join(PG_BIN, tool), ...args] : args;
  const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

export async function startCluster(): Promise<Cluster> {
  if (!postgresAvailable()) throw new Error(MISSING_SERVER_MESSAGE);
  const dir = mkdtempSync(join(tmpdir(), 'hall-pg-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'hall', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  start();
  return {
    port,
    dir,
    url: (database = 'postgres') => `postgres://hall@127.0.0.1:${port}/${database}`,
    start,
    stop: () => {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
    stopFast: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
  };
}

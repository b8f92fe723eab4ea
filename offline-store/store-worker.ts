// The store worker: owns the one writer connection so SQLite work never blocks the UI thread.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase, type Db } from './database.js';
import { ensurePrivateDir, restrictExistingFiles } from './private-files.js';
import { StoreCore, type GroupedCall } from './store-core.js';
import { STORE_METHODS, type CallReply, type StoreEvent, type WorkerInit, type WorkerReply, type WorkerRequest } from './store-protocol.js';
import { systemClock } from '../contract/clock.js';

const port = parentPort;
if (!port) throw new Error('store-worker must run in a worker thread');
const init = workerData as WorkerInit;
const send = (reply: WorkerReply) => port.postMessage(reply);
const emit = (event: StoreEvent) => send({ kind: 'event', event });
const methods = new Set<string>(STORE_METHODS);

let db: Db;
let core: StoreCore;
try {
  ensurePrivateDir(init.dir);
  const opened = openDatabase(join(init.dir, 'terminal.db'));
  db = opened.db;
  core = new StoreCore(db, init.key, init.dir, opened.report.recovered !== undefined);
  if (opened.report.recovered) emit({ type: 'recovered-corrupt', ...opened.report.recovered });
  emit({ type: 'opened', schemaVersion: opened.report.schemaVersion, migratedFrom: opened.report.migratedFrom });
  send({ kind: 'ready', report: opened.report });
} catch (error) {
  send({ kind: 'open-failed', message: (error as Error).message, name: (error as Error).name });
  process.exit(1);
}

const backupDir = join(init.dir, 'backups');
let backupRunning: Promise<string> | null = null;

async function backupNow(): Promise<string> {
  if (backupRunning) return backupRunning;
  backupRunning = (async () => {
    ensurePrivateDir(backupDir);
    const started = performance.now();
    const target = join(backupDir, `terminal-${systemClock.iso().replace(/[:.]/g, '-')}.db`);
    await db.backup(target);
    restrictExistingFiles([target]);
    const old = readdirSync(backupDir)
      .filter((f) => f.startsWith('terminal-') && f.endsWith('.db'))
      .sort();
    for (const file of old.slice(0, Math.max(0, old.length - init.backupKeep))) rmSync(join(backupDir, file), { force: true });
    emit({ type: 'backup', path: target, ms: Math.round(performance.now() - started) });
    return target;
  })().finally(() => {
    backupRunning = null;
  });
  return backupRunning;
}

const backupTimer =
  init.backupIntervalMs > 0
    ? setInterval(() => backupNow().catch((error: Error) => emit({ type: 'backup-failed', message: error.message })), init.backupIntervalMs)
    : null;
backupTimer?.unref();

// Group commit: durable writes that arrive while a transaction is running (messages queue up while
// the worker waits for fsync) are all delivered before the next setImmediate, and share one FULL
// transaction there. Any other request first flushes the group, so requests keep their order.
const GROUPED_METHODS = new Set<string>(['commitMutation', 'putBlob'] satisfies GroupedCall['method'][]);
let group: { id: number; call: GroupedCall; arrived: number }[] = [];

port.on('message', (requests: WorkerRequest[]) => {
  for (const request of requests) {
    if (GROUPED_METHODS.has(request.method)) {
      if (group.length === 0) setImmediate(flushGroup);
      group.push({ id: request.id, call: { method: request.method, args: request.args } as GroupedCall, arrived: performance.now() });
      continue;
    }
    flushGroup();
    void handle(request);
  }
});

function flushGroup(): void {
  if (group.length === 0) return;
  const members = group;
  group = [];
  let outcomes;
  try {
    outcomes = core.commitGroup(members.map((member) => member.call));
  } catch (error) {
    // BEGIN itself failed (e.g. the database is closed): nobody's write happened.
    outcomes = members.map(() => ({ ok: false as const, error: error as Error }));
  }
  send({
    kind: 'results',
    replies: members.map((member, i): CallReply => {
      const outcome = outcomes[i]!;
      return outcome.ok
        ? { kind: 'result', id: member.id, value: outcome.value }
        : { kind: 'error', id: member.id, message: outcome.error.message, name: outcome.error.name };
    }),
  });
  // One report per group, timed from its first arrival: how long the longest-waiting caller waited.
  const ms = performance.now() - members[0]!.arrived;
  if (ms >= init.slowQueryMs) {
    const names = [...new Set(members.map((member) => member.call.method))].join('+');
    emit({ type: 'slow-query', method: members.length === 1 ? names : `${names} (group of ${members.length})`, ms: Math.round(ms * 10) / 10 });
  }
}

async function handle({ id, method, args }: WorkerRequest): Promise<void> {
  const started = performance.now();
  try {
    let value: unknown;
    if (method === 'close') {
      if (backupTimer) clearInterval(backupTimer);
      await backupRunning;
      db.close();
      value = null;
    } else if (method === 'backupNow') {
      value = await backupNow();
    } else if (methods.has(method)) {
      value = (core[method] as (...a: unknown[]) => unknown).apply(core, args);
    } else {
      throw new Error(`unknown store method ${String(method)}`);
    }
    send({ kind: 'result', id, value });
  } catch (error) {
    // Only the message travels; SQLite messages name columns, never values.
    send({ kind: 'error', id, message: (error as Error).message, name: (error as Error).name });
  }
  const ms = performance.now() - started;
  if (ms >= init.slowQueryMs) emit({ type: 'slow-query', method, ms: Math.round(ms * 10) / 10 });
  if (method === 'close') port?.close();
}

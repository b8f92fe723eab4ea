// Offline store and sync figures, each against a baseline measured in the same run:
// durable enqueue (one writer, and 16 concurrent writers sharing group commits) vs fsync'd JSON lines, drain rate to a loopback platform, and blob upload
// throughput through a throttled loopback link vs a raw transfer over that same link.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FileKeyProvider, OfflineStore, SyncEngine } from '../offline-store/index.js';
import { enrolDirect } from '../platform/test/enrolment.js';
import { startPlatform } from '../platform/server.js';
import { startFaultProxy } from '../test/helpers/fault-proxy.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const ENQUEUES = 2000;
const DRAIN = 5000;
const LINK_BYTES_PER_SECOND = 2 * 1024 * 1024;
const UPLOAD_BYTES = 6 * 1024 * 1024;
const SECRET = 'bench-admin-token-0123456789';
const person = (i: number) => ({ name: `基准${i}`, idNumber: `110105199003070${String(i % 1000).padStart(3, '0')}`, address: '基准路1号' });

async function withStore<T>(body: (store: OfflineStore, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-store-'));
  const store = await OfflineStore.open({
    dir: join(dir, 'store'),
    keyProvider: new FileKeyProvider(join(dir, 'k.key')),
    backupIntervalMs: 0,
    slowQueryMs: 10_000,
  });
  try {
    return await body(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function jsonLinesBaseline(count: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'hall-bench-jsonl-'));
  const fd = openSync(join(dir, 'outbox.jsonl'), 'a');
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    writeSync(fd, JSON.stringify({ id: i + 1, kind: 'ticket', payload: { seq: i }, personal: person(i) }) + '\n');
    fsyncSync(fd);
  }
  const rate = count / ((performance.now() - started) / 1000);
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return rate;
}

const WRITERS = 16;

/** `writers` callers each committing in a loop (await, then the next), ENQUEUES mutations in all. */
async function enqueueRate(writers: number): Promise<{ rate: number; transactions: number }> {
  return withStore(async (store) => {
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < ENQUEUES; i = next++) await store.commitMutation({ kind: 'ticket', payload: { seq: i }, personal: person(i) });
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: writers }, writer));
    const rate = ENQUEUES / ((performance.now() - started) / 1000);
    if ((await store.pendingCount()) !== ENQUEUES) throw new Error('enqueue lost mutations');
    return { rate, transactions: (await store.commitStats()).transactions };
  });
}

async function enqueueRates(): Promise<BenchResult[]> {
  const baseline = jsonLinesBaseline(ENQUEUES);
  const single = await enqueueRate(1);
  const grouped = await enqueueRate(WRITERS);
  const jsonl = { name: 'JSON lines file, fsync per write', value: Math.round(baseline) };
  return [
    {
      name: 'offline store: durable enqueue, one writer (synchronous=FULL, encrypted, via worker)',
      value: Math.round(single.rate),
      unit: 'ops/s',
      baseline: jsonl,
      ratio: single.rate / baseline,
      notes: `${ENQUEUES} mutations each; ${single.transactions} transactions`,
    },
    {
      name: `offline store: durable enqueue, ${WRITERS} concurrent writers (group commit)`,
      value: Math.round(grouped.rate),
      unit: 'ops/s',
      baseline: jsonl,
      ratio: grouped.rate / baseline,
      limit: 5 * baseline,
      withinLimit: grouped.rate >= 5 * baseline,
      notes: `${ENQUEUES} mutations; ${grouped.transactions} transactions (${(ENQUEUES / grouped.transactions).toFixed(1)} commits each); limit: 5 × the baseline`,
    },
  ];
}

async function drainRate(): Promise<BenchResult> {
  const platform = await startPlatform({ version: 'bench', adminToken: SECRET });
  try {
    const credential = await enrolDirect(platform.app, 'T-bench-drain');
    return await withStore(async (store) => {
      for (let i = 0; i < DRAIN; i++) await store.commitMutation({ kind: 'ticket', payload: { seq: i }, personal: person(i) });
      const engine = new SyncEngine({ store, platformUrl: platform.url, terminalId: 'T-bench-drain', credential, batchSize: 200 });
      const started = performance.now();
      const result = await engine.syncOnce();
      const seconds = (performance.now() - started) / 1000;
      if (!result.ok || result.pushed !== DRAIN) throw new Error(`drain incomplete: ${JSON.stringify(result)}`);
      return {
        name: 'sync: outbox drain to a loopback platform (batches of 200)',
        value: Math.round(DRAIN / seconds),
        unit: 'ops/s',
        notes: `${DRAIN} mutations`,
      } satisfies BenchResult;
    });
  } finally {
    await platform.close();
  }
}

/** Raw transfer of the same number of bytes through the same throttled proxy: the link's real bandwidth. */
async function linkBandwidth(bytes: number): Promise<number> {
  const sink = http.createServer((req, res) => req.on('data', () => undefined).on('end', () => res.end('{}')));
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (sink.address() as AddressInfo).port }, bytesPerSecond: LINK_BYTES_PER_SECOND });
  try {
    const started = performance.now();
    await (await fetch(proxy.url, { method: 'POST', body: randomBytes(bytes) })).text();
    return bytes / 1024 / 1024 / ((performance.now() - started) / 1000);
  } finally {
    await proxy.close();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
}

async function uploadThroughput(): Promise<BenchResult> {
  const baseline = await linkBandwidth(UPLOAD_BYTES);
  const platform = await startPlatform({ version: 'bench', adminToken: SECRET });
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(platform.url).port) }, bytesPerSecond: LINK_BYTES_PER_SECOND });
  try {
    const credential = await enrolDirect(platform.app, 'T-bench-blobs');
    return await withStore(async (store) => {
      const blobs: string[] = [];
      for (let i = 0; i < 6; i++) blobs.push(await store.putBlob(randomBytes(UPLOAD_BYTES / 6)));
      await store.commitMutation({ kind: 'application', payload: {}, personal: person(1), blobs });
      const engine = new SyncEngine({
        store,
        platformUrl: proxy.url,
        terminalId: 'T-bench-blobs',
        credential,
        chunkSize: 256 * 1024,
        requestTimeoutMs: 60_000,
      });
      const started = performance.now();
      const result = await engine.syncOnce();
      const value = UPLOAD_BYTES / 1024 / 1024 / ((performance.now() - started) / 1000);
      if (!result.ok) throw new Error(`upload failed: ${result.error}`);
      return {
        name: 'sync: material upload (256 KiB chunks, hash-verified) over a throttled loopback link',
        value: Math.round(value * 100) / 100,
        unit: 'MiB/s',
        baseline: { name: 'raw transfer of the same bytes over that link', value: Math.round(baseline * 100) / 100 },
        ratio: value / baseline,
        notes: `link throttled to ${LINK_BYTES_PER_SECOND / 1024 / 1024} MiB/s per direction; ${UPLOAD_BYTES / 1024 / 1024} MiB in 6 materials`,
      } satisfies BenchResult;
    });
  } finally {
    await proxy.close();
    await platform.close();
  }
}

const suite: BenchSuite = {
  title: 'Offline store and sync',
  async run() {
    return [...(await enqueueRates()), await drainRate(), await uploadThroughput()];
  },
};
export default suite;

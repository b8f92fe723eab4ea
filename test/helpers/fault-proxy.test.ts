import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../postgres/databases.js';
import { FileKeyProvider, OfflineStore, SyncEngine } from '../../offline-store/index.js';
import { findPlainText } from '../../offline-store/test/scan.js';
import { fakePerson, tempDir } from '../../offline-store/test/temp.js';
import { enrolDirect } from '../../platform/test/enrolment.js';
import { platformContext, startPlatform } from '../../platform/server.js';
import { randomFaults, startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';

let server: http.Server;
let hits = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits += 1;
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '5');
    res.end('x'.repeat(size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function withProxy(fault: Fault, body: (proxy: FaultProxy) => Promise<void>, bytesPerSecond?: number) {
  const proxy = await startFaultProxy({
    target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
    policy: () => fault,
    ...(bytesPerSecond ? { bytesPerSecond } : {}),
  });
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

describe('fault proxy', () => {
  it('passes requests through', () =>
    withProxy({ kind: 'pass' }, async (proxy) => {
      const res = await fetch(`${proxy.url}/?size=7`);
      expect(await res.text()).toBe('xxxxxxx');
      expect(proxy.counts.pass).toBeGreaterThan(0);
    }));

  it('drops the connection before the server sees the request', () =>
    withProxy({ kind: 'drop' }, async (proxy) => {
      const before = hits;
      await expect(fetch(proxy.url)).rejects.toThrow();
      expect(hits).toBe(before);
    }));

  it('answers 503 itself', () =>
    withProxy({ kind: 'http-503' }, async (proxy) => {
      const res = await fetch(proxy.url);
      expect(res.status).toBe(503);
    }));

  it('resets in the middle of a response after the server handled the request', () =>
    withProxy({ kind: 'reset-mid-response' }, async (proxy) => {
      const before = hits;
      await expect(fetch(`${proxy.url}/?size=200000`).then((r) => r.text())).rejects.toThrow();
      expect(hits).toBe(before + 1);
    }));

  it('delays a request by the chosen time', () =>
    withProxy({ kind: 'delay', ms: 150 }, async (proxy) => {
      const started = performance.now();
      await (await fetch(proxy.url)).text();
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    }));

  it('throttles a response to the configured bandwidth', () =>
    withProxy(
      { kind: 'pass' },
      async (proxy) => {
        const started = performance.now();
        const text = await (await fetch(`${proxy.url}/?size=40000`)).text();
        expect(text).toHaveLength(40000);
        expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      },
      100_000,
    ));
});

describe('sync through a faulty link', () => {
  it('reports degraded on 503, offline on dropped connections, online when the link heals', async () => {
    const { dir, cleanup } = tempDir('fault-states');
    const platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: 'admin-token-for-fault-test' });
    const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(platform.url).port) }, policy: () => ({ kind: 'http-503' }) });
    const store = await OfflineStore.open({ dir: join(dir, 'store'), keyProvider: new FileKeyProvider(join(dir, 'k.key')), backupIntervalMs: 0 });
    try {
      await store.commitMutation({ kind: 'ticket', payload: {} });
      const credential = await enrolDirect(platform.app, 'T-states');
      const engine = new SyncEngine({ store, platformUrl: proxy.url, terminalId: 'T-states', credential });
      await engine.syncOnce();
      expect(engine.state).toMatchObject({ connectivity: 'degraded', pendingCount: 1 });
      expect(engine.state.lastError).toMatch(/503/);
      proxy.setPolicy(() => ({ kind: 'drop' }));
      await engine.syncOnce();
      expect(engine.state).toMatchObject({ connectivity: 'offline', pendingCount: 1 });
      proxy.setPolicy(() => ({ kind: 'pass' }));
      await engine.syncOnce();
      expect(engine.state).toMatchObject({ connectivity: 'online', pendingCount: 0 });
      expect(engine.state.lastError).toBeUndefined();
    } finally {
      await store.close();
      await proxy.close();
      await platform.close();
      cleanup();
    }
  });

  it('delivers 5,000 mutations exactly once despite drops, delays, resets and 503s, in order but for those whose material upload failed', async () => {
    const { dir, cleanup } = tempDir('fault-sync');
    const platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: 'admin-token-for-fault-test' });
    const port = Number(new URL(platform.url).port);
    const proxy = await startFaultProxy({
      target: { host: '127.0.0.1', port },
      policy: randomFaults({ drop: 0.04, delay: 0.1, reset: 0.06, http503: 0.05 }, Math.random, 300),
    });
    const logFile = join(dir, 'terminal.log');
    const store = await OfflineStore.open({
      dir: join(dir, 'store'),
      keyProvider: new FileKeyProvider(join(dir, 'data.key')),
      backupIntervalMs: 0,
      slowQueryMs: 5,
      logger: { warn: (details, message) => appendFileSync(logFile, JSON.stringify({ message, ...details }) + '\n') },
    });
    try {
      const total = 5000;
      for (let seq = 0; seq < total; seq++) {
        const blobs = seq % 250 === 0 ? [await store.putBlob(Buffer.concat([Buffer.from(`scan ${seq} `), randomBytes(60_000)]))] : [];
        await store.commitMutation({ kind: seq % 2 ? 'status-event' : 'ticket', payload: { seq }, personal: fakePerson(seq), blobs });
      }
      const credential = await enrolDirect(platform.app, 'T-fault');
      const engine = new SyncEngine({
        store,
        platformUrl: proxy.url,
        terminalId: 'T-fault',
        credential,
        batchSize: 200,
        chunkSize: 16 * 1024,
        requestTimeoutMs: 3000,
        backoffBaseMs: 5,
        backoffMaxMs: 50,
      });
      const connectivity = new Set<string>();
      engine.onState((s) => connectivity.add(s.connectivity));
      engine.start();
      while ((await store.pendingCount()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      await engine.stop();

      const rows = await platformContext(platform.app).store.db.query<{ mutation_id: number; payload_json: string }>(
        "SELECT mutation_id, payload_json FROM mutations WHERE terminal_id = 'T-fault' ORDER BY apply_seq",
      );
      const seqs = rows.map((r) => (JSON.parse(r.payload_json) as { seq: number }).seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      // A mutation whose material upload failed waits behind the others with a fresh push id; the
      // rest keep their order, and push ids rise in the order the platform applied them.
      expect(seqs.filter((seq) => seq % 250 !== 0)).toEqual(Array.from({ length: total }, (_, i) => i).filter((seq) => seq % 250 !== 0));
      const ids = rows.map((r) => r.mutation_id);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect(proxy.counts.drop + proxy.counts['reset-mid-response'] + proxy.counts['http-503']).toBeGreaterThan(5);
      expect(proxy.counts['reset-mid-response']).toBeGreaterThan(0);
      expect(connectivity.has('online')).toBe(true);
      expect(connectivity.has('offline') || connectivity.has('degraded')).toBe(true);

      const needles = Array.from({ length: total }, (_, i) => fakePerson(i)).flatMap((p) => [p.name, p.idNumber]);
      // Scanned open (WAL present) and closed (checkpointed), with the log the store wrote.
      expect(existsSync(join(dir, 'store', 'terminal.db-wal'))).toBe(true);
      expect(existsSync(logFile)).toBe(true);
      expect(findPlainText(dir, needles)).toEqual([]);
      await store.close();
      expect(findPlainText(dir, needles)).toEqual([]);
    } finally {
      await store.close();
      await proxy.close();
      await platform.close();
      cleanup();
    }
  }, 120_000);
});

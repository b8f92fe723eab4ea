import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { SyncState } from '../../contract/sync.js';
import { uploadBlob } from '../sync/blob-upload.js';
import { SyncEngine, type SyncEngineOptions } from '../sync/engine.js';
import { PlatformClient } from '../sync/platform-client.js';
import type { OfflineStore } from '../store.js';
import { startPlatformProcess, type PlatformProcess } from '../../test/helpers/platform-process.js';
import { ensureCredential, forgetCredential } from '../sync/credentials.js';
import { fakePerson, openTestStore, tempDir } from './temp.js';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let platform: PlatformProcess;
let platformDir: { dir: string; cleanup(): void };
let terminalSeq = 0;
beforeAll(async () => {
  platformDir = tempDir('platform');
  platform = await startPlatformProcess(platformDir.dir);
});
afterAll(async () => {
  await platform.stop();
  platformDir.cleanup();
});

let dir: string;
let cleanup: () => void;
let store: OfflineStore;
let terminalId: string;
let credential: string;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir('sync'));
  store = await openTestStore(dir);
  terminalId = `T-sync-${++terminalSeq}`;
  credential = await platform.register(terminalId);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

const engineFor = (extra: Partial<SyncEngineOptions> = {}) =>
  new SyncEngine({ store, platformUrl: platform.url, terminalId, credential, backoffBaseMs: 10, backoffMaxMs: 50, ...extra });
const applied = () =>
  platform.query<{ mutation_id: number; kind: string; status: string; payload_json: string }>(
    'SELECT mutation_id, kind, status, payload_json FROM mutations WHERE terminal_id = ? ORDER BY apply_seq',
    terminalId,
  );

describe('SyncEngine', () => {
  it('pushes applications with materials, uploads the blobs first, and reports online with nothing pending', async () => {
    const states: SyncState[] = [];
    const sha = await store.putBlob(randomBytes(700_000));
    for (let i = 0; i < 5; i++) await store.commitMutation({ kind: 'application', payload: { seq: i }, personal: fakePerson(i), blobs: [sha] });
    const engine = engineFor({ chunkSize: 256 * 1024, batchSize: 2 });
    engine.onState((s) => states.push(s));
    const result = await engine.syncOnce();
    expect(result).toMatchObject({ ok: true, pushed: 5, parked: 0 });
    expect((await applied()).map((m) => JSON.parse(m.payload_json).seq)).toEqual([0, 1, 2, 3, 4]);
    expect((await platform.query<{ verified_at: string | null }>('SELECT verified_at FROM blobs WHERE sha256 = ?', sha))[0]?.verified_at).not.toBeNull();
    expect(engine.state).toMatchObject({ connectivity: 'online', pendingCount: 0 });
    expect(engine.state.lastSyncAt).not.toBeNull();
    expect(states.at(-1)).toEqual(engine.state);
    expect(await store.pendingCount()).toBe(0);
  });

  it('parks a mutation rejected for a business reason and delivers the ones after it', async () => {
    await store.commitMutation({ kind: 'ticket', payload: { seq: 0 } });
    const bad = await store.commitMutation({ kind: 'unheard-of', payload: { seq: 1 } });
    await store.commitMutation({ kind: 'ticket', payload: { seq: 2 } });
    const result = await engineFor().syncOnce();
    expect(result).toMatchObject({ ok: true, pushed: 2, parked: 1 });
    expect(await store.listParked()).toEqual([
      expect.objectContaining({ mutationId: bad.mutationId, kind: 'unheard-of', reason: "unknown mutation kind 'unheard-of'" }),
    ]);
    expect(await store.pendingCount()).toBe(0);
    expect((await applied()).filter((m) => m.status === 'applied')).toHaveLength(2);
  });

  it('pulls datasets from its checkpoint, storing the checkpoint with the data', async () => {
    await platform.seed('config', [
      { key: 'hall', value: { name: 'A' } },
      { key: 'queue', value: 3 },
    ]);
    const engine = engineFor({ datasets: ['config'] });
    expect((await engine.syncOnce()).pulled).toBe(2);
    const checkpoint = await store.getCheckpoint('config');
    expect(checkpoint).toBeGreaterThan(0);
    await platform.seed('config', [
      { key: 'queue', value: 4 },
      { key: 'hall', value: null, deleted: true },
    ]);
    expect((await engine.syncOnce()).pulled).toBe(2);
    expect(await store.getDataset('config')).toEqual([{ key: 'queue', value: 4, version: expect.any(Number) }]);
    expect(await store.getCheckpoint('config')).toBeGreaterThan(checkpoint);
    expect((await engine.syncOnce()).pulled).toBe(0);
  });

  it('reports offline when the platform is unreachable and recovers on nudge', async () => {
    await store.commitMutation({ kind: 'ticket', payload: {} });
    const dead = engineFor({ platformUrl: 'http://127.0.0.1:9' });
    const result = await dead.syncOnce();
    expect(result.ok).toBe(false);
    expect(dead.state).toMatchObject({ connectivity: 'offline', pendingCount: 1, lastSyncAt: null });
    const engine = engineFor({ pollIntervalMs: 60_000 });
    const online = new Promise<SyncState>((resolve) => engine.onState((s) => s.connectivity === 'online' && s.pendingCount === 0 && resolve(s)));
    engine.start();
    engine.nudge();
    expect((await online).lastError).toBeUndefined();
    await engine.stop();
  });

  it('wakes when a mutation is committed while idle and online', async () => {
    const engine = engineFor({ pollIntervalMs: 60_000 });
    const states: SyncState[] = [];
    engine.onState((s) => states.push(s));
    engine.start();
    while (engine.state.connectivity !== 'online') await new Promise((resolve) => setTimeout(resolve, 10));
    await store.commitMutation({ kind: 'ticket', payload: { late: 1 } });
    while ((await applied()).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.stop();
    expect(states.some((s) => s.pendingCount === 1)).toBe(true);
    expect(engine.state.pendingCount).toBe(0);
  });

  it('reports degraded with a clear error when the platform refuses a revoked terminal', async () => {
    await store.commitMutation({ kind: 'ticket', payload: {} });
    await platform.revoke(terminalId);
    const engine = engineFor();
    expect((await engine.syncOnce()).ok).toBe(false);
    expect(engine.state).toMatchObject({ connectivity: 'degraded', pendingCount: 1, lastError: 'platform refused this terminal (not registered or revoked)' });
  });

  it('resumes a broken upload from the offset the platform confirmed', async () => {
    const bytes = randomBytes(300_000);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const offsets: number[] = [];
    let puts = 0;
    const flaky: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      if (init?.method === 'PUT') {
        offsets.push(Number(url.searchParams.get('offset')));
        if (++puts === 3) throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    const client = new PlatformClient({ baseUrl: platform.url, terminalId, credential, requestTimeoutMs: 5000, fetch: flaky });
    await expect(uploadBlob(client, sha, bytes, 100_000)).rejects.toThrow();
    await uploadBlob(client, sha, bytes, 100_000);
    expect(offsets).toEqual([0, 100_000, 200_000, 200_000]);
    expect((await platform.query<{ verified_at: string | null }>('SELECT verified_at FROM blobs WHERE sha256 = ?', sha))[0]?.verified_at).not.toBeNull();
  });

  it('raises its mutation ids above what the platform already applied for this terminal', async () => {
    const otherDir = tempDir('other');
    const other = await openTestStore(otherDir.dir);
    for (let i = 0; i < 3; i++) await other.commitMutation({ kind: 'ticket', payload: {} });
    await new SyncEngine({ store: other, platformUrl: platform.url, terminalId, credential }).syncOnce();
    await other.close();
    otherDir.cleanup();
    // A replacement database (e.g. after recovery) must not reuse ids 1..3, or they would be dropped as duplicates.
    await store.commitMutation({ kind: 'ticket', payload: { late: true } });
    const engine = engineFor();
    await engine.syncOnce();
    await store.commitMutation({ kind: 'ticket', payload: { after: true } });
    expect((await engine.syncOnce()).pushed).toBe(1);
    expect((await applied()).map((m) => JSON.parse(m.payload_json))).toContainEqual({ after: true });
  });
});

describe('ensureCredential', () => {
  it('enrols once with its one-time code, keeps the credential sealed in the store and reuses it; the used code enrols nobody again', async () => {
    const terminalId = `T-cred-${terminalSeq}`;
    const options = { platformUrl: platform.url, terminalId, enrolmentCode: await platform.provision(terminalId) };
    const first = await ensureCredential(store, options);
    expect(await ensureCredential(store, { ...options, enrolmentCode: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' })).toBe(first);
    await store.commitMutation({ kind: 'ticket', payload: {} });
    expect((await new SyncEngine({ store, platformUrl: platform.url, terminalId: options.terminalId, credential: first }).syncOnce()).ok).toBe(true);
    await forgetCredential(store, options.terminalId);
    await expect(ensureCredential(store, options)).rejects.toThrow(/401/);
  });
});

describe('SyncEngine with damaged local materials', () => {
  it('parks a mutation whose material is unreadable on disk and delivers the others', async () => {
    const good = await store.putBlob(Buffer.from('good scan'));
    const blobFiles = () =>
      new Set(
        readdirSync(join(dir, 'store', 'blobs'), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.blob')),
      );
    const before = blobFiles();
    const damaged = await store.putBlob(Buffer.from('scan that will be damaged'));
    // Files are named by a keyed hash: the damaged one is the file this putBlob added.
    const damagedFile = [...blobFiles()].find((f) => !before.has(f))!;
    await store.commitMutation({ kind: 'application', payload: { seq: 0 }, blobs: [good] });
    const lost = await store.commitMutation({ kind: 'application', payload: { seq: 1 }, blobs: [damaged] });
    await store.commitMutation({ kind: 'application', payload: { seq: 2 } });
    const file = join(dir, 'store', 'blobs', damagedFile);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const result = await engineFor().syncOnce();
    expect(result).toMatchObject({ ok: true, pushed: 2, parked: 1 });
    expect(await store.listParked()).toEqual([expect.objectContaining({ mutationId: lost.mutationId, reason: 'material unreadable on this terminal' })]);
    expect((await applied()).map((m) => JSON.parse(m.payload_json).seq)).toEqual([0, 2]);
  });
});

// The sync engine against a fault-injecting proxy (real HTTP on loopback) that keeps failing one
// material's upload: every other application still arrives, exactly once, and the held ones follow
// once the link lets the material through.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncState } from '../../contract/sync.js';
import type { OfflineStore } from '../../offline-store/store.js';
import { SyncEngine } from '../../offline-store/sync/engine.js';
import { startPlatformProcess, type PlatformProcess } from '../helpers/platform-process.js';
import { fakePerson, openTestStore, tempDir } from '../../offline-store/test/temp.js';
import { startFaultProxy, type Fault, type FaultProxy } from '../helpers/fault-proxy.js';

let platform: PlatformProcess;
let proxy: FaultProxy;
const platformDir = tempDir('faults-platform');
const terminalDir = tempDir('faults-terminal');
beforeAll(async () => {
  platform = await startPlatformProcess(platformDir.dir);
  proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: Number(new URL(platform.url).port) } });
});
afterAll(async () => {
  await proxy.close();
  await platform.stop();
  platformDir.cleanup();
  terminalDir.cleanup();
});

const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 3000; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('sync with one material that keeps failing to upload', () => {
  it('pushes every application whose materials are through, retries the stuck one on its own back-off, and delivers each exactly once', async () => {
    const terminalId = 'T-material-faults';
    const credential = await platform.register(terminalId);
    const store: OfflineStore = await openTestStore(terminalDir.dir);
    const stuck = await store.putBlob(randomBytes(40_000));
    const application = async (seq: number, blobs: string[]) =>
      (await store.commitMutation({ kind: 'application', payload: { seq }, personal: fakePerson(seq), blobs })).mutationId;
    const ids = {
      a: await application(0, [stuck]),
      b: await application(1, [await store.putBlob(randomBytes(30_000))]),
      c: (await store.commitMutation({ kind: 'ticket', payload: { seq: 2 } })).mutationId,
      d: await application(3, [await store.putBlob(randomBytes(20_000))]),
      e: await application(4, [stuck]),
    };

    // Every upload of the stuck material fails, alternately as a dropped connection and as a 503.
    let refused = 0;
    const refuseStuck = (chunk: Buffer): Fault => {
      if (!chunk.subarray(0, 200).toString('latin1').startsWith('PUT ') || !chunk.subarray(0, 200).toString('latin1').includes(stuck)) return { kind: 'pass' };
      refused += 1;
      return refused % 2 === 0 ? { kind: 'http-503' } : { kind: 'drop' };
    };
    proxy.setPolicy(refuseStuck);
    const engine = new SyncEngine({
      store,
      platformUrl: proxy.url,
      terminalId,
      credential,
      backoffBaseMs: 10,
      backoffMaxMs: 40,
      pollIntervalMs: 60_000,
      requestTimeoutMs: 5_000,
    });
    const states: SyncState[] = [];
    engine.onState((state) => states.push(state));
    const arrived = () =>
      platform.query<{ mutation_id: number; payload_json: string }>(
        'SELECT mutation_id, payload_json FROM mutations WHERE terminal_id = ? ORDER BY apply_seq',
        terminalId,
      );
    const seqs = async () => (await arrived()).map((row) => (JSON.parse(row.payload_json) as { seq: number }).seq);
    engine.start();

    await until(async () => (await seqs()).length === 3 && refused >= 4, 'the applications without the stuck material, and repeated retries');
    expect(await seqs()).toEqual([1, 2, 3]);
    expect(states.at(-1)).toMatchObject({ connectivity: 'degraded', pendingCount: 2 });
    expect(states.at(-1)?.lastError).toMatch(/material/);

    // A new application is not held up by the stuck one either.
    const late = await application(5, [await store.putBlob(randomBytes(10_000))]);
    await until(async () => (await seqs()).includes(5), 'the application committed while the material was stuck');
    expect((await seqs()).filter((seq) => seq === 0 || seq === 4)).toEqual([]);

    // The link lets the material through: the two held applications follow, exactly once.
    proxy.setPolicy(() => ({ kind: 'pass' }));
    await until(async () => (await store.pendingCount()) === 0, 'the held applications');
    await engine.stop();

    const rows = await arrived();
    expect((await seqs()).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    // Push ids rise in the order the platform applied them: none was taken for a duplicate.
    expect(rows.map((row) => row.mutation_id)).toEqual([...rows.map((row) => row.mutation_id)].sort((x, y) => x - y));
    // Local mutation ids stay what the host was given.
    for (const id of [...Object.values(ids), late]) expect((await store.getRecord(id))?.state).toBe('acked');
    expect((await platform.query<{ verified_at: string | null }>('SELECT verified_at FROM blobs WHERE sha256 = ?', stuck))[0]?.verified_at).not.toBeNull();
    expect(engine.state).toMatchObject({ connectivity: 'online', pendingCount: 0 });
    await store.close();
  }, 60_000);
});

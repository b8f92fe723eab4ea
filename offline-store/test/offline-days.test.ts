// A village proxy point may be offline for days: the retention purge must never touch a package the
// platform has not confirmed, however far the clock moves, and what waits stays encrypted at rest.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from './temp.js';

const DAY = 86_400_000;
const RETENTION = 7 * DAY;
const VILLAGER = { name: '测试村民甲', idNumber: '33010619400201123X', phone: '13900001111', address: '测试省测试村12号' };

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('offline-days')));
afterEach(() => cleanup());

describe('a package waiting in the outbox for days', () => {
  it('survives every purge while unsynced, is pushed once, and is purged only after confirmation plus retention', async () => {
    const store = await openTestStore(dir);
    const files = ['form', 'material', 'signature', 'authorisation'].map((role) => Buffer.from(`${role}: ${VILLAGER.name} ${VILLAGER.idNumber}`));
    const shas = await Promise.all(files.map((bytes) => store.putBlob(bytes)));
    const { mutationId } = await store.commitMutation({
      kind: 'application',
      payload: { serviceCode: 'HT1', trackingCode: 'X' },
      personal: VILLAGER,
      blobs: shas,
    });
    const start = Date.now();

    for (const days of [1, 3, 8, 30, 400]) {
      expect(await store.purgeConfirmed(RETENTION, start + days * DAY)).toEqual({ records: 0, blobs: 0 });
      expect(await store.getRecord(mutationId)).toMatchObject({ state: 'pending', purged: false, personal: VILLAGER });
      for (const [i, sha] of shas.entries()) expect(await store.readBlob(sha)).toEqual(files[i]);
    }

    // Encrypted at rest: neither the database nor the material files hold the villager's name or number.
    const storeDir = join(dir, 'store');
    const onDisk = [
      ...readdirSync(storeDir)
        .filter((f) => f.startsWith('terminal.db'))
        .map((f) => readFileSync(join(storeDir, f))),
      ...readdirSync(join(storeDir, 'blobs'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name))),
    ];
    for (const bytes of onDisk) {
      expect(bytes.includes(Buffer.from(VILLAGER.name))).toBe(false);
      expect(bytes.includes(Buffer.from(VILLAGER.idNumber))).toBe(false);
    }

    // The link returns after a month: one batch holds the package once, with its data and every file.
    const batch = await store.nextPushBatch(100);
    expect(batch.filter((m) => m.mutationId === mutationId)).toHaveLength(1);
    expect(batch[0]).toMatchObject({ personal: VILLAGER, blobs: [...shas].sort() });
    await store.applyPushResults([{ mutationId, outcome: 'applied' }]);
    // A repeated acknowledgement (a retried push) changes nothing; nothing is left to push.
    expect(await store.applyPushResults([{ mutationId, outcome: 'duplicate' }])).toEqual({ acked: 0, parked: 0 });
    expect(await store.nextPushBatch(100)).toEqual([]);

    // Confirmed now: kept for the retention window, then purged.
    const ackedAt = Date.now();
    expect(await store.purgeConfirmed(RETENTION, ackedAt + 6 * DAY)).toEqual({ records: 0, blobs: 0 });
    expect(await store.purgeConfirmed(RETENTION, ackedAt + 8 * DAY)).toEqual({ records: 1, blobs: shas.length });
    expect(await store.getRecord(mutationId)).toMatchObject({ state: 'acked', purged: true, personal: null });
    await store.close();
  });

  it('keeps a package the platform refused (parked) with its data, for the agent to resolve', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('material'));
    const { mutationId } = await store.commitMutation({ kind: 'application', payload: { serviceCode: 'HT1' }, personal: VILLAGER, blobs: [sha] });
    await store.applyPushResults([{ mutationId, outcome: 'rejected', reason: 'service is not in the catalog' }]);
    expect(await store.purgeConfirmed(RETENTION, Date.now() + 60 * DAY)).toEqual({ records: 0, blobs: 0 });
    expect(await store.getRecord(mutationId)).toMatchObject({ state: 'parked', personal: VILLAGER });
    expect(await store.listParked()).toMatchObject([{ mutationId, reason: 'service is not in the catalog' }]);
    await store.close();
  });
});

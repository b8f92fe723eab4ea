import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { sha256Hex } from '../blob-files.js';
import { FileKeyProvider } from '../crypto.js';
import { openDatabase } from '../database.js';
import { StoreCore, type GroupedCall } from '../store-core.js';
import { fakePerson, openTestStore, tempDir } from './temp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('group')));
afterEach(() => cleanup());

const UNKNOWN_BLOB = 'f'.repeat(64);

describe('group commit in StoreCore', () => {
  it('commits calls that arrived together in one transaction; a failing call is rolled back alone', async () => {
    const { db } = openDatabase(join(dir, 'terminal.db'));
    const core = new StoreCore(db, await new FileKeyProvider(join(dir, 'data.key')).getKey(), dir, false);
    const scan = Buffer.from('scan of a household register');
    const calls: GroupedCall[] = [
      { method: 'commitMutation', args: [{ kind: 'ticket', payload: { n: 0 } }] },
      { method: 'putBlob', args: [scan] },
      // The material stored a moment earlier in the same group is already visible here.
      { method: 'commitMutation', args: [{ kind: 'application', payload: { n: 1 }, personal: fakePerson(1), blobs: [sha256Hex(scan)] }] },
      { method: 'commitMutation', args: [{ kind: 'application', payload: { n: 2 }, blobs: [UNKNOWN_BLOB] }] },
      { method: 'commitMutation', args: [{ kind: 'ticket', payload: { n: 3 } }] },
    ];
    const outcomes = core.commitGroup(calls);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true]);
    expect(outcomes[1]).toEqual({ ok: true, value: sha256Hex(scan) });
    expect(outcomes[3]!.ok === false && outcomes[3]!.error.message).toMatch(/not stored/);
    // The failed call left no record and took no mutation id: the others are numbered without a gap.
    const ids = outcomes.flatMap((o) => (o.ok && typeof o.value === 'object' ? [o.value.mutationId] : []));
    expect(ids).toEqual([ids[0], ids[0]! + 1, ids[0]! + 2]);
    expect(core.pendingCount()).toBe(3);
    expect(core.countRecords('application')).toBe(1);
    expect(core.getRecord(ids[1]!)).toMatchObject({ personal: fakePerson(1), blobs: [sha256Hex(scan)] });
    expect(core.commitStats()).toEqual({ transactions: 1, calls: 5, largest: 5 });
    db.close();
  });

  it('runs the group again with a savepoint per call when a write fails after its checks, so only that call fails', async () => {
    const { db } = openDatabase(join(dir, 'terminal.db'));
    const core = new StoreCore(db, await new FileKeyProvider(join(dir, 'data.key')).getKey(), dir, false);
    const outcomes = core.commitGroup([
      { method: 'commitMutation', args: [{ kind: 'ticket', payload: { n: 0 } }] },
      // Passes the material check, then fails while writing: a payload JSON cannot hold.
      { method: 'commitMutation', args: [{ kind: 'ticket', payload: { n: 10n } }] },
      { method: 'commitMutation', args: [{ kind: 'ticket', payload: { n: 2 } }] },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]!.ok === false && outcomes[1]!.error.message).toMatch(/BigInt/);
    const ids = outcomes.flatMap((o) => (o.ok && typeof o.value === 'object' ? [o.value.mutationId] : []));
    expect(ids).toEqual([ids[0], ids[0]! + 1]);
    expect(ids.map((id) => core.getRecord(id)?.payload)).toEqual([{ n: 0 }, { n: 2 }]);
    expect(core.pendingCount()).toBe(2);
    expect(core.commitStats()).toEqual({ transactions: 1, calls: 3, largest: 3 });
    // The next single commit continues the sequence.
    expect(core.commitMutation({ kind: 'ticket', payload: {} }).mutationId).toBe(ids[1]! + 1);
    db.close();
  });
});

describe('group commit through the store worker', () => {
  it('answers every concurrent caller with its own outcome, in fewer transactions than calls, and keeps every write', async () => {
    const store = await openTestStore(dir);
    const writers = Array.from({ length: 64 }, (_, i) =>
      i % 16 === 5
        ? store.commitMutation({ kind: 'application', payload: { n: i }, blobs: [UNKNOWN_BLOB] })
        : store.commitMutation({ kind: 'application', payload: { n: i }, personal: fakePerson(i) }),
    );
    const settled = await Promise.allSettled(writers);
    const rejected = settled.flatMap((s, i) => (s.status === 'rejected' ? [i] : []));
    expect(rejected).toEqual([5, 21, 37, 53]);
    const ids = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.mutationId] : []));
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const stats = await store.commitStats();
    expect(stats.calls).toBe(64);
    expect(stats.transactions).toBeLessThan(64);
    await store.close();

    const reopened = await openTestStore(dir);
    expect(await reopened.pendingCount()).toBe(60);
    for (const [i, id] of ids.entries()) {
      const record = await reopened.getRecord(id);
      const n = record?.payload.n as number;
      expect(n % 16).not.toBe(5);
      expect(record?.personal).toEqual(fakePerson(n));
      if (i > 0) expect(n).toBeGreaterThan((await reopened.getRecord(ids[i - 1]!))?.payload.n as number);
    }
    await reopened.close();
  });

  it('keeps the order of requests sent without waiting: a material, the mutation naming it, then a read', async () => {
    const store = await openTestStore(dir);
    const scan = Buffer.from('photo of a marriage certificate');
    const stored = store.putBlob(scan);
    const committed = store.commitMutation({ kind: 'application', payload: {}, blobs: [sha256Hex(scan)] });
    const pending = store.pendingCount();
    expect(await stored).toBe(sha256Hex(scan));
    expect((await committed).mutationId).toBeGreaterThan(0);
    expect(await pending).toBe(1);
    await store.close();
  });
});

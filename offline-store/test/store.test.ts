import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BlobFiles } from '../blob-files.js';
import { FileKeyProvider, KeyFileError } from '../crypto.js';
import { MIGRATIONS } from '../migrations.js';
import type { StoreEvent } from '../store-protocol.js';
import { fakePerson, openTestStore, tempDir } from './temp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('store')));
afterEach(() => cleanup());

describe('OfflineStore', () => {
  it('migrates a new database to the latest schema version and reopens without re-running steps', async () => {
    const events: StoreEvent[] = [];
    const store = await openTestStore(dir, { onEvent: (e) => events.push(e) });
    expect(await store.schemaVersion()).toBe(MIGRATIONS.at(-1)?.version);
    expect(store.openReport.migratedFrom).toBe(0);
    await store.close();
    const again = await openTestStore(dir);
    expect(again.openReport.migratedFrom).toBe(MIGRATIONS.at(-1)?.version);
    await again.close();
    expect(events.some((e) => e.type === 'opened')).toBe(true);
  });

  it('upgrades a database left at schema version 1 and keeps its rows', async () => {
    const store = await openTestStore(dir);
    await store.commitMutation({ kind: 'ticket', payload: { queue: 'A' } });
    await store.close();
    const db = new Database(join(dir, 'store', 'terminal.db'));
    db.exec('DROP TABLE secrets; DROP TABLE dataset_items; DROP TABLE checkpoints; DROP INDEX outbox_by_push_id; ALTER TABLE outbox DROP COLUMN push_id;');
    db.pragma('user_version = 1');
    db.close();
    const reopened = await openTestStore(dir);
    expect(reopened.openReport.migratedFrom).toBe(1);
    expect(await reopened.pendingCount()).toBe(1);
    await reopened.applyPull('catalog', [{ key: 'S1', value: { n: 1 }, version: 1 }], 1);
    expect(await reopened.getCheckpoint('catalog')).toBe(1);
    await reopened.close();
  });

  it('numbers mutations strictly increasing and returns personal data decrypted', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('scan of an ID card'));
    const a = await store.commitMutation({ kind: 'application', payload: { serviceCode: 'S1' }, personal: fakePerson(1), blobs: [sha] });
    const b = await store.commitMutation({ kind: 'evaluation', payload: { score: 5 } });
    expect(b.mutationId).toBe(a.mutationId + 1);
    expect(a.idempotencyKey).not.toBe(b.idempotencyKey);
    const record = await store.getRecord(a.mutationId);
    expect(record?.personal).toEqual(fakePerson(1));
    expect(record?.blobs).toEqual([sha]);
    expect((await store.readBlob(sha)).toString()).toBe('scan of an ID card');
    expect(await store.pendingCount()).toBe(2);
    await store.close();
  });

  it('refuses a mutation naming a blob it does not hold, and commits nothing', async () => {
    const store = await openTestStore(dir);
    await expect(store.commitMutation({ kind: 'application', payload: {}, blobs: ['0'.repeat(64)] })).rejects.toThrow(/not stored/);
    expect(await store.pendingCount()).toBe(0);
    await store.close();
  });

  it('keeps personal data and materials out of the database and blob files in plain text', async () => {
    const store = await openTestStore(dir);
    const person = fakePerson(7);
    const sha = await store.putBlob(Buffer.from(`material for ${person.name} ${person.idNumber}`));
    await store.commitMutation({ kind: 'application', payload: { serviceCode: 'S1' }, personal: person, blobs: [sha] });
    await store.setSecret('credential', 'very-secret-credential-value');
    await store.close();
    const files = listFiles(join(dir, 'store'));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      const text = readFileSync(file).toString('utf8');
      for (const needle of [person.idNumber, person.name, 'very-secret-credential-value']) expect(text).not.toContain(needle);
    }
  });

  it('moves a corrupt database aside, reports it and starts a fresh one with ids above the old ones', async () => {
    const store = await openTestStore(dir);
    const first = await store.commitMutation({ kind: 'ticket', payload: {} });
    await store.close();
    const dbPath = join(dir, 'store', 'terminal.db');
    const bytes = readFileSync(dbPath);
    bytes.fill(0x5a, 0, 4096);
    writeFileSync(dbPath, bytes);
    const events: StoreEvent[] = [];
    const reopened = await openTestStore(dir, { onEvent: (e) => events.push(e) });
    expect(events.find((e) => e.type === 'recovered-corrupt')).toMatchObject({ restoredFrom: null });
    expect(reopened.openReport.recovered?.movedTo[0]).toMatch(/terminal\.db\.corrupt-\d{4}-/);
    for (const moved of reopened.openReport.recovered?.movedTo ?? []) expect(existsSync(moved)).toBe(true);
    expect(await reopened.pendingCount()).toBe(0);
    const next = await reopened.commitMutation({ kind: 'ticket', payload: {} });
    expect(next.mutationId).toBeGreaterThan(first.mutationId + 1_000_000);
    await reopened.close();
  });

  it('restores the newest sound backup when the database is corrupt, keeping its pending mutations', async () => {
    const store = await openTestStore(dir);
    const first = await store.commitMutation({ kind: 'ticket', payload: { n: 1 }, personal: fakePerson(1) });
    await store.backupNow();
    await store.commitMutation({ kind: 'ticket', payload: { n: 2 } });
    await store.close();
    const dbPath = join(dir, 'store', 'terminal.db');
    writeFileSync(dbPath, Buffer.alloc(8192, 0x33));
    const reopened = await openTestStore(dir);
    expect(reopened.openReport.recovered?.restoredFrom).toMatch(/backups\/terminal-.*\.db$/);
    expect(await reopened.pendingCount()).toBe(1);
    expect((await reopened.getRecord(first.mutationId))?.personal).toEqual(fakePerson(1));
    expect((await reopened.commitMutation({ kind: 'ticket', payload: {} })).mutationId).toBeGreaterThan(1_000_000);
    await reopened.close();
  });

  it('logs slow calls with the method name and duration only', async () => {
    const warnings: { details: Record<string, unknown>; message: string }[] = [];
    const store = await openTestStore(dir, { slowQueryMs: 0, logger: { warn: (details, message) => warnings.push({ details, message }) } });
    await store.commitMutation({ kind: 'application', payload: {}, personal: fakePerson(3) });
    await store.close();
    const slow = warnings.find((w) => w.details.method === 'commitMutation');
    expect(slow?.message).toBe('slow store call');
    expect(typeof slow?.details.ms).toBe('number');
    expect(JSON.stringify(warnings)).not.toContain(fakePerson(3).idNumber);
  });

  it('purges personal columns and blob files once confirmed records pass the retention window', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('photo bytes'));
    const kept = await store.commitMutation({ kind: 'application', payload: { n: 1 }, personal: fakePerson(1), blobs: [sha] });
    const pending = await store.commitMutation({ kind: 'application', payload: { n: 2 }, personal: fakePerson(2) });
    await store.applyPushResults([{ mutationId: kept.mutationId, outcome: 'applied' }]);
    const hour = 3_600_000;
    expect(await store.purgeConfirmed(hour)).toEqual({ records: 0, blobs: 0 });
    expect(await store.purgeConfirmed(hour, Date.now() + 2 * hour)).toEqual({ records: 1, blobs: 1 });
    const purged = await store.getRecord(kept.mutationId);
    expect(purged).toMatchObject({ personal: null, purged: true, state: 'acked', payload: { n: 1 } });
    await expect(store.readBlob(sha)).rejects.toThrow();
    expect((await store.getRecord(pending.mutationId))?.personal).toEqual(fakePerson(2));
    await store.close();
  });

  it('purges material files a crash left without a database row', async () => {
    const store = await openTestStore(dir);
    await store.close();
    const stray = new BlobFiles(join(dir, 'store', 'blobs'), await new FileKeyProvider(join(dir, 'data.key')).getKey());
    const sha = stray.write(Buffer.from('written just before a crash'));
    const reopened = await openTestStore(dir);
    expect(await reopened.purgeConfirmed(3_600_000)).toEqual({ records: 0, blobs: 0 });
    expect(await reopened.purgeConfirmed(3_600_000, Date.now() + 7_200_000)).toEqual({ records: 0, blobs: 1 });
    expect(stray.has(sha)).toBe(false);
    await reopened.close();
  });

  it('takes an online backup that opens as a valid database', async () => {
    const store = await openTestStore(dir, { backupKeep: 1 });
    await store.commitMutation({ kind: 'ticket', payload: { queue: 'B' } });
    const path = await store.backupNow();
    await store.backupNow();
    await store.close();
    expect(readdirSync(join(dir, 'store', 'backups'))).toHaveLength(1);
    const db = new Database(readdirSync(join(dir, 'store', 'backups')).map((f) => join(dir, 'store', 'backups', f))[0] ?? path, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(1);
    db.close();
  });
});

describe('FileKeyProvider', () => {
  it('creates a 32-byte key file with mode 0600 and returns the same key next time', async () => {
    const path = join(dir, 'k.key');
    const key = await new FileKeyProvider(path).getKey();
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await new FileKeyProvider(path).getKey()).equals(Buffer.from(key))).toBe(true);
  });

  it.each([0o640, 0o604, 0o666])('refuses a key file with mode %o', async (mode) => {
    const path = join(dir, 'k.key');
    await new FileKeyProvider(path).getKey();
    chmodSync(path, mode);
    await expect(new FileKeyProvider(path).getKey()).rejects.toBeInstanceOf(KeyFileError);
  });

  it('refuses a key file of the wrong length', async () => {
    const path = join(dir, 'short.key');
    writeFileSync(path, Buffer.alloc(16), { mode: 0o600 });
    await expect(new FileKeyProvider(path).getKey()).rejects.toThrow(/32 bytes/);
  });
});

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
}

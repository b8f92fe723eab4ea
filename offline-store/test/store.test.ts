import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
    // Back to schema 1's shape: the payload in clear, no keyed blob tables.
    db.exec(
      `DROP TABLE record_blob_files; DROP TABLE blob_files; UPDATE records SET payload_json = '{"queue":"A"}'; ALTER TABLE records DROP COLUMN payload_enc;`,
    );
    db.pragma('user_version = 1');
    db.close();
    const reopened = await openTestStore(dir);
    expect(reopened.openReport.migratedFrom).toBe(1);
    expect(await reopened.pendingCount()).toBe(1);
    expect((await reopened.nextPushBatch(10))[0]?.payload).toEqual({ queue: 'A' });
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
    // Found again by its idempotency key (a case id), as a reprint after a restart does.
    expect(await store.getRecordByKey(a.idempotencyKey)).toMatchObject({ mutationId: a.mutationId, personal: fakePerson(1) });
    expect(await store.getRecordByKey('no-such-key')).toBeNull();
    await store.close();
  });

  it('finds the newest record of a kind by a field of its sealed payload, after a restart, within the latest records asked for', async () => {
    let store = await openTestStore(dir);
    const first = await store.commitMutation({ kind: 'help-request', payload: { requestId: 'r-1' } });
    await store.commitMutation({ kind: 'application', payload: { requestId: 'r-2' } });
    const second = await store.commitMutation({ kind: 'help-request', payload: { requestId: 'r-2' } });
    await store.close();
    store = await openTestStore(dir);
    expect(await store.findRecordByPayload('help-request', 'requestId', 'r-1')).toMatchObject({ mutationId: first.mutationId, state: 'pending' });
    expect(await store.findRecordByPayload('help-request', 'requestId', 'r-2')).toMatchObject({ mutationId: second.mutationId });
    // Only the latest `within` records of the kind are looked at; another kind's record never answers.
    expect(await store.findRecordByPayload('help-request', 'requestId', 'r-1', 1)).toBeNull();
    expect(await store.findRecordByPayload('application', 'requestId', 'r-1')).toBeNull();
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

  it("a disk without the key cannot test whether a known person applied: no blob file name, table or payload holds the form's sha256", async () => {
    const store = await openTestStore(dir);
    const person = fakePerson(11);
    // A form an attacker could rebuild from what they know of the person, and hash.
    const form = Buffer.from(JSON.stringify({ name: person.name, idNumber: person.idNumber, address: person.address }));
    const formSha = createHash('sha256').update(form).digest('hex');
    const sha = await store.putBlob(form);
    expect(sha).toBe(formSha);
    const manifest = { files: [{ role: 'form', sha256: sha }] };
    const { mutationId } = await store.commitMutation({ kind: 'application', payload: { manifest }, personal: person, blobs: [sha] });
    // Through the key, everything is as before: the sync protocol still sends sha256 addresses.
    expect((await store.nextPushBatch(10))[0]).toMatchObject({ payload: { manifest }, blobs: [sha] });
    expect(await store.blobsAwaitingUpload([sha])).toEqual([sha]);
    await store.markBlobUploaded(sha, true);
    expect(await store.blobsAwaitingUpload([sha])).toEqual([]);
    expect((await store.getRecord(mutationId))?.blobs).toEqual([sha]);
    expect((await store.readBlob(sha)).equals(form)).toBe(true);
    await store.close();
    // Without it: neither the hex hash nor its raw bytes anywhere in the store folder, names included.
    const raw = Buffer.from(formSha, 'hex');
    for (const file of listFiles(join(dir, 'store'))) {
      expect(file).not.toContain(formSha);
      const content = readFileSync(file);
      expect(content.includes(Buffer.from(formSha)), file).toBe(false);
      expect(content.includes(raw), file).toBe(false);
    }
  });

  it('a store written with plain-hash blob names and clear payloads is upgraded in place, and syncs as before', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('scan kept across the upgrade'));
    const { mutationId } = await store.commitMutation({ kind: 'application', payload: { manifest: { files: [{ sha256: sha }] } }, blobs: [sha] });
    await store.close();
    // Rewrite it as schema 3 left it: the file under its sha256, the hash and payload in clear.
    const key = await new FileKeyProvider(join(dir, 'data.key')).getKey();
    const blobs = new BlobFiles(join(dir, 'store', 'blobs'), key);
    const keyed = blobs.pathOf(sha);
    mkdirSync(dirname(blobs.legacyPathOf(sha)), { recursive: true });
    renameSync(keyed, blobs.legacyPathOf(sha));
    const db = new Database(join(dir, 'store', 'terminal.db'));
    const file = db.prepare('SELECT size, created_at FROM blob_files').get() as { size: number; created_at: string };
    db.exec('DELETE FROM record_blob_files; DELETE FROM blob_files;');
    db.prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(sha, file.size, file.created_at);
    db.prepare('INSERT INTO record_blobs (record_id, sha256) SELECT id, ? FROM records').run(sha);
    db.prepare('UPDATE records SET payload_json = ?, payload_enc = NULL').run(JSON.stringify({ manifest: { files: [{ sha256: sha }] } }));
    db.close();

    const upgraded = await openTestStore(dir);
    expect(await upgraded.getRecord(mutationId)).toMatchObject({ payload: { manifest: { files: [{ sha256: sha }] } }, blobs: [sha], state: 'pending' });
    expect((await upgraded.readBlob(sha)).toString()).toBe('scan kept across the upgrade');
    expect(existsSync(blobs.legacyPathOf(sha))).toBe(false);
    expect(existsSync(keyed)).toBe(true);
    await upgraded.close();
    const after = new Database(join(dir, 'store', 'terminal.db'), { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM records WHERE payload_json LIKE '%' || ? || '%'").get(sha)).toEqual({ n: 0 });
    after.close();
  });

  it('upgrades a store at the sealed-blob schema 4 to 5 (push ids), keeping its mutations', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('scan at schema 4'));
    const { mutationId } = await store.commitMutation({ kind: 'application', payload: { n: 1 }, blobs: [sha] });
    await store.close();
    const db = new Database(join(dir, 'store', 'terminal.db'));
    db.exec('DROP INDEX outbox_by_push_id; ALTER TABLE outbox DROP COLUMN push_id;');
    db.pragma('user_version = 4');
    db.close();

    const upgraded = await openTestStore(dir);
    expect(upgraded.openReport).toMatchObject({ migratedFrom: 4, schemaVersion: 5 });
    expect(await upgraded.getRecord(mutationId)).toMatchObject({ payload: { n: 1 }, blobs: [sha], state: 'pending' });
    const [pushId] = await upgraded.requeueForPush([mutationId]);
    expect((await upgraded.nextPushBatch(10)).map((m) => m.mutationId)).toEqual([pushId]);
    await upgraded.close();
  });

  it('upgrades a store written by the wip/perf line, whose schema 4 was the push id: blob tables added, rows sealed, push ids kept', async () => {
    const store = await openTestStore(dir);
    const sha = await store.putBlob(Buffer.from('scan from the perf line'));
    const held = await store.commitMutation({ kind: 'application', payload: { n: 1 }, blobs: [sha] });
    const next = await store.commitMutation({ kind: 'ticket', payload: { n: 2 } });
    const [heldPushId] = await store.requeueForPush([held.mutationId]);
    await store.close();
    // Rewrite it as that line's schema 4 left it: push_id, but plain-hash blob names and clear payloads.
    const key = await new FileKeyProvider(join(dir, 'data.key')).getKey();
    const blobs = new BlobFiles(join(dir, 'store', 'blobs'), key);
    mkdirSync(dirname(blobs.legacyPathOf(sha)), { recursive: true });
    renameSync(blobs.pathOf(sha), blobs.legacyPathOf(sha));
    const db = new Database(join(dir, 'store', 'terminal.db'));
    const file = db.prepare('SELECT size, created_at FROM blob_files').get() as { size: number; created_at: string };
    db.prepare('INSERT INTO blobs (sha256, size, created_at) VALUES (?, ?, ?)').run(sha, file.size, file.created_at);
    db.prepare('INSERT INTO record_blobs (record_id, sha256) SELECT record_id, ? FROM record_blob_files').run(sha);
    db.prepare('UPDATE records SET payload_json = ? WHERE kind = ?').run(JSON.stringify({ n: 1 }), 'application');
    db.prepare('UPDATE records SET payload_json = ? WHERE kind = ?').run(JSON.stringify({ n: 2 }), 'ticket');
    db.exec('DROP TABLE record_blob_files; DROP TABLE blob_files; ALTER TABLE records DROP COLUMN payload_enc;');
    db.pragma('user_version = 4');
    db.close();

    const upgraded = await openTestStore(dir);
    expect(upgraded.openReport).toMatchObject({ migratedFrom: 4, schemaVersion: 5 });
    expect(await upgraded.getRecord(held.mutationId)).toMatchObject({ payload: { n: 1 }, blobs: [sha], state: 'pending' });
    expect((await upgraded.readBlob(sha)).toString()).toBe('scan from the perf line');
    expect((await upgraded.nextPushBatch(10)).map((m) => [m.mutationId, m.payload])).toEqual([
      [next.mutationId, { n: 2 }],
      [heldPushId, { n: 1 }],
    ]);
    await upgraded.close();
    const after = new Database(join(dir, 'store', 'terminal.db'), { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM records WHERE payload_enc IS NULL OR payload_json != 'null'").get()).toEqual({ n: 0 });
    after.close();
    expect(existsSync(blobs.legacyPathOf(sha))).toBe(false);
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
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

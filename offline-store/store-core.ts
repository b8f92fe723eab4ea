// The synchronous heart of the store. It runs inside the store worker, which owns the only writer
// connection; the main thread talks to it through OfflineStore (store.ts).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DatasetItem, MutationEnvelope, MutationOutcome } from '../contract/sync-protocol.js';
import { BlobFiles } from './blob-files.js';
import { decryptJson, encryptJson, encryptValue, decryptValue } from './crypto.js';
import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { systemClock, type Clock } from '../contract/clock.js';

type Statement = Database.Statement<unknown[]>;

export interface MutationInput {
  /** e.g. 'application', 'ticket', 'evaluation', 'status-event'. */
  kind: string;
  /** Non-personal fields, stored and logged in clear. */
  payload: Record<string, unknown>;
  /** Names, ID numbers, addresses…: sealed at rest, purged after the retention window. */
  personal?: Record<string, unknown>;
  /** sha256 of materials already stored with putBlob. */
  blobs?: string[];
}

export interface CommittedMutation {
  mutationId: number;
  idempotencyKey: string;
}

export interface ParkedMutation {
  mutationId: number;
  kind: string;
  reason: string;
  createdAt: string;
}

export interface StoredRecord {
  mutationId: number;
  kind: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  personal: Record<string, unknown> | null;
  blobs: string[];
  state: 'pending' | 'acked' | 'parked';
  purged: boolean;
}

export interface PurgeResult {
  records: number;
  blobs: number;
}

/** A durable write that may share one FULL transaction (one WAL fsync) with others that arrived with it. */
export type GroupedCall = { method: 'commitMutation'; args: [MutationInput] } | { method: 'putBlob'; args: [Uint8Array] };
export type GroupOutcome = { ok: true; value: CommittedMutation | string } | { ok: false; error: Error };

/** How many transactions carried how many grouped calls since the store opened. */
export interface GroupCommitStats {
  transactions: number;
  calls: number;
  largest: number;
}

/**
 * Unique everywhere (the platform refuses a key it has seen from any terminal) thanks to the random
 * UUID; prefixed with the mutation id in fixed-width hex so keys grow with the ids and the UNIQUE
 * index takes each new key at its right edge: random keys touched one index page per mutation in
 * every commit, which multiplied the bytes each fsync had to write.
 */
const idempotencyKeyFor = (mutationId: number) => `${mutationId.toString(16).padStart(14, '0')}-${randomUUID()}`;
const personalAad = (idempotencyKey: string) => `records/${idempotencyKey}/personal`;
const payloadAad = (idempotencyKey: string) => `records/${idempotencyKey}/payload`;
const blobHashAad = (name: string) => `blob-files/${name}/sha256`;
/** What payload_json holds once the payload is sealed in payload_enc. */
const SEALED_PAYLOAD = 'null';
const secretAad = (name: string) => `secrets/${name}`;
// After a recovery from a corrupt file the old sequence is lost; restart above any id the old file
// can have issued (microseconds since the epoch), so the platform never sees a reused id as a duplicate.
const recoveredSequenceStart = (clock: Clock) => clock.nowMs() * 1000;

export class StoreCore {
  readonly blobs: BlobFiles;
  private readonly statements = new Map<string, Statement>();
  private readonly groupStats: GroupCommitStats = { transactions: 0, calls: 0, largest: 0 };

  /**
   * The store runs in a worker thread, which cannot receive the host's clock object: it reads the
   * system clock through the clock module. Tests that move time pass instants explicitly (purgeConfirmed).
   */
  constructor(
    private readonly db: Db,
    private readonly key: Uint8Array,
    dir: string,
    recovered: boolean,
    private readonly clock: Clock = systemClock,
  ) {
    this.blobs = new BlobFiles(join(dir, 'blobs'), key);
    this.sealLegacyRows();
    const next = Number(this.meta('next_mutation_id') ?? 1);
    // A restored backup may be behind what was already sent: its pending mutations are recognised by
    // their idempotency keys, and new ones must never reuse an id the lost file had issued.
    this.setMeta('next_mutation_id', String(recovered ? Math.max(next, recoveredSequenceStart(this.clock)) : next));
  }

  /** Prepared once: compiling the statements again on every write cost more than the write itself. */
  private statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private meta(key: string): string | null {
    const row = this.statement('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Bookkeeping that can be re-derived from the platform (acks, pulled data) does not need FULL. */
  private relaxed<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db.transaction(fn)();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /**
   * Rows written before blobs had keyed names and payloads were sealed: renamed and sealed in one
   * transaction (files first; renaming is idempotent, so a crash part-way is finished next start).
   */
  private sealLegacyRows(): void {
    const legacyBlobs = this.db.prepare('SELECT sha256, size, created_at, uploaded_at, purged_at FROM blobs').all() as {
      sha256: string;
      size: number;
      created_at: string;
      uploaded_at: string | null;
      purged_at: string | null;
    }[];
    const legacyPayloads = this.db.prepare('SELECT id, idempotency_key, payload_json FROM records WHERE payload_enc IS NULL').all() as {
      id: number;
      idempotency_key: string;
      payload_json: string;
    }[];
    if (legacyBlobs.length === 0 && legacyPayloads.length === 0) return;
    for (const blob of legacyBlobs) this.blobs.renameLegacy(blob.sha256);
    this.db.transaction(() => {
      const insertBlob = this.db.prepare(
        'INSERT OR IGNORE INTO blob_files (name, sha256_enc, size, created_at, uploaded_at, purged_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const blob of legacyBlobs) {
        const name = this.blobs.nameOf(blob.sha256);
        insertBlob.run(name, this.sealHash(name, blob.sha256), blob.size, blob.created_at, blob.uploaded_at, blob.purged_at);
      }
      const links = this.db.prepare('SELECT record_id, sha256 FROM record_blobs').all() as { record_id: number; sha256: string }[];
      const insertLink = this.db.prepare('INSERT OR IGNORE INTO record_blob_files (record_id, name) VALUES (?, ?)');
      for (const link of links) insertLink.run(link.record_id, this.blobs.nameOf(link.sha256));
      this.db.exec('DELETE FROM record_blobs; DELETE FROM blobs;');
      const seal = this.db.prepare('UPDATE records SET payload_enc = ?, payload_json = ? WHERE id = ?');
      for (const row of legacyPayloads) {
        seal.run(encryptJson(this.key, JSON.parse(row.payload_json) as unknown, payloadAad(row.idempotency_key)), SEALED_PAYLOAD, row.id);
      }
    })();
  }

  private sealHash(name: string, sha256: string): Buffer {
    return encryptValue(this.key, Buffer.from(sha256, 'ascii'), blobHashAad(name));
  }

  private openHash(name: string, sealed: Buffer): string {
    return decryptValue(this.key, sealed, blobHashAad(name)).toString('ascii');
  }

  private payloadOf(row: { idempotency_key: string; payload_json: string; payload_enc: Buffer | null }): Record<string, unknown> {
    return (row.payload_enc ? decryptJson(this.key, row.payload_enc, payloadAad(row.idempotency_key)) : JSON.parse(row.payload_json)) as Record<
      string,
      unknown
    >;
  }

  /** The sha256 of a record's materials, in hash order. */
  private blobsOfRecord(recordId: number): string[] {
    const rows = this.statement('SELECT b.name, b.sha256_enc FROM record_blob_files rb JOIN blob_files b ON b.name = rb.name WHERE rb.record_id = ?').all(
      recordId,
    ) as { name: string; sha256_enc: Buffer }[];
    return rows.map((row) => this.openHash(row.name, row.sha256_enc)).sort();
  }

  putBlob(bytes: Uint8Array): string {
    const sha256 = this.blobs.write(bytes);
    this.recordBlob(sha256, bytes.byteLength);
    return sha256;
  }

  /** The blob's row under its keyed name, its sha256 sealed. */
  private recordBlob(sha256: string, size: number): void {
    const name = this.blobs.nameOf(sha256);
    this.statement('INSERT INTO blob_files (name, sha256_enc, size, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET purged_at = NULL').run(
      name,
      this.sealHash(name, sha256),
      size,
      this.clock.iso(),
    );
  }

  readBlob(sha256: string): Buffer {
    return this.blobs.read(sha256);
  }

  /** The business record, its materials' links and its outbox row in one FULL-synchronous transaction. */
  commitMutation(input: MutationInput): CommittedMutation {
    return this.db.transaction(() => {
      this.checkMaterials(input);
      const mutationId = Number(this.meta('next_mutation_id'));
      const committed = this.writeMutation(input, mutationId);
      this.setMeta('next_mutation_id', String(mutationId + 1));
      return committed;
    })();
  }

  /** Refuses a mutation naming a material this terminal does not hold; reads only. */
  private checkMaterials(input: MutationInput): void {
    for (const sha256 of new Set(input.blobs ?? [])) {
      const known = this.statement('SELECT 1 FROM blob_files WHERE name = ? AND purged_at IS NULL').get(this.blobs.nameOf(sha256));
      if (!known || !this.blobs.has(sha256)) throw new Error(`blob ${sha256} is not stored; call putBlob first`);
    }
  }

  /** The writes of commitMutation, inside a transaction the caller holds; the caller advances next_mutation_id. */
  private writeMutation(input: MutationInput, mutationId: number): CommittedMutation {
    const idempotencyKey = idempotencyKeyFor(mutationId);
    const personal = input.personal ? encryptJson(this.key, input.personal, personalAad(idempotencyKey)) : null;
    const payload = encryptJson(this.key, input.payload, payloadAad(idempotencyKey));
    const record = this.statement(
      'INSERT INTO records (kind, idempotency_key, payload_json, payload_enc, personal_enc, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(input.kind, idempotencyKey, SEALED_PAYLOAD, payload, personal, this.clock.iso());
    const linkBlob = this.statement('INSERT INTO record_blob_files (record_id, name) VALUES (?, ?)');
    for (const sha256 of new Set(input.blobs ?? [])) linkBlob.run(record.lastInsertRowid, this.blobs.nameOf(sha256));
    this.statement("INSERT INTO outbox (mutation_id, record_id, state) VALUES (?, ?, 'pending')").run(mutationId, record.lastInsertRowid);
    return { mutationId, idempotencyKey };
  }

  /**
   * Runs calls that arrived together in one FULL transaction, so they share one WAL fsync. A call
   * refused for its input (an unknown material, a blob file that cannot be written) is answered
   * with its error before it writes anything, and the others commit. Outcomes come back in call
   * order, only after the shared COMMIT returned.
   */
  commitGroup(calls: readonly GroupedCall[]): GroupOutcome[] {
    const outcomes: GroupOutcome[] = [];
    while (outcomes.length < calls.length) {
      const rest = calls.slice(outcomes.length);
      outcomes.push(...(this.runGroup(rest, 'checked') ?? this.runGroup(rest, 'savepoints')!));
    }
    return outcomes;
  }

  /**
   * 'checked': each call is checked, then written; a write that fails anyway (a constraint, the
   * disk) rolls the group back and returns null, to be run again in 'savepoints' mode, where every
   * call has its own savepoint and fails alone. Either mode returns outcomes for a prefix of
   * `calls`: all of them, or up to a call whose error made SQLite abandon the whole transaction.
   */
  private runGroup(calls: readonly GroupedCall[], mode: 'checked' | 'savepoints'): GroupOutcome[] | null {
    const outcomes: GroupOutcome[] = [];
    this.statement('BEGIN IMMEDIATE').run();
    let nextMutationId = Number(this.meta('next_mutation_id'));
    for (const call of calls) {
      // Checks only read, and the blob file is content-addressed and complete or absent: a call
      // failing here has changed nothing in the transaction.
      let sha256 = '';
      try {
        if (call.method === 'commitMutation') this.checkMaterials(call.args[0]);
        else sha256 = this.blobs.write(call.args[0]);
      } catch (error) {
        outcomes.push({ ok: false, error: error as Error });
        continue;
      }
      if (mode === 'savepoints') this.statement('SAVEPOINT grouped_call').run();
      try {
        let value: CommittedMutation | string;
        if (call.method === 'commitMutation') value = this.writeMutation(call.args[0], nextMutationId++);
        else {
          this.recordBlob(sha256, call.args[0].byteLength);
          value = sha256;
        }
        if (mode === 'savepoints') this.statement('RELEASE grouped_call').run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        if (mode === 'checked') {
          if (this.db.inTransaction) this.statement('ROLLBACK').run();
          return null;
        }
        if (call.method === 'commitMutation') nextMutationId -= 1;
        outcomes.push({ ok: false, error: error as Error });
        if (this.db.inTransaction) {
          this.statement('ROLLBACK TO grouped_call').run();
          this.statement('RELEASE grouped_call').run();
        } else {
          // Some errors (disk full, I/O) make SQLite roll back the whole transaction: the calls
          // before this one are lost with it, and the calls after it start a new group.
          const lost = new Error(`not committed: the shared transaction was rolled back (${(error as Error).message})`);
          return outcomes.map((outcome) => (outcome.ok ? { ok: false, error: lost } : outcome));
        }
      }
    }
    try {
      this.setMeta('next_mutation_id', String(nextMutationId));
      this.statement('COMMIT').run();
    } catch (error) {
      if (this.db.inTransaction) this.statement('ROLLBACK').run();
      return outcomes.map(() => ({ ok: false, error: error as Error }));
    }
    this.groupStats.transactions += 1;
    this.groupStats.calls += calls.length;
    this.groupStats.largest = Math.max(this.groupStats.largest, calls.length);
    return outcomes;
  }

  commitStats(): GroupCommitStats {
    return { ...this.groupStats };
  }

  /** Makes every later mutation id exceed `highest` (the platform's last applied id for this terminal). */
  raiseMutationFloor(highest: number): void {
    if (Number(this.meta('next_mutation_id')) <= highest) this.setMeta('next_mutation_id', String(highest + 1));
  }

  pendingCount(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  }

  /**
   * Pending mutations in push order, after push id `after`. A mutation's push id is its mutation id
   * unless requeueForPush gave it a later one; envelopes, and the platform's answers, carry push ids.
   */
  nextPushBatch(limit: number, after = 0): MutationEnvelope[] {
    const rows = this.db
      .prepare(
        `SELECT coalesce(o.push_id, o.mutation_id) AS push_id, r.id AS record_id, r.kind, r.idempotency_key, r.payload_json, r.payload_enc, r.personal_enc, r.created_at
         FROM outbox o JOIN records r ON r.id = o.record_id
         WHERE o.state = 'pending' AND coalesce(o.push_id, o.mutation_id) > ? ORDER BY coalesce(o.push_id, o.mutation_id) LIMIT ?`,
      )
      .all(after, limit) as {
      push_id: number;
      record_id: number;
      kind: string;
      idempotency_key: string;
      payload_json: string;
      payload_enc: Buffer | null;
      personal_enc: Buffer | null;
      created_at: string;
    }[];
    return rows.map((row) => ({
      mutationId: row.push_id,
      idempotencyKey: row.idempotency_key,
      kind: row.kind,
      payload: this.payloadOf(row),
      personal: row.personal_enc ? (decryptJson(this.key, row.personal_enc, personalAad(row.idempotency_key)) as Record<string, unknown>) : null,
      blobs: this.blobsOfRecord(row.record_id),
      createdAt: row.created_at,
    }));
  }

  /**
   * Moves pending mutations (by push id) to the back of the push queue with fresh push ids, in the
   * order given, and returns the new ids. Durable (FULL) before anything behind them is pushed: the
   * platform takes an id at or below the highest it applied as a duplicate. A mutation the platform
   * did apply under its old id is still recognised by its idempotency key.
   */
  requeueForPush(pushIds: number[]): number[] {
    return this.db.transaction(() => {
      let next = Number(this.meta('next_mutation_id'));
      const moved: number[] = [];
      const move = this.statement("UPDATE outbox SET push_id = ? WHERE coalesce(push_id, mutation_id) = ? AND state = 'pending'");
      for (const pushId of pushIds) if (move.run(next, pushId).changes > 0) moved.push(next++);
      this.setMeta('next_mutation_id', String(next));
      return moved;
    })();
  }

  applyPushResults(results: MutationOutcome[]): { acked: number; parked: number } {
    const now = this.clock.iso();
    let acked = 0;
    let parked = 0;
    this.relaxed(() => {
      const ack = this.statement("UPDATE outbox SET state = 'acked', settled_at = ? WHERE coalesce(push_id, mutation_id) = ? AND state = 'pending'");
      const park = this.statement(
        "UPDATE outbox SET state = 'parked', reason = ?, settled_at = ? WHERE coalesce(push_id, mutation_id) = ? AND state = 'pending'",
      );
      for (const result of results) {
        if (result.outcome === 'applied' || result.outcome === 'duplicate') acked += ack.run(now, result.mutationId).changes;
        else if (result.outcome === 'rejected') parked += park.run(result.reason ?? 'rejected', now, result.mutationId).changes;
      }
    });
    return { acked, parked };
  }

  listParked(): ParkedMutation[] {
    return this.db
      .prepare(
        `SELECT o.mutation_id AS mutationId, r.kind, o.reason, r.created_at AS createdAt
         FROM outbox o JOIN records r ON r.id = o.record_id WHERE o.state = 'parked' ORDER BY o.mutation_id`,
      )
      .all() as ParkedMutation[];
  }

  getRecord(mutationId: number): StoredRecord | null {
    const row = this.db
      .prepare(
        `SELECT o.mutation_id, o.state, r.id, r.kind, r.idempotency_key, r.payload_json, r.payload_enc, r.personal_enc, r.purged_at
         FROM outbox o JOIN records r ON r.id = o.record_id WHERE o.mutation_id = ?`,
      )
      .get(mutationId) as
      | {
          mutation_id: number;
          state: StoredRecord['state'];
          id: number;
          kind: string;
          idempotency_key: string;
          payload_json: string;
          payload_enc: Buffer | null;
          personal_enc: Buffer | null;
          purged_at: string | null;
        }
      | undefined;
    if (!row) return null;
    const blobs = this.blobsOfRecord(row.id);
    return {
      mutationId: row.mutation_id,
      kind: row.kind,
      idempotencyKey: row.idempotency_key,
      payload: this.payloadOf(row),
      personal: row.personal_enc ? (decryptJson(this.key, row.personal_enc, personalAad(row.idempotency_key)) as Record<string, unknown>) : null,
      blobs,
      state: row.state,
      purged: row.purged_at !== null,
    };
  }

  /** The record committed under an idempotency key (an application's is its case id), or null. */
  getRecordByKey(idempotencyKey: string): StoredRecord | null {
    const row = this.db.prepare('SELECT o.mutation_id FROM outbox o JOIN records r ON r.id = o.record_id WHERE r.idempotency_key = ?').get(idempotencyKey) as
      { mutation_id: number } | undefined;
    return row ? this.getRecord(row.mutation_id) : null;
  }

  /**
   * The newest record of a kind whose payload names `value` under `field` (a help request's id), looking
   * at the latest `within` records of that kind only, or null: a caller that forgot which mutation
   * carried something (a restart) asks the outbox rather than keeping a ledger of its own.
   */
  findRecordByPayload(kind: string, field: string, value: string, within = 500): StoredRecord | null {
    const rows = this.db
      .prepare(
        `SELECT o.mutation_id, r.idempotency_key, r.payload_json, r.payload_enc
         FROM outbox o JOIN records r ON r.id = o.record_id WHERE r.kind = ? ORDER BY o.mutation_id DESC LIMIT ?`,
      )
      .all(kind, within) as { mutation_id: number; idempotency_key: string; payload_json: string; payload_enc: Buffer | null }[];
    const found = rows.find((row) => this.payloadOf(row)[field] === value);
    return found ? this.getRecord(found.mutation_id) : null;
  }

  countRecords(kind: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM records WHERE kind = ?').get(kind) as { n: number }).n;
  }

  blobsAwaitingUpload(shas: string[]): string[] {
    const uploaded = this.db.prepare('SELECT uploaded_at FROM blob_files WHERE name = ?');
    return shas.filter((sha) => !(uploaded.get(this.blobs.nameOf(sha)) as { uploaded_at: string | null } | undefined)?.uploaded_at);
  }

  markBlobUploaded(sha256: string, uploaded: boolean): void {
    this.db.prepare('UPDATE blob_files SET uploaded_at = ? WHERE name = ?').run(uploaded ? this.clock.iso() : null, this.blobs.nameOf(sha256));
  }

  getCheckpoint(dataset: string): number {
    return (this.db.prepare('SELECT checkpoint FROM checkpoints WHERE dataset = ?').get(dataset) as { checkpoint: number } | undefined)?.checkpoint ?? 0;
  }

  /** Items and the checkpoint that covers them commit together: a crash re-pulls, never skips. */
  applyPull(dataset: string, items: (DatasetItem & { version: number })[], checkpoint: number): void {
    this.relaxed(() => {
      const upsert = this.db.prepare(
        'INSERT INTO dataset_items (dataset, key, value_json, version) VALUES (?, ?, ?, ?) ON CONFLICT(dataset, key) DO UPDATE SET value_json = excluded.value_json, version = excluded.version',
      );
      const remove = this.db.prepare('DELETE FROM dataset_items WHERE dataset = ? AND key = ?');
      for (const item of items) {
        if (item.deleted) remove.run(dataset, item.key);
        else upsert.run(dataset, item.key, JSON.stringify(item.value ?? null), item.version);
      }
      this.db
        .prepare(
          'INSERT INTO checkpoints (dataset, checkpoint, updated_at) VALUES (?, ?, ?) ON CONFLICT(dataset) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = excluded.updated_at',
        )
        .run(dataset, checkpoint, this.clock.iso());
    });
  }

  getDataset(dataset: string): { key: string; value: unknown; version: number }[] {
    const rows = this.db.prepare('SELECT key, value_json, version FROM dataset_items WHERE dataset = ? ORDER BY key').all(dataset) as {
      key: string;
      value_json: string;
      version: number;
    }[];
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value_json) as unknown, version: row.version }));
  }

  /** Removes personal data of records the platform confirmed longer than `retentionMs` ago. */
  purgeConfirmed(retentionMs: number, nowMs = this.clock.nowMs()): PurgeResult {
    const cutoff = new Date(nowMs - retentionMs).toISOString();
    const now = new Date(nowMs).toISOString();
    const freedBlobs = this.db.transaction(() => {
      const purged = this.db
        .prepare(
          `UPDATE records SET personal_enc = NULL, purged_at = ?
           WHERE purged_at IS NULL AND id IN (SELECT record_id FROM outbox WHERE state = 'acked' AND settled_at <= ?)`,
        )
        .run(now, cutoff).changes;
      // A blob goes when every record using it is purged, or when a crash left it unreferenced.
      const candidates = this.db
        .prepare(
          `SELECT b.name FROM blob_files b WHERE b.purged_at IS NULL AND NOT EXISTS (
             SELECT 1 FROM record_blob_files rb JOIN records r ON r.id = rb.record_id WHERE rb.name = b.name AND r.purged_at IS NULL)
           AND (EXISTS (SELECT 1 FROM record_blob_files rb WHERE rb.name = b.name) OR b.created_at <= ?)`,
        )
        .all(cutoff) as { name: string }[];
      const mark = this.db.prepare('UPDATE blob_files SET purged_at = ? WHERE name = ?');
      for (const { name } of candidates) mark.run(now, name);
      return { purged, names: candidates.map((c) => c.name) };
    })();
    for (const name of freedBlobs.names) this.blobs.removeByName(name);
    // Files a crash left without a row (written, then killed before the row was inserted).
    const known = this.db.prepare('SELECT 1 FROM blob_files WHERE name = ? AND purged_at IS NULL');
    // A caller may judge at a later instant than the store's clock (nowMs ahead): that much older, too.
    const strays = this.blobs.listOlderThan(retentionMs - (nowMs - this.clock.nowMs())).filter((name) => !known.get(name));
    for (const name of strays) this.blobs.removeByName(name);
    return { records: freedBlobs.purged, blobs: freedBlobs.names.length + strays.length };
  }

  setSecret(name: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO secrets (name, value_enc, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value_enc = excluded.value_enc, updated_at = excluded.updated_at',
      )
      .run(name, encryptValue(this.key, Buffer.from(value, 'utf8'), secretAad(name)), this.clock.iso());
  }

  getSecret(name: string): string | null {
    const row = this.db.prepare('SELECT value_enc FROM secrets WHERE name = ?').get(name) as { value_enc: Buffer } | undefined;
    return row ? decryptValue(this.key, row.value_enc, secretAad(name)).toString('utf8') : null;
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }
}

// The platform's SQLite store. Exactly-once: a mutation and the terminal's highest applied id
// change in the same transaction, so a retried batch is recognised as duplicate.
import Database from 'better-sqlite3';
import { chmodSync } from 'node:fs';
import type { DatasetItem, MutationEnvelope, MutationOutcome, PullResponse } from '../contract/sync-protocol.js';
import { systemClock, type Clock } from '../contract/clock.js';
import { migratePlatform } from './migrations.js';
import { PlatformSealer } from './sealing.js';

/** Returns a business reason to reject the mutation, or null to apply it. */
export type MutationValidator = (mutation: MutationEnvelope, store: PlatformStore, terminalId: string) => string | null;

/**
 * Personal fields are kept (sealed) only while something still needs them: never for a rejected
 * mutation (the terminal keeps its own copy), never for an application whose case now holds the form.
 */
export const personalStillNeeded = (mutation: MutationEnvelope, rejected: boolean): boolean =>
  !rejected && !(mutation.kind === 'application' && 'manifest' in mutation.payload);


export class PlatformStore {
  readonly db: Database.Database;

  /** Seals personal fields before they are written (an in-memory store gets a key of its own). */
  readonly sealer: PlatformSealer;
  /** The platform's clock: everything it dates takes its time from here. */
  readonly clock: Clock;

  constructor(path: string, sealer: PlatformSealer = new PlatformSealer(), clock: Clock = systemClock) {
    this.sealer = sealer;
    this.clock = clock;
    this.db = new Database(path);
    if (path !== ':memory:') {
      // Before the WAL and shared-memory files exist: SQLite gives them the database file's mode.
      chmodSync(path, 0o600);
      this.db.pragma('journal_mode = WAL');
    }
    this.db.pragma('synchronous = FULL');
    // Deleted and overwritten rows leave zeros behind, not the personal data they held.
    this.db.pragma('secure_delete = ON');
    this.db.pragma('foreign_keys = ON');
    migratePlatform(this.db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Seals what an earlier version wrote in clear: personal fields of mutations and case forms. Profiles
   * kept under unkeyed ID hashes can no longer be found and are dropped. Returns how many rows changed.
   */
  sealLegacyRows(): number {
    const unsealed = "NOT LIKE 'sealed:v1:%'";
    return this.db.transaction(() => {
      let changed = 0;
      const mutations = this.db.prepare(`SELECT apply_seq, personal_json FROM mutations WHERE personal_json IS NOT NULL AND personal_json ${unsealed}`).all() as { apply_seq: number; personal_json: string }[];
      const sealMutation = this.db.prepare('UPDATE mutations SET personal_json = ? WHERE apply_seq = ?');
      for (const row of mutations) changed += sealMutation.run(this.sealer.seal(row.personal_json), row.apply_seq).changes;
      const cases = this.db.prepare(`SELECT case_id, form_json FROM cases WHERE form_json ${unsealed}`).all() as { case_id: string; form_json: string }[];
      const sealCase = this.db.prepare('UPDATE cases SET form_json = ? WHERE case_id = ?');
      for (const row of cases) changed += sealCase.run(this.sealer.seal(row.form_json), row.case_id).changes;
      changed += this.db.prepare(`DELETE FROM citizen_profiles WHERE phone ${unsealed} OR address ${unsealed}`).run().changes;
      return changed;
    })();
  }

  /** Terminals enrolled and not revoked. */
  activeTerminals(): string[] {
    return (this.db.prepare("SELECT terminal_id FROM terminals WHERE status = 'active' ORDER BY terminal_id").all() as { terminal_id: string }[]).map((r) => r.terminal_id);
  }

  highestMutationId(terminalId: string): number {
    return (this.db.prepare('SELECT highest_mutation_id AS h FROM terminals WHERE terminal_id = ?').get(terminalId) as { h: number } | undefined)?.h ?? 0;
  }

  /** Applies a prefix of the batch in one transaction, stopping at a mutation whose blobs are not verified. */
  applyPush(terminalId: string, mutations: MutationEnvelope[], validate: MutationValidator): { results: MutationOutcome[]; highestMutationId: number } {
    return this.db.transaction(() => {
      let highest = this.highestMutationId(terminalId);
      const results: MutationOutcome[] = [];
      const insert = this.db.prepare(
        `INSERT INTO mutations (terminal_id, mutation_id, idempotency_key, kind, payload_json, personal_json, blobs_json, status, reason, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const earlier = this.db.prepare('SELECT status, reason FROM mutations WHERE (terminal_id = ? AND mutation_id = ?) OR idempotency_key = ?');
      for (const mutation of [...mutations].sort((a, b) => a.mutationId - b.mutationId)) {
        const seen = earlier.get(terminalId, mutation.mutationId, mutation.idempotencyKey) as { status: string; reason: string | null } | undefined;
        if (seen || mutation.mutationId <= highest) {
          // A retry after a lost reply: answer as the first time (a rejection stays a rejection).
          results.push(seen?.status === 'rejected' ? { mutationId: mutation.mutationId, outcome: 'rejected', reason: seen.reason ?? 'rejected' } : { mutationId: mutation.mutationId, outcome: 'duplicate' });
          highest = Math.max(highest, mutation.mutationId);
          continue;
        }
        const missingBlobs = mutation.blobs.filter((sha256) => !this.isBlobVerified(sha256));
        if (missingBlobs.length > 0) {
          results.push({ mutationId: mutation.mutationId, outcome: 'waiting-blobs', missingBlobs });
          break;
        }
        const reason = validate(mutation, this, terminalId);
        insert.run(
          terminalId, mutation.mutationId, mutation.idempotencyKey, mutation.kind, JSON.stringify(mutation.payload),
          mutation.personal && personalStillNeeded(mutation, reason !== null) ? this.sealer.seal(JSON.stringify(mutation.personal)) : null, JSON.stringify(mutation.blobs),
          reason ? 'rejected' : 'applied', reason, this.clock.iso(),
        );
        results.push(reason ? { mutationId: mutation.mutationId, outcome: 'rejected', reason } : { mutationId: mutation.mutationId, outcome: 'applied' });
        highest = mutation.mutationId;
      }
      this.db.prepare('UPDATE terminals SET highest_mutation_id = ? WHERE terminal_id = ?').run(highest, terminalId);
      return { results, highestMutationId: highest };
    })();
  }

  listRejected(): { terminalId: string; mutationId: number; kind: string; reason: string }[] {
    return this.db
      .prepare("SELECT terminal_id AS terminalId, mutation_id AS mutationId, kind, reason FROM mutations WHERE status = 'rejected' ORDER BY apply_seq")
      .all() as { terminalId: string; mutationId: number; kind: string; reason: string }[];
  }

  blobRow(sha256: string): { size: number; confirmed_offset: number; verified_at: string | null } | undefined {
    return this.db.prepare('SELECT size, confirmed_offset, verified_at FROM blobs WHERE sha256 = ?').get(sha256) as
      | { size: number; confirmed_offset: number; verified_at: string | null }
      | undefined;
  }

  isBlobVerified(sha256: string): boolean {
    return Boolean(this.blobRow(sha256)?.verified_at);
  }

  setBlobProgress(sha256: string, size: number, offset: number, verified: boolean): void {
    this.db
      .prepare(
        `INSERT INTO blobs (sha256, size, confirmed_offset, verified_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(sha256) DO UPDATE SET size = excluded.size, confirmed_offset = excluded.confirmed_offset, verified_at = excluded.verified_at`,
      )
      .run(sha256, size, offset, verified ? this.clock.iso() : null);
  }

  /** Adds or replaces dataset items; each change gets a new, platform-wide increasing version. */
  seedDataset(dataset: string, items: DatasetItem[]): number {
    return this.db.transaction(() => {
      let version = (this.db.prepare("SELECT value FROM counters WHERE name = 'dataset_version'").get() as { value: number } | undefined)?.value ?? 0;
      const upsert = this.db.prepare(
        `INSERT INTO dataset_items (dataset, key, value_json, deleted, version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(dataset, key) DO UPDATE SET value_json = excluded.value_json, deleted = excluded.deleted, version = excluded.version`,
      );
      for (const item of items) upsert.run(dataset, item.key, JSON.stringify(item.value ?? null), item.deleted ? 1 : 0, ++version);
      this.db.prepare("INSERT INTO counters (name, value) VALUES ('dataset_version', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(version);
      return version;
    })();
  }

  pull(dataset: string, since: number, limit: number): PullResponse {
    const rows = this.db
      .prepare('SELECT key, value_json, deleted, version FROM dataset_items WHERE dataset = ? AND version > ? ORDER BY version LIMIT ?')
      .all(dataset, since, limit + 1) as { key: string; value_json: string; deleted: number; version: number }[];
    const page = rows.slice(0, limit);
    return {
      dataset,
      items: page.map((row) => ({ key: row.key, value: JSON.parse(row.value_json) as unknown, version: row.version, ...(row.deleted ? { deleted: true } : {}) })),
      checkpoint: page.at(-1)?.version ?? since,
      more: rows.length > limit,
    };
  }

  datasetKeys(dataset: string): Set<string> {
    const rows = this.db.prepare('SELECT key FROM dataset_items WHERE dataset = ? AND deleted = 0').all(dataset) as { key: string }[];
    return new Set(rows.map((row) => row.key));
  }
}

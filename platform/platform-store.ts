// The platform's store on PostgreSQL. Exactly-once: a mutation and the terminal's highest applied id
// change in the same transaction, and the mutation's unique keys refuse a second copy, so a retried
// batch is recognised as duplicate on whichever instance it lands.
import type { DatasetItem, MutationEnvelope, MutationOutcome, PullResponse } from '../contract/sync-protocol.js';
import { systemClock, type Clock } from '../contract/clock.js';
import type { Database } from './db/database.js';
import { PlatformSealer } from './sealing.js';

/** Returns a business reason to reject the mutation, or null to apply it. Runs inside the push transaction. */
export type MutationValidator = (mutation: MutationEnvelope, store: PlatformStore, terminalId: string) => Promise<string | null> | string | null;

/**
 * Personal fields are kept (sealed) only while something still needs them: never for a rejected
 * mutation (the terminal keeps its own copy), never for an application whose case now holds the form,
 * nor for a help request, whose row holds the call-back number.
 */
export const personalStillNeeded = (mutation: MutationEnvelope, rejected: boolean): boolean =>
  !rejected && !(mutation.kind === 'application' && 'manifest' in mutation.payload) && mutation.kind !== 'help-request';

export class PlatformStore {
  constructor(
    readonly db: Database,
    /** Seals personal fields before they are written (an in-memory store gets a key of its own). */
    readonly sealer: PlatformSealer = new PlatformSealer(),
    /** The platform's clock: everything it dates takes its time from here. */
    readonly clock: Clock = systemClock,
  ) {}

  close(): Promise<void> {
    return this.db.close();
  }

  /** Terminals enrolled and not revoked. */
  async activeTerminals(): Promise<string[]> {
    return (await this.db.query<{ terminal_id: string }>("SELECT terminal_id FROM terminals WHERE status = 'active' ORDER BY terminal_id")).map(
      (r) => r.terminal_id,
    );
  }

  async highestMutationId(terminalId: string): Promise<number> {
    return (await this.db.one<{ h: number }>('SELECT highest_mutation_id AS h FROM terminals WHERE terminal_id = $1', [terminalId]))?.h ?? 0;
  }

  /**
   * Applies a prefix of the batch in one transaction, stopping at a mutation whose blobs are not
   * verified. What the batch needs is read in two queries and its rows written in one: a batch of
   * hundreds costs a handful of round trips, not hundreds.
   */
  applyPush(
    terminalId: string,
    mutations: MutationEnvelope[],
    validate: MutationValidator,
  ): Promise<{ results: MutationOutcome[]; highestMutationId: number }> {
    return this.db.transaction(async () => {
      // The terminal's row is locked first: two instances given the same terminal's batches take turns.
      const locked = await this.db.one<{ h: number }>('SELECT highest_mutation_id AS h FROM terminals WHERE terminal_id = $1 FOR UPDATE', [terminalId]);
      let highest = locked?.h ?? 0;
      const sorted = [...mutations].sort((a, b) => a.mutationId - b.mutationId);
      const earlier = await this.db.query<{ mutation_id: number; idempotency_key: string; terminal_id: string; status: string; reason: string | null }>(
        'SELECT mutation_id, idempotency_key, terminal_id, status, reason FROM mutations WHERE (terminal_id = $1 AND mutation_id = ANY($2::bigint[])) OR idempotency_key = ANY($3::text[])',
        [terminalId, pgArray(sorted.map((m) => String(m.mutationId))), pgArray(sorted.map((m) => m.idempotencyKey))],
      );
      const byId = new Map(earlier.filter((row) => row.terminal_id === terminalId).map((row) => [row.mutation_id, row]));
      const byKey = new Map(earlier.map((row) => [row.idempotency_key, row]));
      const wanted = [...new Set(sorted.flatMap((m) => m.blobs))];
      const verified = new Set(
        wanted.length
          ? (
              await this.db.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE sha256 = ANY($1::text[]) AND verified_at IS NOT NULL', [pgArray(wanted)])
            ).map((r) => r.sha256)
          : [],
      );
      const results: MutationOutcome[] = [];
      const rows: (string | number | null)[][] = [];
      for (const mutation of sorted) {
        const seen = byId.get(mutation.mutationId) ?? byKey.get(mutation.idempotencyKey);
        if (seen || mutation.mutationId <= highest) {
          // A retry after a lost reply: answer as the first time (a rejection stays a rejection).
          results.push(
            seen?.status === 'rejected'
              ? { mutationId: mutation.mutationId, outcome: 'rejected', reason: seen.reason ?? 'rejected' }
              : { mutationId: mutation.mutationId, outcome: 'duplicate' },
          );
          highest = Math.max(highest, mutation.mutationId);
          continue;
        }
        const missingBlobs = mutation.blobs.filter((sha256) => !verified.has(sha256));
        if (missingBlobs.length > 0) {
          results.push({ mutationId: mutation.mutationId, outcome: 'waiting-blobs', missingBlobs });
          break;
        }
        const reason = await validate(mutation, this, terminalId);
        rows.push([
          mutation.mutationId,
          mutation.idempotencyKey,
          mutation.kind,
          JSON.stringify(mutation.payload),
          mutation.personal && personalStillNeeded(mutation, reason !== null) ? this.sealer.seal(JSON.stringify(mutation.personal)) : null,
          JSON.stringify(mutation.blobs),
          reason ? 'rejected' : 'applied',
          reason,
        ]);
        byKey.set(mutation.idempotencyKey, {
          mutation_id: mutation.mutationId,
          idempotency_key: mutation.idempotencyKey,
          terminal_id: terminalId,
          status: reason ? 'rejected' : 'applied',
          reason,
        });
        results.push(reason ? { mutationId: mutation.mutationId, outcome: 'rejected', reason } : { mutationId: mutation.mutationId, outcome: 'applied' });
        highest = mutation.mutationId;
      }
      if (rows.length > 0) {
        const column = (i: number) => rows.map((row) => row[i] ?? null);
        // One statement for the batch, in mutation order (apply_seq follows it).
        await this.db.run(
          `INSERT INTO mutations (terminal_id, mutation_id, idempotency_key, kind, payload_json, personal_json, blobs_json, status, reason, applied_at)
           SELECT $1, m, k, kind, payload, personal, blobs, status, reason, $2
           FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) WITH ORDINALITY
             AS batch(m, k, kind, payload, personal, blobs, status, reason, position)
           ORDER BY position`,
          [terminalId, this.clock.iso(), ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => pgArray(column(i).map((v) => (v === null ? null : String(v)))))],
        );
      }
      await this.db.run('UPDATE terminals SET highest_mutation_id = $1 WHERE terminal_id = $2', [highest, terminalId]);
      return { results, highestMutationId: highest };
    });
  }

  listRejected(): Promise<{ terminalId: string; mutationId: number; kind: string; reason: string }[]> {
    return this.db.query(
      `SELECT terminal_id AS "terminalId", mutation_id AS "mutationId", kind, reason FROM mutations WHERE status = 'rejected' ORDER BY apply_seq`,
    );
  }

  blobRow(sha256: string): Promise<{ size: number; confirmed_offset: number; verified_at: string | null } | undefined> {
    return this.db.one('SELECT size, confirmed_offset, verified_at FROM blobs WHERE sha256 = $1', [sha256]);
  }

  async isBlobVerified(sha256: string): Promise<boolean> {
    return Boolean((await this.blobRow(sha256))?.verified_at);
  }

  async setBlobProgress(sha256: string, size: number, offset: number, verified: boolean): Promise<void> {
    await this.db.run(
      `INSERT INTO blobs (sha256, size, confirmed_offset, verified_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, confirmed_offset = excluded.confirmed_offset, verified_at = excluded.verified_at`,
      [sha256, size, offset, verified ? this.clock.iso() : null],
    );
  }

  /** Adds or replaces dataset items; each change gets a new, platform-wide increasing version. */
  seedDataset(dataset: string, items: DatasetItem[]): Promise<number> {
    return this.db.transaction(async () => {
      // The counter row is taken with its lock: versions of concurrent publications never interleave.
      const first = await this.db.one<{ value: number }>(
        `INSERT INTO counters (name, value) VALUES ('dataset_version', $1::bigint) ON CONFLICT (name) DO UPDATE SET value = counters.value + $1::bigint RETURNING value`,
        [items.length],
      );
      let version = (first?.value ?? items.length) - items.length;
      for (const item of items) {
        await this.db.run(
          `INSERT INTO dataset_items (dataset, key, value_json, deleted, version) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (dataset, key) DO UPDATE SET value_json = excluded.value_json, deleted = excluded.deleted, version = excluded.version`,
          [dataset, item.key, JSON.stringify(item.value ?? null), item.deleted ? 1 : 0, ++version],
        );
      }
      return version;
    });
  }

  async pull(dataset: string, since: number, limit: number): Promise<PullResponse> {
    const rows = await this.db.query<{ key: string; value_json: string; deleted: number; version: number }>(
      'SELECT key, value_json, deleted, version FROM dataset_items WHERE dataset = $1 AND version > $2 ORDER BY version LIMIT $3',
      [dataset, since, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      dataset,
      items: page.map((row) => ({
        key: row.key,
        value: JSON.parse(row.value_json) as unknown,
        version: row.version,
        ...(row.deleted ? { deleted: true } : {}),
      })),
      checkpoint: page.at(-1)?.version ?? since,
      more: rows.length > limit,
    };
  }

  async datasetKeys(dataset: string): Promise<Set<string>> {
    const rows = await this.db.query<{ key: string }>('SELECT key FROM dataset_items WHERE dataset = $1 AND deleted = 0', [dataset]);
    return new Set(rows.map((row) => row.key));
  }

  /** One live dataset item's value, or undefined. */
  async datasetValue(dataset: string, key: string): Promise<unknown> {
    const row = await this.db.one<{ value_json: string }>('SELECT value_json FROM dataset_items WHERE dataset = $1 AND key = $2 AND deleted = 0', [
      dataset,
      key,
    ]);
    return row ? (JSON.parse(row.value_json) as unknown) : undefined;
  }

  /** Live items of a dataset whose keys start with `prefix`. */
  async datasetItems(dataset: string, prefix = ''): Promise<{ key: string; value: unknown }[]> {
    const rows = await this.db.query<{ key: string; value_json: string }>(
      "SELECT key, value_json FROM dataset_items WHERE dataset = $1 AND deleted = 0 AND key LIKE $2 ESCAPE '\\' ORDER BY key",
      [dataset, `${prefix.replace(/[%_\\]/g, '\\$&')}%`],
    );
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value_json) as unknown }));
  }
}

/** A PostgreSQL array literal (text form) for `$n::type[]` parameters; NULL entries stay NULL. */
export function pgArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

// The platform's retention purge: a job every instance schedules, of which one runs at a time (a
// try-lock: an instance finding it taken skips that round). It removes what only served a while:
// spent rate-limit entries, heartbeats of terminals silent for longer than the retention, phone
// uploads past their expiry and any phone photo no terminal took, and remote help requests (远程帮办
// sent offline) past their age, with their voice notes and materials — the blob rows and the sealed
// files — unless something still kept (a case, another mutation) refers to the same file.
import type { Clock } from '../contract/clock.js';
import type { Database } from './db/database.js';
import { LOCKS } from './migrations.js';
import { pgArray } from './platform-store.js';

export const RATE_WINDOW_MS = 60_000;
export const HEARTBEAT_RETENTION_MS = 30 * 86_400_000;

/** How long what citizens left behind is kept; each is configurable (`hallctl platform serve --help-request-days …`). */
export interface RetentionAges {
  /** Days an answered help request (called back, or taken to a counter) is kept after its answer. */
  helpRequestDays: number;
  /** Days a help request nobody answered is kept after it arrived. */
  openHelpRequestDays: number;
  /** Minutes a photo from a citizen's phone waits for its terminal to take it, whatever its upload's expiry. */
  phonePhotoMinutes: number;
}

export const DEFAULT_RETENTION: RetentionAges = { helpRequestDays: 30, openHelpRequestDays: 90, phonePhotoMinutes: 60 };

/** What the purge needs of the blob folder: deleting a sealed file once its row is gone. */
export interface BlobFiles {
  remove(sha256: string): void;
}

export interface PurgeOptions {
  ages?: Partial<RetentionAges>;
  /** The blob folder; without it blob rows are deleted and their files left for the folder's owner. */
  blobs?: BlobFiles;
}

export interface PurgeCounts {
  rateRequests: number;
  heartbeats: number;
  phoneUploads: number;
  phonePhotos: number;
  helpRequests: number;
  /** Voice notes and materials deleted with their help requests. */
  blobs: number;
}

const DAY_MS = 86_400_000;

/** One purge round; null when another instance is purging right now. */
export async function purgeOnce(db: Database, clock: Clock, options: PurgeOptions = {}): Promise<PurgeCounts | null> {
  const ages = { ...DEFAULT_RETENTION, ...options.ages };
  const outcome = await db.transaction(async () => {
    const got = await db.one<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [LOCKS.purge]);
    if (!got?.got) return null;
    const now = clock.nowMs();
    const iso = (ms: number) => new Date(ms).toISOString();
    const rateRequests = await db.run('DELETE FROM rate_requests WHERE at_ms <= $1', [now - RATE_WINDOW_MS]);
    const heartbeats = await db.run('DELETE FROM terminal_heartbeats WHERE received_at_ms <= $1', [now - HEARTBEAT_RETENTION_MS]);
    const phonePhotos = await db.run('DELETE FROM phone_upload_photos WHERE received_at <= $1', [iso(now - ages.phonePhotoMinutes * 60_000)]);
    const phoneUploads = await db.run('DELETE FROM phone_uploads WHERE expires_at <= $1', [clock.iso()]);
    const { helpRequests, unreferenced } = await purgeHelpRequests(db, iso(now - ages.helpRequestDays * DAY_MS), iso(now - ages.openHelpRequestDays * DAY_MS));
    return { counts: { rateRequests, heartbeats, phoneUploads, phonePhotos, helpRequests, blobs: unreferenced.length }, unreferenced };
  });
  if (!outcome) return null;
  // The files go once their rows are gone for good: a round rolled back leaves every file its row names.
  for (const sha256 of outcome.unreferenced) options.blobs?.remove(sha256);
  return outcome.counts;
}

/**
 * Deletes help requests past their age. Their mutations keep only what exactly-once needs (the keys):
 * payload and blob list are emptied. A file they sent goes with them when no kept mutation or case
 * lists it; the returned hashes are those whose rows were deleted.
 */
async function purgeHelpRequests(db: Database, answeredBefore: string, receivedBefore: string): Promise<{ helpRequests: number; unreferenced: string[] }> {
  const gone = await db.query<{ id: string }>(
    "DELETE FROM help_requests WHERE (state <> 'open' AND answered_at <= $1) OR (state = 'open' AND received_at <= $2) RETURNING id",
    [answeredBefore, receivedBefore],
  );
  if (gone.length === 0) return { helpRequests: 0, unreferenced: [] };
  const ids = gone.map((row) => row.id);
  const mutations = await db.query<{ apply_seq: number; blobs_json: string }>(
    "SELECT apply_seq, blobs_json FROM mutations WHERE kind = 'help-request' AND (payload_json::jsonb ->> 'requestId') = ANY($1::text[])",
    [pgArray(ids)],
  );
  const files = [...new Set(mutations.flatMap((m) => JSON.parse(m.blobs_json) as string[]))];
  if (mutations.length)
    await db.run("UPDATE mutations SET payload_json = '{}', blobs_json = '[]' WHERE apply_seq = ANY($1::bigint[])", [
      pgArray(mutations.map((m) => String(m.apply_seq))),
    ]);
  const unreferenced: string[] = [];
  for (const sha256 of files) {
    const kept = await db.one<{ one: number }>(
      'SELECT 1 AS one FROM mutations WHERE blobs_json::jsonb ? $1 UNION ALL SELECT 1 FROM cases WHERE blobs_json::jsonb ? $1 LIMIT 1',
      [sha256],
    );
    if (kept) continue;
    await db.run('DELETE FROM blobs WHERE sha256 = $1', [sha256]);
    unreferenced.push(sha256);
  }
  return { helpRequests: gone.length, unreferenced };
}

/** Runs the purge every `everyMs`; returns a stop function. Failures wait for the next round. */
export function schedulePurge(db: Database, clock: Clock, options: PurgeOptions = {}, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => void purgeOnce(db, clock, options).catch(() => undefined), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

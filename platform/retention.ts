// The platform's retention purge: a job every instance schedules, of which one runs at a time (a
// try-lock: an instance finding it taken skips that round). It removes what only served a while:
// spent rate-limit entries, heartbeats of terminals silent for longer than the retention, and phone
// uploads past their expiry with any photo no terminal took.
import type { Clock } from '../contract/clock.js';
import type { Database } from './db/database.js';
import { LOCKS } from './migrations.js';

export const RATE_WINDOW_MS = 60_000;
export const HEARTBEAT_RETENTION_MS = 30 * 86_400_000;

/** One purge round; null when another instance is purging right now. */
export function purgeOnce(db: Database, clock: Clock): Promise<{ rateRequests: number; heartbeats: number; phoneUploads: number } | null> {
  return db.transaction(async () => {
    const got = await db.one<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [LOCKS.purge]);
    if (!got?.got) return null;
    const now = clock.nowMs();
    const rateRequests = await db.run('DELETE FROM rate_requests WHERE at_ms <= $1', [now - RATE_WINDOW_MS]);
    const heartbeats = await db.run('DELETE FROM terminal_heartbeats WHERE received_at_ms <= $1', [now - HEARTBEAT_RETENTION_MS]);
    const phoneUploads = await db.run('DELETE FROM phone_uploads WHERE expires_at <= $1', [clock.iso()]);
    return { rateRequests, heartbeats, phoneUploads };
  });
}

/** Runs the purge every `everyMs`; returns a stop function. Failures wait for the next round. */
export function schedulePurge(db: Database, clock: Clock, everyMs = 10 * 60_000): () => void {
  const timer = setInterval(() => void purgeOnce(db, clock).catch(() => undefined), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

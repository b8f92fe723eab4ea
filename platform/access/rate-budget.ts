// Requests per caller and purpose in the last minute (a sliding window of times), kept in the
// database so every instance spends from the same budget: what a terminal may ask of citizen data
// before it is slowed to a crawl. Keyed by the authenticated principal, never by a header.
import type { Database } from '../db/database.js';

const WINDOW_MS = 60_000;

export class RateLimits {
  constructor(private readonly db: Database) {}

  /** Spends one request for this caller at `now` (ms); false when the minute's budget is gone. */
  take(purpose: string, caller: string, perMinute: number, now: number): Promise<boolean> {
    return this.db.transaction(async () => {
      // One caller's requests take turns across instances: the count and the insert agree.
      await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rate:${purpose}:${caller}`]);
      await this.db.run('DELETE FROM rate_requests WHERE purpose = $1 AND caller = $2 AND at_ms <= $3', [purpose, caller, now - WINDOW_MS]);
      const used = (await this.db.one<{ n: number }>('SELECT COUNT(*) AS n FROM rate_requests WHERE purpose = $1 AND caller = $2', [purpose, caller]))?.n ?? 0;
      if (used >= perMinute) return false;
      await this.db.run('INSERT INTO rate_requests (purpose, caller, at_ms) VALUES ($1, $2, $3)', [purpose, caller, now]);
      return true;
    });
  }
}

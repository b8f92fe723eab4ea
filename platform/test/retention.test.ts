import { expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { LOCKS } from '../migrations.js';
import { HEARTBEAT_RETENTION_MS, purgeOnce } from '../retention.js';

describeOnPostgres('the retention purge', () => {
  it('removes spent entries, and runs on one instance at a time: another finding it running skips the round', async () => {
    const url = await freshDatabaseUrl();
    const [one, other] = [await openPlatformDatabase(url), await openPlatformDatabase(url)];
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    const now = clock.nowMs();
    await one.run("INSERT INTO rate_requests (purpose, caller, at_ms) VALUES ('p', 'old', $1), ('p', 'new', $2)", [now - 120_000, now - 1_000]);
    await one.run("INSERT INTO terminal_heartbeats (terminal_id, heartbeat_json, received_at_ms) VALUES ('gone', '{}', $1), ('here', '{}', $2)", [
      now - HEARTBEAT_RETENTION_MS - 1,
      now,
    ]);
    // While one instance holds the purge lock, the other's round is skipped.
    let release!: () => void;
    const held = one.transaction(async () => {
      await one.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.purge]);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await purgeOnce(other, clock)).toBeNull();
    release();
    await held;
    expect(await purgeOnce(other, clock)).toEqual({ rateRequests: 1, heartbeats: 1, phoneUploads: 0 });
    expect(await one.query('SELECT caller FROM rate_requests')).toEqual([{ caller: 'new' }]);
    await one.close();
    await other.close();
  });
});

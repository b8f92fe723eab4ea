import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { LOCKS } from '../migrations.js';
import { queueOf } from '../queue/routes.js';
import { HEARTBEAT_RETENTION_MS, purgeOnce } from '../retention.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { TEST_ADMIN_TOKEN } from './enrolment.js';
import { enrol, helpRequest, push, storedBlob } from './package-fixtures.js';

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
    expect(await purgeOnce(other, clock)).toEqual({ rateRequests: 1, heartbeats: 1, phoneUploads: 0, phonePhotos: 0, helpRequests: 0, blobs: 0 });
    expect(await one.query('SELECT caller FROM rate_requests')).toEqual([{ caller: 'new' }]);
    await one.close();
    await other.close();
  });
});

describeOnPostgres('the retention purge of what citizens left: help requests, their voice notes and materials, phone photos', () => {
  let platform: RunningPlatform;
  let dataDir: string;
  const clock = new ManualClock('2026-11-23T01:30:00Z');
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hall-retention-'));
    platform = await startPlatform({ version: 't', dataDir, databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, clock });
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('deletes answered requests after their age and unanswered ones after theirs, with every file nothing kept still names, sealed files too', async () => {
    const { db, blobs } = platformContext(platform.app);
    const kiosk = await enrol(platform.app, 'kiosk-r1', { hallId: 'hall-a' });
    const shared = await storedBlob(platform.app, Buffer.from('jpeg bytes of a page both requests sent'));
    const material = { materialId: 'photo', name: '户口簿首页', sha256: shared, mediaType: 'image/jpeg' };
    const answered = await helpRequest(platform.app, 'kiosk-r1', { note: Buffer.from('first voice note'), materials: [material] });
    const open = await helpRequest(platform.app, 'kiosk-r1', { note: Buffer.from('second voice note'), materials: [material] });
    for (const request of [answered, open]) expect(await push(platform.app, kiosk, request)).toMatchObject({ outcome: 'applied' });
    await queueOf(platform.app).help.answer(answered.payload.requestId as string, 'hall-a', 'counter-1', { state: 'accepted' });
    const [answeredNote, openNote] = [answered.blobs[0]!, open.blobs[0]!];
    const onDisk = (sha256: string) => existsSync(blobs.finalPath(sha256));
    expect([answeredNote, openNote, shared].every(onDisk)).toBe(true);
    const requests = async () => (await db.query<{ id: string }>('SELECT id FROM help_requests ORDER BY received_at, id')).map((r) => r.id);

    // Within both ages nothing goes.
    clock.advance(29 * 86_400_000);
    expect(await purgeOnce(db, clock, { blobs })).toMatchObject({ helpRequests: 0, blobs: 0 });
    // Past the answered age: the answered request and its own note go; the material the open one still names stays.
    clock.advance(2 * 86_400_000);
    expect(await purgeOnce(db, clock, { blobs })).toMatchObject({ helpRequests: 1, blobs: 1 });
    expect(await requests()).toEqual([open.payload.requestId]);
    expect([onDisk(answeredNote), onDisk(openNote), onDisk(shared)]).toEqual([false, true, true]);
    expect(await db.one('SELECT sha256 FROM blobs WHERE sha256 = $1', [answeredNote])).toBeUndefined();
    // The mutation keeps its keys only: a retried push is still a duplicate, never a second request.
    expect(await push(platform.app, kiosk, answered)).toMatchObject({ outcome: 'duplicate' });
    expect(await requests()).toEqual([open.payload.requestId]);

    // The ages are the hall's to set: an unanswered request older than a shorter age goes with its files.
    expect(await purgeOnce(db, clock, { blobs, ages: { openHelpRequestDays: 30 } })).toMatchObject({ helpRequests: 1, blobs: 2 });
    expect(await requests()).toEqual([]);
    expect([openNote, shared].some(onDisk)).toBe(false);
    const left = await db.query<{ payload_json: string; blobs_json: string }>("SELECT payload_json, blobs_json FROM mutations WHERE kind = 'help-request'");
    expect(left).toEqual([
      { payload_json: '{}', blobs_json: '[]' },
      { payload_json: '{}', blobs_json: '[]' },
    ]);
  });

  it('deletes a phone photo no terminal took once it is older than its age, even while its upload has not expired', async () => {
    const { db } = platformContext(platform.app);
    const at = (ms: number) => new Date(clock.nowMs() + ms).toISOString();
    await db.run(
      "INSERT INTO phone_uploads (id, token_hash, terminal_id, material_name, opened_at, expires_at, used_at) VALUES ('u1', 'h1', 'kiosk-r1', '户口簿', $1, $2, $1)",
      [at(-2 * 3_600_000), at(3_600_000)],
    );
    await db.run(
      "INSERT INTO phone_upload_photos (id, upload_id, photo_sealed, width, height, received_at) VALUES ('p-old', 'u1', 'sealed', 1, 1, $1), ('p-new', 'u1', 'sealed', 1, 1, $2)",
      [at(-61 * 60_000), at(-5 * 60_000)],
    );
    expect(await purgeOnce(db, clock)).toMatchObject({ phonePhotos: 1, phoneUploads: 0 });
    expect(await db.query('SELECT id FROM phone_upload_photos')).toEqual([{ id: 'p-new' }]);
  });
});

describe('the retention purge on PGlite (the embedded platform)', () => {
  it("finds a help request's mutation and whether another mutation still names its files with the same SQL", async () => {
    const db = await openPlatformDatabase('pglite:memory');
    const clock = new ManualClock('2026-11-23T01:00:00Z');
    await db.run("INSERT INTO terminals (terminal_id, credential_hash, registered_at) VALUES ('kiosk-p', 'hash', '2026-01-01T00:00:00Z')");
    await db.run(
      "INSERT INTO help_requests (id, hall_id, terminal_id, source, body_sealed, state, received_at, answered_at) VALUES ('r1', 'hall-a', 'kiosk-p', 'kiosk', 'sealed', 'accepted', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    );
    await db.run(
      `INSERT INTO mutations (terminal_id, mutation_id, idempotency_key, kind, payload_json, blobs_json, status, applied_at) VALUES
       ('kiosk-p', 1, 'k1', 'help-request', '{"requestId":"r1"}', '["note","shared"]', 'applied', '2026-01-01T00:00:00Z'),
       ('kiosk-p', 2, 'k2', 'application', '{}', '["shared"]', 'applied', '2026-01-01T00:00:00Z')`,
    );
    await db.run("INSERT INTO blobs (sha256, size) VALUES ('note', 1), ('shared', 1)");
    const removed: string[] = [];
    expect(await purgeOnce(db, clock, { blobs: { remove: (sha256) => void removed.push(sha256) } })).toMatchObject({ helpRequests: 1, blobs: 1 });
    expect(removed).toEqual(['note']);
    expect(await db.query('SELECT sha256 FROM blobs')).toEqual([{ sha256: 'shared' }]);
    await db.close();
  });
});

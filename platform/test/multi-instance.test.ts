// Two `platform serve` processes on one PostgreSQL database, with no coordination but the database:
// exactly-once push when a terminal's batches land on both, queue numbers unique and gap-free, leased
// blocks that never overlap, events made on one instance streamed by the other in order, rate limits
// counted across both — and the same with an instance killed, connections cut and PostgreSQL restarted.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import { startPlatformProcess, type PlatformProcess } from '../../test/helpers/platform-process.js';
import { startCluster, type Cluster } from '../../test/postgres/cluster.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { CITIZEN_LOOKUPS_PER_MINUTE } from '../cases/routes.js';

const ticket = (terminalId: string, mutationId: number): MutationEnvelope => ({
  mutationId,
  idempotencyKey: `${terminalId}-${mutationId}-multi`,
  kind: 'ticket',
  payload: { n: mutationId },
  personal: null,
  blobs: [],
  createdAt: '2026-11-23T01:00:00Z',
});

async function post(base: string, path: string, credential: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Pushes until the platform has every mutation up to `total`, alternating instances and retrying on any failure. */
async function pushAll(bases: () => string[], terminalId: string, credential: string, total: number, batch = 10): Promise<void> {
  let acked = 0;
  // As a terminal does, it keeps trying while instances and connections come back (bounded by the test's own limit).
  const giveUpAt = performance.now() + 90_000;
  for (let attempt = 0; acked < total; attempt++) {
    if (performance.now() > giveUpAt) throw new Error(`gave up at ${acked} of ${total}`);
    const list = bases();
    const base = list[attempt % list.length]!;
    const ids = Array.from({ length: Math.min(batch, total - acked) }, (_, i) => acked + 1 + i);
    try {
      const reply = await post(base, syncPaths.push, credential, { mutations: ids.map((id) => ticket(terminalId, id)) });
      if (reply.status === 200) acked = Math.max(acked, Number(reply.body.highestMutationId));
      else await new Promise((resolve) => setTimeout(resolve, 50));
    } catch {
      // An instance or the database away: the terminal keeps its batch and tries again.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function appliedOnce(platform: PlatformProcess, terminalId: string, total: number): Promise<void> {
  const rows = await platform.query<{ mutation_id: number; status: string }>(
    'SELECT mutation_id, status FROM mutations WHERE terminal_id = ? ORDER BY apply_seq',
    terminalId,
  );
  expect(rows.map((r) => r.mutation_id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(rows.every((r) => r.status === 'applied')).toBe(true);
}

/** Collects a queue event stream's events (id and type) until closed. */
function follow(base: string, credential: string, since = 0) {
  const events: { seq: number; type: string; number?: string }[] = [];
  let buffer = '';
  const req = request(`${base}/v1/queue/events?since=${since}`, { headers: { authorization: `Bearer ${credential}` } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: queue') && data) {
          const event = JSON.parse(data.slice(6)) as { seq: number; type: string; ticket?: { number: string } };
          events.push({ seq: event.seq, type: event.type, ...(event.ticket ? { number: event.ticket.number } : {}) });
        }
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { events, close: () => req.destroy() };
}

const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 20_000) => {
  for (const started = performance.now(); performance.now() - started < ms; await new Promise((resolve) => setTimeout(resolve, 20)))
    if (await condition()) return;
  throw new Error(`timed out waiting for ${what}`);
};

let dataDir: string;
let a: PlatformProcess;
let b: PlatformProcess;

beforeAll(async () => {
  // One database and one shared data folder (the sealing key and the blob files), as instances behind
  // a reverse proxy share a key and a volume.
  dataDir = mkdtempSync(join(tmpdir(), 'hall-multi-'));
  const databaseUrl = await freshDatabaseUrl();
  a = await startPlatformProcess(dataDir, 0, databaseUrl);
  b = await startPlatformProcess(dataDir, 0, databaseUrl);
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

describeOnPostgres('several platform instances on one database', () => {
  it('applies each mutation exactly once when the same batches reach both instances at once', async () => {
    const credential = await a.register('T-both');
    const total = 120;
    // Every batch is sent to both instances at the same moment: one applies it, the other answers duplicate.
    for (let from = 1; from <= total; from += 12) {
      const batch = Array.from({ length: 12 }, (_, i) => ticket('T-both', from + i));
      const replies = await Promise.all([a, b].map((p) => post(p.url, syncPaths.push, credential, { mutations: batch })));
      expect(replies.map((r) => r.status)).toEqual([200, 200]);
      const outcomes = replies.flatMap((r) => (r.body.results as { outcome: string }[]).map((x) => x.outcome));
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(12);
    }
    await appliedOnce(a, 'T-both', total);
  });

  it('numbers tickets uniquely and without gaps, and leases blocks that never overlap, when both issue at once', async () => {
    const kiosk = await a.register('kiosk-multi');
    // Each instance issues what arrives at once as groups (one transaction each, two queues' number rows).
    const issued = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        post((i % 2 ? a : b).url, '/v1/queue/tickets', kiosk, { service: i % 3 ? 'general' : 'social-security', priority: 'normal', source: 'kiosk' }),
      ),
    );
    expect(issued.every((r) => r.status === 200)).toBe(true);
    const numbers = (prefix: string) =>
      issued
        .map((r) => (r.body.ticket as { number: string }).number)
        .filter((n) => n.startsWith(prefix))
        .sort();
    expect(numbers('C')).toEqual(Array.from({ length: 80 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`));
    expect(numbers('A')).toEqual(Array.from({ length: 40 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));
    const leases = await Promise.all(Array.from({ length: 6 }, (_, i) => post((i % 2 ? a : b).url, '/v1/queue/leases', kiosk, { prefix: 'C' })));
    const blocks = leases.map((r) => r.body as { from: number; to: number }).sort((x, y) => x.from - y.from);
    expect(blocks[0]!.from).toBe(501);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.from).toBe(blocks[i - 1]!.to + 1);
  });

  it('streams events made on one instance to followers of the other, in order, each once, resumable by sequence', async () => {
    const kiosk = await a.register('kiosk-events');
    const display = await a.register('display-events', { role: 'display' });
    const snapshot = (await (await fetch(`${b.url}/v1/queue/snapshot`, { headers: { authorization: `Bearer ${display}` } })).json()) as { seq: number };
    const stream = follow(b.url, display, snapshot.seq);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 10; i++) await post(i % 3 ? a.url : b.url, '/v1/queue/tickets', kiosk, { service: 'household', priority: 'normal', source: 'kiosk' });
    await until(() => stream.events.length >= 10, 'ten events on the other instance');
    stream.close();
    const seqs = stream.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(stream.events.filter((e) => e.type === 'ticket.issued')).toHaveLength(10);
    // A follower that lost its connection after the fifth resumes there, on either instance.
    const resumed = follow(a.url, display, seqs[4]);
    await until(() => resumed.events.length >= 5, 'the rest after a reconnect');
    resumed.close();
    expect(resumed.events.map((e) => e.seq)).toEqual(seqs.slice(5));
  });

  it('refuses a revoked terminal on the other instance too, though that instance had just let it in', async () => {
    const kiosk = await a.register('kiosk-revoked');
    const status = async (base: string) => (await fetch(`${base}/v1/terminal/status`, { headers: { authorization: `Bearer ${kiosk}` } })).status;
    // B authenticates the kiosk (and remembers it for a moment).
    expect(await status(b.url)).toBe(200);
    await a.revoke('kiosk-revoked');
    expect(await status(a.url)).toBe(403);
    // B hears of the change from A's notification.
    await until(async () => (await status(b.url)) === 403, 'the revocation on the other instance');
  });

  it('counts a rate limit across instances', async () => {
    const kiosk = await a.register('kiosk-rate');
    const idNumber = withIdNumberCheckCharacter('11010519800101123');
    const statuses: number[] = [];
    for (let i = 0; i < CITIZEN_LOOKUPS_PER_MINUTE + 4; i++)
      statuses.push((await post((i % 2 ? a : b).url, '/v1/citizens/lookup', kiosk, { idNumber })).status);
    expect(statuses.slice(0, CITIZEN_LOOKUPS_PER_MINUTE).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(CITIZEN_LOOKUPS_PER_MINUTE)).toEqual([429, 429, 429, 429]);
  });

  it('starts another instance only with the same sealing key, personal-code keys and blob folder', async () => {
    const own = mkdtempSync(join(tmpdir(), 'hall-multi-own-'));
    const stranger = mkdtempSync(join(tmpdir(), 'hall-multi-stranger-'));
    try {
      // A data folder of its own, given the shared key file and folders (as a deployment passes them): it serves.
      const shared = [
        '--sealing-key-file',
        join(dataDir, 'keys', 'platform.key'),
        '--blob-dir',
        join(dataDir, 'blobs'),
        '--code-keys-dir',
        join(dataDir, 'personal-code-keys'),
      ];
      const c = await startPlatformProcess(own, 0, a.databaseUrl, shared);
      try {
        expect((await fetch(`${c.url}/health`)).status).toBe(200);
      } finally {
        await c.stop();
      }
      // Its own key and folders (made fresh in its data folder): refused at start, before it seals or publishes anything.
      await expect(startPlatformProcess(stranger, 0, a.databaseUrl)).rejects.toThrow(/exited early/);
      expect((await fetch(`${a.url}/health`)).status).toBe(200);
    } finally {
      rmSync(own, { recursive: true, force: true });
      rmSync(stranger, { recursive: true, force: true });
    }
  }, 90_000);

  it('loses nothing and doubles nothing when an instance is killed mid-push and connections are cut mid-transaction', async () => {
    const credential = await a.register('T-faults');
    const total = 300;
    let instances = [a, b];
    const pushing = pushAll(() => instances.map((p) => p.url), 'T-faults', credential, total, 5);
    // Cut every connection of both instances to the database, again and again, while batches apply.
    const admin = new pg.Client({ connectionString: a.databaseUrl });
    await admin.connect();
    let cuts = 0;
    const cutting = (async () => {
      for (let i = 0; i < 15; i++) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        const killed = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        cuts += killed.rowCount ?? 0;
      }
    })();
    // And kill instance A outright in the middle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await a.kill();
    instances = [b];
    await Promise.all([pushing, cutting]);
    await admin.end();
    expect(cuts).toBeGreaterThan(0);
    await appliedOnce(b, 'T-faults', total);
    a = await startPlatformProcess(dataDir, 0, b.databaseUrl);
  }, 150_000);
});

describeOnPostgres('a platform instance while its PostgreSQL restarts', () => {
  let cluster: Cluster;
  let platform: PlatformProcess;
  const dir = mkdtempSync(join(tmpdir(), 'hall-restart-'));
  beforeAll(async () => {
    cluster = await startCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE hall');
    await admin.end();
    platform = await startPlatformProcess(dir, 0, cluster.url('hall'));
  }, 60_000);
  afterAll(async () => {
    await platform?.stop();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  it('refuses while the database is down, then takes every batch exactly once', async () => {
    const credential = await platform.register('T-restart');
    const total = 200;
    const pushing = pushAll(() => [platform.url], 'T-restart', credential, total, 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    cluster.stopFast();
    const health = await fetch(`${platform.url}/health`);
    expect(health.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 500));
    cluster.start();
    await pushing;
    expect((await fetch(`${platform.url}/health`)).status).toBe(200);
    await appliedOnce(platform, 'T-restart', total);
  }, 120_000);
});

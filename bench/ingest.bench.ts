// Ingest on loopback: 1,000 simulated terminals pushing batches of mutations at once to one platform
// instance, then to two instances sharing the same PostgreSQL database (each terminal's batches
// alternating between them), against a same-run baseline of one terminal pushing alone. Every
// mutation must be applied exactly once: the bench checks the database after each phase, and a
// retry of every terminal's last batch (on the other instance) must change nothing.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { systemClock } from '../contract/clock.js';
import { bearer, type MutationEnvelope, type MutationOutcome } from '../contract/sync-protocol.js';
import { syncPaths } from '../contract/platform-api/paths.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const TERMINALS = 1000;
// Terminals push up to 100 at a time (the sync engine's default); half that here.
const BATCH = 50;
const BATCHES_PER_PHASE = 2;
const ENROL_AT_ONCE = 20;
const TARGET_PER_SECOND = 5000;

interface Terminal {
  id: string;
  credential: string;
  next: number;
}

const round = (n: number) => Math.round(n);

function batchOf(terminal: Terminal): MutationEnvelope[] {
  const createdAt = systemClock.iso();
  return Array.from({ length: BATCH }, () => {
    const mutationId = terminal.next++;
    return {
      mutationId,
      idempotencyKey: `${terminal.id}:${mutationId}`,
      kind: 'evaluation',
      payload: { ticketId: `${terminal.id}-t${mutationId}`, level: 5, channel: 'kiosk' },
      personal: null,
      blobs: [],
      createdAt,
    };
  });
}

async function push(url: string, terminal: Terminal, mutations: MutationEnvelope[]): Promise<MutationOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url + syncPaths.push, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(terminal.credential) },
      body: JSON.stringify({ mutations }),
    }).catch((error: unknown) => error as Error);
    // A terminal retries a push whose answer it did not get; exactly-once makes that safe.
    if (res instanceof Error || res.status >= 500) {
      if (attempt >= 5) throw res instanceof Error ? res : new Error(`push answered ${res.status}`);
      continue;
    }
    if (!res.ok) throw new Error(`push answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { results: MutationOutcome[] }).results;
  }
}

async function enrolAll(platform: PlatformProcess, count: number, prefix: string): Promise<Terminal[]> {
  const terminals: Terminal[] = [];
  for (let i = 0; i < count; i += ENROL_AT_ONCE) {
    const ids = Array.from({ length: Math.min(ENROL_AT_ONCE, count - i) }, (_, j) => `${prefix}-${i + j}`);
    terminals.push(...(await Promise.all(ids.map(async (id) => ({ id, credential: await platform.register(id), next: 1 })))));
  }
  return terminals;
}

/** Every terminal pushes `batches` batches one after another, all terminals at once; urls alternate per batch. */
async function phase(terminals: Terminal[], urls: string[], batches: number): Promise<{ perSecond: number; applied: number; seconds: number }> {
  let applied = 0;
  const started = performance.now();
  await Promise.all(
    terminals.map(async (terminal, index) => {
      for (let b = 0; b < batches; b++) {
        const results = await push(urls[(index + b) % urls.length]!, terminal, batchOf(terminal));
        applied += results.filter((r) => r.outcome === 'applied').length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: applied / seconds, applied, seconds };
}

/** Rows in the database and each terminal's highest id agree with what was pushed: nothing lost, nothing twice. */
async function checkExactlyOnce(platform: PlatformProcess, terminals: Terminal[], prefix: string): Promise<void> {
  const pushed = terminals.reduce((sum, t) => sum + t.next - 1, 0);
  const [rows] = await platform.query<{ n: number; distinct_keys: number }>(
    'SELECT COUNT(*)::integer AS n, COUNT(DISTINCT idempotency_key)::integer AS distinct_keys FROM mutations WHERE terminal_id LIKE $1',
    `${prefix}-%`,
  );
  const behind = await platform.query<{ terminal_id: string }>(
    'SELECT terminal_id FROM terminals WHERE terminal_id LIKE $1 AND highest_mutation_id <> (SELECT COUNT(*) FROM mutations m WHERE m.terminal_id = terminals.terminal_id)',
    `${prefix}-%`,
  );
  if (rows?.n !== pushed || rows.distinct_keys !== pushed || behind.length > 0) {
    throw new Error(`exactly-once broken: ${rows?.n} rows (${rows?.distinct_keys} keys) for ${pushed} pushed; ${behind.length} terminals disagree`);
  }
}

const suite: BenchSuite = {
  title: 'Platform ingest on loopback (1,000 terminals pushing batches)',
  async run(): Promise<BenchResult[]> {
    const dirs = [mkdtempSync(join(tmpdir(), 'hall-bench-ingest-a-')), mkdtempSync(join(tmpdir(), 'hall-bench-ingest-b-'))];
    const first = await startPlatformProcess(dirs[0]!);
    let second: PlatformProcess | null = null;
    try {
      // Baseline: one terminal alone, the same batches one after another.
      const [alone] = await enrolAll(first, 1, 'alone');
      await phase([alone!], [first.url], 4); // warm-up
      const baseline = await phase([alone!], [first.url], 40);

      const terminals = await enrolAll(first, TERMINALS, 'ingest');
      const one = await phase(terminals, [first.url], BATCHES_PER_PHASE);
      await checkExactlyOnce(first, terminals, 'ingest');
      const loadOne = loadavg()[0]!;

      // A second instance with a data folder of its own, sharing what must be shared outside the database.
      const shared = [
        '--sealing-key-file',
        join(dirs[0]!, 'keys', 'platform.key'),
        '--blob-dir',
        join(dirs[0]!, 'blobs'),
        '--code-keys-dir',
        join(dirs[0]!, 'personal-code-keys'),
      ];
      second = await startPlatformProcess(dirs[1]!, 0, first.databaseUrl, shared);
      const two = await phase(terminals, [first.url, second.url], BATCHES_PER_PHASE);
      await checkExactlyOnce(first, terminals, 'ingest');
      const loadTwo = loadavg()[0]!;

      // Every terminal's last batch again, on the instance it did not go to: all duplicates, nothing new.
      let duplicates = 0;
      await Promise.all(
        terminals.map(async (terminal, index) => {
          const again = Array.from({ length: BATCH }, (_, i) => terminal.next - BATCH + i).map((mutationId) => ({
            mutationId,
            idempotencyKey: `${terminal.id}:${mutationId}`,
            kind: 'evaluation',
            payload: { ticketId: `${terminal.id}-t${mutationId}`, level: 5, channel: 'kiosk' },
            personal: null,
            blobs: [],
            createdAt: systemClock.iso(),
          }));
          const url = [first.url, second!.url][(index + BATCHES_PER_PHASE) % 2]!;
          const results = await push(url, terminal, again);
          duplicates += results.filter((r) => r.outcome === 'duplicate').length;
        }),
      );
      await checkExactlyOnce(first, terminals, 'ingest');
      if (duplicates !== TERMINALS * BATCH) throw new Error(`a retried batch was not recognised: ${duplicates} duplicates of ${TERMINALS * BATCH}`);

      const base = { name: `one terminal alone, batches of ${BATCH} in turn`, value: round(baseline.perSecond) };
      return [
        {
          name: `ingest: mutations applied per second, ${TERMINALS} terminals, one instance`,
          value: round(one.perSecond),
          unit: 'ops/s',
          baseline: base,
          ratio: one.perSecond / baseline.perSecond,
          limit: TARGET_PER_SECOND,
          withinLimit: one.perSecond >= TARGET_PER_SECOND,
          notes: `${one.applied} mutations in ${one.seconds.toFixed(1)} s (${BATCHES_PER_PHASE} batches of ${BATCH} per terminal, all terminals at once); exactly once checked in the database; load average ${loadOne.toFixed(1)}; limit is a floor`,
        },
        {
          name: `ingest: mutations applied per second, ${TERMINALS} terminals, two instances on one database`,
          value: round(two.perSecond),
          unit: 'ops/s',
          baseline: base,
          ratio: two.perSecond / baseline.perSecond,
          notes: `${two.applied} mutations in ${two.seconds.toFixed(1)} s, each terminal's batches alternating between the instances; then every terminal's last batch retried on the other instance: ${duplicates} duplicates, nothing applied twice; load average ${loadTwo.toFixed(1)}`,
        },
      ];
    } finally {
      await second?.stop();
      await first.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;

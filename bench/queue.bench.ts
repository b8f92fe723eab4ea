// Hall queue figures on loopback (the service in its own process, on a PostgreSQL server as deployed), each against a baseline measured in the same run:
// ticket-issue latency with 200 terminals issuing at once vs one terminal alone, and call-to-display
// latency (counter's call → the event at every one of 200 followers) vs a single follower; and one
// terminal issuing on the embedded default (the platform on PGlite, in its own process as `npm start`
// runs it) against the same on the server, and against SQLite's figure before the move (3× at most).
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { QueueSnapshot } from '../contract/queue.js';
import { HallServiceClient } from '../main/host/features/queue/queue-client.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const TERMINALS = 200;
const ISSUES_PER_TERMINAL = 5;
const CALLS = 40;
/** One terminal's ticket issue p99 on the SQLite store before #15 (bench/RESULTS.md, "Hall queue on loopback"). */
const SQLITE_ISSUE_P99_MS = 9.87;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** Terminals enrolled with the platform, each with its own credential. */
async function clients(
  platform: PlatformProcess,
  count: number,
  prefix: string,
  fields?: Parameters<PlatformProcess['register']>[1],
): Promise<HallServiceClient[]> {
  const out: HallServiceClient[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${i}`;
    const credential = await platform.register(id, fields);
    out.push(new HallServiceClient({ baseUrl: platform.url, credential: async () => credential, timeoutMs: 30_000 }));
  }
  return out;
}

async function issueLatencies(terminals: HallServiceClient[], perTerminal: number): Promise<number[]> {
  const latencies: number[] = [];
  await Promise.all(
    terminals.map(async (client) => {
      for (let i = 0; i < perTerminal; i++) {
        const started = performance.now();
        await client.request('queueIssue', { body: { service: i % 2 ? 'social-security' : 'general' } });
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

/** Each call's latency to every follower, from the moment the counter sends it. */
async function callLatencies(counter: HallServiceClient, followers: HallServiceClient[], calls: number): Promise<number[]> {
  const latencies: number[] = [];
  let sentAt = 0;
  let pending = 0;
  let release: () => void = () => undefined;
  let ups = 0;
  const { seq } = await counter.request<QueueSnapshot>('queueSnapshot');
  const stops = followers.map((f) =>
    f.follow(seq, {
      onEvent: (event) => {
        if (event.type !== 'ticket.called') return;
        latencies.push(performance.now() - sentAt);
        if (--pending === 0) release();
      },
      onUp: () => (ups += 1),
      onDown: () => undefined,
    }),
  );
  while (ups < followers.length) await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < calls; i++) {
    const all = new Promise<void>((resolve) => (release = resolve));
    pending = followers.length;
    sentAt = performance.now();
    await counter.request('queueCall', { body: {} });
    await all;
    await counter.request('queueFinish', { body: {} });
  }
  stops.forEach((stop) => stop());
  return latencies;
}

const suite: BenchSuite = {
  title: 'Hall queue on loopback (200 terminals)',
  async run(): Promise<BenchResult[]> {
    // The hall service runs in its own process, as on the hall's server; the terminals' load here.
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-bench-queue-'));
    const platform = await startPlatformProcess(dataDir);
    try {
      const [alone] = (await clients(platform, 1, 'alone')) as [HallServiceClient];
      await issueLatencies([alone], 20); // warm-up
      const baselineIssue = await issueLatencies([alone], 100);
      // The embedded default, measured beside the server's baseline (before the load phases): the same
      // platform on PGlite in its data folder, in its own process as `npm start` runs it.
      const embeddedDir = mkdtempSync(join(tmpdir(), 'hall-bench-queue-embedded-'));
      const embedded = await startPlatformProcess(embeddedDir, 0, `pglite:${join(embeddedDir, 'pgdata')}`);
      let embeddedIssue: number[];
      try {
        const [terminal] = (await clients(embedded, 1, 'embedded')) as [HallServiceClient];
        await issueLatencies([terminal], 20); // warm-up
        embeddedIssue = await issueLatencies([terminal], 100);
      } finally {
        await embedded.stop();
        rmSync(embeddedDir, { recursive: true, force: true });
      }
      const kiosks = await clients(platform, TERMINALS, 'kiosk');
      // Terminals keep their connection to the hall service open all day: open them before timing.
      await Promise.all(kiosks.map((k) => k.request('queueAppointments')));
      const loadStarted = performance.now();
      const loadIssue = await issueLatencies(kiosks, ISSUES_PER_TERMINAL);
      // Under 200 requests at once, latency is queueing: the throughput says what each ticket costs.
      const issuedPerSecond = loadIssue.length / ((performance.now() - loadStarted) / 1000);
      const loadAverage = loadavg()[0]!;

      const [counter] = (await clients(platform, 1, 'counter', { role: 'counter', counterId: 'counter-2' })) as [HallServiceClient];
      const baselineCall = await callLatencies(counter, await clients(platform, 1, 'display-alone'), CALLS);
      const loadCall = await callLatencies(counter, await clients(platform, TERMINALS, 'display'), CALLS);

      const results: BenchResult[] = [];
      for (const p of [50, 99]) {
        const issue = percentile(loadIssue, p);
        const issueBase = percentile(baselineIssue, p);
        results.push({
          name: `queue: ticket issue latency p${p}, ${TERMINALS} terminals issuing at once`,
          value: round(issue),
          unit: 'ms',
          baseline: { name: `one terminal alone, p${p}`, value: round(issueBase) },
          ratio: round(issue / issueBase),
          notes: `${loadIssue.length} tickets under load (kept-alive connections), ${baselineIssue.length} alone; ${Math.round(issuedPerSecond)} tickets/s; load average ${loadAverage.toFixed(1)}`,
        });
        const call = percentile(loadCall, p);
        const callBase = percentile(baselineCall, p);
        results.push({
          name: `queue: call → event at every follower, p${p}, ${TERMINALS} followers`,
          value: round(call),
          unit: 'ms',
          baseline: { name: `a single follower, p${p}`, value: round(callBase) },
          ratio: round(call / callBase),
          limit: 200,
          withinLimit: call <= 200,
          notes: `${CALLS} calls; the display's 200 ms budget is the limit`,
        });
      }
      for (const p of [50, 99]) {
        const value = percentile(embeddedIssue, p);
        const server = percentile(baselineIssue, p);
        results.push({
          name: `queue: ticket issue latency p${p}, one terminal, embedded platform (PGlite)`,
          value: round(value),
          unit: 'ms',
          baseline: { name: `the same on a PostgreSQL server, p${p}`, value: round(server) },
          ratio: round(value / server),
          ...(p === 99 ? { limit: 3 * SQLITE_ISSUE_P99_MS, withinLimit: value <= 3 * SQLITE_ISSUE_P99_MS } : {}),
          notes:
            p === 99
              ? `${embeddedIssue.length} tickets; the limit is 3 × SQLite's one-terminal p99 before the move (${SQLITE_ISSUE_P99_MS} ms, an earlier run): ${round(value / SQLITE_ISSUE_P99_MS)} ×`
              : `${embeddedIssue.length} tickets; the platform in its own process on PGlite, as the embedded default runs`,
        });
      }
      return results;
    } finally {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default suite;

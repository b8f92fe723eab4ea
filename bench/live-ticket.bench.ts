// Live ticket pages under load (loopback, the hall service in its own process on PostgreSQL): 200
// terminals follow the hall's event stream and 1,000 phones each follow their own ticket's page over
// SSE, while a counter calls; each call changes every phone's view (people ahead, or "called"), and
// the figure is the time from the counter's call to each phone's update. The baseline is the same
// loop with a single phone and no terminals, in the same run.
import { request, type ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LiveTicketView } from '../contract/live-ticket.js';
import type { IssuedTicket, QueueSnapshot } from '../contract/queue.js';
import { HallServiceClient } from '../main/host/features/queue/queue-client.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const TERMINALS = 200;
const PHONES = 1000;
const CALLS = 20;
const LIMIT_MS = 100;
/** Counter 4 serves household and ID cards only: every phone's ticket is in its line. */
const SERVICE = 'household';
const COUNTER = 'counter-4';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const round = (n: number) => Math.round(n * 100) / 100;

/** A phone holding its live ticket page open: the SSE stream the page's script reads. */
class Phone {
  private req: ClientRequest | undefined;
  view: LiveTicketView | undefined;
  onView: (view: LiveTicketView) => void = () => undefined;

  constructor(private readonly url: string) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let buffer = '';
      this.req = request(this.url, { agent: false }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`live ticket stream answered ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (!block.includes('event: ticket') || !data) continue;
            const first = !this.view;
            this.view = JSON.parse(data.slice(6)) as LiveTicketView;
            if (first) resolve();
            else this.onView(this.view);
          }
        });
      });
      this.req.on('error', reject);
      this.req.end();
    });
  }

  close(): void {
    this.req?.destroy();
  }
}

async function terminals(
  platform: PlatformProcess,
  count: number,
  prefix: string,
  fields?: Parameters<PlatformProcess['register']>[1],
): Promise<HallServiceClient[]> {
  const out: HallServiceClient[] = [];
  for (let i = 0; i < count; i++) {
    const credential = await platform.register(`${prefix}-${i}`, fields);
    out.push(new HallServiceClient({ baseUrl: platform.url, credential: async () => credential, timeoutMs: 60_000 }));
  }
  return out;
}

/** Opens `count` phones on fresh tickets (issued by one kiosk, in the counter's service). */
async function phones(platform: PlatformProcess, kiosk: HallServiceClient, count: number): Promise<Phone[]> {
  const out: Phone[] = [];
  for (let i = 0; i < count; i++) {
    const { liveToken } = await kiosk.request<IssuedTicket>('queueIssue', { body: { service: SERVICE } });
    out.push(new Phone(`${platform.url}/t/${liveToken}/events`));
  }
  // Phones open their pages in bursts, as a hall's do when a queue fills.
  for (let i = 0; i < out.length; i += 100) await Promise.all(out.slice(i, i + 100).map((p) => p.open()));
  return out;
}

/** For each call: the time from sending it to each open phone's next view, and to the counter's answer. */
async function callToPhones(counter: HallServiceClient, open: Phone[], calls: number, answered: number[] = []): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < calls; i++) {
    const waiting = open.filter((p) => p.view?.state === 'waiting');
    let pending = waiting.length;
    let release: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (release = resolve));
    const sentAt = performance.now();
    for (const phone of waiting) {
      phone.onView = () => {
        phone.onView = () => undefined;
        latencies.push(performance.now() - sentAt);
        if (--pending === 0) release();
      };
    }
    await counter.request('queueCall', { body: {} });
    answered.push(performance.now() - sentAt);
    await Promise.race([
      all,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${waiting.length - pending} of ${waiting.length} phones updated`)), 60_000)),
    ]);
    await counter.request('queueFinish', { body: {} });
    // The finished ticket's own page turns "finished": let that pass before the next call.
    await new Promise((r) => setTimeout(r, 50));
  }
  return latencies;
}

const suite: BenchSuite = {
  title: `Live ticket pages: ${TERMINALS} terminals and ${PHONES.toLocaleString('en')} phones following (#17)`,
  async run(): Promise<BenchResult[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-bench-live-'));
    // Every phone of the bench comes from 127.0.0.1: the per-address budget is raised for it.
    process.env.HALL_LIVE_TICKET_PER_MINUTE = String(PHONES * 10);
    const platform = await startPlatformProcess(dataDir).finally(() => delete process.env.HALL_LIVE_TICKET_PER_MINUTE);
    const stops: Array<() => void> = [];
    const opened: Phone[] = [];
    try {
      const [kiosk] = (await terminals(platform, 1, 'kiosk')) as [HallServiceClient];
      const [counter] = (await terminals(platform, 1, 'counter', { role: 'counter', counterId: COUNTER })) as [HallServiceClient];

      // Baseline: one phone, nobody else following.
      const lone = await phones(platform, kiosk, CALLS + 1);
      opened.push(...lone);
      // Only the last ticket's phone stays open: it sees every call of the run (people ahead going down).
      lone.slice(0, -1).forEach((p) => p.close());
      await callToPhones(counter, lone.slice(-1), 3); // warm-up
      const baselineAnswered: number[] = [];
      const baseline = await callToPhones(counter, lone.slice(-1), CALLS - 3, baselineAnswered);
      lone.at(-1)!.close();
      // Drain the rest of the baseline tickets so the loaded run starts from an empty line.
      for (
        let called = await counter.request<{ ticket: unknown }>('queueCall', { body: {} });
        called.ticket;
        called = await counter.request<{ ticket: unknown }>('queueCall', { body: {} })
      ) {
        await counter.request('queueFinish', { body: {} });
      }

      // Load: 200 terminals on the hall's event stream, 1,000 phones on their own tickets.
      const followers = await terminals(platform, TERMINALS, 'display', { role: 'display' });
      const { seq } = await counter.request<QueueSnapshot>('queueSnapshot');
      let up = 0;
      for (const f of followers) stops.push(f.follow(seq, { onEvent: () => undefined, onUp: () => void (up += 1), onDown: () => undefined }));
      while (up < followers.length) await new Promise((r) => setTimeout(r, 20));
      const crowd = await phones(platform, kiosk, PHONES);
      opened.push(...crowd);
      const loadedAnswered: number[] = [];
      const loaded = await callToPhones(counter, crowd, CALLS, loadedAnswered);

      const results: BenchResult[] = [];
      for (const p of [50, 99]) {
        const value = percentile(loaded, p);
        const base = percentile(baseline, p);
        results.push({
          name: `live ticket: call → every phone's page updated, p${p}, ${PHONES} phones + ${TERMINALS} terminals`,
          value: round(value),
          unit: 'ms',
          baseline: { name: `a single phone, p${p}`, value: round(base) },
          ratio: round(value / base),
          ...(p === 99 ? { limit: LIMIT_MS, withinLimit: value <= LIMIT_MS } : {}),
          notes: `${loaded.length} page updates over ${CALLS} calls (every waiting ticket's view changes on each call); SSE over loopback, the service in its own process on PostgreSQL`,
        });
      }
      // How much of that is the call itself: the service picks the next ticket from every waiting one.
      const answered = percentile(loadedAnswered, 50);
      const answeredBase = percentile(baselineAnswered, 50);
      results.push({
        name: `live ticket: the counter's call answered, p50, ${PHONES} waiting`,
        value: round(answered),
        unit: 'ms',
        baseline: { name: `${CALLS} waiting, p50`, value: round(answeredBase) },
        ratio: round(answered / answeredBase),
        notes: 'part of the figures above: the call is answered before the pages are told',
      });
      return results;
    } finally {
      stops.forEach((stop) => stop());
      opened.forEach((p) => p.close());
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default suite;

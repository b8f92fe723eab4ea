// A day at one kiosk: citizen sessions through the kiosk flows on one headless host, driven through
// its HTTP/WebSocket API as the screen drives it (no Chromium, so thousands of sessions run in
// minutes), on a manual clock that moves a day forward. Each session: the ID card read through the
// simulator on a real PTY, a catalog search, a printed queue ticket, an application with materials
// and a signature (committed to the outbox, synced to the embedded platform, receipt printed), and
// the idle wipe. What a leak would grow is measured before and after: resident memory, open file
// descriptors, active handles and timers, event listeners.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PNG } from 'pngjs';
import { WebSocket } from 'ws';
import { ManualClock } from '../../contract/clock.js';
import type { HostMethodName, MethodInput, MethodOutput } from '../../contract/host-api.js';
import { parseConfig } from '../../main/host/config-loader.js';
import { Host } from '../../main/host/host.js';
import { createLogger } from '../../main/host/logging.js';
import { startHeadlessServer } from '../../main/headless/http-adapter.js';
import { EVENTS_SUBPROTOCOL, newSessionToken, TOKEN_SUBPROTOCOL_PREFIX } from '../../main/headless/security.js';
import { SEED_ITEMS } from '../../platform/catalog/seed-items.js';
import { jpeg } from '../helpers/sample-images.js';

const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领');
/** A day's worth of sessions: 2,000 citizens between 08:30 and 17:30 is one every 16 s or so. */
const SESSION_SPACING_MS = 16_000;

export const SOAK_STEPS = ['card', 'search', 'ticket', 'application'] as const;
export type SoakStep = (typeof SOAK_STEPS)[number];

export interface SoakSnapshot {
  rssMiB: number;
  heapUsedMiB: number;
  /** What the JS heap holds from the system, used or not. */
  heapTotalMiB: number;
  /** Memory of Buffers and ArrayBuffers, outside the JS heap. */
  externalMiB: number;
  /** The offline store worker's own JS heap: used (garbage included) and held. */
  storeWorkerHeap: { usedMiB: number; totalMiB: number };
  /** RSS less what both JS heaps hold: native memory (SQLite, buffers, the allocator's arenas, code). */
  nativeMiB: number;
  openFds: number;
  /** process.getActiveResourcesInfo() by kind (Timeout, TCPSocketWrap, FSReqCallback, …): the least of ten readings. */
  resources: Record<string, number>;
  /** The greatest of the same readings. */
  resourcesMax: Record<string, number>;
  /** Listeners on the host's event bus and on `process`. */
  listeners: { bus: number; process: number };
}

export interface SoakReport {
  sessions: number;
  warmupSessions: number;
  start: SoakSnapshot;
  end: SoakSnapshot;
  /** end.rss / start.rss − 1. */
  rssGrowth: number;
  /** Simulated hours the clock moved. */
  simulatedHours: number;
  /** Applications the platform acknowledged by the end (the outbox drained). */
  pendingAtEnd: number;
  /** Tickets and receipts the printer refused, and why. */
  printRefusals: { count: number; reasons: string[] };
}

export interface SoakOptions {
  sessions: number;
  /** Sessions run before the start snapshot, so JIT code, caches and pools are warm. */
  warmupSessions?: number;
  progress?: (done: number, total: number, snapshot: () => Promise<SoakSnapshot>) => void | Promise<void>;
  /** Steps left out of every session, to find which one a growth comes from (an application needs the card). */
  skip?: ReadonlyArray<SoakStep>;
}

/** A signature as the pad sends it: a dark zigzag on white, 300 × 100. */
function signaturePng(): string {
  const image = new PNG({ width: 300, height: 100 });
  image.data.fill(255);
  for (let x = 20; x < 280; x++) {
    const y = 50 + Math.round(30 * Math.sin(x / 15));
    for (let dy = -1; dy <= 1; dy++) image.data.fill(0, ((y + dy) * 300 + x) * 4, ((y + dy) * 300 + x) * 4 + 3);
  }
  return PNG.sync.write(image).toString('base64');
}
const SIGNATURE = signaturePng();

/** A forced full collection, so the snapshots compare live memory rather than garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function snapshot(host: Host): Promise<SoakSnapshot> {
  // Requests in flight at one instant are not leaks, nor a periodic timer between its runs (the ID-card
  // reader polls every 20 ms, the sync engine every second). Ten readings 100 ms apart: each kind's
  // least and greatest count. A leaked handle or timer is there in every reading.
  const resources = resourceCounts();
  const resourcesMax = { ...resources };
  for (let reading = 1; reading < 10; reading++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = resourceCounts();
    for (const kind of new Set([...Object.keys(resources), ...Object.keys(again)])) {
      resources[kind] = Math.min(resources[kind] ?? 0, again[kind] ?? 0);
      resourcesMax[kind] = Math.max(resourcesMax[kind] ?? 0, again[kind] ?? 0);
    }
  }
  collectGarbage();
  const workerHeap = await host.store.workerHeap();
  const memory = process.memoryUsage();
  return {
    rssMiB: memory.rss / 2 ** 20,
    heapUsedMiB: memory.heapUsed / 2 ** 20,
    heapTotalMiB: memory.heapTotal / 2 ** 20,
    externalMiB: memory.external / 2 ** 20,
    storeWorkerHeap: { usedMiB: workerHeap.usedBytes / 2 ** 20, totalMiB: workerHeap.totalBytes / 2 ** 20 },
    nativeMiB: (memory.rss - memory.heapTotal - workerHeap.totalBytes) / 2 ** 20,
    openFds: readdirSync('/proc/self/fd').length,
    resources,
    resourcesMax,
    listeners: { bus: host.bus.listenerCount(), process: process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0) },
  };
}

/** The host API as the screen uses it: one keep-alive HTTP client for calls, one WebSocket for events. */
class ScreenClient {
  private readonly waiting = new Map<string, Array<(payload: unknown) => void>>();
  private socket: WebSocket | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async connect(): Promise<void> {
    const socket = new WebSocket(new URL('api/v1/events', this.baseUrl.replace(/^http/, 'ws')), [
      EVENTS_SUBPROTOCOL,
      `${TOKEN_SUBPROTOCOL_PREFIX}${this.token}`,
    ]);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data) => {
      const { event, payload } = JSON.parse(String(data)) as { event: string; payload: unknown };
      const resolvers = this.waiting.get(event);
      if (!resolvers?.length) return;
      this.waiting.delete(event);
      for (const resolve of resolvers) resolve(payload);
    });
    this.socket = socket;
  }

  /** The next time the host pushes `event`; an error when it has not come within `withinMs`. */
  next(event: string, withinMs = 30_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.set(
          event,
          (this.waiting.get(event) ?? []).filter((waiter) => waiter !== arrived),
        );
        reject(new Error(`soak: no ${event} event within ${withinMs / 1000} s`));
      }, withinMs);
      const arrived = (payload: unknown) => {
        clearTimeout(timer);
        resolve(payload);
      };
      const list = this.waiting.get(event) ?? [];
      list.push(arrived);
      this.waiting.set(event, list);
    });
  }

  async call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const response = await fetch(new URL(`api/v1/call/${method}`, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(60_000),
    });
    const result = (await response.json()) as { ok: true; value: MethodOutput<M> } | { ok: false; error: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === socket.CLOSED) return;
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.close();
    await closed;
  }
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, attempts = 300): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`soak: gave up waiting for ${what}`);
}

/** One citizen, start to finish, as the kiosk screens call the host. */
/** Prints the printer refused (its status check timed out on a busy machine, …): counted, not a leak. */
interface PrintRefusals {
  count: number;
  reasons: Set<string>;
}

async function citizenSession(
  screen: ScreenClient,
  clock: ManualClock,
  service: string,
  n: number,
  refusals: PrintRefusals,
  skip: ReadonlySet<SoakStep>,
): Promise<void> {
  const printed = (outcome: { outcome: string; reason?: string | undefined }) => {
    if (outcome.outcome === 'printed') return;
    refusals.count += 1;
    refusals.reasons.add(outcome.reason ?? outcome.outcome);
  };
  if (!SBK) throw new Error('the seed catalog has no 社保卡申领');
  const withCard = !skip.has('card');
  if (withCard) {
    const read = screen.next('idcard.read');
    await screen.call('simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    await read;
  }
  clock.advance(2_000);

  if (!skip.has('search')) {
    const search = await screen.call('catalog.search', { query: 'sbk' });
    if (search.hits[0]?.code !== SBK.code) throw new Error(`session ${n}: "sbk" did not find 社保卡申领 first`);
  }
  if (!skip.has('ticket')) printed((await screen.call('queue.issue', { service, priority: 'normal' })).print);
  clock.advance(3_000);

  if (withCard && !skip.has('application')) {
    const draft = await screen.call('application.start', { serviceCode: SBK.code });
    for (const material of SBK.materials.filter((m) => m.required)) {
      if (material.electronicLicense)
        await screen.call('application.material', { draftId: draft.draftId, materialId: material.id, source: 'electronic-license' });
      else
        await screen.call('application.material', {
          draftId: draft.draftId,
          materialId: material.id,
          source: 'capture',
          mediaType: 'image/jpeg',
          imageBase64: jpeg(),
        });
    }
    const submitted = await screen.call('application.submit', {
      draftId: draft.draftId,
      phone: '13800001234',
      useKnownPhone: false,
      signaturePngBase64: SIGNATURE,
    });
    printed(submitted.receipt);
  }
  clock.advance(5_000);

  // The citizen walks away with the card; the screen's idle countdown runs out and wipes the session.
  if (withCard) {
    const removed = screen.next('idcard.removed');
    await screen.call('simulator.idcard.remove', { deviceId: 'idcard' });
    await removed;
  }
  clock.advance(SESSION_SPACING_MS - 10_000);
  const ended = screen.next('session.ended');
  const { wiped } = await screen.call('session.end', { reason: 'idle' });
  await ended;
  if (withCard && !wiped) throw new Error(`session ${n}: the idle wipe found nothing to wipe`);
  if ((await screen.call('idcard.current', {})) !== null) throw new Error(`session ${n}: the card holder is still shown after the wipe`);
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  // Two hundred citizens (the first hour) before the start is measured: by then V8's young generation
  // (which grows with the allocation rate up to its maximum and stays there), the allocator's arenas
  // and SQLite's page caches have grown to their working size.
  const warmupSessions = options.warmupSessions ?? Math.min(200, options.sessions);
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-soak-'));
  // A working day from 08:30 China time; the date is fixed so the run never depends on today.
  const clock = new ManualClock('2026-03-02T08:30:00+08:00');
  const config = parseConfig(
    {
      hallId: 'soak-hall',
      terminalId: 'kiosk-soak',
      role: 'kiosk',
      platformUrl: 'embedded',
      phonePages: { address: 'off' },
      languages: ['zh-CN', 'en'],
      defaultLanguage: 'zh-CN',
      // The first catalog pull comes sooner than with the default 3 s poll.
      sync: { pollIntervalMs: 1000 },
      devices: [
        // A removed card is seen within 50 ms instead of the default 400 ms: the citizens come faster than in a hall.
        { id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' }, options: { presentPollIntervalMs: 50 } },
        { id: 'printer', kind: 'printer', transport: { type: 'simulated' } },
      ],
    },
    'soak',
  );
  const host = new Host({ config, shell: 'headless', dataDir, version: '9.9.9-soak', log: createLogger({}), clock });
  let server: Awaited<ReturnType<typeof startHeadlessServer>> | undefined;
  const screen = { client: undefined as ScreenClient | undefined };
  try {
    await host.start();
    const token = newSessionToken();
    server = await startHeadlessServer({ handlers: host.handlers, bus: host.bus, log: createLogger({}), token, rendererDir: dataDir, port: 0 });
    const client = new ScreenClient(server.url, token);
    screen.client = client;
    await client.connect();
    await until(async () => ((await client.call('catalog.search', { query: 'sbk' })).hits.length ? true : undefined), 'the catalog from the platform');
    const snapshotQueue = await until(async () => (await client.call('queue.snapshot', {})).snapshot ?? undefined, 'the hall queue');
    const service = snapshotQueue.config.services[0]?.code;
    if (!service) throw new Error('soak: the hall queue offers no service');
    await until(async () => ((await client.call('devices.list', {})).every((d) => d.state === 'connected') ? true : undefined), 'the simulated devices');

    const refusals: PrintRefusals = { count: 0, reasons: new Set() };
    const skip = new Set(options.skip ?? []);
    for (let n = 0; n < warmupSessions; n++) await citizenSession(client, clock, service, n, refusals, skip);
    const start = await snapshot(host);
    const startedAt = clock.nowMs();
    for (let n = 0; n < options.sessions; n++) {
      await citizenSession(client, clock, service, warmupSessions + n, refusals, skip);
      await options.progress?.(n + 1, options.sessions, () => snapshot(host));
    }
    // The outbox drains to the platform before the end is measured: a queue still sending is not a leak.
    const pendingAtEnd = await until(
      async () => {
        const state = await client.call('sync.state', {});
        return state.pendingCount === 0 ? 0 : undefined;
      },
      'the outbox to drain',
      600,
    ).catch(async () => (await client.call('sync.state', {})).pendingCount);
    const end = await snapshot(host);
    return {
      sessions: options.sessions,
      warmupSessions,
      start,
      end,
      rssGrowth: end.rssMiB / start.rssMiB - 1,
      simulatedHours: (clock.nowMs() - startedAt) / 3_600_000,
      pendingAtEnd,
      printRefusals: { count: refusals.count, reasons: [...refusals.reasons] },
    };
  } finally {
    await screen.client?.close();
    await server?.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Kinds with more at the end, in every reading, than at the start in any: each would be a leak
 * (handles, timers, requests that never finish).
 */
export function grownResources(report: SoakReport): Record<string, { start: number; end: number }> {
  const grown: Record<string, { start: number; end: number }> = {};
  for (const kind of new Set([...Object.keys(report.start.resourcesMax), ...Object.keys(report.end.resources)])) {
    const start = report.start.resourcesMax[kind] ?? 0;
    const end = report.end.resources[kind] ?? 0;
    if (end > start) grown[kind] = { start, end };
  }
  return grown;
}

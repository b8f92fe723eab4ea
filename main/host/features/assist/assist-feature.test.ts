import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import type { AssistView } from '../../../../contract/api/assist.js';
import { TerminalRole } from '../../../../contract/config.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { queueOf } from '../../../../platform/queue/routes.js';
import { DEMO_HALL_CONFIG } from '../../../../platform/queue/demo.js';
import { ManualClock } from '../../../../contract/clock.js';
import { hallDay } from '../../../../contract/queue.js';
import { enrolDirect } from '../../../../platform/test/enrolment.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { AssistFeature, type AssistFeatureOptions } from './assist-feature.js';
import { HallServiceClient } from '../queue/queue-client.js';

/** One terminal's side: the hall service client, its stream relayed onto the bus as the queue feature does, and the assist feature. */
function terminal(
  platform: RunningPlatform,
  terminalId: string,
  role: string,
  counterId?: string,
  baseUrl = platform.url,
  extra: Partial<AssistFeatureOptions> = {},
) {
  const credential = enrolDirect(platform.app, terminalId, { role: TerminalRole.parse(role), ...(counterId ? { counterId } : {}) });
  const client = new HallServiceClient({ baseUrl, credential: async () => credential, timeoutMs: 1000 });
  const bus = new HostEventBus();
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) > 0 } as unknown as NodeJS.WritableStream });
  const feature = new AssistFeature({ hallService: client, bus, terminalId, role, ...(counterId ? { counterId } : {}), log, ...extra });
  const views: AssistView[] = [];
  bus.subscribe((name, payload) => name === 'assist.changed' && views.push(payload as AssistView));
  feature.attach();
  const stop = client.follow(
    0,
    {
      onEvent: (event) => bus.publish('queue.event', event),
      onUp: () => bus.publish('queue.connectivity', { online: true, pendingOffline: 0, leased: {} }),
      onDown: (error) => bus.publish('queue.connectivity', { online: false, pendingOffline: 0, leased: {}, lastError: error.message }),
    },
    { minMs: 50, maxMs: 200 },
  );
  return {
    feature,
    views,
    lines,
    latest: () => feature.view(),
    stop: () => {
      stop();
      feature.detach();
    },
  };
}

async function until<T>(probe: () => T | undefined | false | null, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('assist feature (call staff) against the real hall service', () => {
  let platform: RunningPlatform;
  const stops: Array<() => void> = [];
  beforeEach(async () => {
    platform = await startPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl() });
  });
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await platform.close();
  });
  const start = (...args: Parameters<typeof terminal> extends [RunningPlatform, ...infer R] ? R : never) => {
    const t = terminal(platform, ...args);
    stops.push(t.stop);
    return t;
  };

  it('a kiosk calls, every counter sees one request, the first to acknowledge closes it and the kiosk learns which window is coming', async () => {
    const kiosk = start('kiosk-03', 'kiosk');
    const counter1 = start('counter-01', 'counter', 'counter-1');
    const counter2 = start('counter-02', 'counter', 'counter-2');
    await until(() => [kiosk, counter1, counter2].every((t) => t.latest().online), 'online');

    const first = await kiosk.feature.handlers['assist.call']({});
    const again = await kiosk.feature.handlers['assist.call']({});
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, request: first.request });
    for (const counter of [counter1, counter2]) {
      const open = await until(() => counter.latest().open.length > 0 && counter.latest().open, 'banner');
      expect(open).toEqual([expect.objectContaining({ id: first.request.id, terminalId: 'kiosk-03', source: 'kiosk', state: 'open' })]);
    }
    expect(kiosk.latest().mine).toMatchObject({ id: first.request.id, state: 'open' });

    await expect(kiosk.feature.handlers['assist.acknowledge']({ requestId: first.request.id })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(counter1.feature.handlers['assist.call']({})).rejects.toMatchObject({ code: 'unauthorized' });

    const acknowledged = await counter2.feature.handlers['assist.acknowledge']({ requestId: first.request.id });
    expect(acknowledged.request).toMatchObject({ state: 'acknowledged', counter: { id: 'counter-2', number: '2' } });
    expect(counter2.latest().open).toEqual([]);
    await until(() => counter1.latest().open.length === 0, 'banner gone at the other counter');
    const mine = await until(() => kiosk.latest().mine?.state === 'acknowledged' && kiosk.latest().mine, 'kiosk told');
    expect(mine.counter).toEqual({ id: 'counter-2', name: '2号窗口', number: '2' });
    await expect(counter1.feature.handlers['assist.acknowledge']({ requestId: first.request.id })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('2号窗口'),
    });
    // Each view pushed carries a larger version, so a page can keep the newest.
    const versions = counter1.views.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('the kiosk cancels its own call; a counter that starts later sees requests opened before it', async () => {
    const kiosk = start('kiosk-01', 'kiosk');
    const other = start('proxy-07', 'proxy-point');
    await until(() => kiosk.latest().online && other.latest().online, 'online');
    const mineCall = await kiosk.feature.handlers['assist.call']({});
    const otherCall = await other.feature.handlers['assist.call']({});
    await expect(other.feature.handlers['assist.cancel']({ requestId: mineCall.request.id })).rejects.toMatchObject({ code: 'unauthorized' });
    const cancelled = await kiosk.feature.handlers['assist.cancel']({ requestId: mineCall.request.id });
    expect(cancelled.request.state).toBe('cancelled');
    expect(kiosk.latest().mine).toMatchObject({ id: mineCall.request.id, state: 'cancelled' });

    const late = start('counter-03', 'counter', 'counter-3');
    const open = await until(() => late.latest().online && late.latest().open.length > 0 && late.latest().open, 'open requests at the late counter');
    expect(open.map((r) => [r.id, r.source])).toEqual([[otherCall.request.id, 'proxy-point']]);
  });

  it('says plainly when the hall service cannot be reached, and logs no more than that', async () => {
    // An address where nothing listens: the call fails fast, as when the hall service is down.
    const kiosk = start('kiosk-09', 'kiosk', undefined, 'http://127.0.0.1:9');
    await expect(kiosk.feature.handlers['assist.call']({})).rejects.toMatchObject({ code: 'unavailable', message: 'the hall queue service cannot be reached' });
    expect(kiosk.latest()).toMatchObject({ online: false, mine: null });
    expect(kiosk.lines.join('\n')).toContain('calling staff: the hall queue service cannot be reached');
  });
});

describe('assist feature and the hall day', () => {
  it('keeps showing a request made after midnight while the hall day, which turns at the reset time, has not ended', async () => {
    // 02:30 in Beijing on 4 December; the hall's day turns at 04:00, so it is still 3 December's.
    const clock = new ManualClock('2026-12-03T18:30:00Z');
    const platform = await startPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), clock });
    try {
      await queueOf(platform.app).queue.setConfig({ ...DEMO_HALL_CONFIG, dayBoundary: { resetAt: '04:00', keepOvernight: false } });
      // The day as the host's queue feature gives it (its snapshot's day from the service).
      const dayOfHall = () => hallDay(clock.now(), '04:00');
      expect(dayOfHall()).toBe('2026-12-03');
      const kiosk = terminal(platform, 'kiosk-05', 'kiosk', undefined, platform.url, { clock, hallDay: dayOfHall });
      const counter = terminal(platform, 'counter-05', 'counter', 'counter-1', platform.url, { clock, hallDay: dayOfHall });
      try {
        await until(() => kiosk.latest().online && counter.latest().online, 'online');
        const { request } = await kiosk.feature.handlers['assist.call']({});
        expect(request.day).toBe('2026-12-03');
        const open = await until(() => counter.latest().open.length > 0 && counter.latest().open, 'the request at the counter');
        expect(open.map((r) => r.id)).toEqual([request.id]);
        expect(kiosk.latest().mine?.id).toBe(request.id);
      } finally {
        kiosk.stop();
        counter.stop();
      }
    } finally {
      await platform.close();
    }
  });
});

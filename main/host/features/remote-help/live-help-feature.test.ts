import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type Clock } from '../../../../contract/clock.js';
import { queueOf } from '../../../../platform/queue/routes.js';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import type { LiveHelpView } from '../../../../contract/api/live-help.js';
import { TerminalRole } from '../../../../contract/config.js';
import type { DeliveredSignal, MirroredScreen } from '../../../../contract/live-help.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { enrolDirect } from '../../../../platform/test/enrolment.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { HallServiceClient } from '../queue/queue-client.js';
import { LiveHelpFeature } from './live-help-feature.js';

/** One terminal's side: its hall service client, the stream relayed onto the bus as the queue feature does, and the remote help feature. */
function terminal(platform: RunningPlatform, terminalId: string, role: string, counterId?: string, clock?: Clock) {
  const credential = enrolDirect(platform.app, terminalId, { role: TerminalRole.parse(role), ...(counterId ? { counterId } : {}) });
  const client = new HallServiceClient({ baseUrl: platform.url, credential: async () => credential, timeoutMs: 1000 });
  const bus = new HostEventBus();
  const log = createLogger({ level: 'info', destination: { write: () => true } as unknown as NodeJS.WritableStream });
  const feature = new LiveHelpFeature({
    hallService: client,
    bus,
    terminalId,
    role,
    ...(counterId ? { counterId } : {}),
    iceServers: [],
    log,
    pollWaitMs: 2000,
    retryMs: 50,
    ...(clock ? { clock } : {}),
  });
  const signals: DeliveredSignal[] = [];
  bus.subscribe((name, payload) => name === 'liveHelp.signal' && signals.push(payload as DeliveredSignal));
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
  const h = feature.handlers;
  return {
    feature,
    h,
    signals,
    bus,
    view: (): LiveHelpView => feature.view(),
    stop: () => {
      stop();
      feature.detach();
    },
  };
}

async function until<T>(probe: () => T | undefined | false | null, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const screen: MirroredScreen = {
  screen: 'apply',
  item: { code: 'SB001', name: '社保卡申领' },
  step: 'form',
  showPersonal: false,
  controls: [{ id: 'submit', label: '提交申请' }],
  fields: [
    { id: 'name', label: '姓名', value: '张三丰', personal: 'name', fillable: false },
    { id: 'phone', label: '联系电话', value: '13912345678', personal: 'phone', fillable: true },
  ],
};

describe('remote help feature against the real hall service', () => {
  let platform: RunningPlatform;
  let clock: ManualClock;
  const stops: Array<() => void> = [];
  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T02:00:00Z');
    platform = await startPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), clock });
  });
  afterEach(async () => {
    stops.splice(0).forEach((stop) => stop());
    await platform.close();
  });
  // Every terminal reads the platform's clock: the hall day they show calls for is the service's.
  const start = (terminalId: string, role: string, counterId?: string) => {
    const t = terminal(platform, terminalId, role, counterId, clock);
    stops.push(t.stop);
    return t;
  };

  it('rings every counter, the first answer wins, the screen reaches the clerk masked and only allowed commands reach the citizen', async () => {
    const kiosk = start('kiosk-03', 'kiosk');
    const counter1 = start('counter-01', 'counter', 'counter-1');
    const counter2 = start('counter-02', 'counter', 'counter-2');
    await until(() => [kiosk, counter1, counter2].every((t) => t.view().online), 'terminals online');
    await expect(counter1.h['liveHelp.ring']({})).rejects.toMatchObject({ code: 'unauthorized' });

    const { call } = await kiosk.h['liveHelp.ring']({});
    await until(() => counter1.view().ringing.length === 1 && counter2.view().ringing.length === 1, 'both counters ringing');
    expect(kiosk.view().ringing).toEqual([]);
    await counter1.h['liveHelp.answer']({ callId: call.id });
    await expect(counter2.h['liveHelp.answer']({ callId: call.id })).rejects.toMatchObject({ code: 'conflict' });
    await until(() => kiosk.view().call?.state === 'answered' && counter2.view().ringing.length === 0, 'the kiosk sees the answer');
    expect(kiosk.view()).toMatchObject({ party: 'caller', call: { clerk: { terminalId: 'counter-01', counterId: 'counter-1' } } });
    expect(counter2.view().call).toBeNull();
    expect(kiosk.feature.clerkForManifest()).toMatchObject({ terminalId: 'counter-01', counterId: 'counter-1' });

    // The losing counter cannot send into the call.
    await expect(counter2.h['liveHelp.send']({ callId: call.id, signal: { kind: 'fill', field: 'phone', value: '1' } })).rejects.toMatchObject({
      code: 'conflict',
    });

    await kiosk.h['liveHelp.send']({ callId: call.id, signal: { kind: 'sdp', description: { type: 'offer', sdp: 'v=0 offer' } } });
    await kiosk.h['liveHelp.send']({ callId: call.id, signal: { kind: 'screen', screen } });
    await until(() => counter1.signals.length === 2, 'the clerk gets the offer and the screen');
    expect(counter1.signals.map((s) => s.signal.kind)).toEqual(['sdp', 'screen']);
    const seen = counter1.signals[1]!.signal;
    expect(seen.kind === 'screen' && seen.screen.fields.map((f) => f.value)).toEqual(['张**', '139****5678']);

    // A command on a field the citizen's screen does not declare fillable never reaches it; a fillable one does.
    await counter1.h['liveHelp.send']({ callId: call.id, signal: { kind: 'fill', field: 'name', value: '李四' } });
    await counter1.h['liveHelp.send']({ callId: call.id, signal: { kind: 'highlight', control: 'phone', hint: '请核对电话' } });
    await counter1.h['liveHelp.send']({ callId: call.id, signal: { kind: 'fill', field: 'phone', value: '13800001111' } });
    await until(() => kiosk.signals.length === 2, 'the citizen gets the allowed commands');
    expect(kiosk.signals.map((s) => s.signal)).toEqual([
      { kind: 'highlight', control: 'phone', hint: '请核对电话' },
      { kind: 'fill', field: 'phone', value: '13800001111' },
    ]);
    await expect(kiosk.h['liveHelp.send']({ callId: call.id, signal: { kind: 'fill', field: 'phone', value: '1' } })).rejects.toMatchObject({
      code: 'unauthorized',
    });

    // Shown on the citizen's request, the clerk sees the values.
    await kiosk.h['liveHelp.send']({ callId: call.id, signal: { kind: 'screen', screen: { ...screen, showPersonal: true } } });
    await until(() => counter1.signals.length === 3, 'the shown screen');
    const shown = counter1.signals[2]!.signal;
    expect(shown.kind === 'screen' && shown.screen.fields[0]!.value).toBe('张三丰');

    // The clerk hangs up: both sides drop the call.
    await counter1.h['liveHelp.hangup']({ callId: call.id });
    await until(() => kiosk.view().call === null && counter1.view().call === null, 'both sides see the end');
    // The clerk who helped stays named for this citizen's application until the session is wiped.
    expect(kiosk.feature.clerkForManifest()).toMatchObject({ counterId: 'counter-1' });
    kiosk.feature.wipe();
    expect(kiosk.feature.clerkForManifest()).toBeUndefined();
  });

  it('a call nobody answers in time ends as unanswered: the counters stop ringing and the kiosk offers a voice note until it rings again', async () => {
    const kiosk = start('kiosk-03', 'kiosk');
    const counter = start('counter-01', 'counter', 'counter-1');
    await until(() => kiosk.view().online && counter.view().online, 'online');
    const { call } = await kiosk.h['liveHelp.ring']({});
    await until(() => counter.view().ringing.length === 1, 'ringing');
    clock.advance(46_000);
    // What the hall service's sweep does every few seconds, run now rather than waited for.
    await queueOf(platform.app).liveHelp.expireUnanswered();
    await until(() => kiosk.view().unanswered === call.id && counter.view().ringing.length === 0, 'the call rang out');
    expect(kiosk.view()).toMatchObject({ call: null, party: null });
    await expect(counter.h['liveHelp.answer']({ callId: call.id })).rejects.toMatchObject({ code: 'conflict' });
    // Ringing again starts afresh; a session's end forgets the offer too.
    await kiosk.h['liveHelp.ring']({});
    expect(kiosk.view().unanswered).toBeNull();
    clock.advance(46_000);
    await queueOf(platform.app).liveHelp.expireUnanswered();
    await until(() => kiosk.view().unanswered !== null, 'the second call rang out');
    kiosk.feature.wipe();
    expect(kiosk.view().unanswered).toBeNull();
  });

  it('a caller whose hall link drops while ringing offers the voice note at once, and hangs the call up when the link returns', async () => {
    const kiosk = start('kiosk-03', 'kiosk');
    const counter = start('counter-01', 'counter', 'counter-1');
    await until(() => kiosk.view().online && counter.view().online, 'online');
    const { call } = await kiosk.h['liveHelp.ring']({});
    await until(() => counter.view().ringing.length === 1, 'ringing');
    kiosk.bus.publish('queue.connectivity', { online: false, pendingOffline: 0, leased: {}, lastError: 'the link dropped' });
    expect(kiosk.view()).toMatchObject({ online: false, call: null, party: null, unanswered: call.id });
    kiosk.bus.publish('queue.connectivity', { online: true, pendingOffline: 0, leased: {} });
    await until(() => counter.view().ringing.length === 0, 'the given-up call hung up on the service');
    expect(kiosk.view()).toMatchObject({ online: true, call: null, unanswered: call.id });
  });

  it("hangs up the citizen's live call when the session is wiped", async () => {
    const kiosk = start('kiosk-03', 'kiosk');
    const counter = start('counter-01', 'counter', 'counter-1');
    await until(() => kiosk.view().online && counter.view().online, 'online');
    const { call } = await kiosk.h['liveHelp.ring']({});
    await until(() => counter.view().ringing.length === 1, 'ringing');
    await counter.h['liveHelp.answer']({ callId: call.id });
    await until(() => kiosk.view().call?.state === 'answered', 'answered');
    kiosk.feature.wipe();
    expect(kiosk.view().call).toBeNull();
    await until(() => counter.view().call === null, 'the clerk sees the citizen gone');
  });
});

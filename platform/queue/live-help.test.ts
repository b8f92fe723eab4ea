import { clockFrom } from '../../contract/clock.js';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { QueueEvent } from '../../contract/queue.js';
import type { TerminalRole } from '../../contract/config.js';
import type { MirroredScreen } from '../../contract/live-help.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { TEST_ADMIN_TOKEN, enrolTerminal } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { LiveHelpDesk } from './live-help-desk.js';
import { QueueService } from './queue-service.js';

let clock = new Date('2026-11-23T01:00:00Z');

const screen: MirroredScreen = {
  screen: 'apply',
  step: 'form',
  showPersonal: false,
  controls: [{ id: 'submit', label: '提交' }],
  fields: [{ id: 'phone', label: '联系电话', value: '139****5678', personal: 'phone', fillable: true }],
};

describeOnPostgres('remote help calls (远程视频帮办) on the hall queue', async () => {
  let db: Database;
  let queue: QueueService;
  let desk: LiveHelpDesk;
  const events: QueueEvent[] = [];
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00Z');
    db = await openPlatformDatabase(await freshDatabaseUrl());
    queue = await QueueService.open(db, { clock: clockFrom(() => clock.getTime()) });
    desk = new LiveHelpDesk(queue);
    events.length = 0;
    queue.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    await queue.close();
    await db.close();
  });

  it('rings every counter once per live call; the first answer takes it and a second is told who has it', async () => {
    const rung = await desk.ring('kiosk-03', 'kiosk');
    expect(rung).toMatchObject({ created: true, call: { terminalId: 'kiosk-03', state: 'ringing' } });
    expect((await desk.ring('kiosk-03', 'kiosk')).created).toBe(false);
    expect((await desk.ringing()).map((c) => c.id)).toEqual([rung.call.id]);
    const [first, second] = await Promise.allSettled([
      desk.answer(rung.call.id, 'counter-01', 'counter-1', 'counter'),
      desk.answer(rung.call.id, 'counter-02', 'counter-2', 'counter'),
    ]);
    const winners = [first, second].filter((r) => r.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    expect([first, second].find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
    const answered = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<LiveHelpDesk['answer']>>>).value;
    expect(answered).toMatchObject({ state: 'answered', clerk: { counterName: expect.any(String) } });
    expect(await desk.ringing()).toEqual([]);
    expect(events.map((e) => [e.type, e.liveHelp?.id])).toEqual([
      ['live-help.ringing', rung.call.id],
      ['live-help.answered', rung.call.id],
    ]);
    await expect(desk.answer(rung.call.id, 'kiosk-09', 'counter-1', 'kiosk')).rejects.toThrow(/only counter terminals/);
  });

  it('relays signals in order to the other party only; a stale or other terminal cannot inject or read', async () => {
    const { call } = await desk.ring('kiosk-03', 'kiosk');
    await expect(desk.send(call.id, 'kiosk-03', { kind: 'screen', screen })).rejects.toThrow(/not been answered/);
    // The signed-in clerk (verified by the route) is named on the call, and so in the manifest of what the citizen submits.
    expect((await desk.answer(call.id, 'counter-01', 'counter-1', 'counter', 'c-007')).clerk).toMatchObject({
      clerkId: 'c-007',
      terminalId: 'counter-01',
      counterId: 'counter-1',
    });
    await desk.send(call.id, 'kiosk-03', { kind: 'sdp', description: { type: 'offer', sdp: 'v=0 offer' } });
    await desk.send(call.id, 'kiosk-03', {
      kind: 'ice',
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    await desk.send(call.id, 'kiosk-03', { kind: 'screen', screen });
    await desk.send(call.id, 'counter-01', { kind: 'sdp', description: { type: 'answer', sdp: 'v=0 answer' } });

    const toClerk = await desk.receive(call.id, 'counter-01', 0, 0);
    expect(toClerk.signals.map((s) => [s.from, s.signal.kind])).toEqual([
      ['caller', 'sdp'],
      ['caller', 'ice'],
      ['caller', 'screen'],
    ]);
    expect(toClerk.signals.map((s) => s.seq)).toEqual([...toClerk.signals.map((s) => s.seq)].sort((a, b) => a - b));
    const afterFirst = await desk.receive(call.id, 'counter-01', toClerk.signals[0]!.seq, 0);
    expect(afterFirst.signals.map((s) => s.signal.kind)).toEqual(['ice', 'screen']);
    expect((await desk.receive(call.id, 'kiosk-03', 0, 0)).signals.map((s) => s.signal)).toEqual([
      { kind: 'sdp', description: { type: 'answer', sdp: 'v=0 answer' } },
    ]);

    // Another terminal (a counter that lost the race, another kiosk) neither sends nor reads.
    await expect(desk.send(call.id, 'counter-02', { kind: 'fill', field: 'phone', value: '1' })).rejects.toThrow(/not a party/);
    await expect(desk.receive(call.id, 'kiosk-04', 0, 0)).rejects.toThrow(/not a party/);
    // Each side sends only its own kinds: the citizen's screen from the caller, commands from the clerk.
    await expect(desk.send(call.id, 'counter-01', { kind: 'screen', screen })).rejects.toThrow(/does not send screen/);
    await expect(desk.send(call.id, 'kiosk-03', { kind: 'fill', field: 'phone', value: '1' })).rejects.toThrow(/does not send fill/);
    // The signal is stored sealed: the mirrored screen is not readable in the table.
    const rows = await db.query<{ body_json: string }>('SELECT body_json FROM live_help_signals');
    expect(rows.some((r) => r.body_json.includes('联系电话'))).toBe(false);
  });

  it('wakes a waiting receiver when a signal arrives, and ends it when the other side hangs up', async () => {
    const { call } = await desk.ring('kiosk-03', 'kiosk');
    await desk.answer(call.id, 'counter-01', 'counter-1', 'counter');
    const waiting = desk.receive(call.id, 'counter-01', 0, 20_000);
    await desk.send(call.id, 'kiosk-03', { kind: 'screen', screen });
    expect((await waiting).signals.map((s) => s.signal.kind)).toEqual(['screen']);

    const waitingCaller = desk.receive(call.id, 'kiosk-03', 0, 20_000);
    const ended = await desk.hangup(call.id, 'counter-01');
    expect(ended).toMatchObject({ state: 'ended', endedBy: 'clerk' });
    expect(await waitingCaller).toMatchObject({ call: { state: 'ended' }, signals: [] });
    // The call's signals are gone with it; a late signal is refused.
    expect(await db.query('SELECT seq FROM live_help_signals')).toEqual([]);
    await expect(desk.send(call.id, 'kiosk-03', { kind: 'screen', screen })).rejects.toThrow(/ended/);
    await expect(desk.hangup(call.id, 'kiosk-07')).rejects.toThrow(/not a party/);
    expect(events.map((e) => e.type)).toEqual(['live-help.ringing', 'live-help.answered', 'live-help.ended']);
    // The kiosk may ring again: a new call.
    expect((await desk.ring('kiosk-03', 'kiosk')).call.id).not.toBe(call.id);
  });

  it("ends a call nobody answers within the hall's ring time as unanswered: the counters stop ringing and a late answer is refused", async () => {
    const { call } = await desk.ring('kiosk-03', 'kiosk');
    clock = new Date(clock.getTime() + 44_000);
    expect(await desk.expireUnanswered()).toEqual([]);
    expect((await desk.ringing()).map((c) => c.id)).toEqual([call.id]);
    clock = new Date(clock.getTime() + 1_000);
    expect(await desk.expireUnanswered()).toMatchObject([{ id: call.id, state: 'ended', endedBy: 'expired' }]);
    // A second sweep (another instance) finds nothing left to end.
    expect(await desk.expireUnanswered()).toEqual([]);
    expect(await desk.ringing()).toEqual([]);
    expect(await desk.liveCallOf('kiosk-03')).toBeNull();
    await expect(desk.answer(call.id, 'counter-01', 'counter-1', 'counter')).rejects.toThrow(/nobody answered in time/);
    expect(events.map((e) => [e.type, e.liveHelp?.endedBy])).toEqual([
      ['live-help.ringing', undefined],
      ['live-help.ended', 'expired'],
    ]);

    // The ring time is the hall's to set; an answer that comes first still takes the call.
    await queue.setConfig({ ...(await queue.config()), liveHelpRingSeconds: 20 });
    const again = (await desk.ring('kiosk-03', 'kiosk')).call;
    clock = new Date(clock.getTime() + 19_000);
    expect((await desk.answer(again.id, 'counter-01', 'counter-1', 'counter')).state).toBe('answered');
    clock = new Date(clock.getTime() + 60_000);
    expect(await desk.expireUnanswered()).toEqual([]);
    const third = (await desk.ring('kiosk-04', 'kiosk')).call;
    clock = new Date(clock.getTime() + 20_000);
    // A read finds it ended even before any sweep ran.
    expect(await desk.ringing()).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'live-help.ended', liveHelp: { id: third.id, endedBy: 'expired' } });
  });

  it("ends yesterday's live call when the terminal rings the next day", async () => {
    const old = (await desk.ring('kiosk-03', 'kiosk')).call;
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await desk.ringing()).toEqual([]);
    const fresh = await desk.ring('kiosk-03', 'kiosk');
    expect(fresh.created).toBe(true);
    expect(events.slice(-2).map((e) => [e.type, e.liveHelp?.id])).toEqual([
      ['live-help.ended', old.id],
      ['live-help.ringing', fresh.call.id],
    ]);
  });
});

describeOnPostgres('remote help routes under /v1/queue', async () => {
  let app: Awaited<ReturnType<typeof buildPlatform>>;
  beforeEach(async () => {
    app = await buildPlatform({ version: 't', adminToken: TEST_ADMIN_TOKEN, databaseUrl: await freshDatabaseUrl() });
  });
  afterEach(() => app.close());

  async function terminal(terminalId: string, role: TerminalRole, counterId?: string) {
    const { headers } = await enrolTerminal(app, terminalId, { role, ...(counterId ? { counterId } : {}) });
    return (method: 'GET' | 'POST', url: string, payload?: object) => {
      const options: InjectOptions = { method, url, headers, ...(payload === undefined ? {} : { payload }) };
      return app.inject(options);
    };
  }

  it('takes each party from its credential: callers ring, a counter answers for its own counter, signals are validated', async () => {
    const kiosk = await terminal('kiosk-03', 'kiosk');
    const counter = await terminal('counter-01', 'counter', 'counter-1');
    const otherCounter = await terminal('counter-02', 'counter', 'counter-2');
    expect((await counter('POST', '/v1/queue/live-help', { source: 'kiosk' })).statusCode).toBe(403);
    const rung = await kiosk('POST', '/v1/queue/live-help', { source: 'kiosk' });
    const id = rung.json<{ call: { id: string } }>().call.id;
    expect((await otherCounter('GET', '/v1/queue/live-help')).json()).toMatchObject({ ringing: [{ id }], mine: null });
    expect((await kiosk('POST', `/v1/queue/live-help/${id}/answer`, { counterId: 'counter-1' })).statusCode).toBe(403);
    expect((await otherCounter('POST', `/v1/queue/live-help/${id}/answer`, { counterId: 'counter-1' })).statusCode).toBe(403);
    expect((await counter('POST', `/v1/queue/live-help/${id}/answer`, { counterId: 'counter-1' })).json()).toMatchObject({
      call: { state: 'answered', clerk: { terminalId: 'counter-01', counterId: 'counter-1' } },
    });
    expect((await otherCounter('POST', `/v1/queue/live-help/${id}/answer`, { counterId: 'counter-2' })).statusCode).toBe(409);
    expect((await kiosk('GET', '/v1/queue/live-help')).json()).toMatchObject({ mine: { id, state: 'answered' } });

    expect((await kiosk('POST', `/v1/queue/live-help/${id}/signals`, { kind: 'fill', field: '<script>', value: 'x' })).statusCode).toBe(400);
    expect((await kiosk('POST', `/v1/queue/live-help/${id}/signals`, { kind: 'screen', screen })).statusCode).toBe(200);
    expect((await otherCounter('GET', `/v1/queue/live-help/${id}/signals?after=0`)).statusCode).toBe(403);
    const received = await counter('GET', `/v1/queue/live-help/${id}/signals?after=0&waitMs=0`);
    expect(received.json()).toMatchObject({ call: { id, state: 'answered' }, signals: [{ from: 'caller', signal: { kind: 'screen' } }] });
    expect((await kiosk('POST', `/v1/queue/live-help/${id}/hangup`, {})).json()).toMatchObject({ call: { state: 'ended', endedBy: 'caller' } });
  });
});

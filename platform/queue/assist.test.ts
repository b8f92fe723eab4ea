import { clockFrom } from '../../contract/clock.js';
import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { QueueSnapshot, type QueueEvent } from '../../contract/queue.js';
import type { TerminalRole } from '../../contract/config.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { TEST_ADMIN_TOKEN, enrolTerminal } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { AssistDesk } from './assist-desk.js';
import { QueueService } from './queue-service.js';

let clock = new Date('2026-11-23T01:00:00Z');

describeOnPostgres('assistance requests (求助) on the hall queue', async () => {
  let db: Database;
  let queue: QueueService;
  let desk: AssistDesk;
  const events: QueueEvent[] = [];
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00Z');
    db = await openPlatformDatabase(await freshDatabaseUrl());
    queue = await QueueService.open(db, { clock: clockFrom(() => clock.getTime()) });
    desk = new AssistDesk(queue);
    events.length = 0;
    queue.subscribe((e) => events.push(e));
  });
  afterEach(async () => {
    await queue.close();
    await db.close();
  });

  it('keeps one open request per kiosk however often it is pressed, and records no more than terminal and time', async () => {
    const first = await desk.request('kiosk-03', 'kiosk');
    expect(first).toMatchObject({ created: true, request: { terminalId: 'kiosk-03', source: 'kiosk', state: 'open', requestedAt: clock.toISOString() } });
    clock = new Date(clock.getTime() + 5000);
    const again = await desk.request('kiosk-03', 'kiosk');
    expect(again).toEqual({ created: false, request: first.request });
    const other = await desk.request('kiosk-01', 'kiosk');
    expect(other.request.id).not.toBe(first.request.id);
    expect(events.map((e) => [e.type, e.assist?.terminalId])).toEqual([
      ['assist.requested', 'kiosk-03'],
      ['assist.requested', 'kiosk-01'],
    ]);
    expect((await desk.open()).map((r) => r.terminalId)).toEqual(['kiosk-03', 'kiosk-01']);
    expect(Object.keys((await db.one<object>('SELECT * FROM queue_assists LIMIT 1'))!).sort()).toEqual([
      'closed_at',
      'counter_id',
      'day',
      'id',
      'requested_at',
      'source',
      'state',
      'terminal_id',
    ]);
    // The database itself refuses a second open request for a terminal.
    await expect(
      db.run("INSERT INTO queue_assists (id, day, terminal_id, source, requested_at, state) VALUES ('x', $1, 'kiosk-03', 'kiosk', $2, 'open')", [
        queue.today(),
        clock.toISOString(),
      ]),
    ).rejects.toThrow(/unique/);
  });

  it('closes for every counter when one acknowledges, naming the counter; a second acknowledgement is told who went', async () => {
    const { request } = await desk.request('kiosk-03', 'kiosk');
    const done = await desk.acknowledge(request.id, 'counter-3', 'counter');
    expect(done).toMatchObject({ id: request.id, state: 'acknowledged', counter: { id: 'counter-3', number: '3' }, closedAt: clock.toISOString() });
    expect(events.at(-1)).toMatchObject({ type: 'assist.acknowledged', assist: { id: request.id, counter: { number: '3' } } });
    expect(await desk.open()).toEqual([]);
    expect((await queue.snapshot()).assists).toEqual([]);
    await expect(desk.acknowledge(request.id, 'counter-1', 'counter')).rejects.toThrow(/already acknowledged by 3号窗口/);
    await expect(desk.cancel(request.id, 'kiosk-03')).rejects.toThrow(/already acknowledged/);
    // Pressing again later is a new request.
    expect((await desk.request('kiosk-03', 'kiosk')).created).toBe(true);
  });

  it('lets only counter terminals acknowledge, for a counter of this hall', async () => {
    const { request } = await desk.request('kiosk-03', 'kiosk');
    await expect(desk.acknowledge(request.id, 'counter-1', 'kiosk')).rejects.toThrow(/only counter terminals/);
    await expect(desk.acknowledge(request.id, 'counter-1', null)).rejects.toThrow(/only counter terminals/);
    await expect(desk.acknowledge(request.id, 'counter-99', 'counter')).rejects.toThrow(/no counter "counter-99"/);
    await expect(desk.acknowledge('no-such-id', 'counter-1', 'counter')).rejects.toThrow(/no such/);
    expect(await desk.open()).toHaveLength(1);
  });

  it('lets the kiosk cancel its own request only', async () => {
    const { request } = await desk.request('kiosk-03', 'kiosk');
    await expect(desk.cancel(request.id, 'kiosk-01')).rejects.toThrow(/only its own/);
    expect(await desk.cancel(request.id, 'kiosk-03')).toMatchObject({ state: 'cancelled' });
    expect(events.map((e) => e.type)).toEqual(['assist.requested', 'assist.cancelled']);
    await expect(desk.acknowledge(request.id, 'counter-1', 'counter')).rejects.toThrow(/already cancelled/);
    expect(await desk.open()).toEqual([]);
  });

  it('shows open requests in the snapshot and the event log, so a counter connecting later sees them', async () => {
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    const seqBefore = (await queue.snapshot()).seq;
    const open = (await desk.request('kiosk-03', 'kiosk')).request;
    const closed = (await desk.request('kiosk-01', 'kiosk')).request;
    await desk.cancel(closed.id, 'kiosk-01');
    const snapshot = QueueSnapshot.parse(JSON.parse(JSON.stringify(await queue.snapshot())));
    expect(snapshot.assists).toEqual([open]);
    expect((await queue.store.eventsSince(seqBefore)).map((e) => [e.type, e.assist?.id])).toEqual([
      ['assist.requested', open.id],
      ['assist.requested', closed.id],
      ['assist.cancelled', closed.id],
    ]);
  });

  it("leaves yesterday's open request behind: it is closed when the kiosk calls again the next day", async () => {
    const old = (await desk.request('kiosk-03', 'kiosk')).request;
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await desk.open()).toEqual([]);
    const fresh = await desk.request('kiosk-03', 'kiosk');
    expect(fresh.created).toBe(true);
    expect(events.slice(-2).map((e) => [e.type, e.assist?.id])).toEqual([
      ['assist.cancelled', old.id],
      ['assist.requested', fresh.request.id],
    ]);
  });
});

describeOnPostgres('assistance routes under /v1/queue', async () => {
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

  it('takes the terminal from its credential, refuses acknowledgements from non-counters, and closes the request in the snapshot', async () => {
    const kiosk = await terminal('kiosk-03', 'kiosk');
    const counter = await terminal('counter-01', 'counter', 'counter-1');
    const otherCounter = await terminal('counter-02', 'counter', 'counter-2');
    const display = await terminal('display-09', 'display');
    const anonymous = await app.inject({ method: 'POST', url: '/v1/queue/assists', payload: { source: 'kiosk' } });
    expect(anonymous.statusCode).toBe(401);

    const called = await kiosk('POST', '/v1/queue/assists', { source: 'kiosk' });
    expect(called.json()).toMatchObject({ created: true, request: { terminalId: 'kiosk-03', state: 'open' } });
    const id = called.json<{ request: { id: string } }>().request.id;
    expect((await kiosk('POST', '/v1/queue/assists', { source: 'kiosk' })).json()).toMatchObject({ created: false, request: { id } });
    expect((await kiosk('POST', '/v1/queue/assists', { source: 'counter' })).statusCode).toBe(400);

    // A counter connecting now learns of it from the snapshot.
    expect((await counter('GET', '/v1/queue/snapshot')).json<{ assists: unknown[] }>().assists).toMatchObject([{ id, terminalId: 'kiosk-03' }]);
    expect((await counter('GET', '/v1/queue/assists')).json()).toMatchObject({ open: [{ id }] });

    const byKiosk = await kiosk('POST', `/v1/queue/assists/${id}/acknowledge`, { counterId: 'counter-1' });
    expect([byKiosk.statusCode, byKiosk.json().error]).toEqual([403, 'forbidden']);
    expect((await display('POST', `/v1/queue/assists/${id}/acknowledge`, { counterId: 'counter-1' })).statusCode).toBe(403);
    // A counter terminal acknowledges only for the counter it is bound to.
    expect((await otherCounter('POST', `/v1/queue/assists/${id}/acknowledge`, { counterId: 'counter-1' })).statusCode).toBe(403);
    expect((await counter('POST', `/v1/queue/assists/${id}/cancel`, {})).statusCode).toBe(403);

    const acknowledged = await counter('POST', `/v1/queue/assists/${id}/acknowledge`, { counterId: 'counter-1' });
    expect(acknowledged.json()).toMatchObject({ request: { id, state: 'acknowledged', counter: { id: 'counter-1', number: '1' } } });
    expect((await otherCounter('POST', `/v1/queue/assists/${id}/acknowledge`, { counterId: 'counter-2' })).statusCode).toBe(409);
    expect((await kiosk('GET', '/v1/queue/snapshot')).json<{ assists: unknown[] }>().assists).toEqual([]);
  });
});

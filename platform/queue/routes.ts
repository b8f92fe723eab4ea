// Hall queue routes, declared in contract/platform-api: reads for every terminal, issuing for the
// terminals that serve the public, counter verbs only for a counter terminal and only on the counter
// it is bound to, the hall's configuration for administrators. Events: one Server-Sent Events stream
// with catch-up by seq.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../db/database.js';
import type { Clock } from '../../contract/clock.js';
import type { TerminalPrincipal } from '../../contract/platform-api/access.js';
import type { QueueEvent } from '../../contract/queue.js';
import type { PlatformRouter } from '../access/router.js';
import { AssistDesk } from './assist-desk.js';
import { QueueError, QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

export interface QueueRoutes {
  queue: QueueService;
  records: QueueRecords;
  assists: AssistDesk;
}

export interface QueueRouteOptions {
  demoAppointments?: boolean;
  clock?: Clock;
  /** Keys the hash an appointment's ID number is kept as. */
  keyedHash?: (value: string) => string;
}

/** An event's SSE frame, built once however many streams it goes to. */
const frames = new WeakMap<QueueEvent, string>();
function frameOf(event: QueueEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = `id: ${event.seq}\nevent: queue\ndata: ${JSON.stringify(event)}\n\n`;
    frames.set(event, frame);
  }
  return frame;
}

const STATUS_OF = { 'not-found': 404, conflict: 409, forbidden: 403, 'bad-input': 400 } as const;

/** The counter a verb acts on: the one the terminal is bound to; a body naming another is refused. */
function boundCounter(principal: TerminalPrincipal, named: string | undefined): string {
  if (!principal.counterId) throw new QueueError('forbidden', 'this terminal is bound to no counter');
  if (named !== undefined && named !== principal.counterId) throw new QueueError('forbidden', `this terminal calls for ${principal.counterId}, not ${named}`);
  return principal.counterId;
}

export async function registerQueueRoutes(app: FastifyInstance, router: PlatformRouter, db: Database, options: QueueRouteOptions = {}): Promise<QueueRoutes> {
  const queue = await QueueService.open(db, options.clock ? { clock: options.clock } : {});
  const records = new QueueRecords(queue, { demoAppointments: options.demoAppointments ?? true, ...(options.keyedHash ? { keyedHash: options.keyedHash } : {}) });
  const assists = new AssistDesk(queue);
  const streams = new Set<FastifyReply>();

  const answer = async (reply: FastifyReply, run: () => Promise<unknown>) => {
    try {
      return (await run()) ?? { ok: true };
    } catch (error) {
      if (error instanceof QueueError) return reply.code(STATUS_OF[error.code]).send({ error: error.code, message: error.message });
      throw error;
    }
  };

  router.serve('queueSnapshot', () => queue.snapshot());
  router.serve('queueStats', ({ query }) => records.stats(query.day));
  router.serve('queueAppointments', () => records.appointments());
  router.serve('queueTicket', ({ params, reply }) => answer(reply, async () => queue.ticketPosition(params.id)));
  router.serve('queueIssue', ({ body, reply }) => answer(reply, async () => queue.issue(body)));
  router.serve('queueReplay', ({ body, principal, reply }) => answer(reply, async () => queue.replay(principal.terminalId, body.tickets)));
  router.serve('queueLease', ({ body, principal, reply }) => answer(reply, async () => queue.lease(principal.terminalId, body.prefix)));
  router.serve('queueCheckIn', ({ body, reply }) => answer(reply, async () => records.checkIn(body.idNumber)));
  router.serve('queueCall', ({ body, principal, reply }) => answer(reply, async () => (await queue.callNext(boundCounter(principal, body.counterId), body.ticketId)) ?? { ticket: null }));
  router.serve('queueRecall', ({ body, principal, reply }) => answer(reply, async () => ({ ticket: await queue.recall(boundCounter(principal, body.counterId)) })));
  router.serve('queueFinish', ({ body, principal, reply }) => answer(reply, async () => ({ ticket: await queue.end(boundCounter(principal, body.counterId), 'finished') })));
  router.serve('queueNoShow', ({ body, principal, reply }) => answer(reply, async () => ({ ticket: await queue.end(boundCounter(principal, body.counterId), 'no-show') })));
  router.serve('queueTransfer', ({ body, principal, reply }) =>
    answer(reply, async () => ({ ticket: await queue.transfer(boundCounter(principal, body.counterId), { service: body.service, counterId: body.toCounterId }) })));
  router.serve('queuePause', ({ body, principal, reply }) => answer(reply, async () => ({ counter: await queue.pause(boundCounter(principal, body.counterId), body.reason) })));
  router.serve('queueResume', ({ body, principal, reply }) => answer(reply, async () => ({ counter: await queue.resume(boundCounter(principal, body.counterId)) })));
  router.serve('queueEvaluate', ({ body, reply }) => answer(reply, async () => records.evaluate(body)));
  // Assistance requests (求助): kiosks and proxy points call and cancel their own; counters acknowledge.
  router.serve('queueAssists', async () => ({ seq: await queue.store.lastSeq(), open: await assists.open() }));
  router.serve('queueAssistCall', ({ body, principal, reply }) => answer(reply, async () => assists.request(principal.terminalId, body.source)));
  router.serve('queueAssistAcknowledge', ({ params, body, principal, reply }) =>
    answer(reply, async () => ({ request: await assists.acknowledge(params.id, boundCounter(principal, body.counterId), principal.role) })));
  router.serve('queueAssistCancel', ({ params, principal, reply }) => answer(reply, async () => ({ request: await assists.cancel(params.id, principal.terminalId) })));
  router.serve('adminQueueConfig', ({ body, reply }) => answer(reply, async () => queue.setConfig(body)));
  router.serve('adminQueueAppointments', ({ body, reply }) => answer(reply, async () => ({ seeded: await records.seedAppointments(body.day ?? queue.today(), body.items) })));

  // The one event stream: backlog after `since` (or Last-Event-ID), then live events, no gap and no repeat.
  router.serve('queueEvents', async ({ query, request, reply }) => {
    const header = request.headers['last-event-id'];
    const since = query.since ?? (Number(typeof header === 'string' ? header : 0) || 0);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.flushHeaders();
    let last = since;
    const send = (event: QueueEvent) => {
      if (event.seq <= last) return;
      last = event.seq;
      raw.write(frameOf(event));
    };
    const pending: QueueEvent[] = [];
    let live = false;
    const off = queue.subscribe((event) => (live ? send(event) : pending.push(event)));
    for (let batch = await queue.store.eventsSince(last); batch.length; batch = await queue.store.eventsSince(last)) batch.forEach(send);
    pending.splice(0).forEach(send);
    live = true;
    raw.write(`event: ready\ndata: ${JSON.stringify({ seq: last })}\n\n`);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    streams.add(reply);
    raw.on('close', () => {
      clearInterval(heartbeat);
      off();
      streams.delete(reply);
    });
  });
  app.addHook('preClose', async () => {
    for (const reply of streams) reply.raw.end();
    await queue.close();
  });
  const routes = { queue, records, assists };
  registered.set(app, routes);
  return routes;
}

const registered = new WeakMap<FastifyInstance, QueueRoutes>();

/** The queue service behind a platform app (tests and the admin CLI reach it here). */
export function queueOf(app: FastifyInstance): QueueRoutes {
  const routes = registered.get(app);
  if (!routes) throw new Error('no hall queue on this platform');
  return routes;
}

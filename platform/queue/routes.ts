// Hall queue routes. Under /v1/queue the sync routes' hook has already checked the terminal credential;
// /v1/admin/queue needs the admin secret. Events: one Server-Sent Events stream with catch-up by seq.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { Clock } from '../../contract/clock.js';
import { HEADERS } from '../../contract/sync-protocol.js';
import { AssistAcknowledgeRequest, AssistCallRequest } from '../../contract/assist.js';
import { EvaluationRequest, HallQueueConfig, IssueRequest, OfflineTicket, type QueueEvent } from '../../contract/queue.js';
import { AssistDesk } from './assist-desk.js';
import { QueueError, QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

export const QUEUE_PREFIX = '/v1/queue';

const CounterRef = z.object({ counterId: z.string().min(1) }).strict();
const bodies = {
  call: CounterRef.extend({ ticketId: z.string().optional() }),
  transfer: CounterRef.extend({ service: z.string().optional(), toCounterId: z.string().optional() }),
  pause: CounterRef.extend({ reason: z.string().max(200) }),
  lease: z.object({ prefix: z.string().regex(/^[A-Z]$/) }).strict(),
  replay: z.object({ tickets: z.array(OfflineTicket).max(1000) }).strict(),
  checkIn: z.object({ idNumber: z.string().regex(/^[0-9A-Za-z]{8,18}$/, 'an ID number') }).strict(),
  seed: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), items: z.array(z.object({ service: z.string(), slot: z.string(), idNumber: z.string(), maskedName: z.string() }).strict()) }).strict(),
};

export interface QueueRoutes {
  queue: QueueService;
  records: QueueRecords;
  assists: AssistDesk;
}

export interface QueueRouteOptions {
  clock: Clock;
  demoAppointments?: boolean;
  /** A terminal's registered role (counter, kiosk…), or null when unknown: only counters acknowledge assistance requests. */
  roleOf: (terminalId: string) => string | null;
}

const STATUS_OF = { 'not-found': 404, conflict: 409, forbidden: 403, 'bad-input': 400 } as const;

export function registerQueueRoutes(app: FastifyInstance, db: Database.Database, options: QueueRouteOptions): QueueRoutes {
  const queue = new QueueService(db, { clock: options.clock });
  const records = new QueueRecords(queue, { demoAppointments: options.demoAppointments ?? true });
  const assists = new AssistDesk(queue);
  const streams = new Set<FastifyReply>();

  const handle = <S extends z.ZodType>(schema: S, run: (body: z.output<S>, terminalId: string) => unknown) =>
    async (request: { body: unknown; headers: Record<string, unknown> }, reply: FastifyReply) => {
      const parsed = schema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'bad-input', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      try {
        const out = run(parsed.data, String(request.headers[HEADERS.terminalId] ?? ''));
        return out ?? { ok: true };
      } catch (error) {
        if (error instanceof QueueError) return reply.code(STATUS_OF[error.code]).send({ error: error.code, message: error.message });
        throw error;
      }
    };

  app.get(`${QUEUE_PREFIX}/snapshot`, async () => queue.snapshot());
  app.get(`${QUEUE_PREFIX}/stats`, async (request) => records.stats((request.query as { day?: string }).day));
  app.get(`${QUEUE_PREFIX}/appointments`, async () => records.appointments());
  app.get<{ Params: { id: string } }>(`${QUEUE_PREFIX}/tickets/:id`, (request, reply) => handle(z.unknown(), () => queue.ticketPosition(request.params.id))(request, reply));
  app.post(`${QUEUE_PREFIX}/tickets`, handle(IssueRequest, (body) => queue.issue(body)));
  app.post(`${QUEUE_PREFIX}/tickets/replay`, handle(bodies.replay, (body, terminal) => queue.replay(terminal, body.tickets)));
  app.post(`${QUEUE_PREFIX}/leases`, handle(bodies.lease, (body, terminal) => queue.lease(terminal, body.prefix)));
  app.post(`${QUEUE_PREFIX}/check-in`, handle(bodies.checkIn, (body) => records.checkIn(body.idNumber)));
  app.post(`${QUEUE_PREFIX}/call`, handle(bodies.call, (body) => queue.callNext(body.counterId, body.ticketId) ?? { ticket: null }));
  app.post(`${QUEUE_PREFIX}/recall`, handle(CounterRef, (body) => ({ ticket: queue.recall(body.counterId) })));
  app.post(`${QUEUE_PREFIX}/finish`, handle(CounterRef, (body) => ({ ticket: queue.end(body.counterId, 'finished') })));
  app.post(`${QUEUE_PREFIX}/no-show`, handle(CounterRef, (body) => ({ ticket: queue.end(body.counterId, 'no-show') })));
  app.post(`${QUEUE_PREFIX}/transfer`, handle(bodies.transfer, (body) => ({ ticket: queue.transfer(body.counterId, { service: body.service, counterId: body.toCounterId }) })));
  app.post(`${QUEUE_PREFIX}/pause`, handle(bodies.pause, (body) => ({ counter: queue.pause(body.counterId, body.reason) })));
  app.post(`${QUEUE_PREFIX}/resume`, handle(CounterRef, (body) => ({ counter: queue.resume(body.counterId) })));
  app.post(`${QUEUE_PREFIX}/evaluations`, handle(EvaluationRequest, (body) => records.evaluate(body)));
  // Assistance requests (求助): kiosks call and cancel their own; counters acknowledge.
  app.get(`${QUEUE_PREFIX}/assists`, async () => ({ seq: queue.store.lastSeq(), open: assists.open() }));
  app.post(`${QUEUE_PREFIX}/assists`, handle(AssistCallRequest, (body, terminal) => assists.request(terminal, body.source)));
  app.post<{ Params: { id: string } }>(`${QUEUE_PREFIX}/assists/:id/acknowledge`, (request, reply) =>
    handle(AssistAcknowledgeRequest, (body, terminal) => ({ request: assists.acknowledge(request.params.id, body.counterId, options.roleOf(terminal)) }))(request, reply));
  app.post<{ Params: { id: string } }>(`${QUEUE_PREFIX}/assists/:id/cancel`, (request, reply) =>
    handle(z.object({}).strict(), (_body, terminal) => ({ request: assists.cancel(request.params.id, terminal) }))(request, reply));
  app.put('/v1/admin/queue/config', handle(HallQueueConfig, (body) => queue.setConfig(body)));
  app.post('/v1/admin/queue/appointments', handle(bodies.seed, (body) => ({ seeded: records.seedAppointments(body.day ?? queue.today(), body.items) })));

  // The one event stream: backlog after `since` (or Last-Event-ID), then live events, no gap and no repeat.
  app.get(`${QUEUE_PREFIX}/events`, (request, reply) => {
    const header = request.headers['last-event-id'];
    const since = Number((request.query as { since?: string }).since ?? (typeof header === 'string' ? header : 0)) || 0;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.flushHeaders();
    let last = since;
    const send = (event: QueueEvent) => {
      if (event.seq <= last) return;
      last = event.seq;
      raw.write(`id: ${event.seq}\nevent: queue\ndata: ${JSON.stringify(event)}\n\n`);
    };
    const pending: QueueEvent[] = [];
    let live = false;
    const off = queue.subscribe((event) => (live ? send(event) : pending.push(event)));
    for (let batch = queue.store.eventsSince(last); batch.length; batch = queue.store.eventsSince(last)) batch.forEach(send);
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

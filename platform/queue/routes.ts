// Hall queue routes, declared in contract/platform-api: reads for every terminal, issuing for the
// terminals that serve the public, counter verbs only for a counter terminal and only on the counter
// it is bound to, the hall's configuration for administrators. Events: one Server-Sent Events stream
// with catch-up by seq.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import type { Clock } from '../../contract/clock.js';
import type { TerminalPrincipal } from '../../contract/platform-api/access.js';
import type { QueueEvent } from '../../contract/queue.js';
import type { PlatformRouter } from '../access/router.js';
import { randomBytes } from 'node:crypto';
import type { LiveTicketView } from '../../contract/live-ticket.js';
import type { RateLimits } from '../access/rate-budget.js';
import { AssistDesk } from './assist-desk.js';
import { LiveHelpDesk } from './live-help-desk.js';
import { HelpDesk } from './help-desk.js';
import type { AuditLog } from '../access/audit-log.js';
import { ClerkRegistry } from './clerks.js';
import { FollowUps } from './follow-ups.js';
import { Productivity } from './productivity.js';
import { HaochapingOutbox, type HaochapingGateway } from './haochaping.js';
import { LiveTickets } from './live-ticket.js';
import { liveTicketHtml, liveTicketLanguage } from './live-ticket-page.js';
import { ticketIdOfToken } from './live-ticket-store.js';
import { Parking } from './parking.js';
import type { FieldSealer } from './queue-store.js';
import { Reminders, type NoticeGateways, type ReminderOptions } from './reminders.js';
import { QueueError, QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

export interface QueueRoutes {
  queue: QueueService;
  records: QueueRecords;
  assists: AssistDesk;
  liveHelp: LiveHelpDesk;
  help: HelpDesk;
  followUps: FollowUps;
  haochaping: HaochapingOutbox;
  live: LiveTickets;
  parking: Parking;
  reminders: Reminders;
  clerks: ClerkRegistry;
}

/** Requests a phone (an address) may make to the live ticket routes in a minute: a page, its stream and a few presses. */
export const LIVE_TICKET_REQUESTS_PER_MINUTE = 60;

export interface QueueRouteOptions {
  demoAppointments?: boolean;
  clock?: Clock;
  /** Keys the hash an appointment's ID number is kept as. */
  keyedHash?: (value: string) => string;
  /** Seals masked names and phone numbers, follow-up notes and the 好差评 reports waiting in the outbox (the platform's sealer). */
  sealer?: FieldSealer;
  /** Public live ticket routes are rate-limited per address when given (the platform's shared budget). */
  limits?: RateLimits;
  livePerMinute?: number;
  /** Where reminders go (SMS, WeChat); none configured: notices are recorded as failed, never sent. */
  gateways?: NoticeGateways;
  reminders?: ReminderOptions;
  /** How often away tickets are checked for running out (ms; default 15 s; 0: only when asked). */
  awaySweepMs?: number;
  /** How often ringing remote help calls are checked for running out unanswered (ms; default 5 s; 0: only when calls are read or changed). */
  liveHelpSweepMs?: number;
  /** Where ratings and follow-ups are reported (the provincial 好差评 system); none keeps them in the outbox. */
  haochapingGateway?: HaochapingGateway;
  /** How often the outbox is delivered (ms; default 15 s). */
  haochapingIntervalMs?: number;
  /** Reads a verified blob (a help request's voice note or material); without it those files are not served. */
  readBlob?: (sha256: string) => Promise<Buffer | undefined>;
  /** Where a counter's reveal of a help request's phone number is recorded. */
  audit?: AuditLog;
  /** The scrypt cost of clerks' PIN verifiers (tests lower it; default the agents' cost). */
  clerkPinCost?: { N: number; r: number; p: number };
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

const STATUS_OF = { 'not-found': 404, conflict: 409, forbidden: 403, 'bad-input': 400, 'clerk-signed-out': 403 } as const;

/** The counter a verb acts on: the one the terminal is bound to; a body naming another is refused. */
function boundCounter(principal: TerminalPrincipal, named: string | undefined): string {
  if (!principal.counterId) throw new QueueError('forbidden', 'this terminal is bound to no counter');
  if (named !== undefined && named !== principal.counterId) throw new QueueError('forbidden', `this terminal calls for ${principal.counterId}, not ${named}`);
  return principal.counterId;
}

export async function registerQueueRoutes(app: FastifyInstance, router: PlatformRouter, db: Database, options: QueueRouteOptions = {}): Promise<QueueRoutes> {
  const queue = await QueueService.open(db, { ...(options.clock ? { clock: options.clock } : {}), ...(options.sealer ? { sealer: options.sealer } : {}) });
  const live = new LiveTickets(queue);
  const parking = new Parking(queue);
  const reminders = new Reminders(queue, options.gateways ?? {}, options.reminders);
  const clock = queue.clock;
  const sweepMs = options.awaySweepMs ?? 15_000;
  const sweeper = sweepMs > 0 ? setInterval(() => void live.expireAway().catch(() => undefined), sweepMs) : null;
  sweeper?.unref();
  const haochaping = new HaochapingOutbox(db, queue.store.sealer, queue.clock);
  const records = new QueueRecords(queue, {
    demoAppointments: options.demoAppointments ?? true,
    haochaping,
    ...(options.keyedHash ? { keyedHash: options.keyedHash } : {}),
  });
  const assists = new AssistDesk(queue);
  const liveHelp = new LiveHelpDesk(queue);
  const liveHelpSweepMs = options.liveHelpSweepMs ?? 5000;
  const liveHelpSweeper = liveHelpSweepMs > 0 ? setInterval(() => void liveHelp.expireUnanswered().catch(() => undefined), liveHelpSweepMs) : null;
  liveHelpSweeper?.unref();
  const help = new HelpDesk(queue);
  const followUps = new FollowUps(queue, queue.store.sealer, haochaping);
  const productivity = new Productivity(queue);
  const clerks = new ClerkRegistry(queue, options.clerkPinCost);
  const gateway = options.haochapingGateway;
  const delivery = gateway ? setInterval(() => void haochaping.deliverDue(gateway).catch(() => undefined), options.haochapingIntervalMs ?? 15_000) : null;
  delivery?.unref();
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
  // A ticket by id, or by the live ticket token its QR carries (the kiosk's 评价 scans the QR).
  router.serve('queueTicket', ({ params, reply }) =>
    answer(reply, async () =>
      queue.ticketPosition((await queue.store.ticket(params.id)) ? params.id : ((await ticketIdOfToken(queue.store, params.id)) ?? params.id)),
    ),
  );
  router.serve('queueIssue', ({ body, reply }) => answer(reply, async () => queue.issue(body)));
  router.serve('queueReplay', ({ body, principal, reply }) => answer(reply, async () => queue.replay(principal.terminalId, body.tickets)));
  router.serve('queueLease', ({ body, principal, reply }) => answer(reply, async () => queue.lease(principal.terminalId, body.prefix)));
  router.serve('queueCheckIn', ({ body, reply }) => answer(reply, async () => records.checkIn(body.idNumber)));
  // A counter's verbs: on the counter the terminal is bound to, for the clerk whose session it sends (verified here).
  const desk = async <T>(
    principal: TerminalPrincipal,
    body: { counterId?: string; clerkSession?: string },
    work: (counterId: string) => Promise<T>,
  ): Promise<T> => {
    const counterId = boundCounter(principal, body.counterId);
    if (!body.clerkSession && (await queue.config()).clerks.signInRequired)
      throw new QueueError('clerk-signed-out', 'this hall needs a clerk signed in at the counter');
    const clerkId = body.clerkSession
      ? await clerks.verify({ terminalId: principal.terminalId, hallId: principal.hallId, counterId }, body.clerkSession)
      : undefined;
    return queue.asClerk(clerkId, () => work(counterId));
  };
  router.serve('queueCall', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => (await queue.callNext(counter, body.ticketId)) ?? { ticket: null })),
  );
  router.serve('queueStart', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await queue.start(counter) }))),
  );
  router.serve('queueRecall', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await queue.recall(counter) }))),
  );
  router.serve('queueFinish', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await queue.end(counter, 'finished') }))),
  );
  router.serve('queueNoShow', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await queue.end(counter, 'no-show') }))),
  );
  router.serve('queueTransfer', ({ body, principal, reply }) =>
    answer(reply, () =>
      desk(principal, body, async (counter) => ({ ticket: await queue.transfer(counter, { service: body.service, counterId: body.toCounterId }) })),
    ),
  );
  router.serve('queuePause', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ counter: await queue.pause(counter, body.reason) }))),
  );
  router.serve('queuePark', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await parking.park(counter) }))),
  );
  router.serve('queueRecallParked', ({ params, body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ ticket: await parking.recall(counter, params.id) }))),
  );
  router.serve('queueResume', ({ body, principal, reply }) =>
    answer(reply, () => desk(principal, body, async (counter) => ({ counter: await queue.resume(counter) }))),
  );
  router.serve('queueClerkSignIn', ({ body, principal, reply }) =>
    answer(reply, async () =>
      clerks.signIn({ terminalId: principal.terminalId, hallId: principal.hallId, counterId: boundCounter(principal, undefined) }, body.clerkId, body.pin),
    ),
  );
  router.serve('queueClerkSignOut', ({ body, principal, reply }) =>
    answer(reply, async () => ({
      signedOut: await clerks.signOut(
        { terminalId: principal.terminalId, hallId: principal.hallId, counterId: boundCounter(principal, undefined) },
        body.session,
      ),
    })),
  );
  router.serve('adminClerkAdd', ({ body, reply }) => answer(reply, () => clerks.add(body)));
  router.serve('adminClerkList', async ({ query }) => ({ clerks: await clerks.list(query.hallId) }));
  router.serve('adminClerkDisable', async ({ params, reply }) =>
    (await clerks.disable(params.clerkId)) ? { disabled: true } : reply.code(404).send({ error: 'unknown-clerk' }),
  );
  router.serve('queueEvaluate', ({ body, reply }) => answer(reply, async () => records.evaluate(body)));
  router.serve('queueProductivity', ({ query }) => productivity.report(query));
  router.serve('queueForecast', ({ query }) => productivity.forecast(query.days));
  // 好差评 follow-ups: the supervisor's list (overdue first), contact and resolution.
  router.serve('queueFollowUps', async () => ({ followUps: await followUps.list() }));
  router.serve('queueFollowUpContact', ({ params, body, reply }) => answer(reply, async () => ({ followUp: await followUps.contact(params.id, body.note) })));
  router.serve('queueFollowUpResolve', ({ params, body, reply }) =>
    answer(reply, async () => ({ followUp: await followUps.resolve(params.id, body.resolution) })),
  );
  // Assistance requests (求助): kiosks and proxy points call and cancel their own; counters acknowledge.
  router.serve('queueAssists', async () => ({ seq: await queue.store.lastSeq(), open: await assists.open() }));
  router.serve('queueAssistCall', ({ body, principal, reply }) => answer(reply, async () => assists.request(principal.terminalId, body.source)));
  router.serve('queueAssistAcknowledge', ({ params, body, principal, reply }) =>
    answer(reply, async () => ({ request: await assists.acknowledge(params.id, boundCounter(principal, body.counterId), principal.role) })),
  );
  router.serve('queueAssistCancel', ({ params, principal, reply }) =>
    answer(reply, async () => ({ request: await assists.cancel(params.id, principal.terminalId) })),
  );
  // Remote help, live: callers ring, counters answer (the first wins), the two parties relay signals to each other.
  router.serve('queueLiveHelpCalls', async ({ principal }) => ({
    seq: await queue.store.lastSeq(),
    ringing: await liveHelp.ringing(),
    mine: await liveHelp.liveCallOf(principal.terminalId),
  }));
  router.serve('queueLiveHelpRing', ({ body, principal, reply }) => answer(reply, async () => liveHelp.ring(principal.terminalId, body.source)));
  router.serve('queueLiveHelpAnswer', ({ params, body, principal, reply }) =>
    answer(reply, async () => {
      const counterId = boundCounter(principal, body.counterId);
      // The clerk who answers is named only from a session verified here, as for a desk verb.
      if (!body.clerkSession && (await queue.config()).clerks.signInRequired)
        throw new QueueError('clerk-signed-out', 'this hall needs a clerk signed in at the counter');
      const clerkId = body.clerkSession
        ? await clerks.verify({ terminalId: principal.terminalId, hallId: principal.hallId, counterId }, body.clerkSession)
        : undefined;
      return { call: await liveHelp.answer(params.id, principal.terminalId, counterId, principal.role, clerkId) };
    }),
  );
  router.serve('queueLiveHelpHangup', ({ params, principal, reply }) =>
    answer(reply, async () => ({ call: await liveHelp.hangup(params.id, principal.terminalId) })),
  );
  router.serve('queueLiveHelpSend', ({ params, body, principal, reply }) => answer(reply, async () => liveHelp.send(params.id, principal.terminalId, body)));
  router.serve('queueLiveHelpReceive', ({ params, query, principal, reply }) =>
    answer(reply, async () => liveHelp.receive(params.id, principal.terminalId, query.after, query.waitMs)),
  );
  // Remote help requests (帮办席): they arrive through the sync push (HelpDesk.record); counters of the sender's hall list and answer them.
  router.serve('queueHelpRequests', ({ principal }) => help.list(principal.hallId));
  router.serve('queueHelpFile', ({ params, principal, reply }) =>
    answer(reply, async () => {
      const { mediaType } = await help.fileOf(params.id, params.sha256, principal.hallId);
      const bytes = await options.readBlob?.(params.sha256);
      if (!bytes) throw new QueueError('not-found', 'the file has not arrived');
      return { mediaType, base64: bytes.toString('base64') };
    }),
  );
  router.serve('queueHelpRevealPhone', ({ params, body, principal, request, reply }) =>
    answer(reply, async () => {
      const counterId = boundCounter(principal, body.counterId);
      const phone = await help.phoneOf(params.id, principal.hallId);
      // Every reveal is on the append-only audit log: which counter terminal, which request, when, from where.
      await options.audit?.record({
        admin: `terminal:${principal.terminalId}`,
        route: 'queueHelpRevealPhone',
        method: 'POST',
        target: { helpRequest: params.id, counter: counterId },
        status: 200,
        from: request.ip,
      });
      return { phone };
    }),
  );
  router.serve('queueHelpCallBack', ({ params, body, principal, reply }) =>
    answer(reply, async () => ({
      request: await help.answer(params.id, principal.hallId, boundCounter(principal, body.counterId), { state: 'called-back', note: body.note }),
    })),
  );
  router.serve('queueHelpAccept', ({ params, body, principal, reply }) =>
    answer(reply, async () => ({ request: await help.answer(params.id, principal.hallId, boundCounter(principal, body.counterId), { state: 'accepted' }) })),
  );
  router.serve('adminQueueConfig', ({ body, reply }) => answer(reply, async () => queue.setConfig(body)));
  router.serve('adminQueueAppointments', ({ body, reply }) =>
    answer(reply, async () => ({ seeded: await records.seedAppointments(body.day ?? queue.today(), body.items) })),
  );

  // The one event stream: backlog after `since` (or Last-Event-ID), then live events, no gap and no repeat.
  router.serve('queueEvents', async ({ query, request, reply, principal }) => {
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
      // Help requests are the business of the sender's hall's counters only: other terminals' streams skip them.
      if (event.type.startsWith('help.') && (principal.role !== 'counter' || event.help?.hallId !== principal.hallId)) return;
      raw.write(frameOf(event));
    };
    const pending: QueueEvent[] = [];
    let live = false;
    const off = queue.subscribe((event) => (live ? send(event) : pending.push(event)));
    for (let batch = await queue.store.eventsSince(last); batch.length; batch = await queue.store.eventsSince(last))
      batch.forEach((event) => send(queue.store.openEvent(event)));
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

  // The live ticket, public on the hall's LAN: rate-limited per address, a wrong token is a plain 404.
  const limited = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (!options.limits) return false;
    if (await options.limits.take('live-ticket', request.ip, options.livePerMinute ?? LIVE_TICKET_REQUESTS_PER_MINUTE, clock.nowMs())) return false;
    await reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    return true;
  };
  const liveAnswer = async (request: FastifyRequest, reply: FastifyReply, run: () => Promise<LiveTicketView>) => {
    if (await limited(request, reply)) return reply;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return answer(reply, run);
  };
  router.serve('liveTicketPage', async ({ params, query, request, reply }) => {
    if (await limited(request, reply)) return reply;
    const language = liveTicketLanguage(query.lang, request.headers['accept-language']);
    let view: LiveTicketView;
    try {
      view = await live.viewOf(params.token);
    } catch (error) {
      if (error instanceof QueueError) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个排队号 · No such ticket');
      throw error;
    }
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header(
        'content-security-policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(liveTicketHtml(view, language, nonce));
  });
  router.serve('liveTicketState', ({ params, request, reply }) => liveAnswer(request, reply, () => live.viewOf(params.token)));
  router.serve('liveTicketAway', ({ params, request, reply }) => liveAnswer(request, reply, () => live.stepOut(params.token)));
  router.serve('liveTicketBack', ({ params, request, reply }) => liveAnswer(request, reply, () => live.back(params.token)));
  router.serve('liveTicketCancel', ({ params, request, reply }) => liveAnswer(request, reply, () => live.cancel(params.token)));
  router.serve('liveTicketEvents', async ({ params, request, reply }) => {
    if (await limited(request, reply)) return reply;
    if (!(await ticketIdOfToken(queue.store, params.token))) return reply.code(404).send({ error: 'not-found', message: 'no such ticket' });
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    raw.flushHeaders();
    const following: { stop?: () => void; closed?: boolean } = {};
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    streams.add(reply);
    raw.on('close', () => {
      following.closed = true;
      clearInterval(heartbeat);
      following.stop?.();
      streams.delete(reply);
    });
    following.stop = await live.follow(params.token, (view, json) => raw.write(`id: ${view.seq}\nevent: ticket\ndata: ${json}\n\n`));
    if (following.closed) following.stop();
  });

  app.addHook('preClose', async () => {
    if (delivery) clearInterval(delivery);
    if (sweeper) clearInterval(sweeper);
    if (liveHelpSweeper) clearInterval(liveHelpSweeper);
    for (const reply of streams) reply.raw.end();
    live.close();
    await reminders.close();
    await queue.close();
  });
  const routes = { queue, records, assists, liveHelp, help, live, parking, reminders, followUps, haochaping, clerks };
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

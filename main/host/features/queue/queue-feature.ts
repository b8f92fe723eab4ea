// The terminal's side of the hall queue: follows the hall's event stream, issues tickets (from
// leased numbers when the service is unreachable), prints them, and drives the counter.
import QRCode from 'qrcode';
import { maskNameForCalling, maskPhone } from '../../../../contract/masking.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import type { IssueResult, QueueConnectivity } from '../../../../contract/api/queue.js';
import {
  hallDay,
  isBadRating,
  liveTicketUrl,
  type RatingLevel,
  type RatingReason,
  type TicketState,
  type HallQueueConfig,
  type IssuedTicket,
  type PriorityClass,
  type QueueEvent,
  type QueueSnapshot,
  type Ticket,
} from '../../../../contract/queue.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { CitizenSession } from '../session/citizen-session.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import type { HallServiceClient, QueueRouteName } from './queue-client.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { HallServiceError } from './queue-client.js';
import { callHallService, isRefusal } from './hall-service-faults.js';
import type { OfflineTicketLedger } from './queue-offline.js';
import { PendingRatings, type SecretStore } from './queue-pending-ratings.js';
import { type Clock } from '../../../../contract/clock.js';
import { ageOn, isElderAge } from '../../../../contract/age.js';
import type { HostFeature } from '../../host-feature.js';

export interface QueueFeatureOptions {
  client: HallServiceClient;
  ledger: OfflineTicketLedger;
  bus: HostEventBus;
  session: CitizenSession;
  printers: PrinterFeature;
  role: string;
  counterId?: string;
  leasePrefixes: string[];
  evaluatorKeys?: string[];
  /** A display's spoken calls (false: this display calls silently). */
  voice?: boolean;
  /** The hall's name from this terminal's configuration, printed on tickets before the queue service's own name. */
  hallName?: string;
  /** Writes an offline ticket (or a buffered rating) through the outbox so the platform gets it exactly once. */
  recordOffline: (record: { kind?: 'ticket' | 'evaluation'; payload: Record<string, unknown>; personal?: Record<string, unknown> }) => Promise<void>;
  /** What a simulated LED screen shows (simulator control). */
  ledShown: (deviceId: string) => { text: string; receivedAt: number; sequence: number } | null;
  /** Called with each event, e.g. to update the window's LED screen. */
  onEvent?: (event: QueueEvent, counterId: string | undefined) => void;
  log: Logger;
  /** The terminal's clock: the hall day and offline tickets' issue times. */
  clock: Clock;
  /** The offline store's encrypted secrets, where ratings given during an outage wait (absent: such ratings are refused). */
  secrets?: SecretStore;
}

/** The common reasons for a bad rating, in the words the hall's follow-up list reads them. */
export const RATING_REASON_WORDS: Record<RatingReason, string> = {
  'long-wait': '等候时间太长',
  attitude: '服务态度不好',
  unclear: '没有讲清楚',
  'more-visits': '要跑多次',
  slow: '办理太慢',
  rules: '材料或规定太繁琐',
};

type Issued = IssuedTicket & { slot?: string };

/** Priority classes as the ticket prints them (the paper is Chinese), so the window sees the class at a glance. */
export const PRIORITY_LABELS_ON_PAPER: Record<PriorityClass, string> = {
  normal: '普通',
  elderly: '60 岁以上老人',
  disabled: '残疾人',
  pregnant: '孕妇',
  appointment: '预约',
  vip: '绿色通道',
};

export class QueueFeature implements HostFeature {
  readonly name = 'queue';
  private snapshot: QueueSnapshot | null = null;
  private connectivity: QueueConnectivity = { online: false, pendingOffline: 0, leased: {} };
  /** The hall queue stream as this terminal sees it, for admin mode and the fleet page (faults go there, not to a public screen). */
  get streamState(): QueueConnectivity {
    return this.connectivity;
  }
  private stopFollowing: (() => void) | undefined;
  private readonly announcements: Array<{ text: string; startedAt: string; endedAt: string }> = [];
  private rejoining: Promise<void> | undefined;
  /** The snapshot fetch in flight and the stream sequence it was started after (it answers for no later event). */
  private refreshing: { after: number; done: Promise<void> } | undefined;
  private lastSeq = 0;
  /** Services seen finishing on the stream today (id → number): rated offline too, and told apart from unknown tickets. */
  private readonly finished = new Map<string, string>();
  /** Live ticket tokens this terminal printed (token → ticket id): a scanned QR is rated offline too. */
  private readonly tokens = new Map<string, string>();
  /** Ratings given while the hall service was unreachable: kept encrypted in the offline store until it takes them. */
  private readonly pendingRatings: PendingRatings;

  /** The signed-in clerk's session for the desk's verbs, and what to do when the hall service ends it (clerk-desk.ts). */
  private clerk: { session: () => string | undefined; ended: () => void } | undefined;

  constructor(private readonly o: QueueFeatureOptions) {
    this.pendingRatings = new PendingRatings(() => o.secrets);
  }

  /** Desk verbs carry the signed-in clerk's session from now on. */
  useClerkSession(clerk: { session: () => string | undefined; ended: () => void }): void {
    this.clerk = clerk;
  }

  /** The signed-in clerk's session for a desk verb (queue-supervision.ts sends `queue.start`). */
  clerkSession(): string | undefined {
    return this.clerk?.session();
  }

  /** The counter's own fields of a desk verb: its counter and the signed-in clerk's session, if any. */
  private deskBody(): { counterId: string; clerkSession?: string } {
    const session = this.clerkSession();
    return { counterId: this.counterId(), ...(session ? { clerkSession: session } : {}) };
  }

  /** The hall service client, shared with features on the same stream (assistance requests). */
  get hallService(): HallServiceClient {
    return this.o.client;
  }

  /** The hall's day: the service's, or from the last known reset time while it cannot be reached. */
  hallDay(): string {
    return this.snapshot?.day ?? hallDay(this.o.clock.now(), (this.snapshot?.config ?? this.o.ledger.config)?.dayBoundary?.resetAt);
  }

  attach(): void {
    this.publishConnectivity({ pendingOffline: this.o.ledger.pending().length });
    this.stopFollowing = this.o.client.follow(0, {
      onEvent: (event) => {
        this.lastSeq = event.seq;
        if (event.type === 'ticket.finished' && event.ticket) this.rememberFinished(event.ticket.id, event.ticket.number);
        // The window's LED first: its serial write is the slower path to a citizen's eyes.
        this.o.onEvent?.(event, this.o.counterId);
        this.o.bus.publish('queue.event', event);
        if (event.type === 'config.changed') void this.refresh();
      },
      onUp: () => void this.onUp(),
      onDown: (error) => this.publishConnectivity({ online: false, lastError: error.message }),
    });
  }

  detach(): void {
    this.stopFollowing?.();
  }

  private async onUp(): Promise<void> {
    await this.refresh(true);
    this.rejoining ??= this.rejoin().finally(() => (this.rejoining = undefined));
    await this.rejoining;
  }

  /**
   * A fresh snapshot only when the stream has moved past ours. Concurrent callers share one fetch, but
   * only one started after the latest event they have seen: a fetch sent before a call would answer
   * without it, and no later event would correct the page (a counter's call went missing that way).
   */
  private async fresh(): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const wanted = this.lastSeq;
      if (this.snapshot && this.snapshot.seq >= wanted) return;
      if (!this.refreshing || this.refreshing.after < wanted) {
        const done: Promise<void> = this.refresh().finally(() => {
          if (this.refreshing?.done === done) this.refreshing = undefined;
        });
        this.refreshing = { after: wanted, done };
      }
      await this.refreshing.done;
      if (!this.connectivity.online) return;
    }
  }

  /** Fetches the service's snapshot; an answer older than the one held is dropped unless `replace` (a new link). */
  private async refresh(replace = false): Promise<void> {
    try {
      const next = await this.o.client.request<QueueSnapshot>('queueSnapshot');
      if (replace || !this.snapshot || next.seq >= this.snapshot.seq) this.snapshot = next;
      this.o.ledger.rememberConfig(this.snapshot.config);
      this.publishConnectivity({ online: true });
    } catch (error) {
      this.publishConnectivity({ online: false, lastError: (error as Error).message });
    }
  }

  /** Offline tickets join in issue order; then the kiosk's leased blocks are topped up. */
  private async rejoin(): Promise<void> {
    const pending = this.o.ledger.pending();
    try {
      if (pending.length) {
        const result = await this.o.client.request<{ accepted: string[]; duplicates: string[]; rejected: { id: string; reason: string }[] }>('queueReplay', {
          body: { tickets: pending },
        });
        for (const r of result.rejected) this.o.log.warn({ ticketId: r.id, reason: r.reason }, 'offline ticket refused by the hall service');
        this.o.ledger.settle([...result.accepted, ...result.duplicates, ...result.rejected.map((r) => r.id)]);
        this.o.log.info({ accepted: result.accepted.length, duplicates: result.duplicates.length }, 'offline tickets rejoined the queue');
      }
      await this.replayRatings();
      if (this.o.role === 'kiosk' || this.o.role === 'proxy-point') await this.topUpLeases();
    } catch (error) {
      this.o.log.warn({ error: (error as Error).message }, 'rejoining offline tickets failed; will retry');
    }
    this.publishConnectivity({ pendingOffline: this.o.ledger.pending().length });
  }

  private async topUpLeases(): Promise<void> {
    const config = this.snapshot?.config ?? this.o.ledger.config;
    if (!config) return;
    const day = this.hallDay();
    this.o.ledger.forgetBefore(day);
    const prefixes = this.o.leasePrefixes.length ? this.o.leasePrefixes : config.queues.map((q) => q.prefix);
    for (const prefix of prefixes) {
      if ((this.o.ledger.remaining(day)[prefix] ?? 0) >= config.leaseBlockSize / 2) continue;
      this.o.ledger.addLease(await this.o.client.request('queueLease', { body: { prefix } }));
    }
  }

  private publishConnectivity(change: Partial<QueueConnectivity>): void {
    const next: QueueConnectivity = { ...this.connectivity, ...change, leased: this.o.ledger.remaining(this.hallDay()) };
    if (change.online) delete next.lastError;
    if (JSON.stringify(next) === JSON.stringify(this.connectivity)) return;
    this.connectivity = next;
    this.o.bus.publish('queue.connectivity', next);
  }

  private config(): HallQueueConfig {
    const config = this.snapshot?.config ?? this.o.ledger.config;
    if (!config) throw new HostFault('unavailable', 'the hall queue service has not been reached yet', 'queue.notReachedYet');
    return config;
  }

  private counterId(): string {
    if (!this.o.counterId) throw new HostFault('bad-input', 'this terminal has no queue.counterId in its configuration', 'queue.noCounterConfigured');
    return this.o.counterId;
  }

  /** Calls the hall service; its refusals become typed host faults, silence marks the link offline. */
  private call<T>(name: QueueRouteName, body?: unknown): Promise<T> {
    return this.hallRequest<T>(name, body === undefined ? {} : { body });
  }

  /** A request to the hall service, its refusals and outages as the host reports them. */
  async hallRequest<T>(name: QueueRouteName, call: RouteCall, options: { timeoutMs?: number } = {}): Promise<T> {
    try {
      return await callHallService<T>(
        this.o.client,
        name,
        call,
        (error) => {
          this.publishConnectivity({ online: false, lastError: error.message });
          return new HostFault('unavailable', 'the hall queue service cannot be reached', 'queue.unreachable');
        },
        options,
      );
    } catch (error) {
      if (error instanceof HostFault && error.detail?.key === 'queue.clerkSignedOut') this.clerk?.ended();
      throw error;
    }
  }

  private async issue(service: string, priority: PriorityClass, phone?: string): Promise<IssueResult> {
    const card = this.o.session.card();
    // Only the masked form (张*女士) leaves this terminal; the hall keeps it only where it calls by name.
    const maskedName = card ? maskNameForCalling(card.reading.card.name, card.reading.card.gender) || undefined : undefined;
    const source = this.o.role === 'proxy-point' ? 'proxy-point' : this.o.role === 'counter' ? 'clerk' : 'kiosk';
    // The green channel is opened by staff, not chosen at a kiosk.
    if (priority === 'vip' && source !== 'clerk')
      throw new HostFault('bad-input', 'green-channel tickets are issued at a counter', 'queue.greenChannelAtCounter');
    let issued: Issued;
    let offline = false;
    try {
      issued = await this.o.client.request<Issued>('queueIssue', {
        body: { service, priority, source, ...(maskedName ? { maskedName } : {}), ...(phone ? { phone } : {}) },
      });
    } catch (error) {
      if (isRefusal(error)) throw new HostFault('bad-input', error.message, 'queue.refused');
      this.publishConnectivity({ online: false, lastError: (error as Error).message });
      issued = await this.issueOffline(service, priority, source, maskedName);
      offline = true;
    }
    const result = await this.deliver(issued, offline);
    // Offline there is nobody to send the texts: the screen names the number only when reminders will go.
    return phone && !offline ? { ...result, reminderPhone: maskPhone(phone) } : result;
  }

  private async issueOffline(service: string, priority: PriorityClass, source: 'kiosk' | 'proxy-point' | 'clerk', maskedName?: string): Promise<Issued> {
    const config = this.config();
    const prefix = config.services.find((s) => s.code === service)?.queue;
    if (!prefix) throw new HostFault('bad-input', `no service "${service}" in this hall`, 'queue.unknownService');
    const now = this.o.clock.now();
    // The hall's day turns at its reset time, as the hall service counts it (a config without one: midnight).
    const ticket = this.o.ledger.issue({
      day: hallDay(now, config.dayBoundary?.resetAt),
      prefix,
      service,
      priority,
      source,
      ...(maskedName ? { maskedName } : {}),
      now,
    });
    if (!ticket) throw new HostFault('unavailable', 'the hall queue service is unreachable and this kiosk has no leased numbers left', 'queue.noLeasedNumbers');
    // The token stays between this kiosk and the hall service: the platform's record of the ticket has no use for it.
    const { maskedName: name, liveToken, ...payload } = ticket;
    await this.o.recordOffline({ payload: { ...payload, offline: true }, ...(name ? { personal: { maskedName: name } } : {}) });
    this.publishConnectivity({ pendingOffline: this.o.ledger.pending().length });
    const ahead = this.snapshot?.waiting.find((w) => w.service === service);
    const full: Ticket = { ...payload, state: 'waiting', offline: true, recalls: 0, transfers: 0, ...(name ? { maskedName: name } : {}) };
    delete (full as Partial<{ leaseId: string }>).leaseId;
    return { ticket: full, waitingAhead: ahead?.waiting ?? 0, estimatedMinutes: ahead?.estimatedMinutes ?? 0, ...(liveToken ? { liveToken } : {}) };
  }

  /** Prints the ticket; a refused print (paper out) is reported so the screen shows the ticket instead. */
  private async deliver(issued: Issued, offline: boolean): Promise<IssueResult> {
    const config = this.config();
    const service = config.services.find((s) => s.code === issued.ticket.service);
    const queue = config.queues.find((q) => q.prefix === service?.queue);
    // The live ticket page on the hall's LAN; none while the hall has no LAN address configured (or offline: no token).
    const followUrl = liveTicketUrl(config.liveTicket, issued.liveToken);
    if (issued.liveToken) this.tokens.set(issued.liveToken, issued.ticket.id);
    let print: IssueResult['print'];
    try {
      const printer = this.o.printers.printer(undefined);
      const job = await printer.printTicket({
        hallName: this.o.hallName ?? config.hallName,
        ticketNumber: issued.ticket.number,
        serviceName: service?.name ?? issued.ticket.service,
        priorityLabel: PRIORITY_LABELS_ON_PAPER[issued.ticket.priority],
        // Issued from a lease, the kiosk does not know who is ahead: the paper says so.
        ...(offline ? {} : { waitingAhead: issued.waitingAhead, estimatedWaitMinutes: issued.estimatedMinutes }),
        ...(queue?.windowArea ? { windowArea: queue.windowArea } : {}),
        issuedAt: issued.ticket.issuedAt,
        ...(followUrl ? { followQr: followUrl } : {}),
      });
      print = { outcome: job.outcome, condition: job.condition, ...(job.reason ? { reason: job.reason } : {}) };
    } catch (error) {
      print = { outcome: 'no-printer', reason: (error as Error).message };
    }
    const { liveToken: _token, ...shown } = issued;
    // The paper is out: the screen shows the QR to photograph instead.
    const followQrSvg =
      followUrl && print.outcome !== 'printed' ? await QRCode.toString(followUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : undefined;
    return {
      ...shown,
      offline,
      print,
      serviceName: service?.name ?? issued.ticket.service,
      ...(followUrl ? { followUrl } : {}),
      ...(followQrSvg ? { followQrSvg } : {}),
      ...(queue?.windowArea ? { windowArea: queue.windowArea } : {}),
    };
  }

  private rememberFinished(ticketId: string, number: string): void {
    this.finished.set(ticketId, number);
    while (this.finished.size > 2000) this.finished.delete(this.finished.keys().next().value!);
  }

  /** A scanned ticket for 评价: its number and state, from the hall service or, offline, from what the stream showed. */
  private async ticketForRating(scanned: string): Promise<{ id: string; number: string; state: TicketState } | null> {
    // The QR carries the live ticket token; the hall service resolves it (this terminal too, for tickets it printed).
    const ticketId = this.tokens.get(scanned) ?? scanned;
    try {
      const { ticket } = await this.o.client.request<Issued>('queueTicket', { params: { id: ticketId } });
      if (ticket.state === 'finished') this.rememberFinished(ticket.id, ticket.number);
      return { id: ticket.id, number: ticket.number, state: ticket.state };
    } catch (error) {
      if (isRefusal(error)) {
        // No such ticket (or not one of this hall's ids).
        if (error.status === 404 || error.status === 400) return null;
        throw new HostFault('bad-input', error.message, 'queue.refused');
      }
      this.publishConnectivity({ online: false, lastError: (error as Error).message });
      const number = this.finished.get(ticketId);
      if (number) return { id: ticketId, number, state: 'finished' };
      const open = this.snapshot?.tickets.find((ticket) => ticket.id === ticketId);
      if (open) return { id: ticketId, number: open.number, state: open.state };
      throw new HostFault('unavailable', 'the hall queue service cannot be reached', 'queue.unreachable');
    }
  }

  /**
   * 好差评: only a finished service (as far as this terminal knows) is rated, a bad rating with a
   * reason; when the hall service is unreachable the rating waits in the outbox and is sent on return.
   */
  private async evaluate(
    ticketId: string,
    level: RatingLevel,
    reasons: readonly RatingReason[],
    text: string,
  ): Promise<{ followUpId?: string; deadline?: string; buffered?: boolean }> {
    const why = [...new Set(reasons)]
      .map((r) => RATING_REASON_WORDS[r])
      .concat(text ? [text] : [])
      .join('；');
    if (isBadRating(level) && !why) throw new HostFault('bad-input', 'a bad rating needs a reason', 'queue.ratingNeedsReason');
    // The snapshot holds the open tickets: one of those is not finished (caught up with the stream first).
    if (this.connectivity.online) await this.fresh();
    const open = this.snapshot?.tickets.find((ticket) => ticket.id === ticketId);
    if (open) throw new HostFault('conflict', 'only a finished service can be rated', 'queue.ratingNotFinished');
    const rating = { ticketId, level, ...(why ? { reason: why } : {}), channel: this.o.role === 'counter' ? 'window' : 'kiosk' };
    try {
      return await this.call('queueEvaluate', rating);
    } catch (error) {
      if (!(error instanceof HostFault)) throw error;
      if (error.code === 'conflict') {
        // The service refuses a rating for a service not finished, or already rated: say which.
        const finished = this.finished.has(ticketId) || (await this.ticketForRating(ticketId).catch(() => null))?.state === 'finished';
        throw new HostFault('conflict', error.message, finished ? 'queue.ratingAlreadyGiven' : 'queue.ratingNotFinished');
      }
      // Unreachable, and the ticket was seen finished: kept (the reason encrypted) and sent when the service returns.
      if (error.code !== 'unavailable' || !this.finished.has(ticketId)) throw error;
      if (await this.pendingRatings.has(ticketId)) throw new HostFault('conflict', 'this service has already been rated', 'queue.ratingAlreadyGiven');
      await this.pendingRatings.add(rating);
      await this.o.recordOffline({
        kind: 'evaluation',
        payload: { ticketId, level, channel: rating.channel, number: this.finished.get(ticketId) ?? null },
        ...(why ? { personal: { reason: why } } : {}),
      });
      return { buffered: true };
    }
  }

  /** Ratings buffered while the hall service was unreachable, sent in order once it answers again. */
  private async replayRatings(): Promise<void> {
    await this.pendingRatings.replay(async (next) => {
      try {
        await this.o.client.request('queueEvaluate', { body: next });
        return 'taken';
      } catch (error) {
        if (!isRefusal(error)) return 'unreachable'; // still unreachable: later
        this.o.log.warn({ ticketId: next.ticketId, reason: error.message }, 'buffered rating refused by the hall service');
        return 'refused';
      }
    });
  }

  private counterAction(name: QueueRouteName, body: Record<string, unknown> = {}) {
    return this.call<{ ticket: Ticket | null }>(name, { ...this.deskBody(), ...body });
  }

  readonly handlers: Pick<
    HostHandlers,
    | `queue.${'snapshot' | 'ticket' | 'issue' | 'checkIn' | 'call' | 'recall' | 'noShow' | 'finish' | 'transfer' | 'pause' | 'resume' | 'park' | 'recallParked' | 'evaluate' | 'appointments' | 'stats' | 'announced' | 'announcements'}`
    | 'simulator.led.shown'
  > = {
    'queue.snapshot': async () => {
      if (this.connectivity.online) await this.fresh();
      return {
        snapshot: this.snapshot,
        connectivity: this.connectivity,
        ...(this.o.counterId ? { counterId: this.o.counterId } : {}),
        ...(this.o.evaluatorKeys ? { evaluatorKeys: this.o.evaluatorKeys } : {}),
        ...(this.o.voice === false ? { voice: false } : {}),
      };
    },
    'queue.issue': async ({ service, priority, phone }) => {
      // An elder's card on the reader earns the elderly class even if the button was not pressed.
      const age = this.o.session.card()?.reading.card.birthDate;
      const elderly = age ? isElderAge(ageOn(age, this.o.clock.now())) : false;
      return this.issue(service, priority === 'normal' && elderly ? 'elderly' : priority, phone);
    },
    'queue.checkIn': async () => {
      const card = this.o.session.card();
      if (!card) throw new HostFault('bad-input', 'place your ID card on the reader to check in', 'queue.cardForCheckIn');
      const issued = await this.call<Issued>('queueCheckIn', { idNumber: card.reading.card.idNumber });
      return this.deliver(issued, false);
    },
    'queue.call': async ({ ticketId }) => this.counterAction('queueCall', ticketId ? { ticketId } : {}),
    'queue.recall': async () => this.counterAction('queueRecall'),
    'queue.noShow': async () => this.counterAction('queueNoShow'),
    'queue.finish': async () => this.counterAction('queueFinish'),
    'queue.transfer': async (to) => this.counterAction('queueTransfer', to),
    'queue.pause': async ({ reason }) => this.call('queuePause', { ...this.deskBody(), reason }),
    'queue.resume': async () => this.call('queueResume', this.deskBody()),
    'queue.park': async () => this.counterAction('queuePark'),
    'queue.recallParked': async ({ ticketId }) => {
      try {
        return await this.o.client.request<{ ticket: Ticket | null }>('queueRecallParked', { params: { id: ticketId }, body: this.deskBody() });
      } catch (error) {
        if (error instanceof HallServiceError && error.code === 'clerk-signed-out') {
          this.clerk?.ended();
          throw new HostFault('unauthorized', error.message, 'queue.clerkSignedOut');
        }
        if (isRefusal(error)) throw new HostFault(error.code === 'not-found' ? 'not-found' : 'conflict', error.message, 'queue.refused');
        throw new HostFault('unavailable', 'the hall queue service cannot be reached', 'queue.unreachable');
      }
    },
    'queue.ticket': async ({ ticketId }) => ({ ticket: await this.ticketForRating(ticketId) }),
    'queue.evaluate': async ({ ticketId, level, reasons, reason }) => this.evaluate(ticketId, level, reasons ?? [], reason?.trim() ?? ''),
    'queue.appointments': async () => this.call('queueAppointments'),
    'queue.stats': async () => this.call('queueStats'),
    'queue.announced': async (entry) => {
      this.announcements.push(entry);
      if (this.announcements.length > 500) this.announcements.shift();
      this.o.log.info({ text: entry.text, startedAt: entry.startedAt, endedAt: entry.endedAt }, 'announcement played');
      return { logged: true as const };
    },
    'queue.announcements': async () => [...this.announcements],
    'simulator.led.shown': async ({ deviceId }) => this.o.ledShown(deviceId),
  };
}

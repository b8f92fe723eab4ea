// "Call staff" (呼叫工作人员): kiosks and proxy points ask for help, counters see every open request
// and one clerk acknowledges. The requests live in the hall queue service and travel on its one event
// stream; this feature keeps the terminal's view of them (all open requests, and its own latest one).
import type { AssistView } from '../../../../contract/api/assist.js';
import type { AssistRequest } from '../../../../contract/assist.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { hallDay } from '../../../../contract/queue.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { QueueRouteName } from '../queue/queue-client.js';
import { callHallService } from '../queue/hall-service-faults.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import type { HostFeature } from '../../host-feature.js';
import { QueueStreamMirror } from '../queue/queue-stream-mirror.js';

export interface AssistFeatureOptions {
  /** The hall service client the queue feature uses (same credential, same address). */
  hallService: { request<T>(name: QueueRouteName, call?: RouteCall): Promise<T> };
  /** Carries the queue feature's `queue.event` and `queue.connectivity`; this feature publishes `assist.changed`. */
  bus: HostEventBus;
  terminalId: string;
  role: string;
  counterId?: string;
  log: Logger;
  clock?: Clock;
  /** The hall's day as the queue counts it (from its reset time); the clock's calendar day in Beijing when absent. */
  hallDay?: () => string;
}

const CALLERS = new Set(['kiosk', 'proxy-point']);

export class AssistFeature implements HostFeature {
  readonly name = 'assist';
  private readonly open = new Map<string, AssistRequest>();
  private mine: AssistRequest | null = null;
  /** Seq of the last event that changed `mine` (its changes are never held back by a resync). */
  private mineSeq = 0;
  /** The open requests, kept from the hall queue's stream. */
  private readonly stream: QueueStreamMirror;
  private version = 0;
  private published = '';
  private readonly clock: Clock;

  constructor(private readonly o: AssistFeatureOptions) {
    this.clock = o.clock ?? systemClock;
    this.stream = new QueueStreamMirror({
      bus: o.bus,
      log: o.log,
      what: 'the open assistance requests',
      relevant: (event) => !!event.assist && event.type.startsWith('assist.'),
      fetch: () => this.fetchOpen(),
      apply: (event) => this.applyToOpen(event.assist!),
      // This terminal's own request follows every event at once, even while a fetch holds the list back.
      arrived: (event) => {
        if (event.assist!.terminalId === this.o.terminalId && event.seq > this.mineSeq) {
          this.mine = event.assist!;
          this.mineSeq = event.seq;
        }
      },
      changed: () => this.publish(),
    });
  }

  attach(): void {
    this.stream.attach();
  }

  detach(): void {
    this.stream.detach();
  }

  private applyToOpen(request: AssistRequest): void {
    if (request.state === 'open') this.open.set(request.id, request);
    else this.open.delete(request.id);
  }

  /** The open requests as the hall service has them; the stream sequence they are current to. */
  private async fetchOpen(): Promise<number> {
    const { seq, open } = await this.o.hallService.request<{ seq: number; open: AssistRequest[] }>('queueAssists');
    this.open.clear();
    for (const request of open) this.open.set(request.id, request);
    const myOpen = open.find((r) => r.terminalId === this.o.terminalId);
    if (myOpen && seq > this.mineSeq) {
      this.mine = myOpen;
      this.mineSeq = seq;
    }
    return seq;
  }

  view(): AssistView {
    // Requests of an earlier hall day are over; the day turns at the hall's reset time, not at midnight.
    const today = this.o.hallDay?.() ?? hallDay(this.clock.now());
    const open = [...this.open.values()].filter((r) => r.day === today).sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
    const mine = this.mine?.day === today ? this.mine : null;
    return { open, mine, online: this.stream.online, version: this.version };
  }

  private publish(): void {
    const { version: _version, ...content } = this.view();
    const key = JSON.stringify(content);
    if (key === this.published) return;
    this.published = key;
    this.version += 1;
    this.o.bus.publish('assist.changed', this.view());
  }

  /** Calls the hall service; its refusals become typed faults, silence means it cannot be reached. */
  private async call<T>(name: QueueRouteName, call: RouteCall, what: string): Promise<T> {
    return callHallService<T>(this.o.hallService, name, call, (error) => {
      // Said plainly to the citizen on screen (go to the guidance desk); nothing is queued to send later.
      this.o.log.warn({ error: error.message }, `${what}: the hall queue service cannot be reached`);
      return new HostFault('unavailable', 'the hall queue service cannot be reached', 'assist.unreachable');
    });
  }

  private requireCaller(): string {
    if (!CALLERS.has(this.o.role)) throw new HostFault('unauthorized', 'staff are called from kiosks and proxy points', 'assist.callersOnly');
    return this.o.role;
  }

  /** Our own answer, unless the stream already told us something newer about the same request. */
  private noteMine(request: AssistRequest): void {
    if (this.mine?.id === request.id && this.mine.state !== 'open') return;
    this.mine = request;
    this.publish();
  }

  readonly handlers: Pick<HostHandlers, 'assist.state' | 'assist.call' | 'assist.cancel' | 'assist.acknowledge'> = {
    'assist.state': async () => this.view(),
    'assist.call': async () => {
      const source = this.requireCaller();
      const out = await this.call<{ request: AssistRequest; created: boolean }>('queueAssistCall', { body: { source } }, 'calling staff');
      this.o.log.info({ requestId: out.request.id, created: out.created }, 'staff called');
      this.noteMine(out.request);
      return out;
    },
    'assist.cancel': async ({ requestId }) => {
      this.requireCaller();
      const out = await this.call<{ request: AssistRequest }>('queueAssistCancel', { params: { id: requestId }, body: {} }, 'cancelling the call for staff');
      this.noteMine(out.request);
      return out;
    },
    'assist.acknowledge': async ({ requestId }) => {
      if (this.o.role !== 'counter') throw new HostFault('unauthorized', 'assistance requests are acknowledged at counter terminals', 'assist.countersOnly');
      if (!this.o.counterId) throw new HostFault('bad-input', 'this terminal has no queue.counterId in its configuration', 'queue.noCounterConfigured');
      const out = await this.call<{ request: AssistRequest }>(
        'queueAssistAcknowledge',
        { params: { id: requestId }, body: { counterId: this.o.counterId } },
        'acknowledging',
      );
      this.o.log.info({ requestId, counterId: this.o.counterId }, 'assistance request acknowledged');
      this.open.delete(requestId);
      this.publish();
      return out;
    },
  };
}

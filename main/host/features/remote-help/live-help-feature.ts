// Remote help, live (远程视频帮办): the terminal's side. Calls ring and are answered on the hall queue's
// event stream; once this terminal is a party of an answered call it long-polls the hall service for
// the other party's signals and hands them to the renderer. The citizen's screen leaves this host
// masked unless the citizen chose to show it, and a clerk's command reaches the citizen's screen only
// when that screen declared the field fillable (or the control present). Everything of a call is
// dropped when it ends or when the citizen's session is wiped.
import type { LiveHelpView } from '../../../../contract/api/live-help.js';
import type { QueueConnectivity } from '../../../../contract/api/queue.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { hallDay, type QueueEvent } from '../../../../contract/queue.js';
import {
  commandAllowed,
  maySend,
  screenForClerk,
  type IceServerConfig,
  type MirroredScreen,
  type LiveHelpCall,
  type LiveHelpClerk,
  type LiveHelpParty,
  type LiveHelpSignal,
  type LiveHelpSignals,
  type LiveHelpSource,
} from '../../../../contract/live-help.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import { HostFault } from '../../dispatch.js';
import type { HostFeature } from '../../host-feature.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { QueueRouteName } from '../queue/queue-client.js';
import { callHallService, isRefusal } from '../queue/hall-service-faults.js';

export interface LiveHelpFeatureOptions {
  hallService: { request<T>(name: QueueRouteName, call?: RouteCall, options?: { timeoutMs?: number }): Promise<T> };
  bus: HostEventBus;
  terminalId: string;
  role: string;
  counterId?: string;
  iceServers: IceServerConfig[];
  log: Logger;
  clock?: Clock;
  /** The signed-in clerk's session at this counter, sent with an answer so the call (and the manifest) names the clerk. */
  clerkSession?: () => string | undefined;
  /** The hall's day as the queue counts it (from its reset time); the clock's calendar day in Beijing when absent. */
  hallDay?: () => string;
  /** How long one long poll waits at the hall service (ms). */
  pollWaitMs?: number;
  /** Pause after a failed poll before the next (ms). */
  retryMs?: number;
}

const CALLERS = new Set(['kiosk', 'proxy-point']);

export class LiveHelpFeature implements HostFeature {
  readonly name = 'live-help';
  private readonly ringing = new Map<string, LiveHelpCall>();
  private call: LiveHelpCall | null = null;
  /** This caller's last call that rang out with nobody answering: the citizen is offered a voice note instead. */
  private unanswered: string | null = null;
  /** A ringing call this caller gave up when the hall link dropped (the citizen was offered a voice note instead): hung up when the link returns. */
  private abandoned: string | null = null;
  private online = false;
  private version = 0;
  private published = '';
  /** The screen this citizen last mirrored (unmasked, in memory only): what a clerk's command is checked against. */
  private lastScreen: MirroredScreen | null = null;
  /** The clerk who helped the citizen now at the terminal: named in the manifest of what they submit. */
  private assistingClerk: LiveHelpClerk | undefined;
  private polling: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  private readonly clock: Clock;

  constructor(private readonly o: LiveHelpFeatureOptions) {
    this.clock = o.clock ?? systemClock;
  }

  attach(): void {
    this.unsubscribe = this.o.bus.subscribe((name, payload) => {
      if (name === 'queue.event') this.onEvent(payload as QueueEvent);
      else if (name === 'queue.connectivity') this.onConnectivity(payload as QueueConnectivity);
    });
  }

  detach(): void {
    this.stopped = true;
    this.unsubscribe?.();
  }

  /** The clerk who helped in this citizen session, for the package's manifest. */
  clerkForManifest(): LiveHelpClerk | undefined {
    return this.assistingClerk;
  }

  /** The citizen's session ends (idle wipe, card removed, 结束): a live call is hung up and everything of it forgotten. */
  wipe(): void {
    const live = this.call;
    this.lastScreen = null;
    this.assistingClerk = undefined;
    if (this.unanswered) {
      this.unanswered = null;
      this.publish();
    }
    if (live && this.party() === 'caller') {
      void this.o.hallService.request('queueLiveHelpHangup', { params: { id: live.id }, body: {} }).catch(() => undefined);
      this.call = null;
      this.polling = undefined;
      this.publish();
    }
  }

  private party(call: LiveHelpCall | null = this.call): LiveHelpParty | null {
    if (!call) return null;
    if (call.terminalId === this.o.terminalId) return 'caller';
    if (call.clerk?.terminalId === this.o.terminalId) return 'clerk';
    return null;
  }

  private onEvent(event: QueueEvent): void {
    const call = event.liveHelp;
    if (!call || !event.type.startsWith('live-help.')) return;
    if (call.state === 'ringing') this.ringing.set(call.id, call);
    else this.ringing.delete(call.id);
    if (call.state === 'ended' && call.endedBy === 'expired' && call.terminalId === this.o.terminalId && this.call?.id === call.id) this.unanswered = call.id;
    if (call.id === this.abandoned) {
      // Given up already: its news (an answer that came during the outage) does not bring it back.
      if (call.state === 'ended') this.abandoned = null;
      return this.publish();
    }
    if (this.party(call)) this.noteCall(call);
    this.publish();
  }

  private onConnectivity(connectivity: QueueConnectivity): void {
    const cameBack = connectivity.online && !this.online;
    // Ringing with the link gone, nobody can answer through it: offer the voice note now rather than ring into silence.
    if (!connectivity.online && this.online && this.call?.state === 'ringing' && this.party() === 'caller') {
      this.abandoned = this.call.id;
      this.unanswered = this.call.id;
      this.call = null;
      this.o.log.info({ callId: this.abandoned }, 'the hall link dropped while ringing: the citizen is offered a voice note');
    }
    this.online = connectivity.online;
    this.publish();
    if (cameBack) void this.resync();
  }

  /** After (re)connecting: the ringing calls and this terminal's live call as the hall service has them. */
  private async resync(): Promise<void> {
    try {
      const { ringing, mine } = await this.o.hallService.request<{ ringing: LiveHelpCall[]; mine: LiveHelpCall | null }>('queueLiveHelpCalls');
      this.ringing.clear();
      for (const call of ringing) this.ringing.set(call.id, call);
      if (mine && mine.id === this.abandoned) this.hangUpAbandoned(mine.id);
      else if (mine) this.noteCall(mine);
      else if (this.call) this.noteCall({ ...this.call, state: 'ended' });
    } catch (error) {
      this.o.log.warn({ error: (error as Error).message }, 'could not fetch remote help calls; the stream keeps them current');
    }
    this.publish();
  }

  /** Ends, on the hall service, a call this caller gave up during an outage (the counters stop ringing, a clerk who answered is told). */
  private hangUpAbandoned(callId: string): void {
    this.abandoned = null;
    void this.o.hallService
      .request('queueLiveHelpHangup', { params: { id: callId }, body: {} })
      .catch((error: Error) => this.o.log.warn({ callId, error: error.message }, 'could not hang up a call given up during an outage'));
  }

  /** A change of a call this terminal is a party of. */
  private noteCall(call: LiveHelpCall): void {
    if (call.state === 'ended') {
      if (this.call?.id === call.id || !this.call) {
        this.call = null;
        this.polling = undefined;
        this.lastScreen = null;
      }
      return;
    }
    if (this.call && this.call.id !== call.id && this.call.state === 'answered' && call.state !== 'answered') return;
    this.call = call;
    if (call.state === 'answered') {
      if (this.party(call) === 'caller' && call.clerk) this.assistingClerk = call.clerk;
      this.startPolling(call.id);
    }
  }

  view(): LiveHelpView {
    // Calls of an earlier hall day are over; the day turns at the hall's reset time, not at midnight.
    const today = this.o.hallDay?.() ?? hallDay(this.clock.now());
    const ringing =
      this.o.role === 'counter' ? [...this.ringing.values()].filter((c) => c.day === today).sort((a, b) => a.ringingAt.localeCompare(b.ringingAt)) : [];
    return {
      ringing,
      call: this.call,
      party: this.party(),
      unanswered: this.unanswered,
      online: this.online,
      iceServers: this.o.iceServers,
      version: this.version,
    };
  }

  private publish(): void {
    const { version: _version, ...content } = this.view();
    const key = JSON.stringify(content);
    if (key === this.published) return;
    this.published = key;
    this.version += 1;
    this.o.bus.publish('liveHelp.changed', this.view());
  }

  /** Long-polls the other party's signals while this terminal is in the answered call. */
  private startPolling(callId: string): void {
    if (this.polling === callId) return;
    this.polling = callId;
    let after = 0;
    const loop = async () => {
      while (!this.stopped && this.polling === callId) {
        try {
          const waitMs = this.o.pollWaitMs ?? 20_000;
          const out = await this.o.hallService.request<LiveHelpSignals>(
            'queueLiveHelpReceive',
            { params: { id: callId }, query: { after, waitMs } },
            { timeoutMs: waitMs + 5000 },
          );
          if (this.polling !== callId) return;
          for (const delivered of out.signals) {
            after = Math.max(after, delivered.seq);
            this.deliver(callId, delivered.from, delivered.seq, delivered.signal);
          }
          if (out.call.state === 'ended') {
            this.noteCall(out.call);
            this.publish();
            return;
          }
        } catch (error) {
          if (isRefusal(error) && (error.status === 403 || error.status === 404)) {
            this.o.log.warn({ callId, error: error.message }, 'remote help call no longer reachable');
            if (this.polling === callId) this.noteCall({ ...(this.call as LiveHelpCall), state: 'ended' });
            this.publish();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, this.o.retryMs ?? 1000));
        }
      }
    };
    void loop();
  }

  private deliver(callId: string, from: LiveHelpParty, seq: number, signal: LiveHelpSignal): void {
    if ((signal.kind === 'fill' || signal.kind === 'highlight') && !commandAllowed(signal, this.lastScreen)) {
      this.o.log.warn({ callId, kind: signal.kind }, "a clerk's command the citizen's screen does not allow was dropped");
      return;
    }
    this.o.bus.publish('liveHelp.signal', { callId, seq, from, signal });
  }

  /** Calls the hall service; its refusals become typed faults, silence means it cannot be reached. */
  private async request<T>(name: QueueRouteName, call: RouteCall, what: string): Promise<T> {
    return callHallService<T>(this.o.hallService, name, call, (error) => {
      this.o.log.warn({ error: error.message }, `${what}: the hall queue service cannot be reached`);
      return new HostFault('unavailable', 'the hall queue service cannot be reached', 'assist.unreachable');
    });
  }

  readonly handlers: Pick<HostHandlers, 'liveHelp.state' | 'liveHelp.ring' | 'liveHelp.answer' | 'liveHelp.hangup' | 'liveHelp.send'> = {
    'liveHelp.state': async () => this.view(),
    'liveHelp.ring': async () => {
      if (!CALLERS.has(this.o.role)) throw new HostFault('unauthorized', 'remote help is rung from kiosks and proxy points', 'assist.callersOnly');
      const out = await this.request<{ call: LiveHelpCall; created: boolean }>(
        'queueLiveHelpRing',
        { body: { source: this.o.role as LiveHelpSource } },
        'ringing remote help',
      );
      this.unanswered = null;
      // Ringing again once the link is back takes up the call given up during the outage, if the service still has it.
      if (out.call.id === this.abandoned) this.abandoned = null;
      this.o.log.info({ callId: out.call.id, created: out.created }, 'remote help rung');
      this.noteCall(out.call);
      this.publish();
      return out;
    },
    'liveHelp.answer': async ({ callId }) => {
      if (this.o.role !== 'counter') throw new HostFault('unauthorized', 'remote help calls are answered at counter terminals', 'assist.countersOnly');
      if (!this.o.counterId) throw new HostFault('bad-input', 'this terminal has no queue.counterId in its configuration', 'queue.noCounterConfigured');
      const clerkSession = this.o.clerkSession?.();
      const body = { counterId: this.o.counterId, ...(clerkSession ? { clerkSession } : {}) };
      const out = await this.request<{ call: LiveHelpCall }>('queueLiveHelpAnswer', { params: { id: callId }, body }, 'answering remote help');
      this.o.log.info({ callId, counterId: this.o.counterId }, 'remote help call answered');
      this.ringing.delete(callId);
      this.noteCall(out.call);
      this.publish();
      return out;
    },
    'liveHelp.hangup': async ({ callId }) => {
      const out = await this.request<{ call: LiveHelpCall }>('queueLiveHelpHangup', { params: { id: callId }, body: {} }, 'hanging up');
      this.o.log.info({ callId }, 'remote help call ended');
      this.noteCall(out.call);
      this.publish();
      return out;
    },
    'liveHelp.send': async ({ callId, signal }) => {
      const party = this.call?.id === callId ? this.party() : null;
      if (!party || this.call?.state !== 'answered') throw new HostFault('conflict', 'this terminal is in no answered call with that id', 'queue.refused');
      if (!maySend(party, signal.kind)) throw new HostFault('unauthorized', `the ${party} does not send ${signal.kind} signals`, 'queue.refused');
      let outgoing = signal;
      if (signal.kind === 'screen') {
        this.lastScreen = signal.screen;
        outgoing = { kind: 'screen', screen: screenForClerk(signal.screen) };
      }
      return this.request<{ seq: number }>('queueLiveHelpSend', { params: { id: callId }, body: outgoing }, 'sending to the other party');
    },
  };
}

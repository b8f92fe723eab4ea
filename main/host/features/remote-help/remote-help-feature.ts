// Remote help when the link is down (远程帮办, offline). A kiosk or proxy point sends a help request —
// a voice note, the step, and references to the item and materials its draft holds — through the
// outbox (a `help-request` mutation: exactly once, whenever the link returns). A counter keeps the
// hall's list from the queue's event stream (help.requested / help.answered) and answers through the
// hall queue service; the first counter to answer closes a request for all.
import { randomUUID } from 'node:crypto';
import type { HelpDelivery, HelpDeskView } from '../../../../contract/api/remote-help.js';
import type { HostHandlers, MethodInput } from '../../../../contract/host-api.js';
import { HELP_REQUEST_KIND, type HelpMaterialRef, type HelpRequest, type HelpRequestPayload } from '../../../../contract/remote-help.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import { decodeBase64Strict } from '../../../../contract/base64.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import type { OfflineStore } from '../../../../offline-store/store.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { QueueRouteName } from '../queue/queue-client.js';
import { callHallService } from '../queue/hall-service-faults.js';
import type { HostFeature } from '../../host-feature.js';
import { QueueStreamMirror } from '../queue/queue-stream-mirror.js';

/** What a draft in progress refers to: its item and the materials captured so far (their blobs, already in the store). */
export interface HelpDraftContext {
  serviceCode: string;
  itemName: string;
  materials: HelpMaterialRef[];
}

export interface RemoteHelpFeatureOptions {
  store: OfflineStore;
  /** The hall service client the queue feature uses (same credential, same address). */
  hallService: { request<T>(name: QueueRouteName, call?: RouteCall): Promise<T> };
  /** Carries the queue feature's `queue.event` and `queue.connectivity`; this feature publishes `remoteHelp.changed`. */
  bus: HostEventBus;
  role: string;
  counterId?: string;
  /** The item and materials of the citizen's draft, when the request is sent from the apply flow. */
  draftContext: (draftId: string) => HelpDraftContext | undefined;
  /** An item's name from the catalog, when only its code is known (a guide page). */
  itemName: (serviceCode: string) => Promise<string | undefined>;
  log: Logger;
  clock?: Clock;
}

const CALLERS = new Set(['kiosk', 'proxy-point']);
/** Requests this terminal can tell the state of: the last this many it sent (a day's worth at most); the map is only a cache of the outbox. */
const REMEMBERED_SENDS = 200;

/** The first bytes of what MediaRecorder writes: a WebM (EBML) or an Ogg file. */
const NOTE_MAGIC: Record<string, number[]> = { 'audio/webm': [0x1a, 0x45, 0xdf, 0xa3], 'audio/ogg': [0x4f, 0x67, 0x67, 0x53] };

export class RemoteHelpFeature implements HostFeature {
  readonly name = 'remote-help';
  private readonly requests = new Map<string, HelpRequest>();
  /** Which outbox mutation carried each request sent since start (looked up in the outbox after a restart). */
  private readonly sent = new Map<string, number>();
  private version = 0;
  private published = '';
  /** The counter's list of help requests, kept from the hall queue's stream. */
  private readonly stream: QueueStreamMirror;
  private readonly clock: Clock;

  constructor(private readonly o: RemoteHelpFeatureOptions) {
    this.clock = o.clock ?? systemClock;
    this.stream = new QueueStreamMirror({
      bus: o.bus,
      log: o.log,
      what: 'the help requests',
      relevant: (event) => !!event.help && event.type.startsWith('help.'),
      fetch: () => this.fetchRequests(),
      apply: (event) => void this.requests.set(event.help!.id, event.help!),
      changed: () => this.publish(),
    });
  }

  attach(): void {
    if (this.o.role === 'counter') this.stream.attach();
  }

  detach(): void {
    this.stream.detach();
  }

  // ---- the kiosk's side: through the outbox ----

  private async send(input: MethodInput<'remoteHelp.send'>): Promise<{ requestId: string; delivery: HelpDelivery }> {
    if (!CALLERS.has(this.o.role)) throw new HostFault('unauthorized', 'help requests are sent from kiosks and proxy points', 'role.methodRefused');
    const note = decodeBase64Strict(input.noteBase64);
    const magic = NOTE_MAGIC[input.mediaType];
    if (!note || !magic || !magic.every((byte, i) => note[i] === byte)) throw new HostFault('bad-input', `the voice note is not ${input.mediaType}`);
    const draft = input.draftId ? this.o.draftContext(input.draftId) : undefined;
    if (input.draftId && !draft) throw new HostFault('not-found', 'this application was ended; start again', 'application.ended');
    const serviceCode = draft?.serviceCode ?? input.serviceCode;
    const itemName = draft?.itemName ?? (serviceCode ? await this.o.itemName(serviceCode) : undefined);
    const store = this.o.store;
    const noteSha = await store.putBlob(note);
    const requestId = randomUUID();
    const payload: HelpRequestPayload = {
      requestId,
      source: this.o.role as HelpRequestPayload['source'],
      step: input.step,
      ...(serviceCode ? { serviceCode } : {}),
      ...(itemName ? { itemName } : {}),
      materials: draft?.materials ?? [],
      note: { sha256: noteSha, mediaType: input.mediaType, seconds: input.seconds },
      recordedAt: this.clock.iso(),
    };
    const committed = await store.commitMutation({
      kind: HELP_REQUEST_KIND,
      payload,
      ...(input.phone ? { personal: { phone: input.phone } } : {}),
      blobs: [...new Set([noteSha, ...payload.materials.map((m) => m.sha256)])],
    });
    this.remember(requestId, committed.mutationId);
    this.o.log.info({ requestId, mutationId: committed.mutationId, step: input.step, materials: payload.materials.length }, 'help request saved to the outbox');
    return { requestId, delivery: await this.deliveryOf(requestId) };
  }

  private remember(requestId: string, mutationId: number): void {
    this.sent.set(requestId, mutationId);
    while (this.sent.size > REMEMBERED_SENDS) this.sent.delete(this.sent.keys().next().value!);
  }

  /** Where a request is, as the outbox knows it (acked: delivered); after a restart the outbox is asked which mutation carried it. */
  private async deliveryOf(requestId: string): Promise<HelpDelivery> {
    const store = this.o.store;
    const mutationId = this.sent.get(requestId);
    const record =
      mutationId !== undefined
        ? await store.getRecord(mutationId)
        : await store.findRecordByPayload(HELP_REQUEST_KIND, 'requestId', requestId, REMEMBERED_SENDS);
    if (!record) throw new HostFault('not-found', 'no help request of that id was sent from this terminal');
    if (mutationId === undefined) this.remember(requestId, record.mutationId);
    return record?.state === 'acked' ? 'delivered' : record?.state === 'parked' ? 'refused' : 'saved';
  }

  // ---- the counter's side: the list from the stream, answers through the hall service ----

  /** The help requests as the hall service has them; the stream sequence they are current to. */
  private async fetchRequests(): Promise<number> {
    const { seq, requests } = await this.o.hallService.request<{ seq: number; requests: HelpRequest[] }>('queueHelpRequests');
    this.requests.clear();
    for (const request of requests) this.requests.set(request.id, request);
    return seq;
  }

  view(): HelpDeskView {
    const requests = [...this.requests.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
    return { requests, online: this.stream.online, version: this.version };
  }

  private publish(): void {
    const { version: _version, ...content } = this.view();
    const key = JSON.stringify(content);
    if (key === this.published) return;
    this.published = key;
    this.version += 1;
    this.o.bus.publish('remoteHelp.changed', this.view());
  }

  private requireCounter(): string {
    if (this.o.role !== 'counter') throw new HostFault('unauthorized', 'help requests are answered at counter terminals', 'assist.countersOnly');
    if (!this.o.counterId) throw new HostFault('bad-input', 'this terminal has no queue.counterId in its configuration', 'queue.noCounterConfigured');
    return this.o.counterId;
  }

  /** Calls the hall service; its refusals become typed faults, silence means it cannot be reached. */
  private async call<T>(name: QueueRouteName, call: RouteCall, what: string): Promise<T> {
    return callHallService<T>(this.o.hallService, name, call, (error) => {
      this.o.log.warn({ error: error.message }, `${what}: the hall queue service cannot be reached`);
      return new HostFault('unavailable', 'the hall queue service cannot be reached', 'queue.unreachable');
    });
  }

  /** Our own answer, unless the stream already told us of it. */
  private note(request: HelpRequest): void {
    this.requests.set(request.id, request);
    this.publish();
  }

  readonly handlers: Pick<
    HostHandlers,
    'remoteHelp.send' | 'remoteHelp.delivery' | 'remoteHelp.list' | 'remoteHelp.file' | 'remoteHelp.revealPhone' | 'remoteHelp.callBack' | 'remoteHelp.accept'
  > = {
    'remoteHelp.send': (input) => this.send(input),
    'remoteHelp.delivery': async ({ requestId }) => ({ delivery: await this.deliveryOf(requestId) }),
    'remoteHelp.list': async () => {
      this.requireCounter();
      return this.view();
    },
    'remoteHelp.file': async ({ requestId, sha256 }) => {
      this.requireCounter();
      return this.call<{ mediaType: string; base64: string }>('queueHelpFile', { params: { id: requestId, sha256 } }, 'fetching a help request file');
    },
    'remoteHelp.revealPhone': async ({ requestId }) => {
      const counterId = this.requireCounter();
      const out = await this.call<{ phone: string }>('queueHelpRevealPhone', { params: { id: requestId }, body: { counterId } }, 'revealing a phone number');
      // The number itself never reaches the log; that it was revealed does.
      this.o.log.info({ requestId, counterId }, 'help request phone revealed');
      return out;
    },
    'remoteHelp.callBack': async ({ requestId, note }) => {
      const counterId = this.requireCounter();
      const out = await this.call<{ request: HelpRequest }>(
        'queueHelpCallBack',
        { params: { id: requestId }, body: { counterId, note } },
        'answering a help request',
      );
      this.o.log.info({ requestId, counterId }, 'help request called back');
      this.note(out.request);
      return out;
    },
    'remoteHelp.accept': async ({ requestId }) => {
      const counterId = this.requireCounter();
      const out = await this.call<{ request: HelpRequest }>('queueHelpAccept', { params: { id: requestId }, body: { counterId } }, 'accepting a help request');
      this.o.log.info({ requestId, counterId }, 'help request taken to the counter');
      this.note(out.request);
      return out;
    },
  };
}

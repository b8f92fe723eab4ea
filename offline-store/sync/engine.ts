// Sync engine: pushes the outbox in order and in batches, uploads materials first, pulls datasets
// with checkpoints, and reports connectivity as SyncState on every change.
import { systemClock, type Clock } from '../../contract/clock.js';
import type { SyncState } from '../../contract/sync.js';
import type { OfflineStore } from '../store.js';
import { backoffDelay, type BackoffPolicy } from '../../contract/async/backoff.js';
import { PUSH_BATCH_MAX, type MutationEnvelope } from '../../contract/sync-protocol.js';
import { uploadBlob } from './blob-upload.js';
import { PlatformClient, SyncRequestError } from './platform-client.js';

export { registerTerminal } from './platform-client.js';

export interface SyncEngineOptions {
  store: OfflineStore;
  platformUrl: string;
  terminalId: string;
  credential: string;
  /** Datasets to pull, e.g. ['catalog', 'case-status', 'revocations', 'config']. */
  datasets?: string[];
  batchSize?: number;
  chunkSize?: number;
  requestTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Wait between cycles when everything is in sync. */
  pollIntervalMs?: number;
  /** When set, personal data of confirmed records is purged this long after confirmation. */
  retentionMs?: number;
  random?: () => number;
  fetch?: typeof fetch;
  /** Dates the last sync, decides what retention has expired and when material retries fall due; the system clock by default. */
  clock?: Clock;
}

export interface SyncCycleResult {
  ok: boolean;
  pushed: number;
  parked: number;
  pulled: number;
  /** Mutations left pending because a material of theirs is not on the platform yet (retried on its own back-off). */
  waitingForMaterials: number;
  error?: string;
}

/** A material whose upload failed: retried on its own back-off, without holding up anything else. */
interface MaterialRetry {
  failures: number;
  retryAtMs: number;
  lastError: string;
}

type Listener = (state: SyncState) => void;

export class SyncEngine {
  private readonly client: PlatformClient;
  private readonly listeners = new Set<Listener>();
  private current: SyncState = { connectivity: 'offline', pendingCount: 0, lastSyncAt: null };
  private failures = 0;
  private running = false;
  private cycleInFlight: Promise<SyncCycleResult> | null = null;
  private wake: (() => void) | null = null;
  private rerun = false;
  private floorChecked = false;
  private loopDone: Promise<void> | null = null;
  private readonly materialRetries = new Map<string, MaterialRetry>();
  private readonly clock: Clock;

  constructor(private readonly options: SyncEngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.client = new PlatformClient({
      baseUrl: options.platformUrl,
      terminalId: options.terminalId,
      credential: options.credential,
      requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  private unsubscribeStore: (() => void) | null = null;

  get state(): SyncState {
    return this.current;
  }

  /** Called with the new SyncState on every change; returns the unsubscribe function. */
  onState(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.refreshPending();
    // A new mutation wakes an idle engine; while offline or degraded the backoff keeps its pace.
    this.unsubscribeStore = this.options.store.onEvent((event) => {
      if (event.type !== 'mutation-committed') return;
      void this.refreshPending();
      if (this.current.connectivity === 'online') {
        this.rerun = true;
        this.wake?.();
      }
    });
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribeStore?.();
    this.unsubscribeStore = null;
    this.wake?.();
    await this.loopDone;
    await this.cycleInFlight;
  }

  /** Retry now: the network came back, or a mutation was just committed. */
  nudge(): void {
    this.failures = 0;
    this.rerun = true;
    this.wake?.();
    void this.refreshPending();
  }

  /** Runs one full cycle (or joins the one in flight). */
  syncOnce(): Promise<SyncCycleResult> {
    this.cycleInFlight ??= this.cycle().finally(() => {
      this.cycleInFlight = null;
    });
    return this.cycleInFlight;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.rerun = false;
      const result = await this.syncOnce();
      if (!this.running) break;
      if (this.rerun) continue;
      const delay = result.ok ? this.idleDelay(result) : backoffDelay(this.failures, this.retryPolicy, this.options.random);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** After a good cycle: at once if work remains that can move, else until the first material retry falls due or the poll. */
  private idleDelay(result: SyncCycleResult): number {
    const poll = this.options.pollIntervalMs ?? 30_000;
    if (this.current.pendingCount > result.waitingForMaterials) return 0;
    if (result.waitingForMaterials === 0) return poll;
    const firstRetry = Math.min(...[...this.materialRetries.values()].map((retry) => retry.retryAtMs));
    return Math.min(poll, Math.max(0, firstRetry - this.clock.nowMs()));
  }

  private setState(patch: Partial<SyncState>): void {
    const next: SyncState = { ...this.current, ...patch };
    if (!('lastError' in patch) && patch.connectivity === 'online') delete next.lastError;
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  private async refreshPending(): Promise<void> {
    try {
      this.setState({ pendingCount: await this.options.store.pendingCount() });
    } catch {
      // The store is closing; the next cycle reports.
    }
  }

  private async cycle(): Promise<SyncCycleResult> {
    const result: SyncCycleResult = { ok: false, pushed: 0, parked: 0, pulled: 0, waitingForMaterials: 0 };
    try {
      if (!this.floorChecked) {
        const status = await this.client.status();
        await this.options.store.raiseMutationFloor(status.highestMutationId);
        this.floorChecked = true;
      }
      await this.pushAll(result);
      for (const dataset of this.options.datasets ?? []) result.pulled += await this.pullDataset(dataset);
      if (this.options.retentionMs !== undefined) await this.options.store.purgeConfirmed(this.options.retentionMs, this.clock.nowMs());
      this.failures = 0;
      result.ok = true;
      const pendingCount = await this.options.store.pendingCount();
      if (result.waitingForMaterials > 0) {
        // The platform answers, but some materials do not get through: said, while the rest moves on.
        const stuck = [...this.materialRetries.values()];
        this.setState({
          connectivity: 'degraded',
          lastSyncAt: this.clock.iso(),
          pendingCount,
          lastError: `${stuck.length} material upload(s) failing, retried on their own: ${stuck[0]?.lastError ?? 'unknown error'}`,
        });
      } else {
        this.setState({ connectivity: 'online', lastSyncAt: this.clock.iso(), pendingCount });
      }
    } catch (error) {
      this.failures += 1;
      result.error = (error as Error).message;
      const offline = error instanceof SyncRequestError && error.kind === 'network';
      const pendingCount = await this.options.store.pendingCount().catch(() => this.current.pendingCount);
      this.setState({ connectivity: offline ? 'offline' : 'degraded', lastError: describe(error), pendingCount });
    }
    return result;
  }

  /**
   * Pushes every pending mutation whose materials are on the platform, in push order. A material
   * that fails to upload gets its own back-off and holds back only the mutations that name it: they
   * go to the back of the queue with fresh push ids (the platform applies ids in increasing order)
   * and are pushed as soon as their materials are through. One pass over the outbox per cycle.
   */
  private async pushAll(result: SyncCycleResult): Promise<void> {
    const { store } = this.options;
    const limit = Math.min(this.options.batchSize ?? 100, PUSH_BATCH_MAX);
    // Held back this cycle, by idempotency key; and those of them still at their old push ids.
    const waiting = new Set<string>();
    let heldBehind: MutationEnvelope[] = [];
    let after = 0;
    for (;;) {
      const batch = await store.nextPushBatch(limit, after);
      if (batch.length === 0) break;
      after = batch.at(-1)!.mutationId;
      const { missing, unreadable } = await this.uploadMaterials(batch);
      if (unreadable.size > 0) {
        // A material missing or damaged on disk can never be delivered: park its mutations here
        // (ids may have gaps) rather than block every later one.
        const lost = batch.filter((m) => m.blobs.some((sha256) => unreadable.has(sha256)));
        const settled = await store.applyPushResults(
          lost.map((m) => ({ mutationId: m.mutationId, outcome: 'rejected' as const, reason: 'material unreadable on this terminal' })),
        );
        result.parked += settled.parked;
      }
      const held = batch.filter((m) => !m.blobs.some((sha256) => unreadable.has(sha256)) && m.blobs.some((sha256) => missing.has(sha256)));
      const ready = batch.filter((m) => m.blobs.every((sha256) => !unreadable.has(sha256) && !missing.has(sha256)));
      for (const m of held) waiting.add(m.idempotencyKey);
      heldBehind.push(...held);
      if (ready.length === 0) continue;
      // Whatever is held below an id about to be pushed must move behind it first, or the platform
      // would later take it for a duplicate.
      const lastReady = ready.at(-1)!.mutationId;
      await this.requeue(heldBehind.filter((m) => m.mutationId < lastReady));
      heldBehind = heldBehind.filter((m) => m.mutationId > lastReady);
      for (const m of ready) waiting.delete(m.idempotencyKey);
      const response = await this.client.push(ready);
      const settled = await store.applyPushResults(response.results);
      result.pushed += settled.acked;
      result.parked += settled.parked;
      this.setState({ pendingCount: await store.pendingCount() });
      const stalled = response.results.find((r) => r.outcome === 'waiting-blobs');
      if (stalled) {
        // The platform lost or never verified a material we thought uploaded, and applied nothing
        // after this mutation: its materials go back on their own retry, it goes to the back of the
        // queue, and the pass resumes right behind it.
        for (const sha256 of stalled.missingBlobs ?? []) {
          await store.markBlobUploaded(sha256, false);
          this.materialFailed(sha256, `platform lacks material of mutation ${stalled.mutationId}`);
        }
        const mutation = ready.find((m) => m.mutationId === stalled.mutationId);
        if (mutation) {
          waiting.add(mutation.idempotencyKey);
          await this.requeue([mutation]);
        }
        after = stalled.mutationId;
      } else if (response.results.length === 0) {
        throw new SyncRequestError('protocol', 'platform accepted nothing from a non-empty batch');
      }
    }
    result.waitingForMaterials = waiting.size;
  }

  private async requeue(mutations: MutationEnvelope[]): Promise<void> {
    if (mutations.length > 0) await this.options.store.requeueForPush(mutations.map((m) => m.mutationId));
  }

  /**
   * Uploads the batch's materials the platform does not have, skipping those whose retry is not due.
   * Returns the ones still not on the platform and the ones that cannot be read here.
   */
  private async uploadMaterials(batch: MutationEnvelope[]): Promise<{ missing: Set<string>; unreadable: Set<string> }> {
    const { store } = this.options;
    const missing = new Set<string>();
    const unreadable = new Set<string>();
    for (const sha256 of await store.blobsAwaitingUpload([...new Set(batch.flatMap((m) => m.blobs))])) {
      const retry = this.materialRetries.get(sha256);
      if (retry && retry.retryAtMs > this.clock.nowMs()) {
        missing.add(sha256);
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await store.readBlob(sha256);
      } catch {
        unreadable.add(sha256);
        continue;
      }
      try {
        await uploadBlob(this.client, sha256, bytes, this.options.chunkSize ?? 256 * 1024);
      } catch (error) {
        // A refused terminal, or a platform that no longer answers at all, stops the cycle; any
        // other failure is this material's alone.
        if (error instanceof SyncRequestError && error.kind === 'auth') throw error;
        if (error instanceof SyncRequestError && (error.kind === 'network' || error.kind === 'timeout')) await this.client.status();
        this.materialFailed(sha256, describe(error));
        missing.add(sha256);
        continue;
      }
      await store.markBlobUploaded(sha256, true);
      this.materialRetries.delete(sha256);
    }
    return { missing, unreadable };
  }

  /** Many terminals retry one platform: full jitter spreads them out after an outage. */
  private get retryPolicy(): BackoffPolicy {
    return { initialMs: this.options.backoffBaseMs ?? 1_000, maxMs: this.options.backoffMaxMs ?? 60_000, jitter: 'full' };
  }

  private materialFailed(sha256: string, lastError: string): void {
    const failures = (this.materialRetries.get(sha256)?.failures ?? 0) + 1;
    const wait = backoffDelay(failures, this.retryPolicy, this.options.random);
    this.materialRetries.set(sha256, { failures, retryAtMs: this.clock.nowMs() + wait, lastError });
  }

  private async pullDataset(dataset: string): Promise<number> {
    let pulled = 0;
    for (;;) {
      const since = await this.options.store.getCheckpoint(dataset);
      const page = await this.client.pull(dataset, since, 200);
      if (page.items.length > 0 || page.checkpoint !== since) await this.options.store.applyPull(dataset, page.items, page.checkpoint);
      pulled += page.items.length;
      if (!page.more) return pulled;
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof SyncRequestError) {
    if (error.kind === 'auth') return 'platform refused this terminal (not registered or revoked)';
    return error.message;
  }
  return (error as Error).message ?? String(error);
}

// Sync engine: pushes the outbox in order and in batches, uploads materials first, pulls datasets
// with checkpoints, and reports connectivity as SyncState on every change.
import { systemClock, type Clock } from '../../contract/clock.js';
import type { SyncState } from '../../contract/sync.js';
import type { OfflineStore } from '../store.js';
import { backoffDelay } from './backoff.js';
import { PUSH_BATCH_MAX } from '../../contract/sync-protocol.js';
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
  /** Dates the last sync and decides what retention has expired; the system clock by default. */
  clock?: Clock;
}

export interface SyncCycleResult {
  ok: boolean;
  pushed: number;
  parked: number;
  pulled: number;
  error?: string;
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

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  constructor(private readonly options: SyncEngineOptions) {
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
      const delay = result.ok
        ? (this.current.pendingCount > 0 ? 0 : (this.options.pollIntervalMs ?? 30_000))
        : backoffDelay(this.failures - 1, this.options.backoffBaseMs ?? 1_000, this.options.backoffMaxMs ?? 60_000, this.options.random);
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
    const result: SyncCycleResult = { ok: false, pushed: 0, parked: 0, pulled: 0 };
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
      this.setState({ connectivity: 'online', lastSyncAt: this.clock.iso(), pendingCount: await this.options.store.pendingCount() });
    } catch (error) {
      this.failures += 1;
      result.error = (error as Error).message;
      const offline = error instanceof SyncRequestError && error.kind === 'network';
      const pendingCount = await this.options.store.pendingCount().catch(() => this.current.pendingCount);
      this.setState({ connectivity: offline ? 'offline' : 'degraded', lastError: describe(error), pendingCount });
    }
    return result;
  }

  private async pushAll(result: SyncCycleResult): Promise<void> {
    const { store } = this.options;
    for (;;) {
      const batch = await store.nextPushBatch(Math.min(this.options.batchSize ?? 100, PUSH_BATCH_MAX));
      if (batch.length === 0) return;
      const needed = await store.blobsAwaitingUpload([...new Set(batch.flatMap((m) => m.blobs))]);
      const unreadable = new Set<string>();
      for (const sha256 of needed) {
        let bytes: Buffer;
        try {
          bytes = await store.readBlob(sha256);
        } catch {
          unreadable.add(sha256);
          continue;
        }
        await uploadBlob(this.client, sha256, bytes, this.options.chunkSize ?? 256 * 1024);
        await store.markBlobUploaded(sha256, true);
      }
      if (unreadable.size > 0) {
        // A material missing or damaged on disk can never be delivered: park its mutations here
        // (ids may have gaps) rather than block every later one.
        const blocked = batch.filter((m) => m.blobs.some((sha256) => unreadable.has(sha256)));
        const settled = await store.applyPushResults(blocked.map((m) => ({ mutationId: m.mutationId, outcome: 'rejected' as const, reason: 'material unreadable on this terminal' })));
        result.parked += settled.parked;
        continue;
      }
      const response = await this.client.push(batch);
      const settled = await store.applyPushResults(response.results);
      result.pushed += settled.acked;
      result.parked += settled.parked;
      this.setState({ pendingCount: await store.pendingCount() });
      const waiting = response.results.find((r) => r.outcome === 'waiting-blobs');
      if (waiting) {
        // The platform lost or never verified a blob we thought uploaded: upload it again next cycle.
        for (const sha256 of waiting.missingBlobs ?? []) await store.markBlobUploaded(sha256, false);
        throw new SyncRequestError('protocol', `mutation ${waiting.mutationId} waits for its materials`);
      }
      if (response.results.length === 0) throw new SyncRequestError('protocol', 'platform accepted nothing from a non-empty batch');
    }
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

// Main-thread face of the offline store: typed async methods forwarded to the store worker.
import type { Worker } from 'node:worker_threads';
import type { DatasetItem, MutationEnvelope, MutationOutcome } from '../contract/sync-protocol.js';
import type { KeyProvider } from './crypto.js';
import { KEY_BYTES } from './crypto.js';
import type { OpenReport } from './database.js';
import type { CommittedMutation, GroupCommitStats, MutationInput, ParkedMutation, PurgeResult, StoredRecord } from './store-core.js';
import type { StoreEvent, StoreMethod, WorkerInit, WorkerReply, WorkerRequest } from './store-protocol.js';
import { startSiblingWorker } from './worker-url.js';
// The worker is loaded by URL at run time; this type-only import keeps it in every compiled build.
import type {} from './store-worker.js';

export interface StoreLogger {
  warn(details: Record<string, unknown>, message: string): void;
  info?(details: Record<string, unknown>, message: string): void;
}

export interface OpenStoreOptions {
  dir: string;
  keyProvider: KeyProvider;
  /** Calls slower than this are logged (method name and duration only). Default 50 ms. */
  slowQueryMs?: number;
  /** Online backup period; 0 disables. Default 1 hour. */
  backupIntervalMs?: number;
  /** Backups kept. Default 3. */
  backupKeep?: number;
  logger?: StoreLogger;
  onEvent?: (event: StoreEvent) => void;
}

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

export class StoreClosedError extends Error {
  constructor() {
    super('offline store is closed');
    this.name = 'StoreClosedError';
  }
}

export class OfflineStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private closed = false;
  private outgoing: WorkerRequest[] = [];

  private constructor(
    private readonly worker: Worker,
    readonly openReport: OpenReport,
    private readonly logger?: StoreLogger,
  ) {}

  static async open(options: OpenStoreOptions): Promise<OfflineStore> {
    const key = await options.keyProvider.getKey();
    if (key.byteLength !== KEY_BYTES) throw new Error(`data key must be ${KEY_BYTES} bytes`);
    const init: WorkerInit = {
      dir: options.dir,
      key,
      slowQueryMs: options.slowQueryMs ?? 50,
      backupIntervalMs: options.backupIntervalMs ?? 3_600_000,
      backupKeep: options.backupKeep ?? 3,
    };
    const worker = startSiblingWorker(import.meta.url, 'store-worker', { workerData: init });
    const early: StoreEvent[] = [];
    const report = await new Promise<OpenReport>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.kind === 'event') early.push(reply.event);
        else if (reply.kind === 'ready') done(() => resolve(reply.report));
        else if (reply.kind === 'open-failed') done(() => reject(Object.assign(new Error(reply.message), { name: reply.name })));
      };
      const onError = (error: Error) => done(() => reject(error));
      const done = (settle: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        settle();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
    const store = new OfflineStore(worker, report, options.logger);
    if (options.onEvent) store.listeners.add(options.onEvent);
    worker.on('message', (reply: WorkerReply) => store.onReply(reply));
    worker.on('error', (error) => store.failAll(error));
    worker.on('exit', () => store.failAll(new StoreClosedError()));
    for (const event of early) store.dispatchEvent(event);
    return store;
  }

  /** The store worker's JS heap (its own, outside the host's), for memory diagnostics such as the soak test. */
  async workerHeap(): Promise<{ usedBytes: number; totalBytes: number }> {
    const statistics = await this.worker.getHeapStatistics();
    return { usedBytes: statistics.used_heap_size, totalBytes: statistics.total_heap_size };
  }

  /** Subscribe to store events (recovery, slow calls, backups); returns the unsubscribe function. */
  onEvent(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatchEvent(event: StoreEvent): void {
    if (event.type === 'slow-query') this.logger?.warn({ method: event.method, ms: event.ms }, 'slow store call');
    if (event.type === 'recovered-corrupt')
      this.logger?.warn({ movedTo: event.movedTo, restoredFrom: event.restoredFrom, reason: event.reason }, 'corrupt database moved aside');
    if (event.type === 'backup-failed') this.logger?.warn({ message: event.message }, 'store backup failed');
    for (const listener of this.listeners) listener(event);
  }

  private onReply(reply: WorkerReply): void {
    if (reply.kind === 'results') {
      for (const one of reply.replies) this.onReply(one);
      return;
    }
    if (reply.kind === 'event') return this.dispatchEvent(reply.event);
    if (reply.kind !== 'result' && reply.kind !== 'error') return;
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.kind === 'result') waiter.resolve(reply.value);
    else waiter.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  private call<T>(method: StoreMethod | 'backupNow' | 'close', ...args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Calls made in the same turn travel as one message, so concurrent writers reach the worker
      // together and share one commit, and the worker wakes once for them.
      if (this.outgoing.length === 0) setImmediate(() => this.flushOutgoing());
      this.outgoing.push({ id, method, args });
    });
  }

  private flushOutgoing(): void {
    const requests = this.outgoing;
    this.outgoing = [];
    if (requests.length > 0 && !this.closed) this.worker.postMessage(requests);
  }

  /**
   * Stores a scanned document or photo (encrypted, content-addressed); returns its sha256.
   * Concurrent putBlob and commitMutation calls share one transaction; each answers once durable.
   */
  putBlob = (bytes: Uint8Array) => this.call<string>('putBlob', bytes);
  readBlob = async (sha256: string) => Buffer.from(await this.call<Uint8Array>('readBlob', sha256));
  /** The business record and its outbox row in one power-loss-safe transaction. */
  commitMutation = async (input: MutationInput): Promise<CommittedMutation> => {
    const committed = await this.call<CommittedMutation>('commitMutation', input);
    this.dispatchEvent({ type: 'mutation-committed', mutationId: committed.mutationId });
    return committed;
  };
  raiseMutationFloor = (highest: number) => this.call<void>('raiseMutationFloor', highest);
  pendingCount = () => this.call<number>('pendingCount');
  /** Pending mutations in push order after push id `after` (see requeueForPush). */
  nextPushBatch = (limit: number, after = 0) => this.call<MutationEnvelope[]>('nextPushBatch', limit, after);
  /** Sends pending mutations (by push id) to the back of the push queue; returns their new push ids. */
  requeueForPush = (pushIds: number[]) => this.call<number[]>('requeueForPush', pushIds);
  applyPushResults = (results: MutationOutcome[]) => this.call<{ acked: number; parked: number }>('applyPushResults', results);
  /** Mutations the platform rejected for a business reason, for an administrator to review. */
  listParked = () => this.call<ParkedMutation[]>('listParked');
  getRecord = (mutationId: number) => this.call<StoredRecord | null>('getRecord', mutationId);
  getRecordByKey = (idempotencyKey: string) => this.call<StoredRecord | null>('getRecordByKey', idempotencyKey);
  /** The newest record of a kind whose payload has `field` = `value`, among its latest `within` (see StoreCore). */
  findRecordByPayload = (kind: string, field: string, value: string, within?: number) =>
    this.call<StoredRecord | null>('findRecordByPayload', kind, field, value, within);
  countRecords = (kind: string) => this.call<number>('countRecords', kind);
  blobsAwaitingUpload = (shas: string[]) => this.call<string[]>('blobsAwaitingUpload', shas);
  markBlobUploaded = (sha256: string, uploaded: boolean) => this.call<void>('markBlobUploaded', sha256, uploaded);
  getCheckpoint = (dataset: string) => this.call<number>('getCheckpoint', dataset);
  applyPull = (dataset: string, items: (DatasetItem & { version: number })[], checkpoint: number) => this.call<void>('applyPull', dataset, items, checkpoint);
  getDataset = (dataset: string) => this.call<{ key: string; value: unknown; version: number }[]>('getDataset', dataset);
  purgeConfirmed = (retentionMs: number, nowMs?: number) => this.call<PurgeResult>('purgeConfirmed', retentionMs, nowMs);
  setSecret = (name: string, value: string) => this.call<void>('setSecret', name, value);
  getSecret = (name: string) => this.call<string | null>('getSecret', name);
  schemaVersion = () => this.call<number>('schemaVersion');
  /** How many FULL transactions carried how many commitMutation/putBlob calls (group commit). */
  commitStats = () => this.call<GroupCommitStats>('commitStats');
  backupNow = () => this.call<string>('backupNow');

  async close(): Promise<void> {
    if (this.closed) return;
    await this.call('close');
    this.closed = true;
    await this.worker.terminate();
  }
}

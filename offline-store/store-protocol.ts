// Messages between OfflineStore (main thread) and the store worker.
import type { StoreCore } from './store-core.js';
import type { OpenReport } from './database.js';

/** The methods the worker serves; the main-thread API mirrors them as async calls. */
export const STORE_METHODS = [
  'putBlob',
  'readBlob',
  'commitMutation',
  'raiseMutationFloor',
  'pendingCount',
  'nextPushBatch',
  'requeueForPush',
  'applyPushResults',
  'listParked',
  'getRecord',
  'getRecordByKey',
  'findRecordByPayload',
  'countRecords',
  'blobsAwaitingUpload',
  'markBlobUploaded',
  'getCheckpoint',
  'applyPull',
  'getDataset',
  'purgeConfirmed',
  'setSecret',
  'getSecret',
  'schemaVersion',
  'commitStats',
] as const satisfies readonly (keyof StoreCore)[];
export type StoreMethod = (typeof STORE_METHODS)[number];

export type StoreEvent =
  | { type: 'opened'; schemaVersion: number; migratedFrom: number }
  /** Emitted on the main thread once a mutation is durably committed. */
  | { type: 'mutation-committed'; mutationId: number }
  | { type: 'recovered-corrupt'; reason: string; movedTo: string[]; restoredFrom: string | null }
  | { type: 'slow-query'; method: string; ms: number }
  | { type: 'backup'; path: string; ms: number }
  | { type: 'backup-failed'; message: string };

export interface WorkerInit {
  dir: string;
  key: Uint8Array;
  slowQueryMs: number;
  backupIntervalMs: number;
  backupKeep: number;
}

/** The main thread sends the calls made in one turn of its event loop as one array. */
export type WorkerRequest = { id: number; method: StoreMethod | 'backupNow' | 'close'; args: unknown[] };
export type CallReply = { kind: 'result'; id: number; value: unknown } | { kind: 'error'; id: number; message: string; name: string };
export type WorkerReply =
  | { kind: 'ready'; report: OpenReport }
  | { kind: 'open-failed'; message: string; name: string }
  | CallReply
  /** The answers to one group commit, in one message. */
  | { kind: 'results'; replies: CallReply[] }
  | { kind: 'event'; event: StoreEvent };

export { OfflineStore, StoreClosedError, type OpenStoreOptions, type StoreLogger } from './store.js';
export { FileKeyProvider, KeyFileError, encryptValue, decryptValue, type KeyProvider } from './crypto.js';
export type { MutationInput, CommittedMutation, ParkedMutation, StoredRecord, PurgeResult, GroupCommitStats } from './store-core.js';
export type { StoreEvent } from './store-protocol.js';
export { ensurePrivateDir, ensurePrivateFile, restrictUmask, PRIVATE_UMASK } from './private-files.js';
export { SyncEngine, registerTerminal, type SyncEngineOptions } from './sync/engine.js';
export { ensureCredential, forgetCredential } from './sync/credentials.js';
export type { SyncCycleResult } from './sync/engine.js';

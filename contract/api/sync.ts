import { SyncState } from '../sync.js';
import { NoInput } from './terminal.js';

export const syncMethods = {
  'sync.state': { input: NoInput, output: SyncState },
} as const;

export const syncEvents = {
  'sync.state': SyncState,
} as const;

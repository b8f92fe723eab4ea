import { z } from 'zod';

export const SYNC_CONNECTIVITY = ['online', 'degraded', 'offline'] as const;
export const SyncConnectivity = z.enum(SYNC_CONNECTIVITY);

/** What the terminal knows about its link to the online platform. */
export const SyncState = z.object({
  connectivity: SyncConnectivity,
  /** Mutations written locally and not yet acknowledged by the platform. */
  pendingCount: z.number().int().nonnegative(),
  /** ISO time of the last successful exchange with the platform, null if never. */
  lastSyncAt: z.string().nullable(),
  lastError: z.string().optional(),
});
export type SyncState = z.infer<typeof SyncState>;

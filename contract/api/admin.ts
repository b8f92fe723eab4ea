import { z } from 'zod';
import { DeviceStatus } from '../devices.js';
import { SyncState } from '../sync.js';
import { NoInput } from './terminal.js';

export const AdminState = z.object({
  unlocked: z.boolean(),
  /** When the admin session ends unless used again. */
  expiresAt: z.string().optional(),
  /** Wrong PINs left before admin mode locks for a while. */
  attemptsLeft: z.number().int().nonnegative(),
  /** Set while locked out after too many wrong PINs. */
  lockedUntil: z.string().optional(),
});
export type AdminState = z.infer<typeof AdminState>;

export const ParkedMutationView = z.object({ mutationId: z.number().int(), kind: z.string(), reason: z.string(), createdAt: z.string() });

export const AdminDiagnostics = z.object({
  version: z.string(),
  shell: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  devices: z.array(DeviceStatus),
  sync: SyncState,
  parked: z.array(ParkedMutationView),
  /** The terminal's configuration with secrets removed. */
  config: z.record(z.string(), z.unknown()),
  disk: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }).optional(),
});
export type AdminDiagnostics = z.infer<typeof AdminDiagnostics>;

export const adminMethods = {
  'admin.state': { input: NoInput, output: AdminState },
  /** Wrong PIN → error 'unauthorized' naming the attempts left; too many → locked for a while. */
  'admin.unlock': { input: z.object({ pin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits') }).strict(), output: AdminState },
  'admin.lock': { input: NoInput, output: AdminState },
  /** Admin session required. */
  'admin.diagnostics': { input: NoInput, output: AdminDiagnostics },
  /** The newest host log lines (already redacted when written). Admin session required. */
  'admin.logs': { input: z.object({ lines: z.number().int().min(1).max(2000).default(200) }).strict(), output: z.array(z.string()) },
} as const;

export const adminEvents = {
  'admin.state': AdminState,
} as const;

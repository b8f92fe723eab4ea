import { z } from 'zod';
import { CONFIG_WARNINGS } from '../config.js';
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
  /** The hall queue stream: a public display's faults are shown here and on the fleet page, never to the hall. */
  queue: z.object({ online: z.boolean(), lastError: z.string().optional() }).optional(),
  /** The terminal's configuration with secrets removed. */
  config: z.record(z.string(), z.unknown()),
  disk: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }).optional(),
  /** Valid but weakened settings an administrator must see (e.g. 'insecure-lan': a plain-http platform on the LAN). */
  warnings: z.array(z.enum(CONFIG_WARNINGS)),
});
export type AdminDiagnostics = z.infer<typeof AdminDiagnostics>;

export const SerialPortInfo = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
});

export const adminMethods = {
  'admin.state': { input: NoInput, output: AdminState },
  /** Wrong PIN → error 'unauthorized' naming the attempts left; too many → locked for a while. */
  'admin.unlock': { input: z.object({ pin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits') }).strict(), output: AdminState },
  'admin.lock': { input: NoInput, output: AdminState },
  /** Admin session required. */
  'admin.diagnostics': { input: NoInput, output: AdminDiagnostics },
  /** The newest host log lines (already redacted when written). Admin session required. */
  'admin.logs': { input: z.object({ lines: z.number().int().min(1).max(2000).default(200) }).strict(), output: z.array(z.string()) },
  /** One read on an ID-card reader: the masked holder, or why it failed. Admin session required. */
  'admin.testRead': {
    input: z.object({ deviceId: z.string().min(1) }).strict(),
    output: z.object({ ok: z.boolean(), maskedName: z.string().optional(), cardType: z.string().optional(), error: z.string().optional() }),
  },
  /** Serial ports on this machine, for choosing a device's port. Admin session required. */
  'admin.serialPorts': { input: NoInput, output: z.array(SerialPortInfo) },
  /**
   * Validates a whole terminal configuration and, unless `dryRun`, saves it; it applies after a
   * restart. Problems name each bad field. Admin session required.
   */
  'admin.saveConfig': {
    input: z.object({ config: z.unknown(), dryRun: z.boolean().default(false) }).strict(),
    output: z.object({ valid: z.boolean(), problems: z.array(z.string()), saved: z.boolean(), path: z.string().optional() }),
  },
  /** Restarts the terminal's services (Electron relaunches; the headless host restarts in place). */
  'admin.restart': { input: NoInput, output: z.object({ restarting: z.literal(true) }) },
} as const;

export const adminEvents = {
  'admin.state': AdminState,
} as const;

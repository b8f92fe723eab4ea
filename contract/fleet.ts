import { z } from 'zod';
import { TerminalRole } from './config.js';
import { DeviceStatus } from './devices.js';
import { SyncConnectivity } from './sync.js';

/** What each terminal tells the platform about itself every heartbeat interval. No personal data. */
export const Heartbeat = z
  .object({
    hallId: z.string(),
    role: TerminalRole,
    version: z.string(),
    shell: z.string(),
    devices: z.array(DeviceStatus),
    connectivity: SyncConnectivity,
    pendingCount: z.number().int().nonnegative(),
    parkedCount: z.number().int().nonnegative(),
    disk: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }).optional(),
    lastError: z.string().max(500).optional(),
    /** How often this terminal reports; the platform judges silence from it. */
    intervalSeconds: z.number().positive(),
    sentAt: z.string(),
  })
  .strict();
export type Heartbeat = z.infer<typeof Heartbeat>;

export const FleetAlert = z.object({
  severity: z.enum(['critical', 'warning']),
  kind: z.enum(['silent', 'device-fault', 'device-gone', 'device-warning', 'sync-backlog', 'parked', 'disk-low']),
  message: z.string(),
});
export type FleetAlert = z.infer<typeof FleetAlert>;

export const FleetTerminal = z.object({
  terminalId: z.string(),
  lastSeenAt: z.string().nullable(),
  heartbeat: Heartbeat.nullable(),
  alerts: z.array(FleetAlert),
});
export type FleetTerminal = z.infer<typeof FleetTerminal>;

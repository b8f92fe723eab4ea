import { z } from 'zod';

export const DEVICE_KINDS = ['idcard-reader', 'scanner', 'printer', 'led-screen', 'evaluator', 'camera'] as const;
export const DeviceKind = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const DEVICE_STATES = ['connecting', 'connected', 'busy', 'fault', 'disconnected'] as const;
export const DeviceState = z.enum(DEVICE_STATES);
export type DeviceState = z.infer<typeof DeviceState>;

/** A device's state as the UI and the fleet see it. `reason` explains fault and disconnected states. */
export const DeviceStatus = z.object({
  id: z.string(),
  kind: DeviceKind,
  state: DeviceState,
  reason: z.string().optional(),
  /** Warnings that do not stop the device (paper near end, …). */
  warnings: z.array(z.string()).default([]),
  simulated: z.boolean(),
  changedAt: z.string(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;

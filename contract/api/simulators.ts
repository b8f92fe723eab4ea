import { z } from 'zod';
import { DeviceKind } from '../devices.js';
import { NoInput } from './terminal.js';

/** Fictional cards the ID-card simulator can hold (every person invented). */
export const SIMULATED_CARD_NAMES = ['resident', 'gat', 'foreign-old', 'foreign-2023', 'invalid-check'] as const;
export const SimulatedCardName = z.enum(SIMULATED_CARD_NAMES);

const DeviceRef = z.object({ deviceId: z.string().min(1) }).strict();

/**
 * Controls for simulated devices, so a hall on one machine can be driven by hand or by tests:
 * they act on the simulator at the far end of the PTY; the real driver sees real protocol bytes.
 */
export const simulatorMethods = {
  'simulator.list': { input: NoInput, output: z.array(z.object({ deviceId: z.string(), kind: DeviceKind })) },
  'simulator.idcard.place': { input: DeviceRef.extend({ card: SimulatedCardName }), output: z.object({ placed: z.literal(true) }) },
  'simulator.idcard.remove': { input: DeviceRef, output: z.object({ placed: z.literal(false) }) },
} as const;

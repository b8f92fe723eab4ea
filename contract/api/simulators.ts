import { z } from 'zod';
import { DeviceKind } from '../devices.js';
import { NoInput } from './terminal.js';

/** Fictional cards the ID-card simulator can hold (every person invented). */
export const SIMULATED_CARD_NAMES = ['resident', 'gat', 'foreign-old', 'foreign-2023', 'invalid-check', 'elder'] as const;
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
  'simulator.scanner.scan': {
    input: DeviceRef.extend({
      data: z.string().min(1).max(4096),
      /** AIM symbology identifier to prefix, e.g. "]Q1". */
      aim: z
        .string()
        .regex(/^\][A-Za-z][0-9A-Za-z]$/)
        .optional(),
      encoding: z.enum(['utf-8', 'gb18030']).default('utf-8'),
    }),
    output: z.object({ sent: z.literal(true) }),
  },
  'simulator.printer.set': {
    input: DeviceRef.extend({
      paper: z.enum(['ok', 'near-end', 'out']).optional(),
      coverOpen: z.boolean().optional(),
      offline: z.boolean().optional(),
      cutterError: z.boolean().optional(),
    }),
    output: z.object({ paper: z.enum(['ok', 'near-end', 'out']), coverOpen: z.boolean(), offline: z.boolean(), cutterError: z.boolean() }),
  },
  /** The last ticket the simulated printer cut: its text and a PNG of the paper. */
  'simulator.printer.lastPage': {
    input: DeviceRef,
    output: z.object({ sequence: z.number().int(), text: z.string(), pngBase64: z.string() }).nullable(),
  },
} as const;

// Registers the ID-card reader with the driver registry: over a real serial port, or over a PTY
// pair with the simulator on the other end (so the real driver runs in development too).
import { z } from 'zod';
import type { DeviceConfig } from '../../contract/config.js';
import { parseDeviceOptions, type DeviceContext, type ManagedDevice } from '../device.js';
import type { DriverRegistry } from '../registry.js';
import { openPtyPair, type PtyPair } from '../simulation/pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import { IdCardReader, type IdCardReaderOptions } from './reader.js';
import { IdCardSimulator } from './simulator/simulator.js';
import { TEST_CARD_NAMES, testCard } from './simulator/test-cards.js';

/** `options` accepted in a device config entry of kind 'idcard-reader'. */
export const IdCardReaderConfigOptions = z
  .object({
    pollIntervalMs: z.number().int().min(5).max(10_000).optional(),
    presentPollIntervalMs: z.number().int().min(20).max(10_000).optional(),
    readFingerprint: z.boolean().optional(),
    readAdditionalAddress: z.boolean().optional(),
    maxRfFrameSize: z.number().int().min(0).max(255).optional(),
    removalMisses: z.number().int().min(1).max(20).optional(),
    timeouts: z.object({ sam: z.number(), find: z.number(), select: z.number(), read: z.number(), additionalAddress: z.number() }).partial().optional(),
    /** Simulated transport only: which fictional card the simulator holds (not placed at start). */
    simulatedCard: z.enum(TEST_CARD_NAMES).optional(),
    /** Simulated transport only: UNCONFIRMED firmware behaviour, see IdCardSimulatorOptions. */
    simulatedFindAfterRead: z.enum(['found', 'not-found']).optional(),
  })
  .strict();
export type IdCardReaderConfigOptions = z.infer<typeof IdCardReaderConfigOptions>;

function readerOptions(parsed: IdCardReaderConfigOptions, config: DeviceConfig, context: DeviceContext): Omit<IdCardReaderOptions, 'openTransport'> {
  const { simulatedCard: _card, simulatedFindAfterRead: _find, ...driver } = parsed;
  return { id: config.id, log: context.log, simulated: config.transport.type === 'simulated', ...driver };
}

export function createSerialIdCardReader(config: DeviceConfig, context: DeviceContext): ManagedDevice {
  if (config.transport.type !== 'serial') throw new Error('createSerialIdCardReader needs a serial transport');
  const { path, baudRate } = config.transport;
  const options = parseDeviceOptions(IdCardReaderConfigOptions, config);
  if (!options.ok) return options.device;
  return new IdCardReader({ ...readerOptions(options.options, config, context), openTransport: () => new SerialTransport({ path, baudRate }) });
}

/**
 * The real driver on the host end of a PTY pair and the simulator on the device end. The
 * simulator (reader.simulator) starts with no card placed; the development UI places one.
 */
export function createSimulatedIdCardReader(config: DeviceConfig, context: DeviceContext): ManagedDevice {
  const options = parseDeviceOptions(IdCardReaderConfigOptions, config);
  if (!options.ok) return options.device;
  const parsed = options.options;
  const base = readerOptions(parsed, config, context);
  const simulator = new IdCardSimulator({
    card: testCard(parsed.simulatedCard ?? 'resident'),
    placed: false,
    findAfterRead: parsed.simulatedFindAfterRead ?? 'found',
  });
  let pair: PtyPair | undefined;
  return new IdCardReader({
    ...base,
    simulator,
    openTransport: async () => {
      if (!pair) {
        pair = await openPtyPair();
        await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }));
      }
      return new SerialTransport({ path: pair.hostPath, baudRate: 115200 });
    },
    onStop: async () => {
      await simulator.detach();
      await pair?.close();
      pair = undefined;
    },
  });
}

export function registerIdCardDrivers(registry: DriverRegistry): void {
  registry.register('idcard-reader', 'serial', createSerialIdCardReader);
  registry.register('idcard-reader', 'simulated', createSimulatedIdCardReader);
}

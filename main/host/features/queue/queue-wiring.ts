// Builds the terminal's queue feature from the host's parts (kept out of host.ts to keep it small).
import { join } from 'node:path';
import { hallNameIn, type TerminalConfig } from '../../../../contract/config.js';
import type { QueueEvent } from '../../../../contract/queue.js';
import type { DeviceManager } from '../../device-manager.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { CitizenSession } from '../session/citizen-session.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import { HallServiceClient } from './queue-client.js';
import { QueueFeature } from './queue-feature.js';
import { OfflineTicketLedger } from './queue-offline.js';
import { ledShown, updateLedScreens } from './queue-led.js';
import { type Clock } from '../../../../contract/clock.js';

interface HostParts {
  readonly bus: HostEventBus;
  readonly devices: DeviceManager;
  readonly session: CitizenSession;
  readonly printers: PrinterFeature;
  readonly platformUrl: string;
  readonly store: {
    getSecret(name: string): Promise<string | null>;
    setSecret(name: string, value: string): Promise<void>;
    commitMutation(input: { kind: string; payload: Record<string, unknown>; personal?: Record<string, unknown> }): Promise<unknown>;
  };
}

/** The sync engine keeps the terminal's platform credential under this name; the hall service takes the same. */
const CREDENTIAL_SECRET = 'platform-credential';

export function createQueueFeature(host: HostParts, options: { config: TerminalConfig; dataDir: string; log: Logger; clock: Clock }): QueueFeature {
  const { config, log } = options;
  const client = new HallServiceClient({
    baseUrl: () => config.hallServiceUrl ?? host.platformUrl,
    credential: async () => {
      try {
        return (await host.store.getSecret(CREDENTIAL_SECRET)) ?? undefined;
      } catch {
        return undefined; // the store is not open yet
      }
    },
    timeoutMs: 2000,
  });
  const ledLog = log.child({ part: 'queue-led' });
  return new QueueFeature({
    clock: options.clock,
    client,
    ledger: new OfflineTicketLedger(join(options.dataDir, 'queue')),
    bus: host.bus,
    session: host.session,
    printers: host.printers,
    role: config.role,
    ...(config.hallName ? { hallName: hallNameIn(config, 'zh-CN') } : {}),
    ...(config.queue.counterId ? { counterId: config.queue.counterId } : {}),
    leasePrefixes: config.queue.leasePrefixes,
    ...(config.queue.evaluatorKeys ? { evaluatorKeys: config.queue.evaluatorKeys } : {}),
    voice: config.queue.voice,
    recordOffline: async ({ kind = 'ticket', payload, personal }) => {
      await host.store.commitMutation({ kind, payload, ...(personal ? { personal } : {}) });
    },
    ledShown: (deviceId) => ledShown(host.devices, deviceId),
    onEvent: (event: QueueEvent, counterId) => updateLedScreens(host.devices, event, counterId, ledLog),
    log: log.child({ part: 'queue' }),
    secrets: () => {
      try {
        return host.store;
      } catch {
        return undefined; // the store is not open yet
      }
    },
  });
}

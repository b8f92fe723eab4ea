// Builds the terminal's queue feature from the host's parts: its hall service client, offline ledger and LED screens.
import { join } from 'node:path';
import { hallNameIn } from '../../../../contract/config.js';
import type { QueueEvent } from '../../../../contract/queue.js';
import type { HostContext } from '../../host-context.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import { HallServiceClient } from './queue-client.js';
import { QueueFeature } from './queue-feature.js';
import { OfflineTicketLedger } from './queue-offline.js';
import { ledShown, updateLedScreens } from './queue-led.js';

/** The host's parts the queue feature is built from, once the store is open. */
type QueueParts = Pick<HostContext, 'config' | 'dataDir' | 'log' | 'clock' | 'bus' | 'devices' | 'session' | 'store' | 'platformUrl'> & {
  printers: PrinterFeature;
};

/** The sync engine keeps the terminal's platform credential under this name; the hall service takes the same. */
const CREDENTIAL_SECRET = 'platform-credential';

export function createQueueFeature(host: QueueParts): QueueFeature {
  const { config, log } = host;
  const client = new HallServiceClient({
    baseUrl: () => config.hallServiceUrl ?? host.platformUrl,
    credential: async () => (await host.store.getSecret(CREDENTIAL_SECRET)) ?? undefined,
    timeoutMs: 2000,
  });
  const ledLog = log.child({ part: 'queue-led' });
  return new QueueFeature({
    clock: host.clock,
    client,
    ledger: new OfflineTicketLedger(join(host.dataDir, 'queue')),
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
    secrets: host.store,
  });
}

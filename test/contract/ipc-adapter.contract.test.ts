import { fake, ipcMain, ipcRenderer } from '../fakes/electron.js';
import { APP_ORIGIN } from '../../main/electron/app-protocol.js';
import { registerHostApiIpc } from '../../main/electron/ipc/host-api-ipc.js';
import { ValidatedIpc } from '../../main/electron/ipc/validated-ipc.js';
import { createLogger } from '../../main/host/logging.js';
import type { HallHostBridge } from '../../contract/host-api.js';
import { createIpcTransport } from '../../renderer/src/host/ipc-transport.js';
import { createValidatedClient } from '../../renderer/src/host/validated-client.js';
import { describeHostApiContract } from './host-api-contract.js';

describeHostApiContract('Electron IPC (fake electron, structured clone)', 'electron', async ({ host }) => {
  const ipc = new ValidatedIpc(ipcMain as never, { appOrigin: APP_ORIGIN }, () => undefined);
  // The renderer runs in the window's main frame on our own origin.
  ipcRenderer.frame = { url: `${APP_ORIGIN}/index.html`, parent: null };
  const sendToRenderer = { isDestroyed: () => false, send: (channel: string, message: unknown) => fake.rendererChannel.emit(channel, {}, structuredClone(message)) };
  const unsubscribe = registerHostApiIpc({ ipc, handlers: host.handlers, bus: host.bus, log: createLogger({}), targets: () => [sendToRenderer as never] });
  delete fake.world.hallHost;
  await import('../../main/electron/preload.js');
  const raw = createIpcTransport(fake.world.hallHost as HallHostBridge);
  return {
    client: createValidatedClient(raw),
    raw,
    close: async () => {
      unsubscribe();
      ipc.dispose();
    },
  };
});

import { EventEmitter } from 'node:events';
import { fake, invokeFromWindow, ipcMain, ipcRenderer } from '../fakes/electron.js';
import { RATING_VIEW } from '../../contract/role-profiles.js';
import { APP_ORIGIN } from '../../main/electron/app-protocol.js';
import { registerHostApiIpc } from '../../main/electron/ipc/host-api-ipc.js';
import { ValidatedIpc } from '../../main/electron/ipc/validated-ipc.js';
import { createLogger } from '../../main/host/logging.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type HallHostBridge } from '../../contract/host-api.js';
import { createIpcTransport } from '../../renderer/src/host/ipc-transport.js';
import { createValidatedClient } from '../../renderer/src/host/validated-client.js';
import { describeHostApiContract } from './host-api-contract.js';

describeHostApiContract('Electron IPC (fake electron, structured clone)', 'electron', async ({ host }) => {
  const ipc = new ValidatedIpc(ipcMain as never, { appOrigin: APP_ORIGIN }, () => undefined);
  // The renderer runs in the window's main frame on our own origin.
  ipcRenderer.frame = { url: `${APP_ORIGIN}/index.html`, parent: null };
  const sendToRenderer = {
    isDestroyed: () => false,
    send: (channel: string, message: unknown) => fake.rendererChannel.emit(channel, {}, structuredClone(message)),
  };
  // The counter's second window, facing the citizen: confined by which window it is.
  const ratingChannel = new EventEmitter();
  const ratingWindow = { isDestroyed: () => false, send: (channel: string, message: unknown) => ratingChannel.emit(channel, structuredClone(message)) };
  const ratingFrame = { url: `${APP_ORIGIN}/index.html?view=evaluate`, parent: null };
  const unsubscribe = registerHostApiIpc({
    ipc,
    handlers: host.handlers,
    bus: host.bus,
    log: createLogger({}),
    targets: () => [sendToRenderer as never, ratingWindow as never],
    profileFor: (contents) => ((contents as unknown) === ratingWindow ? RATING_VIEW : undefined),
  });
  const ratingBridge: HallHostBridge = {
    call: (method, input) => invokeFromWindow(ratingWindow, ratingFrame, IPC_INVOKE_CHANNEL, { method, input }),
    on: (listener) => {
      const wrapped = (message: { event: string; payload: unknown }) => listener(message.event, message.payload);
      ratingChannel.on(IPC_EVENT_CHANNEL, wrapped);
      return () => void ratingChannel.off(IPC_EVENT_CHANNEL, wrapped);
    },
  };
  const ratingRaw = createIpcTransport(ratingBridge);
  delete fake.world.hallHost;
  await import('../../main/electron/preload.js');
  const raw = createIpcTransport(fake.world.hallHost as HallHostBridge);
  return {
    client: createValidatedClient(raw),
    raw,
    ratingView: { client: createValidatedClient(ratingRaw), raw: ratingRaw },
    close: async () => {
      unsubscribe();
      ipc.dispose();
    },
  };
});

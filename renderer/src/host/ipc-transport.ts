import type { HallHostBridge } from '../../../contract/wire-names.js';
import type { RawHostTransport } from './validated-client.js';

/** The host API over Electron IPC, through the preload bridge. */
export function createIpcTransport(bridge: HallHostBridge): RawHostTransport {
  return {
    call: (method, input) => bridge.call(method, input),
    on: (listener) => bridge.on(listener),
    // IPC to the main process cannot drop while the window lives.
    onConnectionChange: () => () => undefined,
  };
}

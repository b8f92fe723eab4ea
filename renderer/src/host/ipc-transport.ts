import type { RawHostTransport } from './validated-client.js';

/** What Electron's preload exposes on window through contextBridge. */
export interface HallHostBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'hallHost';

/** The host API over Electron IPC, through the preload bridge. */
export function createIpcTransport(bridge: HallHostBridge): RawHostTransport {
  return {
    call: (method, input) => bridge.call(method, input),
    on: (listener) => bridge.on(listener),
    // IPC to the main process cannot drop while the window lives.
    onConnectionChange: () => () => undefined,
  };
}

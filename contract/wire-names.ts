// Names both ends of each adapter agree on. Kept free of zod so the sandboxed preload stays tiny.

/** What Electron's preload exposes on window (as `hallHost`) through contextBridge. */
export interface HallHostBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}
export const BRIDGE_GLOBAL = 'hallHost';

/** The names adapters use on the wire. */
export const IPC_CHANNEL_PREFIX = 'hall:';
/** Every call travels on one channel as {method, input}, so an unknown method gets the same typed error as over HTTP. */
export const IPC_INVOKE_CHANNEL = 'hall:invoke';
export const IPC_EVENT_CHANNEL = 'hall:event';
export const HTTP_API_PREFIX = '/api/v1';

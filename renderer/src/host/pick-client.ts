import { createHttpTransport } from './http-transport.js';
import { BRIDGE_GLOBAL, type HallHostBridge } from '../../../contract/host-api.js';
import { createIpcTransport } from './ipc-transport.js';
import { createValidatedClient, type HallHostClient } from './validated-client.js';

const TOKEN_KEY = 'hall.session-token';

/**
 * Electron's preload bridge when present; otherwise the headless host that served this page,
 * with the per-start token handed over in the URL fragment (never sent to a server, then removed).
 */
export function pickHostClient(win: Window = window): HallHostClient | { error: string } {
  const bridge = (win as unknown as Record<string, HallHostBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createValidatedClient(createIpcTransport(bridge));

  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token) return { error: 'missing-token' };
  return createValidatedClient(createHttpTransport({ baseUrl: win.location.origin, token }));
}

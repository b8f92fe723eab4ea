import { BRIDGE_GLOBAL, type HallHostBridge } from '../../../contract/wire-names.js';
import { createHttpTransport } from './http-transport.js';
import { createIpcTransport } from './ipc-transport.js';
import type { RawHostTransport } from './validated-client.js';

const TOKEN_KEY = 'hall.session-token';

/**
 * Electron's preload bridge when present; otherwise the headless host that served this page,
 * with the per-start token handed over in the URL fragment (never sent to a server, then removed).
 * Free of the contract's schemas, so the page's entry can make its first call before they load.
 */
export function pickHostTransport(win: Window = window): RawHostTransport | { error: string } {
  const bridge = (win as unknown as Record<string, HallHostBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createIpcTransport(bridge);

  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY);
  if (!token) return { error: 'missing-token' };
  return createHttpTransport({ baseUrl: win.location.origin, token });
}

/** A call the page's entry sent before the UI's code was loaded: what boot needs of it. */
export interface EarlyCall {
  method: string;
  /** Browser clock when sent, and when answered (unset until then). */
  sentAtMs: number;
  receivedAtMs?: number;
  answer: Promise<unknown>;
}

/**
 * The transport, with its first call of `method` answered by `early`: a call already sent (by the
 * page's entry, before the UI's code was loaded) with the same input. Later calls go out as usual.
 */
export function withEarlyAnswer(transport: RawHostTransport, early: EarlyCall): RawHostTransport {
  let pending: Promise<unknown> | undefined = early.answer;
  return {
    call(name, input) {
      if (name !== early.method || !pending) return transport.call(name, input);
      const answer = pending;
      pending = undefined;
      return answer;
    },
    on: (listener) => transport.on(listener),
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
  };
}

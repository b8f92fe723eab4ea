import { Backoff } from '../../../contract/async/backoff.js';
import { HTTP_API_PREFIX } from '../../../contract/wire-names.js';
import type { RawHostTransport } from './validated-client.js';

const TOKEN_SUBPROTOCOL_PREFIX = 'hall-token.';
const EVENTS_SUBPROTOCOL = 'hall.v1';

export interface HttpTransportOptions {
  /** Origin of the headless host, e.g. http://127.0.0.1:5170 */
  baseUrl: string;
  token: string;
  /** Injected for tests in Node; the browser's by default. */
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
  maxReconnectDelayMs?: number;
}

/** The host API over HTTP calls and a WebSocket for server push, reconnecting with backoff. */
export function createHttpTransport(options: HttpTransportOptions): RawHostTransport & { close(): void } {
  const WS = options.WebSocketImpl ?? WebSocket;
  const doFetch = options.fetchImpl ?? fetch.bind(globalThis);
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocket | undefined;
  let closed = false;
  const reconnect = new Backoff({ initialMs: 250, maxMs: options.maxReconnectDelayMs ?? 5000, jitter: 'half' });
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const wsUrl = new URL(`${HTTP_API_PREFIX}/events`, options.baseUrl);
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  function connect() {
    if (closed) return;
    const ws = new WS(wsUrl.toString(), [EVENTS_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      reconnect.reset();
      connectionListeners.forEach((listener) => listener(true));
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') return;
      let frame: { event?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(message.data) as typeof frame;
      } catch {
        return;
      }
      if (typeof frame.event === 'string') eventListeners.forEach((listener) => listener(frame.event as string, frame.payload));
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      connectionListeners.forEach((listener) => listener(false));
      if (closed) return;
      reconnectTimer = setTimeout(connect, reconnect.next());
    };
  }
  connect();

  return {
    async call(method, input) {
      const response = await doFetch(new URL(`${HTTP_API_PREFIX}/call/${encodeURIComponent(method)}`, options.baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as unknown;
    },
    on(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => void connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}

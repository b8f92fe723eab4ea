import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { HTTP_API_PREFIX, type HostHandlers } from '../../contract/host-api.js';
import { err } from '../../contract/result.js';
import { mayReceive, type ViewProfile } from '../../contract/role-profiles.js';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { dispatchHostCall } from '../host/dispatch.js';
import type { HostEventBus } from '../host/event-bus.js';
import type { Logger } from '../host/logging.js';
import { EVENTS_SUBPROTOCOL, hostHeaderAllowed, originAllowed, requestPath, TOKEN_SUBPROTOCOL_PREFIX, tokensEqual } from './security.js';
import { serveStatic } from './static-files.js';

export interface HeadlessServerOptions {
  handlers: HostHandlers;
  bus: HostEventBus;
  log: Logger;
  token: string;
  /** What the operator's token reaches (its role's own window); everything when absent. */
  profile?: ViewProfile;
  /** Confined views (the citizen's rating window, …), each with its own token: they reach only their profile. */
  viewTokens?: ReadonlyArray<{ token: string; profile: ViewProfile }>;
  /** The built renderer (vite output). */
  rendererDir: string;
  port?: number;
  /** Loopback by default; a thin-client deployment may name a LAN address explicitly. */
  listenHost?: string;
}

export interface HeadlessServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The host API over HTTP (calls) and WebSocket (server push), for the headless shell. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const listenHost = options.listenHost ?? '127.0.0.1';
  let port = 0;
  const extraHosts = listenHost === '127.0.0.1' ? [] : [listenHost];
  const sockets = new Map<WebSocket, ViewProfile | undefined>();
  /** The operator's token opens its role's window (everything without a profile); a view's token its view; others nothing. */
  const credentialFor = (given: string | undefined): { profile: ViewProfile | undefined } | undefined => {
    if (tokensEqual(options.token, given)) return { profile: options.profile };
    const view = options.viewTokens?.find((candidate) => tokensEqual(candidate.token, given));
    return view ? { profile: view.profile } : undefined;
  };

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      options.log.error({ err: error }, 'headless request failed');
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse) {
    if (!hostHeaderAllowed(req, port, extraHosts)) return void res.writeHead(421, SECURITY_HEADERS).end('misdirected request');
    const path = requestPath(req);
    if (path === undefined) return void res.writeHead(400, SECURITY_HEADERS).end('bad request target');
    if (path.startsWith(`${HTTP_API_PREFIX}/call/`)) return handleCall(req, res, path.slice(`${HTTP_API_PREFIX}/call/`.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, SECURITY_HEADERS).end();
    await serveStatic(options.rendererDir, path, res, { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy() });
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, encodedMethod: string) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return send(405, err('bad-input', 'use POST'));
    if (!originAllowed(req)) return send(403, err('unauthorized', 'cross-origin call refused'));
    const auth = req.headers.authorization;
    const credential = credentialFor(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    if (!credential) return send(401, err('unauthorized', 'missing or wrong session token'));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(415, err('bad-input', 'send application/json'));
    const body = await readBody(req);
    if (body === undefined) return send(413, err('bad-input', `request body over ${MAX_BODY_BYTES} bytes`));
    let input: unknown;
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return send(400, err('bad-input', 'request body is not valid JSON'));
    }
    const method = decodePathSegment(encodedMethod);
    if (method === undefined) return send(400, err('bad-input', 'the method name is not a valid percent-encoded path segment'));
    send(200, await dispatchHostCall(options.handlers, method, input, options.log, credential.profile));
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(EVENTS_SUBPROTOCOL) ? EVENTS_SUBPROTOCOL : false),
  });
  // Runs outside any request handler: nothing here may throw, or the whole host (and the
  // platform embedded in it) goes down. The Host header is checked before the target is read.
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (error) {
      options.log.error({ err: error }, 'headless upgrade failed');
      socket.destroy();
    }
  });
  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (!hostHeaderAllowed(req, port, extraHosts)) return refuse('421 Misdirected Request');
    if (!originAllowed(req)) return refuse('403 Forbidden');
    const path = requestPath(req);
    if (path === undefined) return refuse('400 Bad Request');
    if (path !== `${HTTP_API_PREFIX}/events`) return refuse('404 Not Found');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const credential = credentialFor(offered.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX))?.slice(TOKEN_SUBPROTOCOL_PREFIX.length));
    if (!credential) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.set(ws, credential.profile);
      ws.on('close', () => sockets.delete(ws));
      // Clients only listen; anything they send is ignored.
      ws.on('message', () => undefined);
    });
  }

  const unsubscribe = options.bus.subscribe((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const [ws, profile] of sockets) if (ws.readyState === ws.OPEN && (!profile || mayReceive(profile, event))) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = listenHost.includes(':') ? `[${listenHost}]` : listenHost;

  return {
    url: `http://${urlHost}:${port}/`,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

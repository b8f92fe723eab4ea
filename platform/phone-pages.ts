// The phone pages on the hall LAN. The platform itself listens on loopback (or behind the county's
// proxy); a hall that runs it on the kiosk's machine (the embedded default) also needs phones on the
// hall Wi-Fi to open the live ticket (/t/<token>) and the photo page (/p/<token>). A second listener on
// the machine's LAN address serves exactly those public, token-guarded routes through the same app:
// other paths get a 404 before the router, and a hook refuses any request from it that the router
// matched to another route (two checks, so a path spelled to slip past one still meets the other).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { PHONE_ROUTE_NAMES } from '../contract/platform-api/phone-routes.js';
import { platformApi } from '../contract/platform-api/routes.js';

/** Where the phone pages listen: a LAN address of this machine (never loopback or a wildcard) and a port (0: any free one). */
export interface PhonePagesOptions {
  host: string;
  port: number;
}

export interface PhonePages {
  /** The base phones reach the pages at (http://192.168.1.20:8740): the default `liveTicket.baseUrl`. */
  url: string;
  close(): Promise<void>;
}

const PHONE_ROUTES = PHONE_ROUTE_NAMES.map((name) => platformApi[name]);
/** The Fastify patterns of the phone routes (`/t/:token`), as the router reports a matched route. */
const PHONE_PATTERNS = new Set(PHONE_ROUTES.map((route) => `${route.method} ${route.path}`));
/** Each phone route as a strict pattern of the request target: a parameter is one segment of token characters. */
const PHONE_TARGETS = PHONE_ROUTES.map((route) => ({
  methods: route.method === 'GET' ? ['GET', 'HEAD'] : [route.method],
  path: new RegExp(`^${route.path.replace(/:[a-zA-Z]+/g, '[A-Za-z0-9_-]{1,128}')}$`),
  query: route.method === 'GET',
}));

/** Requests that came in through a phone listener (the raw request object, seen again in Fastify's hook). */
const fromPhones = new WeakSet<IncomingMessage>();

/** Whether a request target is one of the phone routes (query only on pages: the language). */
export function isPhoneTarget(method: string, target: string): boolean {
  const queryAt = target.indexOf('?');
  const path = queryAt < 0 ? target : target.slice(0, queryAt);
  return PHONE_TARGETS.some((route) => route.methods.includes(method) && route.path.test(path) && (queryAt < 0 || route.query));
}

/** A LAN address a phone can reach: an IPv4 or IPv6 literal, not loopback, not a wildcard. */
export function assertPhoneHost(host: string): void {
  const family = isIP(host);
  const refused = family === 0 || /^127\./.test(host) || host === '0.0.0.0' || host === '::' || host === '::1';
  if (refused) throw new Error(`the phone pages need a LAN address of this machine (such as 192.168.1.20), not "${host}"`);
}

/** Registered by buildPlatform before the app is ready: phone requests the router matched elsewhere are refused. */
export function guardPhoneRequests(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!fromPhones.has(request.raw)) return;
    if (!PHONE_PATTERNS.has(`${request.method === 'HEAD' ? 'GET' : request.method} ${request.routeOptions.url ?? ''}`)) {
      await reply.code(404).send({ error: 'not-found' });
    }
  });
}

/** Starts the phone listener on a LAN address; the app must be ready (listening on its own address). */
export async function servePhonePages(app: FastifyInstance, options: PhonePagesOptions): Promise<PhonePages> {
  assertPhoneHost(options.host);
  const server: Server = createServer((request, response) => {
    if (!isPhoneTarget(request.method ?? '', request.url ?? '')) {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end('{"error":"not-found"}');
      return;
    }
    fromPhones.add(request);
    app.routing(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the phone listener has no address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // A live ticket's event stream never ends by itself.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { FLEET_ADMIN_PATH, FLEET_HEARTBEAT_PATH, Heartbeat } from '../../contract/fleet.js';
import { HEADERS } from '../../contract/sync-protocol.js';
import type { PlatformStore } from '../platform-store.js';
import { renderFleetPage } from './fleet-page.js';
import { FleetHealth, type FleetHealthOptions } from './fleet-health.js';

export interface FleetRouteOptions {
  store: PlatformStore;
  adminSecret: string;
  health?: Partial<FleetHealthOptions>;
}

function basicAuthPassword(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Heartbeats in (terminal-authenticated by the sync routes' hook, as every /v1 path is), the
 * fleet as JSON for tools and as a page for the hall's administrator (Basic auth, admin secret).
 */
export function registerFleetRoutes(app: FastifyInstance, options: FleetRouteOptions): FleetHealth {
  const health = new FleetHealth({ silentAfterMs: 5 * 60_000, backlogWarning: 500, diskLowFraction: 0.05, now: () => options.store.clock.nowMs(), ...options.health });

  app.post(FLEET_HEARTBEAT_PATH, async (request, reply) => {
    const parsed = Heartbeat.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad-heartbeat', issues: parsed.error.issues.map((i) => i.path.join('.')) });
    health.record(String(request.headers[HEADERS.terminalId]), parsed.data);
    return { ok: true };
  });

  app.get(FLEET_ADMIN_PATH, async () => ({ terminals: health.view(options.store.activeTerminals()) }));

  app.get('/fleet', async (request, reply) => {
    const password = basicAuthPassword(request.headers.authorization);
    if (!password || !same(password, options.adminSecret)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="hall platform", charset="UTF-8"').send('admin secret required');
    }
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return renderFleetPage(health.view(options.store.activeTerminals()), options.store.clock.now(), 5);
  });
  return health;
}

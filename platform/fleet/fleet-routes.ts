import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../contract/clock.js';
import type { PlatformRouter } from '../access/router.js';
import type { PlatformStore } from '../platform-store.js';
import { renderFleetPage } from './fleet-page.js';
import { FleetHealth, type FleetHealthOptions } from './fleet-health.js';

export interface FleetRouteOptions {
  store: PlatformStore;
  clock: Clock;
  health?: Partial<FleetHealthOptions>;
}

/**
 * Heartbeats in (the terminal taken from its credential), the fleet as JSON for tools and as a page
 * for the hall's administrator (an administrator credential with the fleet scope; Basic auth in a browser).
 */
export function registerFleetRoutes(_app: FastifyInstance, router: PlatformRouter, options: FleetRouteOptions): FleetHealth {
  const health = new FleetHealth(options.store.db, {
    silentAfterMs: 5 * 60_000,
    backlogWarning: 500,
    diskLowFraction: 0.05,
    now: () => options.clock.nowMs(),
    ...options.health,
  });

  router.serve('heartbeat', async ({ principal, body }) => {
    await health.record(principal.terminalId, body);
    return { ok: true };
  });

  router.serve('adminFleet', async () => ({ terminals: await health.view(await options.store.activeTerminals()) }));

  router.serve('fleetPage', async ({ reply }) => {
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'");
    return renderFleetPage(await health.view(await options.store.activeTerminals()), options.clock.now(), 5);
  });
  return health;
}

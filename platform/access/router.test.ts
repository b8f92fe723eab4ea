import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../contract/clock.js';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { PlatformStore } from '../platform-store.js';
import { AdminAuthority } from './admin-auth.js';
import { AuditLog } from './audit-log.js';
import { PlatformRouter } from './router.js';
import { TerminalRegistry } from './terminal-registry.js';

async function router() {
  const app = Fastify();
  const store = new PlatformStore(await openPlatformDatabase(await freshDatabaseUrl()));
  const auth = {
    terminals: new TerminalRegistry(store, systemClock),
    admins: new AdminAuthority('a-long-enough-admin-token', store.db, systemClock),
    audit: new AuditLog(store.db, systemClock),
  };
  return { app, router: new PlatformRouter(app, auth), close: () => store.close() };
}

describe('the platform router', () => {
  it('refuses to register a route the table does not declare, or a declared one twice', async () => {
    const { app, router: r, close } = await router();
    expect(() => app.get('/v1/debug/dump', async () => ({}))).toThrow(/not declared in contract\/platform-api/);
    expect(() => app.post('/health', async () => ({}))).toThrow(/not declared/);
    r.serve('health', () => ({ status: 'ok' }));
    expect(() => r.serve('health', () => ({ status: 'ok' }))).toThrow(/served twice/);
    await close();
  });

  it('refuses to start with a declared route nobody serves', async () => {
    const { router: r, close } = await router();
    r.serve('health', () => ({ status: 'ok' }));
    expect(() => r.assertComplete()).toThrow(/declared but not served: .*status/);
    await close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { startTestHost, type TestHost } from '../../test/helpers/test-host.js';
import { startPlatform, type RunningPlatform } from '../server.js';

const SECRET = 'fleet-test-admin-secret-0123456789';
const INTERVAL_S = 1;

describe('fleet health page', () => {
  let platform: RunningPlatform;
  let test: TestHost;
  const page = async (password = SECRET) => {
    const response = await fetch(new URL('/fleet', platform.url), {
      headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` },
    });
    return { status: response.status, html: await response.text() };
  };

  const fleetJson = async () => {
    const response = await fetch(new URL('/v1/admin/fleet', platform.url), { headers: { authorization: `Bearer ${SECRET}` } });
    const body = (await response.json()) as { terminals: { terminalId: string; heartbeat: { sentAt: string } | null }[] };
    return body.terminals.find((t) => t.terminalId === 'kiosk-07') ?? { heartbeat: null };
  };

  beforeAll(async () => {
    platform = await startPlatform({
      version: 't',
      databaseUrl: await freshDatabaseUrl(),
      adminToken: SECRET,
      fleet: { silentAfterMs: 3 * INTERVAL_S * 1000 },
    });
    test = await startTestHost('headless', { platformUrl: platform.url, sync: { heartbeatSeconds: INTERVAL_S, pollIntervalMs: 500 } }, platform.app);
  });
  afterAll(async () => {
    await test?.host.stop().catch(() => undefined);
    await platform?.close();
  });

  it('is closed to anyone without the admin secret', async () => {
    expect((await page('wrong')).status).toBe(401);
    expect((await fetch(new URL('/fleet', platform.url))).status).toBe(401);
  });

  it('lists a reporting terminal as healthy, then shows its printer running out of paper within a heartbeat', async () => {
    await expect.poll(async () => (await page()).html, { timeout: 10_000 }).toMatch(/data-terminal="kiosk-07"[\s\S]*?<span class="ok">OK<\/span>/);
    const faultAt = new Date().toISOString();
    test.devices.get('printer')!.tracker.set('fault', 'paper out: load a new roll');
    // The first heartbeat sent after the fault already carries it: the page is never more than one interval behind.
    await expect.poll(async () => (await fleetJson()).heartbeat?.sentAt ?? '', { timeout: 10_000 }).toSatisfy((sentAt: string) => sentAt > faultAt);
    const html = (await page()).html;
    expect(html).toContain('printer printer: paper out: load a new roll');
    expect(html).toMatch(/class="critical" data-alert="device-fault"/);
  });

  it('flags a terminal that goes silent', async () => {
    await test.host.stop();
    await expect.poll(async () => (await page()).html, { timeout: 10_000 }).toMatch(/data-alert="silent">silent for \d+ min/);
  });
});

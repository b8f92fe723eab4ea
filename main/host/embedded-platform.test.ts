// The embedded platform needs no setup: the host keeps its own terminal's record and enrols it, on
// the first start, on every restart, and again when the platform's data is gone but the store is not.
// The platform runs in a process of its own, which the host starts again if it dies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../../drivers/registry.js';
import type { EmbeddedPlatform } from './embedded-platform.js';
import { parseConfig } from './config-loader.js';
import { Host } from './host.js';
import { createLogger } from './logging.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hall-embedded-'));
const config = parseConfig(
  {
    hallId: 'test-hall',
    terminalId: 'counter-07',
    role: 'counter',
    platformUrl: 'embedded',
    phonePages: { address: 'off' },
    languages: ['zh-CN'],
    defaultLanguage: 'zh-CN',
    devices: [],
    queue: { counterId: 'counter-2' },
    sync: { pollIntervalMs: 500 },
  },
  'test',
);

async function startedHost(): Promise<Host> {
  const host = new Host({ config, shell: 'headless', dataDir, version: '9.9.9-test', log: createLogger({}), registry: new DriverRegistry() });
  await host.start();
  await expect.poll(async () => (await host.handlers['sync.state']({})).connectivity, { timeout: 60_000 }).toBe('online');
  return host;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded platform', () => {
  it('enrols its own terminal with the role and counter of the configuration, keeps it across restarts, and enrols again when its data is lost', async () => {
    let host = await startedHost();
    const record = () => (host as unknown as { platform: EmbeddedPlatform }).platform.terminal('counter-07');
    expect(await record()).toMatchObject({ role: 'counter', hallId: 'test-hall', counterId: 'counter-2', status: 'active' });
    const enrolledAt = (await record())?.enrolledAt;
    await host.stop();

    host = await startedHost();
    expect((await record())?.enrolledAt).toBe(enrolledAt);
    await host.stop();

    rmSync(join(dataDir, 'platform'), { recursive: true, force: true });
    host = await startedHost();
    expect(await record()).toMatchObject({ status: 'active' });
    await host.stop();
  }, 240_000);

  it('runs the platform in a process of its own and starts it again when it dies', async () => {
    const host = await startedHost();
    const platform = (host as unknown as { platform: EmbeddedPlatform }).platform;
    expect(platform.pid).toBeDefined();
    expect(platform.pid).not.toBe(process.pid);
    const first = platform.pid!;
    process.kill(first, 'SIGKILL');
    await expect.poll(() => platform.pid !== first && platform.url !== '', { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => (await platform.terminal('counter-07').catch(() => undefined))?.status, { timeout: 60_000 }).toBe('active');
    await host.stop();
  }, 180_000);
});

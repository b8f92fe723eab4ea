// The one-time enrolment code leaves the terminal's configuration once it is spent: a copied
// terminal.json or a stolen disk does not carry it, and the rest of the file stays as it was written.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { platformContext, startPlatform, type RunningPlatform } from '../../platform/server.js';
import { loadConfig } from './config-loader.js';
import { Host } from './host.js';
import { createLogger } from './logging.js';

let platform: RunningPlatform | undefined;
let host: Host | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await host?.stop();
  await platform?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the enrolment code', () => {
  it('is removed from the configuration file once the terminal has enrolled with it, and nothing else changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-enrol-'));
    dirs.push(dir);
    platform = await startPlatform({
      version: 't',
      dataDir: join(dir, 'platform'),
      databaseUrl: await freshDatabaseUrl(),
      adminToken: 'admin-token-for-this-test-0123456789',
    });
    const { enrolmentCode } = await platformContext(platform.app).terminals.add({ terminalId: 'kiosk-31', role: 'kiosk', hallId: 'hall-a' });
    const configPath = join(dir, 'terminal.json');
    const written = {
      hallId: 'hall-a',
      terminalId: 'kiosk-31',
      role: 'kiosk',
      platformUrl: platform.url,
      languages: ['zh-CN'],
      defaultLanguage: 'zh-CN',
      devices: [],
      sync: { enrolmentCode, pollIntervalMs: 700 },
    };
    writeFileSync(configPath, JSON.stringify(written));

    host = new Host({
      config: await loadConfig(configPath),
      configPath,
      shell: 'headless',
      dataDir: join(dir, 'terminal'),
      version: '9.9.9-test',
      log: createLogger({}),
    });
    await host.start();

    await vi.waitFor(() => expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({ ...written, sync: { pollIntervalMs: 700 } }), {
      timeout: 20_000,
      interval: 50,
    });
    expect(readFileSync(configPath, 'utf8')).not.toContain(enrolmentCode);
    expect(statSync(configPath).mode & 0o077).toBe(0);
    expect(host.config.sync.enrolmentCode).toBeUndefined();
    expect((await platformContext(platform.app).terminals.get('kiosk-31'))?.status).toBe('active');
  });
});

import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DriverRegistry } from '../../../../drivers/registry.js';
import { parseConfig } from '../../config-loader.js';
import { DeviceManager } from '../../device-manager.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { AdminFeature, redactedConfig } from './admin-feature.js';
import { hashPin } from './admin-pin.js';
import { AdminMaintenance, restoreSecrets } from './admin-maintenance.js';

const current = parseConfig(
  {
    hallId: 'h',
    terminalId: 'kiosk-01',
    role: 'kiosk',
    platformUrl: 'https://platform.example.gov.cn',
    languages: ['zh-CN'],
    defaultLanguage: 'zh-CN',
    devices: [{ id: 'printer', kind: 'printer', transport: { type: 'simulated' } }],
    sync: { enrolmentCode: 'ABCD-EFGH-JKLM-NPQR' },
    admin: { pinHash: hashPin('2468') },
  },
  'test',
);

function setup() {
  const bus = new HostEventBus();
  const log = createLogger({});
  const admin = new AdminFeature({
    config: current,
    pinHash: current.admin.pinHash!,
    dataDir: mkdtempSync(join(tmpdir(), 'admin-')),
    bus,
    log,
    diagnostics: vi.fn(),
  });
  const configPath = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'terminal.json');
  const restart = vi.fn();
  const maintenance = new AdminMaintenance({
    admin,
    devices: new DeviceManager([], new DriverRegistry(), bus, log),
    current,
    configPath,
    restart,
    log,
    listSerialPorts: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }],
  });
  return { admin, maintenance: maintenance.handlers, configPath, restart };
}

describe('admin maintenance', () => {
  it('refuses everything without an admin session', async () => {
    const { maintenance } = setup();
    await expect(maintenance['admin.serialPorts']({})).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(maintenance['admin.saveConfig']({ config: {}, dryRun: true })).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(maintenance['admin.restart']({})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('names each bad field and saves nothing when the configuration is invalid', async () => {
    const { admin, maintenance, configPath } = setup();
    await admin.handlers['admin.unlock']({ pin: '2468' });
    const edited = { ...redactedConfig(current), role: 'robot', devices: [{ id: 'p', kind: 'printer', transport: { type: 'serial' } }] };
    const result = await maintenance['admin.saveConfig']({ config: edited, dryRun: false });
    expect(result.valid).toBe(false);
    expect(result.saved).toBe(false);
    expect(result.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^role: /), expect.stringMatching(/^devices\.0\.transport\.path: /)]));
    expect(existsSync(configPath)).toBe(false);
  });

  it('saves a valid edit (0600), keeping the secrets the administrator only saw as placeholders', async () => {
    const { admin, maintenance, configPath } = setup();
    await admin.handlers['admin.unlock']({ pin: '2468' });
    const edited = { ...redactedConfig(current), terminalId: 'kiosk-02' };
    expect(await maintenance['admin.saveConfig']({ config: edited, dryRun: true })).toEqual({ valid: true, problems: [], saved: false });
    expect(existsSync(configPath)).toBe(false);
    const saved = await maintenance['admin.saveConfig']({ config: edited, dryRun: false });
    expect(saved).toMatchObject({ valid: true, saved: true, path: configPath });
    const onDisk = JSON.parse(readFileSync(configPath, 'utf8'));
    expect(onDisk.terminalId).toBe('kiosk-02');
    expect(onDisk.sync.enrolmentCode).toBe('ABCD-EFGH-JKLM-NPQR');
    expect(onDisk.admin.pinHash).toBe(current.admin.pinHash);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
  });

  it('drops a generated-PIN placeholder instead of saving it as a hash', () => {
    const restored = restoreSecrets({ admin: { pinHash: '[generated]' }, sync: {} }, current) as { admin: Record<string, unknown> };
    expect(restored.admin).toEqual({});
  });

  it('lists serial ports and restarts after answering', async () => {
    vi.useFakeTimers();
    try {
      const { admin, maintenance, restart } = setup();
      await admin.handlers['admin.unlock']({ pin: '2468' });
      expect(await maintenance['admin.serialPorts']({})).toEqual([{ path: '/dev/ttyUSB0', manufacturer: 'FTDI' }]);
      expect(await maintenance['admin.restart']({})).toEqual({ restarting: true });
      expect(restart).not.toHaveBeenCalled();
      vi.advanceTimersByTime(100);
      expect(restart).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a test read on something that is not an ID-card reader', async () => {
    const { admin, maintenance } = setup();
    await admin.handlers['admin.unlock']({ pin: '2468' });
    await expect(maintenance['admin.testRead']({ deviceId: 'nope' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});

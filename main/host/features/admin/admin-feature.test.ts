import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../config-loader.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { AdminFeature } from './admin-feature.js';
import { generatedPinHash, hashPin, verifyPin } from './admin-pin.js';
import { clockFrom } from '../../../../contract/clock.js';

const config = parseConfig(
  {
    hallId: 'h',
    terminalId: 'kiosk-01',
    role: 'kiosk',
    platformUrl: 'embedded',
    phonePages: { address: 'off' },
    languages: ['zh-CN'],
    defaultLanguage: 'zh-CN',
    devices: [],
    sync: { enrolmentCode: 'ABCD-EFGH-JKLM-NPQR' },
    admin: { pinHash: hashPin('246810'), maxAttempts: 3, lockoutMinutes: 5, idleMinutes: 5 },
  },
  'test',
);

function admin(now: { t: number }, dataDir = mkdtempSync(join(tmpdir(), 'admin-'))) {
  const bus = new HostEventBus();
  const published: unknown[] = [];
  bus.subscribe((event, payload) => event === 'admin.state' && published.push(payload));
  const feature = new AdminFeature({
    config,
    pinHash: config.admin.pinHash!,
    dataDir,
    bus,
    log: createLogger({}),
    diagnostics: async () => ({
      version: '1',
      shell: 'headless',
      devices: [],
      sync: { connectivity: 'online', pendingCount: 0, lastSyncAt: null },
      parked: [],
    }),
    clock: clockFrom(() => now.t),
  });
  return { feature, published };
}

describe('admin mode', () => {
  it('opens with the right PIN and shows diagnostics without any secret', async () => {
    const { feature } = admin({ t: 1_000_000 });
    await expect(feature.handlers['admin.diagnostics']({})).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await feature.handlers['admin.unlock']({ pin: '246810' })).unlocked).toBe(true);
    const diagnostics = await feature.handlers['admin.diagnostics']({});
    const text = JSON.stringify(diagnostics);
    expect(text).not.toContain('a-very-secret-enrolment-value');
    expect(text).not.toContain(config.admin.pinHash!);
    expect(diagnostics.config).toMatchObject({ terminalId: 'kiosk-01', sync: { enrolmentCode: '[set]' }, admin: { pinHash: '[set]' } });
  });

  it('admin mode warns of a plain-http platform on the LAN allowed by allowInsecureLan, and not otherwise', async () => {
    const { feature } = admin({ t: 0 });
    await feature.handlers['admin.unlock']({ pin: '246810' });
    expect((await feature.handlers['admin.diagnostics']({})).warnings).toEqual([]);
    const insecure = parseConfig({ ...config, platformUrl: 'http://192.168.1.20:4000', allowInsecureLan: true }, 'test');
    const lan = new AdminFeature({
      config: insecure,
      pinHash: config.admin.pinHash!,
      dataDir: mkdtempSync(join(tmpdir(), 'admin-')),
      bus: new HostEventBus(),
      log: createLogger({}),
      diagnostics: async () => ({
        version: '1',
        shell: 'headless',
        devices: [],
        sync: { connectivity: 'online', pendingCount: 0, lastSyncAt: null },
        parked: [],
      }),
      clock: clockFrom(() => 0),
    });
    await lan.handlers['admin.unlock']({ pin: '246810' });
    expect((await lan.handlers['admin.diagnostics']({})).warnings).toEqual(['insecure-lan']);
  });

  it('locks for a while after three wrong PINs, refusing even the right one, then counts afresh', async () => {
    const now = { t: 1_000_000 };
    const { feature, published } = admin(now);
    await expect(feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('2 attempt(s) left');
    await expect(feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('1 attempt(s) left');
    await expect(feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('locked for 5 minutes');
    expect(feature.state()).toMatchObject({ unlocked: false, attemptsLeft: 0, lockedUntil: new Date(1_000_000 + 300_000).toISOString() });
    await expect(feature.handlers['admin.unlock']({ pin: '246810' })).rejects.toThrow(/locked until/);
    now.t += 300_000;
    expect(feature.state()).toMatchObject({ attemptsLeft: 3 });
    expect((await feature.handlers['admin.unlock']({ pin: '246810' })).unlocked).toBe(true);
    expect(published.length).toBeGreaterThanOrEqual(4);
  });

  it('the admin PIN lockout survives a restart: neither the lock nor the count of wrong PINs resets', async () => {
    const now = { t: 1_000_000 };
    const dataDir = mkdtempSync(join(tmpdir(), 'admin-'));
    await expect(admin(now, dataDir).feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('2 attempt(s) left');
    // Each try on a fresh instance, as if the host restarted between them.
    await expect(admin(now, dataDir).feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('1 attempt(s) left');
    await expect(admin(now, dataDir).feature.handlers['admin.unlock']({ pin: '111111' })).rejects.toThrow('locked for 5 minutes');
    const restarted = admin(now, dataDir).feature;
    expect(restarted.state()).toMatchObject({ unlocked: false, attemptsLeft: 0, lockedUntil: new Date(1_000_000 + 300_000).toISOString() });
    await expect(restarted.handlers['admin.unlock']({ pin: '246810' })).rejects.toThrow(/locked until/);
    expect(statSync(join(dataDir, 'admin-lockout.json')).mode & 0o777).toBe(0o600);
    now.t += 300_000;
    expect((await admin(now, dataDir).feature.handlers['admin.unlock']({ pin: '246810' })).unlocked).toBe(true);
    // A right PIN clears the count for the next start too.
    expect(admin(now, dataDir).feature.state()).toMatchObject({ attemptsLeft: 3 });
  });

  it('a corrupt lockout file is logged and counted afresh, not a crash', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'admin-'));
    writeFileSync(join(dataDir, 'admin-lockout.json'), '{not json', { mode: 0o600 });
    expect(admin({ t: 0 }, dataDir).feature.state()).toMatchObject({ attemptsLeft: 3 });
  });

  it('closes by itself after the idle time, and each use keeps it open', async () => {
    const now = { t: 0 };
    const { feature } = admin(now);
    await feature.handlers['admin.unlock']({ pin: '246810' });
    now.t += 4 * 60_000;
    await feature.handlers['admin.logs']({ lines: 10 });
    now.t += 4 * 60_000;
    expect(feature.state().unlocked).toBe(true);
    now.t += 60_001;
    expect(feature.state().unlocked).toBe(false);
    await expect(feature.handlers['admin.logs']({ lines: 10 })).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('never logs the PIN', async () => {
    const lines: string[] = [];
    const log = createLogger({ destination: { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream });
    const feature = new AdminFeature({
      config,
      pinHash: config.admin.pinHash!,
      dataDir: mkdtempSync(join(tmpdir(), 'admin-')),
      bus: new HostEventBus(),
      log,
      diagnostics: vi.fn(),
    });
    await feature.handlers['admin.unlock']({ pin: '987654' }).catch(() => undefined);
    await feature.handlers['admin.unlock']({ pin: '246810' });
    await new Promise((r) => setTimeout(r, 20));
    expect(lines.join('')).toContain('wrong admin PIN');
    expect(lines.join('')).not.toMatch(/987654|246810/);
  });
});

describe('admin PIN', () => {
  it('verifies only the PIN it was made from', () => {
    const hash = hashPin('1234');
    expect(verifyPin('1234', hash)).toBe(true);
    expect(verifyPin('1235', hash)).toBe(false);
    expect(verifyPin('1234', 'plain$x$y')).toBe(false);
  });

  it('generates a 6-digit PIN in a 0600 file once, and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pin-')), 'admin-pin');
    const first = generatedPinHash(file);
    expect(first.created).toBe(true);
    const pin = readFileSync(file, 'utf8').trim();
    expect(pin).toMatch(/^\d{6}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = generatedPinHash(file);
    expect(second.created).toBe(false);
    expect(verifyPin(pin, second.pinHash)).toBe(true);
  });
});

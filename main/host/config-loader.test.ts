import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
const write = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const valid = {
  hallId: 'xihu-hall',
  terminalId: 'kiosk-02',
  role: 'kiosk',
  platformUrl: 'https://platform.example.gov.cn',
  languages: ['zh-CN', 'en'],
  defaultLanguage: 'zh-CN',
  devices: [{ id: 'reader', kind: 'idcard-reader', transport: { type: 'serial', path: '/dev/ttyUSB0' } }],
};

async function problemsOf(value: unknown): Promise<string[]> {
  try {
    await loadConfig(write(`c${Math.random()}.json`, value));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('config was accepted');
}

describe('terminal configuration', () => {
  it('runs a whole simulated hall with an embedded platform when there is no file', async () => {
    const config = await loadConfig(undefined);
    expect(config.platformUrl).toBe('embedded');
    expect(config.role).toBe('kiosk');
    expect(config.devices.map((d) => [d.kind, d.transport.type])).toEqual([
      ['idcard-reader', 'simulated'],
      ['scanner', 'simulated'],
      ['printer', 'simulated'],
    ]);
  });

  it('accepts a valid file and fills defaults', async () => {
    const config = await loadConfig(write('ok.json', valid));
    expect(config.devices[0]).toEqual({
      id: 'reader',
      kind: 'idcard-reader',
      transport: { type: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 },
      options: {},
    });
  });

  it('names each bad field', async () => {
    expect(await problemsOf({ ...valid, role: 'robot' })).toEqual([expect.stringMatching(/^role: /)]);
    expect(await problemsOf({ ...valid, platformUrl: 'ftp://x' })).toEqual([expect.stringMatching(/^platformUrl: /)]);
    expect(await problemsOf({ ...valid, defaultLanguage: 'en', languages: ['zh-CN'] })).toEqual(['defaultLanguage: must be one of languages (zh-CN)']);
    expect(await problemsOf({ ...valid, devices: [{ id: 'p', kind: 'printer', transport: { type: 'serial' } }] })).toEqual([
      expect.stringMatching(/^devices\.0\.transport\.path: /),
    ]);
    expect(await problemsOf({ ...valid, devices: [valid.devices[0], valid.devices[0]] })).toEqual(['devices.1.id: duplicate device id "reader"']);
    expect(await problemsOf({ ...valid, colour: 'red' })).toEqual([expect.stringContaining('colour')]);
  });

  it('explains an unreadable or non-JSON file', async () => {
    await expect(loadConfig(join(dir, 'missing.json'))).rejects.toThrow(/cannot read file: ENOENT/);
    await expect(loadConfig(write('bad.json', '{ nope'))).rejects.toThrow(/not valid JSON/);
  });
});

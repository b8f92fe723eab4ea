// The real headless host in its own process, started from a shell whose umask lets everyone read
// (022): every folder and file it makes in its data folder — store, WAL, log, keys, the embedded
// platform's database — is its user's alone, and a folder or file an older version left open is
// tightened at start.
import { chmodSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TerminalConfigInput } from '../../contract/config.js';
import { startHall, startHallWithDataDir, type RunningHall } from '../../test/helpers/start-hall.js';

const config: TerminalConfigInput = {
  hallId: 'demo-hall',
  terminalId: 'kiosk-modes',
  role: 'kiosk',
  platformUrl: 'embedded',
  phonePages: { address: 'off' },
  languages: ['zh-CN'],
  defaultLanguage: 'zh-CN',
  devices: [],
};

/** Every entry under the folder that group or others may read, write or enter. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  if ((statSync(root).mode & 0o077) !== 0) found.push('.');
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isSymbolicLink()) continue;
    if ((statSync(path).mode & 0o077) !== 0) found.push(`${relative(root, path)} ${(statSync(path).mode & 0o777).toString(8)}`);
  }
  return found;
}

const mode = (path: string) => statSync(path).mode & 0o777;
const running: RunningHall[] = [];
afterAll(async () => {
  for (const hall of running) await hall.stop();
});

describe('data folder modes', () => {
  it('under umask 022, every folder the headless host makes is 0700 and every file 0600 (terminal.db, WAL, host.log, keys, platform files)', async () => {
    const previous = process.umask(0o022);
    let hall: RunningHall;
    try {
      hall = await startHall(config);
    } finally {
      process.umask(previous);
    }
    running.push(hall);
    const dataDir = hall.dataDir;
    expect(mode(dataDir)).toBe(0o700);
    // The files the issue names exist and are 0600.
    const files = readdirSync(dataDir, { recursive: true }).map(String);
    for (const name of ['terminal.db', 'terminal.db-wal', 'host.log']) {
      const path = files.find((file) => file.endsWith(`/${name}`) || file === name);
      expect(path, name).toBeDefined();
      expect(mode(join(dataDir, path!)), name).toBe(0o600);
    }
    expect(files.some((file) => file.endsWith('.key'))).toBe(true);
    expect(files.some((file) => file.startsWith('platform/'))).toBe(true);
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('a data folder an older version left 0755 with a 0644 store and log is tightened at start', async () => {
    const first = await startHall(config);
    await first.stop();
    const dataDir = first.dataDir;
    const db = readdirSync(dataDir, { recursive: true })
      .map(String)
      .find((file) => file.endsWith('terminal.db'))!;
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, db), 0o644);
    chmodSync(join(dataDir, 'logs', 'host.log'), 0o644);
    chmodSync(join(dataDir, 'logs'), 0o755);
    // startHall makes a fresh folder, so restart by hand on the same one.
    const again = await startHallWithDataDir(dataDir, config);
    running.push(again);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, db))).toBe(0o600);
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    expect(mode(join(dataDir, 'logs', 'host.log'))).toBe(0o600);
  });
});

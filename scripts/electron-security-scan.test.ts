import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const scan = (input: string) => spawnSync(process.execPath, ['scripts/electron-security-scan.mjs', '--input', input], { encoding: 'utf8' });

describe('Electron security scan gate', () => {
  it('passes the shell as it is', () => {
    const result = scan('main/electron');
    expect(result.stdout).toContain('0 high/medium finding(s)');
    expect(result.status).toBe(0);
  }, 60_000);

  it('fails a window that turns off isolation and sandboxing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-electron-'));
    writeFileSync(
      join(dir, 'main.js'),
      "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    const result = scan(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('FAIL  CONTEXT_ISOLATION_JS_CHECK');
  }, 60_000);
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AUTOSTART_DESKTOP_NAME, ensureAutostart } from './autostart.js';

describe('autostart on boot', () => {
  it('writes an XDG autostart entry on Linux pointing at the AppImage, once', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'xdg-'));
    const app = { setLoginItemSettings: vi.fn() };
    const exec = '/opt/Hall Terminal/hall-terminal.AppImage';
    expect(await ensureAutostart(app, { platform: 'linux', exec, configHome })).toBe('written');
    const entry = readFileSync(join(configHome, 'autostart', AUTOSTART_DESKTOP_NAME), 'utf8');
    expect(entry).toContain('[Desktop Entry]');
    expect(entry).toContain(`Exec="${exec}"`);
    expect(await ensureAutostart(app, { platform: 'linux', exec, configHome })).toBe('unchanged');
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('uses the login item on Windows', async () => {
    const app = { setLoginItemSettings: vi.fn() };
    expect(await ensureAutostart(app, { platform: 'win32', exec: 'C:\\x.exe' })).toBe('login-item');
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
  });
});

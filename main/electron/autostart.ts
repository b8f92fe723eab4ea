import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';

export const AUTOSTART_DESKTOP_NAME = 'hall-terminal.desktop';

export function autostartDesktopEntry(exec: string): string {
  // Exec is quoted per the desktop-entry spec so a path with spaces still starts.
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Hall Terminal',
    `Exec="${exec.replace(/(["`$\\])/g, '\\$1')}"`,
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=true',
    '',
  ].join('\n');
}

/**
 * Starts the terminal when the kiosk's user session starts. Windows and macOS have login items;
 * on Linux an XDG autostart entry points at the AppImage (or the installed binary).
 */
export async function ensureAutostart(
  app: Pick<App, 'setLoginItemSettings'>,
  options: { platform: NodeJS.Platform; exec: string; configHome?: string },
): Promise<'login-item' | 'written' | 'unchanged'> {
  if (options.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: true });
    return 'login-item';
  }
  const dir = join(options.configHome ?? process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart');
  const path = join(dir, AUTOSTART_DESKTOP_NAME);
  const entry = autostartDesktopEntry(options.exec);
  if ((await readFile(path, 'utf8').catch(() => '')) === entry) return 'unchanged';
  await mkdir(dir, { recursive: true });
  await writeFile(path, entry, { mode: 0o644 });
  return 'written';
}

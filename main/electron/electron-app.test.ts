import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, fake, ipcRenderer, powerSaveBlocker, protocol, screen } from '../../test/fakes/electron.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { HallHostBridge } from '../../contract/host-api.js';
import { APP_ORIGIN } from './app-protocol.js';
import { runElectronApp } from './electron-app.js';

describe('Electron shell start-up (fake electron)', () => {
  const userData = mkdtempSync(join(tmpdir(), 'hall-electron-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'hall-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(
    join(userData, 'terminal.json'),
    JSON.stringify({ hallId: 'h1', terminalId: 'counter-03', role: 'counter', platformUrl: 'embedded', languages: ['zh-CN'], defaultLanguage: 'zh-CN', devices: [] }),
  );
  app.userData = userData;
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => stop?.());

  it('starts the host, registers app://, and opens one hardened window speaking the host API', async () => {
    // The counter has a second screen facing the citizen.
    screen.displays = [...screen.displays, { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } }];
    const windowsBefore = BrowserWindow.windows.length;
    const started = runElectronApp({ rendererDir, preloadPath: '/x/preload.cjs' });
    app.becomeReady();
    const result = await started;
    if (!result) throw new Error('app did not start');
    stop = () => result.host.stop();

    expect(protocol.privileged).toContainEqual(expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }));
    expect(protocol.handlers.has('app')).toBe(true);
    const [win, evaluation] = BrowserWindow.windows.slice(windowsBefore);
    if (!win || !evaluation) throw new Error('expected the main window and the evaluation window');
    expect(evaluation.webContents.mainFrame.url).toBe(`${APP_ORIGIN}/index.html?view=evaluate`);
    // A counter clerk's terminal is a normal window, not a locked kiosk.
    expect(win.options.kiosk).toBe(false);
    expect(win.webContents.mainFrame.url).toBe(`${APP_ORIGIN}/index.html`);
    expect([...powerSaveBlocker.active.values()]).toContain('prevent-display-sleep');

    ipcRenderer.frame = win.webContents.mainFrame;
    delete fake.world.hallHost;
    await import('./preload.js');
    const bridge = fake.world.hallHost as HallHostBridge;
    await expect(bridge.call('terminal.info', {})).resolves.toMatchObject({ ok: true, value: { terminalId: 'counter-03', role: 'counter', shell: 'electron' } });
  });

  it('quits at once when another instance already runs', async () => {
    app.singleInstance = false;
    await expect(runElectronApp({ rendererDir, preloadPath: '/x/preload.cjs' })).resolves.toBeUndefined();
    expect(app.quitCalled).toBe(true);
  });
});

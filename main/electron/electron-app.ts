import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session, type WebContents } from 'electron';
import { ConfigError, loadConfig } from '../host/config-loader.js';
import { deferHostStart } from '../host/deferred-start.js';
import type { Host } from '../host/host.js';
import { createLogger } from '../host/logging.js';
import { ensurePrivateDir, restrictUmask } from '../../offline-store/private-files.js';
import { PRODUCT_VERSION } from '../host/version.js';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { electronGuidePrinter } from './guide-print.js';
import { registerHostApiIpc } from './ipc/host-api-ipc.js';
import { ValidatedIpc } from './ipc/validated-ipc.js';
import { RATING_VIEW, viewProfile } from '../../contract/role-profiles.js';
import { openEvaluationWindow } from './evaluation-window.js';
import { createKioskWindow, hardenSession } from './kiosk-window.js';
import { CrashHistory, crashBackoffSeconds, crashRestartHandler } from './lockdown.js';
import { UpdatePolicy } from '../host/features/updates/update-policy.js';
import { ensureAutostart } from './autostart.js';
import { SafeStorageKeyProvider } from './safe-storage-key.js';
import { systemClock } from '../../contract/clock.js';

export interface ElectronAppPaths {
  /** Built renderer (vite output). */
  rendererDir: string;
  /** Bundled preload script (CommonJS, for the sandbox). */
  preloadPath: string;
}

/**
 * The Electron shell: thin on purpose. It starts the same Host as the headless shell and only
 * adds what Electron alone has: the kiosk window, the preload bridge and validated IPC.
 */
export function runElectronApp(paths: ElectronAppPaths): Promise<{ host: Host; window: BrowserWindow } | undefined> {
  registerAppScheme(protocol);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(undefined);
  }
  let mainWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (mainWindow && !mainWindow.isDestroyed()) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  // Nothing may open new windows or webviews, whatever created the contents.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  return app.whenReady().then(async () => {
    const dataDir = app.getPath('userData');
    // Before the first file is made: everything in the data folder is this user's alone.
    restrictUmask();
    ensurePrivateDir(dataDir);
    const log = createLogger({ dataDir });
    // A crash of the main process restarts the app; repeated crashes wait longer each time.
    const crashes = new CrashHistory(join(dataDir, 'crash-history.json'));
    const startDelaySeconds = crashBackoffSeconds(crashes.read(), systemClock.nowMs());
    process.on('uncaughtException', crashRestartHandler({ relaunch: () => app.relaunch(), exit: (code) => app.exit(code), history: crashes, log }));
    const configPath = process.env.HALL_CONFIG ?? (existsSync(join(dataDir, 'terminal.json')) ? join(dataDir, 'terminal.json') : undefined);
    let config;
    try {
      config = await loadConfig(configPath);
    } catch (error) {
      if (error instanceof ConfigError) log.error({ problems: error.problems, source: error.source }, 'invalid configuration');
      throw error;
    }
    const keyProvider = new SafeStorageKeyProvider(join(dataDir, 'keys', 'store.key.sealed'), join(dataDir, 'keys', 'store.key'), log);
    // The window opens and draws its home while the host's parts start (deferred-start.ts), as the
    // headless shell serves its page first: a kiosk's start waited for the whole host before.
    const deferred = deferHostStart({
      config,
      about: { version: PRODUCT_VERSION, shell: 'electron', clock: systemClock },
      start: async (bus) => {
        // The features' code is most of the host: loaded once the window is on its way.
        const { Host } = await import('../host/host.js');
        const host = new Host({
          config,
          shell: 'electron',
          dataDir,
          version: PRODUCT_VERSION,
          log,
          keyProvider,
          bus,
          // Guides print through Chromium's own print path: a hidden window without scripts.
          guideA4Printer: electronGuidePrinter(
            // A hidden window that only lays out the guide for printing: no script, no Node, no new windows.
            () =>
              new BrowserWindow({
                show: false,
                webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
              }),
            join(dataDir, 'prints'),
          ),
          configPath: process.env.HALL_CONFIG ?? join(dataDir, 'terminal.json'),
          restart: () => {
            app.relaunch();
            app.exit(0);
          },
        });
        await host.start();
        return host;
      },
    });

    handleAppProtocol(protocol, paths.rendererDir);
    hardenSession(session.defaultSession);
    const ipc = new ValidatedIpc(ipcMain, { appOrigin: APP_ORIGIN }, (channel, reason) => log.warn({ channel, reason }, 'IPC refused'));
    const windows = () => BrowserWindow.getAllWindows().map((win) => win.webContents);
    // The citizen-facing rating window is confined by the window itself: whatever page it shows, it may only rate.
    const ratingWindows = new WeakSet<WebContents>();
    // Every other window of ours is the role's own (a public display's is narrower than a kiosk's).
    const operatorWindow = viewProfile(config.role, 'main');
    const unsubscribe = registerHostApiIpc({
      ipc,
      handlers: deferred.handlers,
      bus: deferred.bus,
      log,
      targets: windows,
      profileFor: (contents) => (ratingWindows.has(contents) ? RATING_VIEW : operatorWindow),
    });

    const kiosk = config.role !== 'counter';
    // No application menu: its accelerators (F11 full screen, Ctrl+R reload) would fire under the counter's function keys.
    Menu.setApplicationMenu(null);
    mainWindow = createKioskWindow({ preloadPath: paths.preloadPath, kiosk, log, startDelaySeconds });
    // A counter with a second screen turns it to the citizen for 好差评.
    if (config.role === 'counter') {
      const ratingWindow = openEvaluationWindow({ preloadPath: paths.preloadPath, log });
      if (ratingWindow) ratingWindows.add(ratingWindow.webContents);
    }
    // A hall screen must never go dark while the hall is open.
    const awake = powerSaveBlocker.start('prevent-display-sleep');
    let updates: UpdatePolicy | undefined;
    let quitting = false;
    app.on('window-all-closed', () => app.quit());
    app.once('before-quit', () => {
      quitting = true;
      powerSaveBlocker.stop(awake);
      updates?.stop();
      unsubscribe();
      ipc.dispose();
      // A host whose parts have not begun starting is started, then stopped.
      deferred.begin();
      void deferred.started.then(
        (host) => host.stop(),
        () => undefined,
      );
    });
    // A host that cannot start ends the app (the window's waiting calls fail with it).
    const host = await deferred.started;
    // Packaged terminals start with the session; a developer's `npm start` does not register itself.
    if (app.isPackaged) {
      ensureAutostart(app, { platform: process.platform, exec: process.env.APPIMAGE ?? process.execPath }).catch((error: unknown) =>
        log.warn({ err: error }, 'autostart not set'),
      );
      // Releases come from the hall platform's /updates/ folder; installed only while idle. The
      // updater's package is loaded only here, after the start, and only in a packaged terminal.
      const { createElectronUpdater } = await import('./updater.js');
      // Quitting meanwhile: nothing is left to stop it.
      if (quitting) return { host, window: mainWindow };
      updates = new UpdatePolicy({
        updater: createElectronUpdater(new URL('/updates/', host.platformUrl).toString()),
        isIdle: () => host.operations.activity.isIdle(),
        checkEveryMs: 30 * 60_000,
        idleCheckMs: 60_000,
        log: log.child({ part: 'updates' }),
      });
      updates.start();
    }
    return { host, window: mainWindow };
  });
}

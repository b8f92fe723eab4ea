import { BrowserWindow, type Session, type WebContents } from 'electron';
import { backoffDelay } from '../../contract/async/backoff.js';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { APP_ORIGIN } from './app-protocol.js';
import { isBlockedShortcut } from './lockdown.js';

export const HOME_URL = `${APP_ORIGIN}/index.html`;
export const ONE_MOMENT_URL = `${APP_ORIGIN}/one-moment.html`;

export interface KioskWindowOptions {
  preloadPath: string;
  /** Full-screen kiosk lock; off for a counter clerk's desktop window. */
  kiosk: boolean;
  /** Show the "one moment" page for this long before the UI (after recent crashes). */
  startDelaySeconds?: number;
  log: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/** Only the camera (document capture) may be granted, and only to our own origin. */
export function hardenSession(session: Session): void {
  const ownOrigin = (url: string | undefined) => {
    try {
      return url !== undefined && new URL(url).origin === new URL(APP_ORIGIN).origin;
    } catch {
      return false;
    }
  };
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(permission === 'media' && ownOrigin(details.requestingUrl) && mediaTypes.every((type) => type === 'video'));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'media' && ownOrigin(requestingOrigin));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
}

/**
 * What every window of ours gets: no navigation away from the app, no new windows or webviews,
 * no pinch or keyboard zoom, no context menu.
 */
export function confineContents(contents: WebContents, log: { warn(obj: object, msg?: string): void }): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) {
      event.preventDefault();
      log.warn({ url: new URL(url).origin }, 'navigation refused');
    }
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void contents.setVisualZoomLevelLimits(1, 1);
  contents.on('context-menu', (event) => event.preventDefault());
}

/** The sandboxed window that shows the UI; it cannot navigate away or open others. */
export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#f3f6fa',
    // Written out here, not built elsewhere, so a reader and the security scanner see every setting
    // (the evaluation window repeats them for the same reason).
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = win.webContents;
  confineContents(contents, options.log);
  if (options.kiosk) contents.on('before-input-event', (event, input) => isBlockedShortcut(input) && event.preventDefault());

  // A crashed renderer must never leave a citizen facing a blank screen: a friendly page at once,
  // then the UI again, waiting longer after repeated crashes.
  let crashes = 0;
  contents.on('render-process-gone', (_event, details) => {
    crashes += 1;
    const delay = backoffDelay(crashes, { initialMs: 1000, maxMs: 30_000 });
    options.log.error({ reason: details.reason, exitCode: details.exitCode, crashes, delay }, 'renderer gone; reloading');
    if (win.isDestroyed()) return;
    void win.loadURL(ONE_MOMENT_URL);
    setTimeout(() => {
      if (!win.isDestroyed()) void win.loadURL(HOME_URL);
    }, delay);
  });
  win.once('ready-to-show', () => win.show());
  const delay = (options.startDelaySeconds ?? 0) * 1000;
  if (delay > 0) {
    void win.loadURL(ONE_MOMENT_URL);
    setTimeout(() => !win.isDestroyed() && void win.loadURL(HOME_URL), delay);
  } else void win.loadURL(HOME_URL);
  return win;
}

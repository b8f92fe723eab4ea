import { BrowserWindow, screen } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';
import { confineContents } from './kiosk-window.js';

/** The page a citizen rates the service on (好差评), facing them at the counter. */
export const EVALUATION_URL = `${APP_ORIGIN}/index.html?view=evaluate`;

/**
 * On a counter terminal with a second display, the customer-facing rating window fills it. Same
 * hardening as the main window: sandboxed, isolated, one preload bridge, confined like it.
 */
export function openEvaluationWindow(options: { preloadPath: string; log: { warn(obj: object, msg?: string): void } }): BrowserWindow | undefined {
  const primary = screen.getPrimaryDisplay();
  const external = screen.getAllDisplays().find((display) => display.id !== primary.id);
  if (!external) return undefined;
  const win = new BrowserWindow({
    x: external.bounds.x,
    y: external.bounds.y,
    width: external.bounds.width,
    height: external.bounds.height,
    fullscreen: true,
    frame: false,
    show: false,
    backgroundColor: '#f3f6fa',
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
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const contents = win.webContents;
  confineContents(contents, options.log);
  // A crashed rating page comes back by itself; the counter's own window is not disturbed.
  contents.on('render-process-gone', () => setTimeout(() => !win.isDestroyed() && void win.loadURL(EVALUATION_URL), 2000));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(EVALUATION_URL);
  return win;
}

import { session } from 'electron';
import type { BrowserWindow } from '../../test/fakes/electron.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from './app-protocol.js';
import { createKioskWindow, hardenSession } from './kiosk-window.js';

const log = { warn: vi.fn(), error: vi.fn() };
type FakeWin = InstanceType<typeof BrowserWindow> & { options: { webPreferences: Record<string, unknown>; kiosk: boolean }; shown: boolean; webContents: { emit(e: string, ...a: unknown[]): boolean; windowOpenHandler?: (d: { url: string }) => { action: string }; reloads: number; mainFrame: { url: string } } };

describe('kiosk window', () => {
  let win: FakeWin;
  beforeEach(() => {
    win = createKioskWindow({ preloadPath: '/app/preload.cjs', kiosk: true, log }) as unknown as FakeWin;
  });

  it('runs the renderer sandboxed, isolated and without Node', () => {
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(win.options.kiosk).toBe(true);
  });

  it('loads the UI from the app:// origin, not file://', () => {
    expect(win.webContents.mainFrame.url).toBe(`${APP_ORIGIN}/index.html`);
    expect(win.shown).toBe(true);
  });

  it('refuses navigation away from the app and allows it within', () => {
    const away = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', away, 'https://example.com/phish');
    expect(away.preventDefault).toHaveBeenCalled();
    const fileUrl = { preventDefault: vi.fn() };
    win.webContents.emit('will-redirect', fileUrl, 'file:///etc/passwd');
    expect(fileUrl.preventDefault).toHaveBeenCalled();
    const within = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', within, `${APP_ORIGIN}/index.html`);
    expect(within.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every new window and webview', () => {
    expect(win.webContents.windowOpenHandler?.({ url: `${APP_ORIGIN}/x` })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('reloads after the renderer process dies, backing off on repeats', () => {
    vi.useFakeTimers();
    try {
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      vi.advanceTimersByTime(999);
      expect(win.webContents.reloads).toBe(0);
      vi.advanceTimersByTime(1);
      expect(win.webContents.reloads).toBe(1);
      win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
      vi.advanceTimersByTime(1999);
      expect(win.webContents.reloads).toBe(1);
      vi.advanceTimersByTime(1);
      expect(win.webContents.reloads).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('session hardening', () => {
  const s = session.defaultSession as unknown as {
    permissionRequestHandler: (c: unknown, p: string, cb: (g: boolean) => void, d: Record<string, unknown>) => void;
    permissionCheckHandler: (c: unknown, p: string, o: string) => boolean;
    headersHandler: (d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
  };
  beforeEach(() => hardenSession(session.defaultSession));

  const ask = (permission: string, details: Record<string, unknown>) =>
    new Promise<boolean>((resolve) => s.permissionRequestHandler(undefined, permission, resolve, details));

  it('grants only the camera, only to our own origin', async () => {
    expect(await ask('media', { requestingUrl: `${APP_ORIGIN}/index.html`, mediaTypes: ['video'] })).toBe(true);
    expect(await ask('media', { requestingUrl: `${APP_ORIGIN}/index.html`, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(await ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      expect(await ask(permission, { requestingUrl: `${APP_ORIGIN}/index.html` }), permission).toBe(false);
    }
    expect(s.permissionCheckHandler(undefined, 'media', APP_ORIGIN)).toBe(true);
    expect(s.permissionCheckHandler(undefined, 'geolocation', APP_ORIGIN)).toBe(false);
  });

  it('adds the strict CSP to every response', async () => {
    const headers = await new Promise<Record<string, string[]>>((resolve) => s.headersHandler({ responseHeaders: { 'X-A': ['1'] } }, (r) => resolve(r.responseHeaders)));
    expect(headers['X-A']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

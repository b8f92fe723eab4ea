import { session } from 'electron';
import type { BrowserWindow } from '../../test/fakes/electron.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from './app-protocol.js';
import { createKioskWindow, hardenSession, HOME_URL, ONE_MOMENT_URL } from './kiosk-window.js';

const log = { warn: vi.fn(), error: vi.fn() };
type FakeWin = InstanceType<typeof BrowserWindow>;

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
      disableBlinkFeatures: 'Auxclick',
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

  it('shows "one moment" at once when the renderer dies, then the UI again, backing off on repeats', () => {
    vi.useFakeTimers();
    try {
      win.loads.length = 0;
      win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      expect(win.loads).toEqual([ONE_MOMENT_URL]);
      vi.advanceTimersByTime(999);
      expect(win.loads).toEqual([ONE_MOMENT_URL]);
      vi.advanceTimersByTime(1);
      expect(win.loads).toEqual([ONE_MOMENT_URL, HOME_URL]);
      win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
      vi.advanceTimersByTime(1999);
      expect(win.loads.at(-1)).toBe(ONE_MOMENT_URL);
      vi.advanceTimersByTime(1);
      expect(win.loads.at(-1)).toBe(HOME_URL);
    } finally {
      vi.useRealTimers();
    }
  });

  it('allows no pinch zoom, no context menu and no shortcut out of the kiosk', () => {
    expect(win.webContents.zoomLimits).toEqual([1, 1]);
    const menu = { preventDefault: vi.fn() };
    win.webContents.emit('context-menu', menu);
    expect(menu.preventDefault).toHaveBeenCalled();
    const press = (key: string, mods: Partial<{ control: boolean; alt: boolean; shift: boolean; meta: boolean }> = {}) => {
      const event = { preventDefault: vi.fn() };
      win.webContents.emit('before-input-event', event, { type: 'keyDown', key, control: false, alt: false, shift: false, meta: false, ...mods });
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(press('r', { control: true })).toBe(true);
    expect(press('F12')).toBe(true);
    expect(press('I', { control: true, shift: true })).toBe(true);
    expect(press('w', { control: true })).toBe(true);
    expect(press('=', { control: true })).toBe(true);
    expect(press('ArrowLeft', { alt: true })).toBe(true);
    expect(press('a')).toBe(false);
    expect(press('Enter')).toBe(false);
    expect(press('a', { control: true, alt: true })).toBe(false);
  });

  it('starts on the "one moment" page after recent crashes, then the UI', () => {
    vi.useFakeTimers();
    try {
      const delayed = createKioskWindow({ preloadPath: '/p.cjs', kiosk: true, log, startDelaySeconds: 4 }) as unknown as FakeWin;
      expect(delayed.loads).toEqual([ONE_MOMENT_URL]);
      vi.advanceTimersByTime(4000);
      expect(delayed.loads).toEqual([ONE_MOMENT_URL, HOME_URL]);
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
    const headers = await new Promise<Record<string, string[]>>((resolve) =>
      s.headersHandler({ responseHeaders: { 'X-A': ['1'] } }, (r) => resolve(r.responseHeaders)),
    );
    expect(headers['X-A']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

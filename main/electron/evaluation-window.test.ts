import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '../../test/fakes/electron.js';
import { EVALUATION_URL, openEvaluationWindow } from './evaluation-window.js';

type FakeWin = {
  options: { x: number; y: number; width: number; fullscreen: boolean; webPreferences: Record<string, unknown> };
  loads: string[];
  webContents: { emit(e: string, ...a: unknown[]): boolean; windowOpenHandler?: () => { action: string }; zoomLimits?: number[] };
};

describe('customer-facing evaluation window', () => {
  const single = [...screen.displays];
  afterEach(() => {
    screen.displays = [...single];
  });

  it('opens nothing on a counter with one screen', () => {
    expect(openEvaluationWindow({ preloadPath: '/p.cjs', log: { warn: vi.fn() } })).toBeUndefined();
  });

  it('fills the second screen with the rating page, hardened like the main window', () => {
    screen.displays = [...single, { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } }];
    const win = openEvaluationWindow({ preloadPath: '/p.cjs', log: { warn: vi.fn() } }) as unknown as FakeWin;
    expect(win.options).toMatchObject({ x: 1920, y: 0, width: 1280, fullscreen: true });
    expect(win.options.webPreferences).toMatchObject({ preload: '/p.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(win.loads).toEqual([EVALUATION_URL]);
    expect(win.webContents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    expect(win.webContents.zoomLimits).toEqual([1, 1]);
    const away = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
  });
});

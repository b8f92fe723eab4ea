import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, fake, invokeFromWindow, ipcRenderer, Menu, powerSaveBlocker, protocol, screen } from '../../test/fakes/electron.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE_CHANNEL, type HallHostBridge } from '../../contract/host-api.js';
import { APP_ORIGIN } from './app-protocol.js';
import { runElectronApp } from './electron-app.js';

describe('Electron shell start-up (fake electron)', () => {
  const userData = mkdtempSync(join(tmpdir(), 'hall-electron-'));
  const rendererDir = mkdtempSync(join(tmpdir(), 'hall-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(
    join(userData, 'terminal.json'),
    JSON.stringify({
      hallId: 'h1',
      terminalId: 'counter-03',
      role: 'counter',
      platformUrl: 'embedded',
      phonePages: { address: 'off' },
      languages: ['zh-CN'],
      defaultLanguage: 'zh-CN',
      devices: [],
    }),
  );
  app.userData = userData;
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => stop?.());

  it('starts the host, registers app://, and opens one hardened window speaking the host API', async () => {
    // The counter has a second screen facing the citizen.
    screen.displays = [...screen.displays, { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 800 } }];
    const windowsBefore = BrowserWindow.windows.length;
    const started = runElectronApp({ rendererDir, preloadPath: '/x/preload.cjs' });
    let settled = false;
    void started.finally(() => (settled = true));
    app.becomeReady();
    // The window opens and its home's first question is answered before the host's parts have started.
    while (BrowserWindow.windows.length === windowsBefore) await new Promise((resolve) => setTimeout(resolve, 5));
    const first = BrowserWindow.windows[windowsBefore]!;
    ipcRenderer.frame = first.webContents.mainFrame;
    ipcRenderer.sender = first.webContents;
    delete fake.world.hallHost;
    await import('./preload.js');
    const bridge = fake.world.hallHost as HallHostBridge;
    await expect(bridge.call('terminal.info', {})).resolves.toMatchObject({ ok: true, value: { terminalId: 'counter-03', shell: 'electron' } });
    expect(settled).toBe(false);
    const result = await started;
    if (!result) throw new Error('app did not start');
    stop = () => result.host.stop();

    expect(protocol.privileged).toContainEqual(
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    );
    expect(protocol.handlers.has('app')).toBe(true);
    const [win, evaluation] = BrowserWindow.windows.slice(windowsBefore);
    if (!win || !evaluation) throw new Error('expected the main window and the evaluation window');
    expect(evaluation.webContents.mainFrame.url).toBe(`${APP_ORIGIN}/index.html?view=evaluate`);
    // A counter clerk's terminal is a normal window, not a locked kiosk.
    expect(win.options.kiosk).toBe(false);
    // …without the application menu, whose F11 would fight the desk's function keys.
    expect(Menu.application).toBeNull();
    expect(win.webContents.mainFrame.url).toBe(`${APP_ORIGIN}/index.html`);
    expect([...powerSaveBlocker.active.values()]).toContain('prevent-display-sleep');

    expect(win).toBe(first);
    await expect(bridge.call('terminal.info', {})).resolves.toMatchObject({
      ok: true,
      value: { terminalId: 'counter-03', role: 'counter', shell: 'electron' },
    });
    const clerkInfo = (await bridge.call('terminal.info', {})) as { value: Record<string, unknown> };
    expect(clerkInfo.value.view).toBeUndefined();
    // The clerk's own window is a counter's: it takes packages and calls tickets, it does not make applications or sign in agents.
    for (const method of ['application.start', 'application.submit', 'proxy.signIn', 'queue.checkIn'] as const) {
      await expect(bridge.call(method, {} as never), method).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    const call = (await bridge.call('queue.call', {})) as { ok: boolean; error?: { code: string } };
    expect(call.error?.code).not.toBe('unauthorized');

    // The citizen-facing rating window is confined by the window, whatever page it shows: it may rate and nothing else.
    const fromRatingWindow = (method: string, input: unknown = {}) =>
      invokeFromWindow(evaluation.webContents, evaluation.webContents.mainFrame, IPC_INVOKE_CHANNEL, { method, input }) as Promise<{
        ok: boolean;
        value?: Record<string, unknown>;
        error?: { code: string };
      }>;
    await expect(fromRatingWindow('terminal.info')).resolves.toMatchObject({ ok: true, value: { role: 'counter', view: 'evaluate' } });
    for (const method of [
      'queue.call',
      'queue.finish',
      'counter.open',
      'counter.decide',
      'personalCode.issue',
      'personalCode.revoke',
      'printer.printReceipt',
      'idcard.current',
      'admin.unlock',
      'simulator.idcard.place',
    ]) {
      await expect(fromRatingWindow(method), method).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    // A rating reaches the queue (refused there for an unknown ticket, not by the window).
    const rating = await fromRatingWindow('queue.evaluate', { ticketId: 'no-such-ticket', level: 5 });
    expect(rating.error?.code).not.toBe('unauthorized');
    // Card events never reach it; queue events do.
    const sentToRating = vi.spyOn(evaluation.webContents, 'send');
    (result.host.bus as unknown as { publish(e: string, p: unknown): void }).publish('idcard.removed', { deviceId: 'reader' });
    (result.host.bus as unknown as { publish(e: string, p: unknown): void }).publish('queue.connectivity', { online: false, pendingOffline: 0, leased: {} });
    expect(sentToRating.mock.calls.map(([, message]) => (message as { event: string }).event)).toEqual(['queue.connectivity']);
    sentToRating.mockRestore();
  });

  it('quits at once when another instance already runs', async () => {
    app.singleInstance = false;
    await expect(runElectronApp({ rendererDir, preloadPath: '/x/preload.cjs' })).resolves.toBeUndefined();
    expect(app.quitCalled).toBe(true);
  });
});

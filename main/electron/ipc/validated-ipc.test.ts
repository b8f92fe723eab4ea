import { invokeFromFrame, ipcMain } from '../../../test/fakes/electron.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN } from '../app-protocol.js';
import { isTrustedSender, ValidatedIpc } from './validated-ipc.js';

const mainFrame = { url: `${APP_ORIGIN}/index.html`, parent: null };

describe('validated IPC', () => {
  const rejected = vi.fn();
  const ipc = new ValidatedIpc(ipcMain as never, { appOrigin: APP_ORIGIN }, rejected);
  afterEach(() => ipc.dispose());

  it('answers our own main frame', async () => {
    ipc.handle('hall:echo', async (_e, value) => ({ echoed: value }));
    await expect(invokeFromFrame(mainFrame, 'hall:echo', 'hi')).resolves.toEqual({ echoed: 'hi' });
  });

  it('refuses a subframe, another origin, file:// and a missing frame', async () => {
    ipc.handle('hall:echo', async () => 'secret');
    const senders = [
      { url: `${APP_ORIGIN}/frame.html`, parent: mainFrame },
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///app/index.html', parent: null },
      null,
    ];
    for (const frame of senders) await expect(invokeFromFrame(frame, 'hall:echo')).rejects.toThrow('untrusted sender');
    expect(rejected).toHaveBeenCalledTimes(senders.length);
  });

  it('only registers channels under the hall: prefix, once each', () => {
    expect(() => ipc.handle('other:thing', async () => 1)).toThrow('must start with hall:');
    ipc.handle('hall:once', async () => 1);
    expect(() => ipc.handle('hall:once', async () => 2)).toThrow('registered twice');
  });

  it('unregisters every channel on dispose', () => {
    ipc.handle('hall:a', async () => 1);
    ipc.dispose();
    expect(ipcMain.handlers.has('hall:a')).toBe(false);
  });

  it('treats an unparsable frame URL as untrusted', () => {
    expect(isTrustedSender({ url: 'not a url', parent: null } as never, { appOrigin: APP_ORIGIN })).toBe(false);
  });
});

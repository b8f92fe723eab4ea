import { beforeEach, describe, expect, it, vi } from 'vitest';

const autoUpdater = vi.hoisted(() => ({
  setFeedURL: vi.fn(),
  checkForUpdates: vi.fn(),
  downloadUpdate: vi.fn(async () => []),
  quitAndInstall: vi.fn(),
  autoDownload: true,
  autoInstallOnAppQuit: true,
  logger: {} as unknown,
}));
vi.mock('electron-updater', () => ({ default: { autoUpdater } }));

const { channelFileFor, createElectronUpdater } = await import('./updater.js');

describe('electron-updater adapter', () => {
  beforeEach(() => vi.clearAllMocks());

  it('reads the hall feed with the generic provider and downloads only when told to', () => {
    createElectronUpdater('http://hall-platform.local/updates/');
    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'http://hall-platform.local/updates/' });
    expect(autoUpdater.autoDownload).toBe(false);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
  });

  const signed = { version: '1.2.0', path: 'hall-terminal-1.2.0.AppImage', sha512: 'c2lnbmVkLXNoYTUxMi1vZi10aGUtcGFja2FnZS1ieXRlcw==' };
  const offer = (version: string, file = { url: signed.path, sha512: signed.sha512 }) => ({ isUpdateAvailable: true, updateInfo: { version, files: [file] } });

  it('offers a version only when electron-updater says one is available', async () => {
    const updater = createElectronUpdater('http://x/updates/', { signedRelease: async () => signed });
    autoUpdater.checkForUpdates.mockResolvedValueOnce(offer('1.2.0'));
    expect(await updater.check()).toEqual({ version: '1.2.0' });
    autoUpdater.checkForUpdates.mockResolvedValueOnce({ isUpdateAvailable: false, updateInfo: { version: '1.0.0' } });
    expect(await updater.check()).toBeNull();
    autoUpdater.checkForUpdates.mockResolvedValueOnce(null);
    expect(await updater.check()).toBeNull();
  });

  it('refuses an offer that is not exactly the signed release, and downloads nothing', async () => {
    const updater = createElectronUpdater('http://x/updates/', { signedRelease: async () => signed });
    autoUpdater.checkForUpdates.mockResolvedValueOnce(offer('1.2.0', { url: signed.path, sha512: 'b3RoZXItcGFja2FnZQ==' }));
    await expect(updater.check()).rejects.toThrow(/not the one the signed feed names/);
    autoUpdater.checkForUpdates.mockResolvedValueOnce(offer('1.3.0'));
    await expect(updater.check()).rejects.toThrow(/not the one the signed feed names/);
    await expect(updater.download()).rejects.toThrow(/no signed update/);
    expect(autoUpdater.downloadUpdate).not.toHaveBeenCalled();
  });

  it('an unsigned feed stops the check before electron-updater is asked', async () => {
    const { UpdateSignatureError } = await import('../host/features/updates/release-signature.js');
    const updater = createElectronUpdater('http://x/updates/', {
      signedRelease: async () => {
        throw new UpdateSignatureError('the update feed is not signed');
      },
    });
    await expect(updater.check()).rejects.toThrow(/not signed/);
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('names the feed file electron-builder writes for each system', () => {
    expect(channelFileFor('linux')).toBe('latest-linux.yml');
    expect(channelFileFor('win32')).toBe('latest.yml');
    expect(channelFileFor('darwin')).toBe('latest-mac.yml');
  });

  it('installs silently and restarts', () => {
    createElectronUpdater('http://x/updates/').install();
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });
});

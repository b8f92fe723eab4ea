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

const { createElectronUpdater } = await import('./updater.js');

describe('electron-updater adapter', () => {
  beforeEach(() => vi.clearAllMocks());

  it('reads the hall feed with the generic provider and downloads only when told to', () => {
    createElectronUpdater('http://hall-platform.local/updates/');
    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'http://hall-platform.local/updates/' });
    expect(autoUpdater.autoDownload).toBe(false);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
  });

  it('offers a version only when electron-updater says one is available', async () => {
    const updater = createElectronUpdater('http://x/updates/');
    autoUpdater.checkForUpdates.mockResolvedValueOnce({ isUpdateAvailable: true, updateInfo: { version: '1.2.0' } });
    expect(await updater.check()).toEqual({ version: '1.2.0' });
    autoUpdater.checkForUpdates.mockResolvedValueOnce({ isUpdateAvailable: false, updateInfo: { version: '1.0.0' } });
    expect(await updater.check()).toBeNull();
    autoUpdater.checkForUpdates.mockResolvedValueOnce(null);
    expect(await updater.check()).toBeNull();
  });

  it('installs silently and restarts', () => {
    createElectronUpdater('http://x/updates/').install();
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(true, true);
  });
});

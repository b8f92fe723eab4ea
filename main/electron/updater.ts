import electronUpdater from 'electron-updater';
import type { Updater } from '../host/features/update-policy.js';

/**
 * electron-updater against the hall platform's release feed (generic provider). It does the
 * staged rollout and differential download itself; the policy decides when to download and when
 * it is quiet enough to install.
 */
export function createElectronUpdater(feedUrl: string): Updater {
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  // Its own logger writes to the console; the policy logs what matters through the host's logger.
  autoUpdater.logger = null;
  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      return result?.isUpdateAvailable ? { version: result.updateInfo.version } : null;
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    install() {
      // Silent install, then start the new version.
      autoUpdater.quitAndInstall(true, true);
    },
  };
}

import electronUpdater from 'electron-updater';
import { UpdateSignatureError } from '../host/features/updates/release-signature.js';
import { fetchLatestRelease, type ReleaseInfo } from '../host/features/updates/update-feed.js';
import type { Updater } from '../host/features/updates/update-policy.js';

/** electron-builder's feed file for this operating system. */
export function channelFileFor(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'latest.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest-linux.yml';
}

/**
 * electron-updater against the hall platform's release feed (generic provider). It does the
 * staged rollout and differential download itself; the policy decides when to download and when
 * it is quiet enough to install. electron-updater trusts whatever feed it is served, so each check
 * first reads the feed file ourselves and verifies its release signature, and an offer is taken
 * only when electron-updater's version, file and sha512 are exactly the signed ones (the sha512 is
 * what electron-updater checks the downloaded package against).
 */
export function createElectronUpdater(feedUrl: string, options: { signedRelease?: () => Promise<ReleaseInfo | null> } = {}): Updater {
  const { autoUpdater } = electronUpdater;
  const signedRelease = options.signedRelease ?? (() => fetchLatestRelease(feedUrl, channelFileFor(process.platform)));
  autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  // Its own logger writes to the console; the policy logs what matters through the host's logger.
  autoUpdater.logger = null;
  let offered = false;
  return {
    async check() {
      offered = false;
      const signed = await signedRelease();
      const result = await autoUpdater.checkForUpdates();
      if (!result?.isUpdateAvailable) return null;
      const info = result.updateInfo;
      const files = info.files ?? [];
      const matches =
        signed !== null &&
        info.version === signed.version &&
        files.length > 0 &&
        files.every((file) => file.url === signed.path && file.sha512 === signed.sha512);
      if (!matches) throw new UpdateSignatureError('the update on offer is not the one the signed feed names');
      offered = true;
      return { version: info.version };
    },
    async download() {
      if (!offered) throw new Error('no signed update on offer');
      await autoUpdater.downloadUpdate();
    },
    install() {
      // Silent install, then start the new version.
      autoUpdater.quitAndInstall(true, true);
    },
  };
}

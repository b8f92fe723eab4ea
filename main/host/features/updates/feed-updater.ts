import { downloadRelease, fetchLatestRelease, inRollout, isNewer, type ReleaseInfo } from './update-feed.js';
import type { Updater } from './update-policy.js';

/**
 * An Updater over the platform's release feed in plain Node: it applies the staged rollout itself
 * and hands the verified package to `install` (the headless host's service manager, or a test).
 */
export class FeedUpdater implements Updater {
  private offered: ReleaseInfo | undefined;
  private downloaded: string | undefined;

  constructor(
    private readonly options: {
      feedUrl: string;
      channelFile: string;
      currentVersion: string;
      terminalId: string;
      downloadDir: string;
      install: (file: string, release: ReleaseInfo) => void;
      /** The release keys a feed must be signed by; the built-in ones unless a test names others. */
      trustedKeys?: Readonly<Record<string, string>>;
    },
  ) {}

  async check(): Promise<{ version: string } | null> {
    const release = await fetchLatestRelease(this.options.feedUrl, this.options.channelFile, this.options.trustedKeys);
    this.offered = release && isNewer(release.version, this.options.currentVersion) && inRollout(release, this.options.terminalId) ? release : undefined;
    return this.offered ? { version: this.offered.version } : null;
  }

  async download(): Promise<void> {
    if (!this.offered) throw new Error('no update on offer');
    this.downloaded = await downloadRelease(this.options.feedUrl, this.offered, this.options.downloadDir);
  }

  install(): void {
    if (!this.downloaded || !this.offered) throw new Error('no update downloaded');
    this.options.install(this.downloaded, this.offered);
  }
}

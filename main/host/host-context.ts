// What every host feature is built from: the terminal's configuration and role profile, and its
// parts once they are up — the store open, sync started, the platform's address known. Features are
// built only after that, so none of them holds a "not started yet" case.
import type { Clock } from '../../contract/clock.js';
import type { TerminalConfig } from '../../contract/config.js';
import type { RoleProfile } from '../../contract/role-profiles.js';
import type { OfflineStore } from '../../offline-store/index.js';
import type { DeviceManager } from './device-manager.js';
import type { HostEventBus } from './event-bus.js';
import type { GuideA4Printer } from './features/o2o/o2o-guide-print.js';
import type { CitizenSession } from './features/session/citizen-session.js';
import type { SyncService } from './features/sync-service.js';
import type { Logger } from './logging.js';

export interface HostContext {
  readonly config: TerminalConfig;
  /** What this terminal's role has (contract/role-profiles.ts): its features and chrome. */
  readonly profile: RoleProfile;
  readonly shell: 'electron' | 'headless';
  readonly version: string;
  readonly dataDir: string;
  readonly log: Logger;
  readonly clock: Clock;
  readonly bus: HostEventBus;
  readonly devices: DeviceManager;
  /** Personal data of the citizen at the terminal now; memory only, wiped at session end. */
  readonly session: CitizenSession;
  /** Where a feature may stage files for the current citizen; emptied at every wipe. */
  readonly sessionTempDir: string;
  /** The local store, open. */
  readonly store: OfflineStore;
  /** The sync service, started. */
  readonly sync: SyncService;
  /** The platform this terminal syncs with (the embedded one's loopback address when embedded). */
  readonly platformUrl: string;
  readonly configPath?: string | undefined;
  readonly restart?: (() => void) | undefined;
  readonly guideA4Printer?: GuideA4Printer | undefined;
}

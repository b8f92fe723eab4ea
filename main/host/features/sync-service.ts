import { join } from 'node:path';
import { backoffDelay } from '../../../contract/async/backoff.js';
import type { SyncSettings } from '../../../contract/config.js';
import { REVOCATIONS_DATASET, TRUST_KEYS_DATASET } from '../../../contract/personal-code.js';
import type { SyncState } from '../../../contract/sync.js';
import { FileKeyProvider, OfflineStore, registerTerminal, SyncEngine, type KeyProvider } from '../../../offline-store/index.js';
import type { HostEventBus } from '../event-bus.js';
import type { Logger } from '../logging.js';
import { type Clock } from '../../../contract/clock.js';

const CREDENTIAL_SECRET = 'platform-credential';

export interface SyncServiceOptions {
  dataDir: string;
  terminalId: string;
  platformUrl: string;
  settings: SyncSettings;
  /**
   * A one-time enrolment code, asked for only when the store holds no credential: the embedded
   * platform issues one for its own terminal; for a remote platform it comes from settings.
   */
  enrolmentCode?: () => Promise<string | undefined>;
  /** Called once a code from settings has been spent, so the host takes it out of the configuration. */
  onEnrolmentCodeSpent?: () => Promise<void>;
  /** The platform holds no active record for this terminal (an embedded platform's data was lost): a stored credential is useless, enrol afresh. */
  discardStoredCredential?: boolean;
  keyProvider?: KeyProvider;
  /** Datasets of this role beyond every terminal's (a proxy point's agents). */
  extraDatasets?: string[];
  bus: HostEventBus;
  log: Logger;
  clock: Clock;
}

/**
 * The terminal's side of "offline first": the encrypted local store, the terminal's credential
 * with the platform (sealed in the store), and the engine that pushes and pulls in the background.
 * The store works from the first second; the engine starts once the terminal is registered.
 */
export class SyncService {
  store!: OfflineStore;
  private engine: SyncEngine | undefined;
  private state: SyncState = { connectivity: 'offline', pendingCount: 0, lastSyncAt: null };
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private registering: Promise<void> | undefined;
  private credential: string | undefined;

  constructor(private readonly options: SyncServiceOptions) {}

  current(): SyncState {
    return this.state;
  }

  async start(): Promise<void> {
    const { dataDir, log } = this.options;
    this.store = await OfflineStore.open({
      dir: join(dataDir, 'store'),
      keyProvider: this.options.keyProvider ?? new FileKeyProvider(join(dataDir, 'keys', 'store.key')),
      logger: log.child({ part: 'store' }),
      onEvent: (event) => {
        // A commit just before stop() may be answered after the store closed: nothing left to report.
        if (event.type === 'mutation-committed') void this.refreshPending().catch(() => undefined);
      },
    });
    await this.refreshPending();
    this.registering = this.registerAndRun(1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.registering;
    await this.engine?.stop();
    await this.store?.close();
  }

  /** A failure to rewrite the configuration must not undo an enrolment that succeeded: it is logged (the code is single use, so what stays in the file opens nothing). */
  private async forgetSpentCode(): Promise<void> {
    try {
      await this.options.onEnrolmentCodeSpent?.();
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'the spent enrolment code could not be removed from the configuration');
    }
  }

  /** This terminal's platform credential, once it is registered. */
  platformCredential(): string | undefined {
    return this.credential;
  }

  /** Retry at once (e.g. when the OS reports the network back). */
  nudge(): void {
    this.engine?.nudge();
  }

  private async registerAndRun(attempt: number): Promise<void> {
    if (this.stopped) return;
    const { log, platformUrl, terminalId, settings } = this.options;
    if (this.options.discardStoredCredential && attempt === 1) await this.store.setSecret(CREDENTIAL_SECRET, '');
    let credential = await this.store.getSecret(CREDENTIAL_SECRET);
    if (!credential) {
      try {
        const code = this.options.enrolmentCode ? await this.options.enrolmentCode() : settings.enrolmentCode;
        if (!code) {
          this.publish({
            connectivity: 'degraded',
            lastError: 'terminal not enrolled with the platform: set sync.enrolmentCode (hallctl platform terminal add)',
          });
          return;
        }
        credential = await registerTerminal(platformUrl, code, terminalId);
        await this.store.setSecret(CREDENTIAL_SECRET, credential);
        log.info({ terminalId }, 'terminal registered with the platform');
        if (!this.options.enrolmentCode) await this.forgetSpentCode();
      } catch (error) {
        this.publish({ connectivity: 'offline', lastError: `registration pending: ${(error as Error).message}` });
        const delay = backoffDelay(attempt, { initialMs: 1000, maxMs: settings.backoffMaxMs, jitter: 'half' });
        this.retryTimer = setTimeout(() => void (this.registering = this.registerAndRun(attempt + 1)), delay);
        return;
      }
    }
    if (this.stopped) return;
    this.credential = credential;
    this.engine = new SyncEngine({
      store: this.store,
      platformUrl,
      terminalId,
      credential,
      datasets: ['catalog', 'config', TRUST_KEYS_DATASET, REVOCATIONS_DATASET, ...(this.options.extraDatasets ?? [])],
      pollIntervalMs: settings.pollIntervalMs,
      backoffMaxMs: settings.backoffMaxMs,
      retentionMs: settings.retentionHours * 3_600_000,
      clock: this.options.clock,
    });
    this.engine.onState((state) => this.publish(state));
    this.engine.start();
  }

  private async refreshPending(): Promise<void> {
    if (this.engine) return; // the engine reports its own count
    this.publish({ pendingCount: await this.store.pendingCount() });
  }

  private publish(change: Partial<SyncState>): void {
    const next = { ...this.state, ...change };
    if (change.connectivity === 'online') delete next.lastError;
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    this.options.bus.publish('sync.state', next);
  }
}

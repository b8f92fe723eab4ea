import { systemClock, type Clock } from '../../../../contract/clock.js';
import { UpdateSignatureError } from './release-signature.js';

/** What the policy drives: electron-updater in Electron, the feed client elsewhere. */
export interface Updater {
  /** The newer version on offer for this terminal, or null. Throws when the feed cannot be reached. */
  check(): Promise<{ version: string } | null>;
  download(): Promise<void>;
  /** Restarts into the new version. */
  install(): void;
}

export type UpdateState =
  | { phase: 'idle' }
  | { phase: 'downloading'; version: string }
  | { phase: 'ready'; version: string }
  | { phase: 'installing'; version: string }
  | { phase: 'unreachable'; since: string }
  /** The feed offered something not signed by a built-in release key: nothing is downloaded. */
  | { phase: 'refused'; reason: string };

export interface UpdatePolicyOptions {
  updater: Updater;
  /** True when nobody is using the terminal (no citizen session, no recent touches). */
  isIdle: () => boolean;
  checkEveryMs: number;
  /** While an update waits for the terminal to be idle, how often to look. */
  idleCheckMs: number;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  clock?: Clock;
}

/**
 * Checks the hall's update feed now and then, downloads in the background and installs only when
 * the kiosk is idle, so a citizen is never cut off mid-application. A feed that cannot be reached
 * (the terminal is offline) is noted once, quietly, and tried again at the next check.
 */
export class UpdatePolicy {
  private current: UpdateState = { phase: 'idle' };
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: UpdatePolicyOptions) {}

  state(): UpdateState {
    return this.current;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** One step: check (and download), or install when ready and idle. */
  async tick(): Promise<UpdateState> {
    const { updater, log } = this.options;
    if (this.current.phase === 'ready') {
      if (!this.options.isIdle()) return this.current;
      const version = this.current.version;
      this.current = { phase: 'installing', version };
      log.info({ version }, 'installing update while idle');
      updater.install();
      return this.current;
    }
    let offer: { version: string } | null;
    try {
      offer = await updater.check();
    } catch (error) {
      if (error instanceof UpdateSignatureError) {
        // Someone offers an update without the release key: a security event, never installed.
        log.warn({ event: 'update-refused', reason: error.message }, 'update refused: not signed by a release key');
        this.current = { phase: 'refused', reason: error.message };
        return this.current;
      }
      if (this.current.phase !== 'unreachable') {
        log.info({ message: (error as Error).message }, 'update feed unreachable; will try later');
        this.current = { phase: 'unreachable', since: (this.options.clock ?? systemClock).iso() };
      }
      return this.current;
    }
    if (!offer) {
      this.current = { phase: 'idle' };
      return this.current;
    }
    this.current = { phase: 'downloading', version: offer.version };
    try {
      await updater.download();
      this.current = { phase: 'ready', version: offer.version };
      log.info({ version: offer.version }, 'update downloaded; waiting for the terminal to be idle');
      return this.tick();
    } catch (error) {
      log.warn({ version: offer.version, message: (error as Error).message }, 'update download failed; will retry');
      this.current = { phase: 'idle' };
      return this.current;
    }
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.tick().then((state) => this.schedule(state.phase === 'ready' ? this.options.idleCheckMs : this.options.checkEveryMs));
    }, delay);
  }
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { open, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdminDiagnostics, AdminState } from '../../../../contract/api/admin.js';
import { configWarnings, type AdminSettings, type TerminalConfig } from '../../../../contract/config.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import { verifyPin } from './admin-pin.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';

const LOCKOUT_FILE = 'admin-lockout.json';

export interface AdminDeps {
  config: TerminalConfig;
  pinHash: string;
  dataDir: string;
  bus: HostEventBus;
  log: Logger;
  diagnostics: () => Promise<Omit<AdminDiagnostics, 'config' | 'disk' | 'uptimeSeconds' | 'warnings'>>;
  clock?: Clock;
}

/** Strips every secret from the config before an administrator sees it. */
export function redactedConfig(config: TerminalConfig): Record<string, unknown> {
  const { sync, admin, ...rest } = config;
  const { enrolmentCode, ...syncRest } = sync;
  const { pinHash, ...adminRest } = admin;
  return {
    ...rest,
    sync: { ...syncRest, enrolmentCode: enrolmentCode ? '[set]' : undefined },
    admin: { ...adminRest, pinHash: pinHash ? '[set]' : '[generated]' },
  };
}

/**
 * Admin mode: a PIN opens a session that ends after idle minutes; too many wrong PINs lock it
 * for a while. Every attempt is logged, never the PIN. The count and the lock are kept in a 0600
 * file in the data folder, so restarting the host (or making it crash) does not reset them.
 */
export class AdminFeature {
  private failures = 0;
  private lockedUntil = 0;
  private expiresAt = 0;
  private readonly started: number;
  private readonly settings: AdminSettings;
  private readonly now: () => number;
  private readonly lockoutFile: string;

  constructor(private readonly deps: AdminDeps) {
    this.settings = deps.config.admin;
    this.now = () => (deps.clock ?? systemClock).nowMs();
    this.started = this.now();
    this.lockoutFile = join(deps.dataDir, LOCKOUT_FILE);
    const saved = this.loadLockout();
    this.failures = saved.failures;
    this.lockedUntil = saved.lockedUntil;
  }

  private loadLockout(): { failures: number; lockedUntil: number } {
    let text: string;
    try {
      text = readFileSync(this.lockoutFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.deps.log.warn({ err: error }, 'admin lockout file unreadable; counting afresh');
      return { failures: 0, lockedUntil: 0 };
    }
    try {
      const saved = JSON.parse(text) as { failures?: unknown; lockedUntil?: unknown };
      const failures = Number.isInteger(saved.failures) && (saved.failures as number) >= 0 ? (saved.failures as number) : 0;
      const lockedUntil = Number.isFinite(saved.lockedUntil) ? (saved.lockedUntil as number) : 0;
      return { failures, lockedUntil };
    } catch {
      this.deps.log.warn({ event: 'admin-lockout-corrupt' }, 'admin lockout file corrupt; counting afresh');
      return { failures: 0, lockedUntil: 0 };
    }
  }

  /** Written before the answer goes out: a wrong PIN is counted even if the host dies right after. */
  private saveLockout(): void {
    mkdirSync(this.deps.dataDir, { recursive: true, mode: 0o700 });
    const temporary = `${this.lockoutFile}.tmp`;
    writeFileSync(temporary, JSON.stringify({ failures: this.failures, lockedUntil: this.lockedUntil }), { mode: 0o600 });
    renameSync(temporary, this.lockoutFile);
  }

  state(): AdminState {
    const now = this.now();
    const unlocked = now < this.expiresAt;
    const lockoutOver = this.lockedUntil !== 0 && now >= this.lockedUntil;
    return {
      unlocked,
      ...(unlocked ? { expiresAt: new Date(this.expiresAt).toISOString() } : {}),
      attemptsLeft: now < this.lockedUntil ? 0 : lockoutOver ? this.settings.maxAttempts : this.settings.maxAttempts - this.failures,
      ...(now < this.lockedUntil ? { lockedUntil: new Date(this.lockedUntil).toISOString() } : {}),
    };
  }

  /** Throws 'unauthorized' unless an admin session is open; using it keeps it open. */
  require(): void {
    if (this.now() >= this.expiresAt) throw new HostFault('unauthorized', 'admin mode is locked: enter the PIN', 'admin.locked');
    this.expiresAt = this.now() + this.settings.idleMinutes * 60_000;
  }

  private publish(): AdminState {
    const state = this.state();
    this.deps.bus.publish('admin.state', state);
    return state;
  }

  readonly handlers: Pick<HostHandlers, 'admin.state' | 'admin.unlock' | 'admin.lock' | 'admin.diagnostics' | 'admin.logs'> = {
    'admin.state': async () => this.state(),
    'admin.unlock': async ({ pin }) => {
      const now = this.now();
      if (now < this.lockedUntil) {
        this.deps.log.warn({ event: 'admin-unlock-refused', reason: 'locked out' }, 'admin unlock refused');
        throw new HostFault(
          'unauthorized',
          `admin mode is locked until ${new Date(this.lockedUntil).toISOString()} after too many wrong PINs`,
          'admin.lockedUntil',
        );
      }
      if (this.lockedUntil !== 0) {
        // A lockout that has run out starts a fresh count.
        this.lockedUntil = 0;
        this.failures = 0;
        this.saveLockout();
      }
      if (!verifyPin(pin, this.deps.pinHash)) {
        this.failures += 1;
        const left = this.settings.maxAttempts - this.failures;
        if (left <= 0) this.lockedUntil = now + this.settings.lockoutMinutes * 60_000;
        this.saveLockout();
        this.deps.log.warn({ event: 'admin-unlock-failed', attemptsLeft: Math.max(0, left) }, 'wrong admin PIN');
        this.publish();
        throw left > 0
          ? new HostFault('unauthorized', `wrong PIN; ${left} attempt(s) left`, 'admin.wrongPin', { left })
          : new HostFault('unauthorized', `wrong PIN; admin mode locked for ${this.settings.lockoutMinutes} minutes`, 'admin.lockedOut', {
              minutes: this.settings.lockoutMinutes,
            });
      }
      if (this.failures !== 0) {
        this.failures = 0;
        this.saveLockout();
      }
      this.expiresAt = now + this.settings.idleMinutes * 60_000;
      this.deps.log.info({ event: 'admin-unlocked' }, 'admin mode opened');
      return this.publish();
    },
    'admin.lock': async () => {
      this.expiresAt = 0;
      this.deps.log.info({ event: 'admin-locked' }, 'admin mode closed');
      return this.publish();
    },
    'admin.diagnostics': async () => {
      this.require();
      const disk = await statfs(this.deps.dataDir).catch(() => undefined);
      return {
        ...(await this.deps.diagnostics()),
        uptimeSeconds: (this.now() - this.started) / 1000,
        config: redactedConfig(this.deps.config),
        warnings: configWarnings(this.deps.config),
        ...(disk ? { disk: { freeBytes: disk.bavail * disk.bsize, totalBytes: disk.blocks * disk.bsize } } : {}),
      };
    },
    'admin.logs': async ({ lines }) => {
      this.require();
      return tail(join(this.deps.dataDir, 'logs', 'host.log'), lines);
    },
  };
}

/** The last `count` lines of a file, reading only its end. */
async function tail(path: string, count: number): Promise<string[]> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return [];
  try {
    const { size } = await file.stat();
    const length = Math.min(size, 512 * 1024);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n').filter(Boolean);
    return lines.slice(length < size ? 1 : 0).slice(-count);
  } finally {
    await file.close();
  }
}

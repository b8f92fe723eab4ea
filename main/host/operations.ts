// The terminal's own upkeep, apart from the citizen's services: admin mode and its maintenance
// actions, the idle signal, and the heartbeat to the platform's fleet page.
import { join } from 'node:path';
import type { TerminalConfig } from '../../contract/config.js';
import type { HostHandlers } from '../../contract/host-api.js';
import type { OfflineStore } from '../../offline-store/index.js';
import type { DeviceManager } from './device-manager.js';
import type { HostEventBus } from './event-bus.js';
import { ActivityTracker } from './features/admin/activity.js';
import { AdminFeature } from './features/admin/admin-feature.js';
import { AdminMaintenance } from './features/admin/admin-maintenance.js';
import { generatedPin, hashPin } from './features/admin/admin-pin.js';
import type { CitizenSession } from './features/session/citizen-session.js';
import { HeartbeatSender } from './features/admin/heartbeat.js';
import type { SyncService } from './features/sync-service.js';
import type { Logger } from './logging.js';
import { type Clock } from '../../contract/clock.js';
import type { QueueConnectivity } from '../../contract/api/queue.js';
import type { HostFeature } from './host-feature.js';

export interface OperationsDeps {
  config: TerminalConfig;
  shell: 'electron' | 'headless';
  version: string;
  dataDir: string;
  configPath: string | undefined;
  restart: (() => void) | undefined;
  devices: DeviceManager;
  session: CitizenSession;
  bus: HostEventBus;
  log: Logger;
  /** The sync service once the host has started. */
  sync: SyncService;
  store: OfflineStore;
  platformUrl: string;
  clock: Clock;
  /** The hall queue stream, when this terminal follows one. */
  queueStream?: () => QueueConnectivity;
}

export class Operations implements HostFeature {
  readonly name = 'operations';
  readonly admin: AdminFeature;
  readonly activity: ActivityTracker;
  /** Where the generated admin PIN is kept when the config sets none. */
  readonly adminPinFile: string | undefined;
  readonly handlers: Pick<
    HostHandlers,
    | 'admin.state'
    | 'admin.unlock'
    | 'admin.lock'
    | 'admin.diagnostics'
    | 'admin.logs'
    | 'admin.testRead'
    | 'admin.serialPorts'
    | 'admin.saveConfig'
    | 'admin.restart'
  >;
  private heartbeat: HeartbeatSender | undefined;

  constructor(private readonly deps: OperationsDeps) {
    const { config, dataDir, log } = deps;
    this.adminPinFile = config.admin.pinHash ? undefined : join(dataDir, 'admin-pin');
    // The generated PIN's file is made now (the start message names it); its scrypt hash, tens of
    // milliseconds of CPU, waits until someone first types a PIN.
    const generated = this.adminPinFile ? generatedPin(this.adminPinFile) : undefined;
    let generatedHash: string | undefined;
    this.admin = new AdminFeature({
      config,
      get pinHash() {
        return config.admin.pinHash ?? (generatedHash ??= hashPin(generated!.pin));
      },
      dataDir,
      clock: deps.clock,
      bus: deps.bus,
      log: log.child({ part: 'admin' }),
      diagnostics: async () => ({
        version: deps.version,
        shell: deps.shell,
        devices: deps.devices.statuses(),
        sync: deps.sync.current(),
        parked: await deps.store.listParked(),
        ...(deps.queueStream ? { queue: queueFault(deps.queueStream()) } : {}),
      }),
    });
    this.activity = new ActivityTracker({ clock: deps.clock, idleAfterMs: 10 * 60_000, busy: () => !deps.session.isEmpty() || this.admin.state().unlocked });
    this.handlers = {
      ...this.admin.handlers,
      ...new AdminMaintenance({
        admin: this.admin,
        devices: deps.devices,
        current: config,
        configPath: deps.configPath ?? join(dataDir, 'terminal.json'),
        restart: deps.restart ?? (() => log.warn({}, 'this shell cannot restart itself')),
        log: log.child({ part: 'admin' }),
      }).handlers,
    };
  }

  /** Starts the heartbeat; call once the sync service is running. */
  attach(): void {
    const deps = this.deps;
    const config = deps.config;
    this.heartbeat = new HeartbeatSender({
      platformUrl: deps.platformUrl,
      terminalId: config.terminalId,
      intervalSeconds: config.sync.heartbeatSeconds,
      dataDir: deps.dataDir,
      credential: () => deps.sync.platformCredential(),
      snapshot: async () => {
        const sync = deps.sync.current();
        const lastError = heartbeatError(sync.lastError, deps.queueStream?.());
        return {
          hallId: config.hallId,
          role: config.role,
          version: deps.version,
          shell: deps.shell,
          devices: deps.devices.statuses(),
          connectivity: sync.connectivity,
          pendingCount: sync.pendingCount,
          parkedCount: (await deps.store.listParked()).length,
          ...(lastError ? { lastError } : {}),
        };
      },
      log: deps.log.child({ part: 'heartbeat' }),
      clock: deps.clock,
    });
    this.heartbeat.start();
  }

  detach(): void {
    this.heartbeat?.stop();
  }
}

/** The queue stream for a technician: whether it is up, and the last error when it is not. */
function queueFault(stream: QueueConnectivity): { online: boolean; lastError?: string } {
  return { online: stream.online, ...(!stream.online && stream.lastError ? { lastError: stream.lastError.slice(0, 500) } : {}) };
}

/**
 * The fault the fleet page shows for this terminal: the sync's, else a lost hall queue stream (a public
 * display says only "信息可能延迟" to the hall; the technician learns why here and in admin mode).
 */
export function heartbeatError(syncError: string | undefined, stream: QueueConnectivity | undefined): string | undefined {
  if (syncError) return syncError.slice(0, 500);
  if (stream && !stream.online) return `hall queue stream lost${stream.lastError ? `: ${stream.lastError}` : ''}`.slice(0, 500);
  return undefined;
}

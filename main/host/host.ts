import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../contract/clock.js';
import { configWarnings, type TerminalConfig } from '../../contract/config.js';
import { hostMethods, type HostHandlers, type HostMethodName } from '../../contract/host-api.js';
import { PROXY_POINT_DATASET } from '../../contract/proxy-agent.js';
import { hasFeature, roleProfile } from '../../contract/role-profiles.js';
import { DriverRegistry } from '../../drivers/registry.js';
import type { KeyProvider } from '../../offline-store/index.js';
import { forgetEnrolmentCode } from './config-loader.js';
import { DeviceManager } from './device-manager.js';
import { registerBuiltinDrivers } from './drivers.js';
import { EmbeddedPlatform } from './embedded-platform.js';
import { HostEventBus } from './event-bus.js';
import { SecurityEventRecorder } from './features/admin/security-events.js';
import { DeviceEventRecorder } from './features/devices/device-event-recorder.js';
import type { PrinterFeature } from './features/devices/printer-feature.js';
import type { GuideA4Printer } from './features/o2o/o2o-guide-print.js';
import { embeddedProxyPointId, seedDemoProxyPoint } from './features/proxy/demo-agent.js';
import { seedDemoClerk } from './features/queue/demo-clerk.js';
import { CitizenSession } from './features/session/citizen-session.js';
import { SyncService } from './features/sync-service.js';
import type { HostContext } from './host-context.js';
import { buildHostFeatures, refusedOnThisRole, type HostFeatures } from './host-features.js';
import { attachAll, combineHandlers, detachAll } from './host-feature.js';
import type { Logger } from './logging.js';
import type { Operations } from './operations.js';

export interface HostOptions {
  config: TerminalConfig;
  shell: 'electron' | 'headless';
  dataDir: string;
  version: string;
  log: Logger;
  /** Drivers by kind and transport; the built-in set by default. */
  registry?: DriverRegistry;
  /** Seals the local store's key; a 0600 key file in the data folder by default (headless). */
  keyProvider?: KeyProvider;
  /** The shell's A4 printing route for service guides (Electron: webContents.print); headless Chromium to PDF when absent. */
  guideA4Printer?: GuideA4Printer;
  /** Where an administrator's configuration edits are saved (terminal.json in the data folder by default). */
  configPath?: string;
  /** How this shell restarts the terminal when an administrator asks. */
  restart?: () => void;
  /** The terminal's clock, handed to every feature; the system clock by default. */
  clock?: Clock;
  /** The event bus, when the shell made it before the host (to serve the page while the host starts). */
  bus?: HostEventBus;
}

/**
 * The service container. It starts the same way inside Electron's main process and as a plain
 * Node process; adapters (IPC or HTTP/WebSocket) expose its handlers and forward its events.
 * `start()` opens the platform link and the store first, then builds the role's features
 * (contract/role-profiles.ts) from that finished context: no feature sees a half-started host.
 */
export class Host {
  readonly bus: HostEventBus;
  readonly clock: Clock;
  readonly devices: DeviceManager;
  /** Personal data of the citizen at the terminal now; memory only, wiped at session end. */
  readonly session = new CitizenSession();
  /** Where a feature may stage files for the current citizen (captured images…); emptied at every wipe. */
  readonly sessionTempDir: string;
  private platform: EmbeddedPlatform | undefined;
  private sync: SyncService | undefined;
  private deviceEvents: DeviceEventRecorder | undefined;
  private securityEvents: SecurityEventRecorder | undefined;
  private features: HostFeatures | undefined;
  private answering: HostHandlers | undefined;
  private reached: string | undefined;

  constructor(private readonly options: HostOptions) {
    this.clock = options.clock ?? systemClock;
    this.bus = options.bus ?? new HostEventBus();
    const registry = options.registry ?? registerBuiltinDrivers(new DriverRegistry());
    this.devices = new DeviceManager(options.config.devices, registry, this.bus, options.log.child({ part: 'devices' }));
    this.sessionTempDir = join(options.dataDir, 'session-tmp');
    rmSync(this.sessionTempDir, { recursive: true, force: true });
    mkdirSync(this.sessionTempDir, { recursive: true, mode: 0o700 });
    this.session.onWipe(() => {
      for (const entry of readdirSync(this.sessionTempDir)) rmSync(join(this.sessionTempDir, entry), { recursive: true, force: true });
    });
  }

  get config(): TerminalConfig {
    return this.options.config;
  }

  /** Every host API method, one feature at a time (a method of a feature this role lacks is refused); both adapters dispatch into this. */
  get handlers(): HostHandlers {
    if (!this.answering) throw new Error('host not started');
    return this.answering;
  }

  /** The terminal's printers (receipts, tickets). */
  get printers(): PrinterFeature {
    return this.requireFeatures().get('printer')!;
  }

  /** Admin mode, the idle signal and the fleet heartbeat. */
  get operations(): Operations {
    return this.requireFeatures().get('operations')!;
  }

  /** The platform this terminal syncs with (the embedded one's loopback address when embedded), once started. */
  get platformUrl(): string {
    if (!this.reached) throw new Error('host not started');
    return this.reached;
  }

  /** The local store (for features that write business data through the outbox). */
  get store() {
    return this.requireSync().store;
  }

  async start(): Promise<void> {
    const { log, config, dataDir } = this.options;
    const profile = roleProfile(config.role);
    let platformUrl = config.platformUrl;
    let enrolmentCode: (() => Promise<string>) | undefined;
    let discardStoredCredential = false;
    if (config.platformUrl === 'embedded') {
      // A fresh admin token each start, never written anywhere: the host is the embedded platform's
      // only administrator. It keeps its own terminal's record in step with the local configuration
      // and, when the store holds no credential yet, issues itself a one-time code to enrol with.
      const adminToken = randomBytes(24).toString('base64url');
      // The platform's code runs in its own process: a terminal never loads it.
      const pointId = hasFeature(config.role, 'proxy') ? embeddedProxyPointId(config.hallId) : undefined;
      const platform = await EmbeddedPlatform.start({
        dataDir: join(dataDir, 'platform'),
        version: this.options.version,
        adminToken,
        localTerminal: { terminalId: config.terminalId, role: config.role, hallId: config.hallId, counterId: config.queue.counterId, pointId },
        clock: this.clock,
        log,
      });
      this.platform = platform;
      platformUrl = platform.url;
      log.info({ url: platform.url }, 'embedded platform started');
      // No active record (first start, or the platform's data is gone): whatever credential the store holds opens nothing.
      discardStoredCredential = (await platform.terminal(config.terminalId))?.status !== 'active';
      enrolmentCode = () => platform.enrolmentCode(config.terminalId);
      if (pointId) {
        await seedDemoProxyPoint({
          platformUrl,
          adminToken,
          pointId,
          terminalId: config.terminalId,
          hallId: config.hallId,
          file: join(dataDir, 'proxy-demo-agent.json'),
          log,
        });
      }
      if (hasFeature(config.role, 'clerk-desk'))
        await seedDemoClerk({ platformUrl, adminToken, hallId: config.hallId, file: join(dataDir, 'counter-demo-clerk.json'), log });
    }
    const sync = new SyncService({
      dataDir,
      terminalId: config.terminalId,
      platformUrl,
      settings: config.sync,
      extraDatasets: hasFeature(config.role, 'proxy') ? [PROXY_POINT_DATASET] : [],
      ...(enrolmentCode ? { enrolmentCode, discardStoredCredential } : {}),
      onEnrolmentCodeSpent: async () => {
        delete config.sync.enrolmentCode;
        if (this.options.configPath && (await forgetEnrolmentCode(this.options.configPath)))
          log.info({ event: 'enrolment-code-forgotten' }, 'the spent enrolment code was removed from the configuration');
      },
      keyProvider: this.options.keyProvider,
      bus: this.bus,
      log: log.child({ part: 'sync' }),
      clock: this.clock,
    });
    this.sync = sync;
    this.reached = platformUrl;
    await sync.start();

    const context: HostContext = {
      config,
      profile,
      shell: this.options.shell,
      version: this.options.version,
      dataDir,
      log,
      clock: this.clock,
      bus: this.bus,
      devices: this.devices,
      session: this.session,
      sessionTempDir: this.sessionTempDir,
      store: sync.store,
      sync,
      platformUrl,
      configPath: this.options.configPath,
      restart: this.options.restart,
      guideA4Printer: this.options.guideA4Printer,
    };
    // One budget for every refusal this terminal records: a flood of bad cards or codes is counted, not written one by one.
    this.securityEvents = new SecurityEventRecorder({
      store: sync.store,
      terminalId: config.terminalId,
      log: log.child({ part: 'security' }),
      now: () => this.clock.nowMs(),
    });
    this.features = buildHostFeatures(context, this.securityEvents);
    const answered = combineHandlers(this.features.list);
    const refused = Object.fromEntries(
      (Object.keys(hostMethods) as HostMethodName[])
        .filter((method) => !(method in answered))
        .map((method) => [method, refusedOnThisRole(config.role, method)]),
    );
    this.answering = { ...refused, ...answered } as HostHandlers;

    this.deviceEvents = new DeviceEventRecorder(sync.store, this.bus, config.terminalId, log.child({ part: 'device-events' }));
    this.deviceEvents.attach();
    await this.devices.start();
    attachAll(this.features.list);
    if (configWarnings(config).includes('insecure-lan'))
      log.warn(
        { event: 'insecure-lan' },
        'the platform is reached over plain http on the LAN (allowInsecureLan): data and updates can be read and changed there',
      );
    log.info({ terminal: config.terminalId, role: config.role, shell: this.options.shell }, 'host started');
  }

  async stop(): Promise<void> {
    if (this.features)
      await detachAll(this.features.list, (feature, error) => this.options.log.error({ feature, err: error }, 'a feature did not stop cleanly'));
    this.session.wipe();
    await this.devices.stop();
    await this.deviceEvents?.detach();
    await this.securityEvents?.close();
    await this.sync?.stop();
    await this.platform?.close();
    this.platform = undefined;
  }

  private requireFeatures(): HostFeatures {
    if (!this.features) throw new Error('host not started');
    return this.features;
  }

  private requireSync(): SyncService {
    if (!this.sync) throw new Error('host not started');
    return this.sync;
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { configWarnings, hallNameIn, type TerminalConfig } from '../../contract/config.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { DriverRegistry } from '../../drivers/registry.js';
import type { KeyProvider } from '../../offline-store/index.js';
import { forgetEnrolmentCode } from './config-loader.js';
import { DeviceManager } from './device-manager.js';
import { EmbeddedPlatform } from './embedded-platform.js';
import { phonePagesListen } from './phone-pages-address.js';
import { prepareCounterBeside } from './counter-beside.js';
import { CitizenSession } from './features/session/citizen-session.js';
import { DeviceEventRecorder } from './features/devices/device-event-recorder.js';
import { IdCardFeature } from './features/devices/idcard-feature.js';
import { PersonalCodeDesk } from './features/personal-code/personal-code-desk.js';
import { PersonalCodeFeature } from './features/personal-code/personal-code-feature.js';
import { SecurityEventRecorder } from './features/admin/security-events.js';
import { O2oPlatformClient } from './features/o2o/o2o-platform-client.js';
import { PrinterFeature } from './features/devices/printer-feature.js';
import { createQueueFeature } from './features/queue/queue-wiring.js';
import { queueSupervisionHandlers } from './features/queue/queue-supervision.js';
import { AssistFeature } from './features/assist/assist-feature.js';
import { LiveHelpFeature } from './features/remote-help/live-help-feature.js';
import { RemoteHelpFeature } from './features/remote-help/remote-help-feature.js';
import { O2oFeature } from './features/o2o/o2o-feature.js';
import { PhoneUploadFeature } from './features/phone-upload/phone-upload-feature.js';
import { ProxyFeature } from './features/proxy/proxy-feature.js';
import { embeddedProxyPointId, seedDemoProxyPoint } from './features/proxy/demo-agent.js';
import { ClerkDesk } from './features/queue/clerk-desk.js';
import { seedDemoClerk } from './features/queue/demo-clerk.js';
import { PROXY_POINT_DATASET } from '../../contract/proxy-agent.js';
import type { GuideA4Printer } from './features/o2o/o2o-guide-print.js';
import type { QueueFeature } from './features/queue/queue-feature.js';
import { ScannerFeature } from './features/devices/scanner-feature.js';
import { SimulatorFeature } from './features/devices/simulator-feature.js';
import { registerBuiltinDrivers } from './drivers.js';
import { HostEventBus } from './event-bus.js';
import { attachAll, combineHandlers, detachAll, type HostFeature } from './host-feature.js';
import type { Logger } from './logging.js';
import { Operations } from './operations.js';
import { terminalInfo } from './terminal-info.js';
import { SyncService } from './features/sync-service.js';
import { systemClock, type Clock } from '../../contract/clock.js';

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
 */
export class Host {
  readonly bus: HostEventBus;
  readonly clock: Clock;
  readonly devices: DeviceManager;
  /** Personal data of the citizen at the terminal now; memory only, wiped at session end. */
  readonly session = new CitizenSession();
  /** Where a feature may stage files for the current citizen (captured images…); emptied at every wipe. */
  readonly sessionTempDir: string;
  private readonly idcard: IdCardFeature;
  private readonly simulators: SimulatorFeature;
  readonly printers: PrinterFeature;
  private readonly scanners: ScannerFeature;
  private readonly deviceEvents: DeviceEventRecorder;
  private readonly queue: QueueFeature;
  /** Call staff (呼叫工作人员): requests on the hall queue's stream. */
  private readonly assist: AssistFeature;
  /** Remote help, live (远程视频帮办): calls on the hall queue's stream, signals relayed through the hall service. */
  private readonly liveHelp: LiveHelpFeature;
  /** Help requests sent through the outbox (远程帮办 while the link is down) and the counter's 帮办席 list. */
  private readonly remoteHelp: RemoteHelpFeature;
  private readonly o2o: O2oFeature;
  /** Materials from the citizen's phone: one-time uploads on the hall queue service, ended with the session. */
  private readonly phoneUploads: PhoneUploadFeature;
  /** The village proxy point's agent sign-in, case list and day-end report (any role answers; only a proxy point signs agents in). */
  private readonly proxy: ProxyFeature;
  private readonly securityEvents: SecurityEventRecorder;
  /** Admin mode, the idle signal and the fleet heartbeat. */
  readonly operations: Operations;
  private platform: EmbeddedPlatform | undefined;
  /** A kiosk's embedded platform prepares a counter beside it (counter-beside.ts) while the kiosk starts. */
  private counterBeside: Promise<void> | undefined;
  private sync: SyncService | undefined;

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
    this.idcard = new IdCardFeature(this.devices, this.session, this.bus, this.clock);
    this.simulators = new SimulatorFeature(this.devices);
    this.printers = new PrinterFeature(this.devices, this.bus);
    this.scanners = new ScannerFeature(this.devices, this.bus);
    this.queue = createQueueFeature(this, { ...options, clock: this.clock });
    this.assist = new AssistFeature({
      hallService: this.queue.hallService,
      bus: this.bus,
      terminalId: options.config.terminalId,
      role: options.config.role,
      ...(options.config.queue.counterId ? { counterId: options.config.queue.counterId } : {}),
      log: options.log.child({ part: 'assist' }),
      clock: this.clock,
      hallDay: () => this.queue.hallDay(),
    });
    this.liveHelp = new LiveHelpFeature({
      hallService: this.queue.hallService,
      bus: this.bus,
      terminalId: options.config.terminalId,
      role: options.config.role,
      ...(options.config.queue.counterId ? { counterId: options.config.queue.counterId } : {}),
      iceServers: options.config.queue.iceServers,
      log: options.log.child({ part: 'live-help' }),
      clock: this.clock,
      hallDay: () => this.queue.hallDay(),
      clerkSession: () => this.queue.clerkSession(),
    });
    this.session.onWipe(() => this.liveHelp.wipe());
    // One budget for every refusal this terminal records: a flood of bad cards or codes is counted, not written one by one.
    this.securityEvents = new SecurityEventRecorder({
      store: () => this.store,
      terminalId: options.config.terminalId,
      log: options.log.child({ part: 'security' }),
      now: () => this.clock.nowMs(),
    });
    const personalCodes = new PersonalCodeFeature(
      () => this.store,
      options.config.terminalId,
      options.log.child({ part: 'personal-code' }),
      this.clock,
      this.securityEvents,
    );
    this.proxy = new ProxyFeature({
      securityEvents: this.securityEvents,
      terminalId: options.config.terminalId,
      dataDir: options.dataDir,
      store: () => this.store,
      platformUrl: () => this.platformUrl,
      printers: this.printers,
      bus: this.bus,
      log: options.log.child({ part: 'proxy' }),
      clock: this.clock,
    });
    this.o2o = new O2oFeature({
      personalCodes,
      terminalId: options.config.terminalId,
      role: options.config.role,
      hallName: hallNameIn(options.config, 'zh-CN'),
      ...(options.config.publicBaseUrl ? { publicBaseUrl: options.config.publicBaseUrl } : {}),
      withdrawWindowMinutes: options.config.withdrawWindowMinutes,
      ...(options.config.formPdfFont ? { formPdfFont: options.config.formPdfFont } : {}),
      dataDir: options.dataDir,
      store: () => this.store,
      platformUrl: () => this.platformUrl,
      session: this.session,
      printers: this.printers,
      bus: this.bus,
      log: options.log.child({ part: 'o2o' }),
      clock: this.clock,
      ...(options.config.role === 'proxy-point' ? { proxy: this.proxy } : {}),
      liveHelp: this.liveHelp,
      ...(options.guideA4Printer ? { a4Printer: options.guideA4Printer } : {}),
    });
    this.phoneUploads = new PhoneUploadFeature({
      hallService: this.queue.hallService,
      bus: this.bus,
      draftMaterial: (draftId, materialId) => this.o2o.draftMaterial(draftId, materialId),
      addCapture: (input) => this.o2o.handlers['application.material'](input),
      log: options.log.child({ part: 'phone-upload' }),
    });
    this.remoteHelp = new RemoteHelpFeature({
      store: () => this.store,
      hallService: this.queue.hallService,
      bus: this.bus,
      role: options.config.role,
      ...(options.config.queue.counterId ? { counterId: options.config.queue.counterId } : {}),
      draftContext: (draftId) => this.o2o.helpContext(draftId),
      itemName: async (code) => (await this.o2o.catalog()).item(code)?.name,
      log: options.log.child({ part: 'remote-help' }),
      clock: this.clock,
    });
    this.operations = new Operations({
      config: options.config,
      shell: options.shell,
      version: options.version,
      dataDir: options.dataDir,
      configPath: options.configPath,
      restart: options.restart,
      devices: this.devices,
      session: this.session,
      bus: this.bus,
      log: options.log,
      sync: () => this.requireSync(),
      store: () => this.store,
      platformUrl: () => this.platformUrl,
      clock: this.clock,
      queueStream: () => this.queue.streamState,
    });
    this.deviceEvents = new DeviceEventRecorder(() => this.store, this.bus, options.config.terminalId, options.log.child({ part: 'device-events' }));
    const core: HostFeature = {
      name: 'terminal',
      handlers: {
        'terminal.info': async () => terminalInfo(options.config, { version: options.version, shell: options.shell, clock: this.clock }),
        'terminal.activity': async () => {
          this.operations.activity.touch();
          return { idle: false };
        },
        'devices.list': async () => this.devices.statuses(),
        'sync.state': async () => this.requireSync().current(),
      },
    };
    const personalCodeDesk = new PersonalCodeDesk({
      role: options.config.role,
      hallName: hallNameIn(options.config, 'zh-CN'),
      session: this.session,
      printers: this.printers,
      platform: new O2oPlatformClient({ platformUrl: () => this.platformUrl, store: () => this.store }),
    });
    const queueSupervision: HostFeature = { name: 'queue-supervision', handlers: queueSupervisionHandlers(this.queue, options.config.queue.counterId) };
    const clerkDesk = new ClerkDesk({
      queue: this.queue,
      bus: this.bus,
      log: options.log.child({ part: 'clerk' }),
      clock: this.clock,
      role: options.config.role,
    });
    // The one list: attached in this order once the store and devices are up, detached in mirror order.
    this.features = [
      core,
      this.idcard,
      this.printers,
      this.scanners,
      this.simulators,
      personalCodes,
      personalCodeDesk,
      this.assist,
      this.liveHelp,
      this.remoteHelp,
      this.queue,
      queueSupervision,
      clerkDesk,
      this.o2o,
      this.phoneUploads,
      this.proxy,
      this.operations,
    ];
    this.handlers = combineHandlers(this.features, {
      // At a proxy point an application is started for a villager by the signed-in agent.
      ...(options.config.role === 'proxy-point' ? { 'application.start': this.proxy.wrapStart(this.o2o.handlers['application.start']) } : {}),
    }) as HostHandlers;
  }

  private readonly features: readonly HostFeature[];

  /** Every host API method, one feature at a time; both adapters dispatch into this. */
  readonly handlers: HostHandlers;

  get config(): TerminalConfig {
    return this.options.config;
  }

  /** Where phones on the hall LAN open the live ticket and photo pages of the embedded platform; undefined when not served. */
  get phonePagesUrl(): string | undefined {
    return this.platform?.phoneUrl;
  }

  /** The platform this terminal syncs with (the embedded one's loopback URL when embedded). */
  get platformUrl(): string {
    if (this.options.config.platformUrl !== 'embedded') return this.options.config.platformUrl;
    if (!this.platform) throw new Error('the embedded platform is not running');
    return this.platform.url;
  }

  async start(): Promise<void> {
    const { log, config, dataDir } = this.options;
    let enrolmentCode: (() => Promise<string>) | undefined;
    let discardStoredCredential = false;
    if (config.platformUrl === 'embedded') {
      // A fresh admin token each start, never written anywhere: the host is the embedded platform's
      // only administrator. It keeps its own terminal's record in step with the local configuration
      // and, when the store holds no credential yet, issues itself a one-time code to enrol with.
      const adminToken = randomBytes(24).toString('base64url');
      // The platform's code runs in its own process: a terminal never loads it.
      const pointId = config.role === 'proxy-point' ? embeddedProxyPointId(config.hallId) : undefined;
      const platform = await EmbeddedPlatform.start({
        dataDir: join(dataDir, 'platform'),
        version: this.options.version,
        adminToken,
        localTerminal: { terminalId: config.terminalId, role: config.role, hallId: config.hallId, counterId: config.queue.counterId, pointId },
        clock: this.clock,
        log,
        phonePages: phonePagesListen(config.phonePages),
      });
      this.platform = platform;
      log.info({ url: platform.url, phoneUrl: platform.phoneUrl }, 'embedded platform started');
      if (!platform.phoneUrl && config.phonePages.address !== 'off')
        log.warn({ event: 'no-phone-pages' }, 'phones cannot reach this hall: no LAN address for the phone pages');
      // No active record (first start, or the platform's data is gone): whatever credential the store holds opens nothing.
      discardStoredCredential = (await platform.terminal(config.terminalId))?.status !== 'active';
      enrolmentCode = () => platform.enrolmentCode(config.terminalId);
      if (pointId) {
        await seedDemoProxyPoint({
          platformUrl: this.platform.url,
          adminToken,
          pointId,
          terminalId: config.terminalId,
          hallId: config.hallId,
          file: join(dataDir, 'proxy-demo-agent.json'),
          log,
        });
      }
      if (config.role === 'counter')
        await seedDemoClerk({ platformUrl: this.platform.url, adminToken, hallId: config.hallId, file: join(dataDir, 'counter-demo-clerk.json'), log });
      if (config.role === 'kiosk')
        this.counterBeside = prepareCounterBeside({ platform, adminToken, config, dataDir, log }).catch((error: unknown) =>
          log.warn({ err: (error as Error).message }, 'no counter can be opened beside this kiosk'),
        );
    }
    this.sync = new SyncService({
      dataDir,
      terminalId: config.terminalId,
      platformUrl: this.platformUrl,
      settings: config.sync,
      extraDatasets: config.role === 'proxy-point' ? [PROXY_POINT_DATASET] : [],
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
    await this.sync.start();
    this.deviceEvents.attach();
    await this.devices.start();
    attachAll(this.features);
    if (configWarnings(config).includes('insecure-lan'))
      log.warn(
        { event: 'insecure-lan' },
        'the platform is reached over plain http on the LAN (allowInsecureLan): data and updates can be read and changed there',
      );
    log.info({ terminal: config.terminalId, role: config.role, shell: this.options.shell }, 'host started');
  }

  /** The local store (for features that write business data through the outbox). */
  get store() {
    return this.requireSync().store;
  }

  async stop(): Promise<void> {
    await detachAll(this.features, (feature, error) => this.options.log.error({ feature, err: error }, 'a feature did not stop cleanly'));
    this.session.wipe();
    await this.devices.stop();
    await this.deviceEvents.detach();
    if (this.sync) await this.securityEvents.close();
    await this.sync?.stop();
    await this.counterBeside;
    await this.platform?.close();
    this.platform = undefined;
  }

  private requireSync(): SyncService {
    if (!this.sync) throw new Error('host not started');
    return this.sync;
  }
}

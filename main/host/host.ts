import type { TerminalConfig } from '../../contract/config.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { DriverRegistry } from '../../drivers/registry.js';
import { startPlatform, type RunningPlatform } from '../../platform/server.js';
import { DeviceManager } from './device-manager.js';
import { CitizenSession } from './features/citizen-session.js';
import { IdCardFeature } from './features/idcard-feature.js';
import { SimulatorFeature } from './features/simulator-feature.js';
import { registerBuiltinDrivers } from './drivers.js';
import { HostEventBus } from './event-bus.js';
import type { Logger } from './logging.js';
import { PlatformLink } from './platform-link.js';

export interface HostOptions {
  config: TerminalConfig;
  shell: 'electron' | 'headless';
  dataDir: string;
  version: string;
  log: Logger;
  /** Drivers by kind and transport; the built-in set by default. */
  registry?: DriverRegistry;
  /** How often the platform link is checked (ms). */
  platformCheckMs?: number;
}

/**
 * The service container. It starts the same way inside Electron's main process and as a plain
 * Node process; adapters (IPC or HTTP/WebSocket) expose its handlers and forward its events.
 */
export class Host {
  readonly bus = new HostEventBus();
  readonly devices: DeviceManager;
  /** Personal data of the citizen at the terminal now; memory only, wiped at session end. */
  readonly session = new CitizenSession();
  private readonly idcard: IdCardFeature;
  private readonly simulators: SimulatorFeature;
  private platform: RunningPlatform | undefined;
  private link: PlatformLink | undefined;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly options: HostOptions) {
    const registry = options.registry ?? registerBuiltinDrivers(new DriverRegistry());
    this.devices = new DeviceManager(options.config.devices, registry, this.bus, options.log.child({ part: 'devices' }));
    this.idcard = new IdCardFeature(this.devices, this.session, this.bus);
    this.simulators = new SimulatorFeature(this.devices);
    this.handlers = {
      'terminal.info': async () => ({
        hallId: options.config.hallId,
        terminalId: options.config.terminalId,
        role: options.config.role,
        languages: options.config.languages,
        defaultLanguage: options.config.defaultLanguage,
        version: options.version,
        shell: options.shell,
      }),
      'devices.list': async () => this.devices.statuses(),
      'sync.state': async () => this.requireLink().current(),
      ...this.idcard.handlers,
      ...this.simulators.handlers,
    };
  }

  /** Every host API method, one feature at a time; both adapters dispatch into this. */
  readonly handlers: HostHandlers;

  get config(): TerminalConfig {
    return this.options.config;
  }

  /** The platform this terminal syncs with (the embedded one's loopback URL when embedded). */
  get platformUrl(): string {
    if (this.options.config.platformUrl !== 'embedded') return this.options.config.platformUrl;
    if (!this.platform) throw new Error('the embedded platform is not running');
    return this.platform.url;
  }

  async start(): Promise<void> {
    const log = this.options.log;
    if (this.options.config.platformUrl === 'embedded') {
      this.platform = await startPlatform({ version: this.options.version });
      log.info({ url: this.platform.url }, 'embedded platform started');
    }
    this.link = new PlatformLink({
      platformUrl: this.platformUrl,
      intervalMs: this.options.platformCheckMs ?? 2000,
      slowMs: 1500,
      timeoutMs: 3000,
      pendingCount: () => 0,
    });
    this.unsubscribers.push(this.link.onChange((state) => this.bus.publish('sync.state', state)));
    this.link.start();
    await this.devices.start();
    this.idcard.attach();
    log.info({ terminal: this.options.config.terminalId, role: this.options.config.role, shell: this.options.shell }, 'host started');
  }

  async stop(): Promise<void> {
    this.unsubscribers.splice(0).forEach((off) => off());
    this.idcard.detach();
    this.session.wipe();
    this.link?.stop();
    await this.devices.stop();
    await this.platform?.close();
    this.platform = undefined;
  }

  private requireLink(): PlatformLink {
    if (!this.link) throw new Error('host not started');
    return this.link;
  }
}

// The host's features, built from a finished context: one builder per feature, in the order the host
// attaches them (HOST_FEATURES in contract/role-profiles.ts). A role's profile names the features it
// has; only those are built, attached and answer methods. A feature another needs is built with it,
// and must be one the role has too (a wiring mistake otherwise, refused at start).
import { hallNameIn } from '../../contract/config.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { HOST_FEATURES, type HostFeatureName } from '../../contract/role-profiles.js';
import type { SecurityEventRecorder } from './features/admin/security-events.js';
import { AssistFeature } from './features/assist/assist-feature.js';
import { IdCardFeature } from './features/devices/idcard-feature.js';
import { PrinterFeature } from './features/devices/printer-feature.js';
import { ScannerFeature } from './features/devices/scanner-feature.js';
import { SimulatorFeature } from './features/devices/simulator-feature.js';
import { O2oFeature } from './features/o2o/o2o-feature.js';
import { HostPlatformClient } from './platform-client.js';
import { PersonalCodeDesk } from './features/personal-code/personal-code-desk.js';
import { PersonalCodeFeature } from './features/personal-code/personal-code-feature.js';
import { PhoneUploadFeature } from './features/phone-upload/phone-upload-feature.js';
import { ProxyFeature } from './features/proxy/proxy-feature.js';
import { ClerkDesk } from './features/queue/clerk-desk.js';
import { queueSupervisionHandlers } from './features/queue/queue-supervision.js';
import { createQueueFeature } from './features/queue/queue-wiring.js';
import { LiveHelpFeature } from './features/remote-help/live-help-feature.js';
import { RemoteHelpFeature } from './features/remote-help/remote-help-feature.js';
import { HostFault } from './dispatch.js';
import type { HostContext } from './host-context.js';
import { hostFeature, type HostFeature } from './host-feature.js';
import { Operations } from './operations.js';
import { terminalInfo } from './terminal-info.js';

/** The built features by name; what each builder returns. */
interface Built {
  terminal: HostFeature;
  idcard: IdCardFeature;
  printer: PrinterFeature;
  scanner: ScannerFeature;
  simulators: SimulatorFeature;
  'personal-code': PersonalCodeFeature;
  'personal-code-desk': PersonalCodeDesk;
  assist: AssistFeature;
  'live-help': LiveHelpFeature;
  'remote-help': RemoteHelpFeature;
  queue: ReturnType<typeof createQueueFeature>;
  'queue-supervision': HostFeature;
  'clerk-desk': ClerkDesk;
  o2o: O2oFeature;
  'phone-upload': PhoneUploadFeature;
  proxy: ProxyFeature;
  operations: Operations;
}

export interface HostFeatures {
  /** The role's features in attach order. */
  readonly list: readonly HostFeature[];
  /** One feature by name, if the role has it. */
  get<N extends HostFeatureName>(name: N): Built[N] | undefined;
}

export function buildHostFeatures(ctx: HostContext, security: SecurityEventRecorder): HostFeatures {
  const { config, log, clock, bus, devices, session, store } = ctx;
  const has = new Set<HostFeatureName>(ctx.profile.features);
  const built = new Map<HostFeatureName, HostFeature>();
  const counterId = config.queue.counterId ? { counterId: config.queue.counterId } : {};
  const hallName = hallNameIn(config, 'zh-CN');

  // Each builder asks for the features it needs through `need`, which builds them first.
  const need = <N extends HostFeatureName>(name: N, by: HostFeatureName): Built[N] => {
    if (!has.has(name)) throw new Error(`host feature ${by} needs ${name}, which the ${config.role} role does not have`);
    return build(name);
  };
  const builders: { [N in HostFeatureName]: () => Built[N] } = {
    terminal: () =>
      hostFeature('terminal', {
        handlers: {
          'terminal.info': async () => terminalInfo(config, { version: ctx.version, shell: ctx.shell, clock }),
          'terminal.activity': async () => {
            need('operations', 'terminal').activity.touch();
            return { idle: false };
          },
          'devices.list': async () => devices.statuses(),
          'sync.state': async () => ctx.sync.current(),
        },
      }),
    idcard: () => new IdCardFeature(devices, session, bus, clock),
    printer: () => new PrinterFeature(devices, bus),
    scanner: () => new ScannerFeature(devices, bus),
    simulators: () => new SimulatorFeature(devices),
    'personal-code': () => new PersonalCodeFeature(store, config.terminalId, log.child({ part: 'personal-code' }), clock, security),
    'personal-code-desk': () =>
      new PersonalCodeDesk({
        role: config.role,
        hallName,
        session,
        printers: need('printer', 'personal-code-desk'),
        platform: new HostPlatformClient({ platformUrl: ctx.platformUrl, store }),
      }),
    assist: () => {
      const queue = need('queue', 'assist');
      return new AssistFeature({
        hallService: queue.hallService,
        bus,
        terminalId: config.terminalId,
        role: config.role,
        ...counterId,
        log: log.child({ part: 'assist' }),
        clock,
        hallDay: () => queue.hallDay(),
      });
    },
    'live-help': () => {
      const queue = need('queue', 'live-help');
      const liveHelp = new LiveHelpFeature({
        hallService: queue.hallService,
        bus,
        terminalId: config.terminalId,
        role: config.role,
        ...counterId,
        iceServers: config.queue.iceServers,
        log: log.child({ part: 'live-help' }),
        clock,
        hallDay: () => queue.hallDay(),
        clerkSession: () => queue.clerkSession(),
      });
      session.onWipe(() => liveHelp.wipe());
      return liveHelp;
    },
    'remote-help': () => {
      const o2o = need('o2o', 'remote-help');
      return new RemoteHelpFeature({
        store,
        hallService: need('queue', 'remote-help').hallService,
        bus,
        role: config.role,
        ...counterId,
        draftContext: (draftId) => o2o.helpContext(draftId),
        itemName: async (code) => (await o2o.catalog()).item(code)?.name,
        log: log.child({ part: 'remote-help' }),
        clock,
      });
    },
    queue: () => createQueueFeature({ ...ctx, printers: need('printer', 'queue') }),
    'queue-supervision': () =>
      hostFeature('queue-supervision', { handlers: queueSupervisionHandlers(need('queue', 'queue-supervision'), config.queue.counterId) }),
    'clerk-desk': () => new ClerkDesk({ queue: need('queue', 'clerk-desk'), bus, log: log.child({ part: 'clerk' }), clock, role: config.role }),
    o2o: () => {
      const liveHelp = has.has('live-help') ? need('live-help', 'o2o') : undefined;
      const proxy = has.has('proxy') ? need('proxy', 'o2o') : undefined;
      return new O2oFeature({
        personalCodes: need('personal-code', 'o2o'),
        terminalId: config.terminalId,
        role: config.role,
        hallName,
        ...(config.publicBaseUrl ? { publicBaseUrl: config.publicBaseUrl } : {}),
        withdrawWindowMinutes: config.withdrawWindowMinutes,
        ...(config.formPdfFont ? { formPdfFont: config.formPdfFont } : {}),
        dataDir: ctx.dataDir,
        store,
        platformUrl: ctx.platformUrl,
        session,
        printers: need('printer', 'o2o'),
        bus,
        log: log.child({ part: 'o2o' }),
        clock,
        ...(proxy ? { extension: proxy } : {}),
        ...(liveHelp ? { liveHelp } : {}),
        ...(ctx.guideA4Printer ? { a4Printer: ctx.guideA4Printer } : {}),
      });
    },
    'phone-upload': () => {
      const o2o = need('o2o', 'phone-upload');
      return new PhoneUploadFeature({
        hallService: need('queue', 'phone-upload').hallService,
        bus,
        draftMaterial: (draftId, materialId) => o2o.draftMaterial(draftId, materialId),
        addCapture: (input) => o2o.handlers['application.material'](input),
        log: log.child({ part: 'phone-upload' }),
      });
    },
    proxy: () =>
      new ProxyFeature({
        securityEvents: security,
        terminalId: config.terminalId,
        dataDir: ctx.dataDir,
        store,
        platformUrl: ctx.platformUrl,
        printers: need('printer', 'proxy'),
        bus,
        log: log.child({ part: 'proxy' }),
        clock,
      }),
    operations: () => {
      const queue = need('queue', 'operations');
      return new Operations({
        config,
        shell: ctx.shell,
        version: ctx.version,
        dataDir: ctx.dataDir,
        configPath: ctx.configPath,
        restart: ctx.restart,
        devices,
        session,
        bus,
        log,
        sync: ctx.sync,
        store,
        platformUrl: ctx.platformUrl,
        clock,
        queueStream: () => queue.streamState,
      });
    },
  };
  function build<N extends HostFeatureName>(name: N): Built[N] {
    const existing = built.get(name);
    if (existing) return existing as Built[N];
    const feature = builders[name]();
    if (feature.name !== name) throw new Error(`host feature built as ${name} calls itself ${feature.name}`);
    built.set(name, feature);
    return feature;
  }

  const list = HOST_FEATURES.filter((name) => has.has(name)).map((name) => build(name));
  return { list, get: (name) => (has.has(name) ? build(name) : undefined) };
}

const ROLE_REFUSAL = Symbol('refused on this role');

/** What a method of a feature this role does not have answers: a refusal naming the role. */
export function refusedOnThisRole(role: string, method: string): HostHandlers[keyof HostHandlers] {
  const refuse = async () => {
    throw new HostFault('unauthorized', `a ${role} terminal does not answer ${method}`, 'role.methodRefused');
  };
  return Object.assign(refuse, { [ROLE_REFUSAL]: true }) as unknown as HostHandlers[keyof HostHandlers];
}

/** Whether a handler is the refusal of a method this role's features do not answer. */
export const isRoleRefusal = (handler: unknown): boolean => typeof handler === 'function' && ROLE_REFUSAL in handler;

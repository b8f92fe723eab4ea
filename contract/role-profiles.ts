// What each terminal role, and each view of it, may show and call. The host enforces the methods
// (a view's token in the headless shell, its window in Electron); the renderer draws only the screens.
import type { TerminalRole } from './config.js';
import { TERMINAL_VIEWS, type TerminalView } from './api/terminal.js';
import { hostEvents, hostMethods, type HostEventName, type HostMethodName } from './host-api.js';

export { TERMINAL_VIEWS, type TerminalView };

export const isTerminalView = (value: unknown): value is TerminalView => typeof value === 'string' && (TERMINAL_VIEWS as readonly string[]).includes(value);

export interface ViewProfile {
  view: TerminalView;
  /** Screens this view renders, in the order its navigation shows them. */
  screens: readonly string[];
  /** Host methods it may call; every other method is refused by the host. */
  methods: readonly HostMethodName[];
  /** Events pushed to it; others never reach it. */
  events: readonly HostEventName[];
  /** Whether the terminal's chrome (terminal id, device/sync status, admin entry, simulators) shows. */
  technicianChrome: boolean;
}

const ALL_METHODS = Object.keys(hostMethods) as HostMethodName[];
const ALL_EVENTS = Object.keys(hostEvents) as HostEventName[];

/** The hall manager's and supervisor's: figures, the forecast and the 好差评 follow-ups. */
const SUPERVISOR_METHODS: readonly HostMethodName[] = [
  'queue.stats',
  'queue.productivity',
  'queue.forecast',
  'queue.followUps',
  'queue.followUpContact',
  'queue.followUpResolve',
];

/**
 * Methods that belong to one role's desk. Another role's window is refused them by the host (its window
 * in Electron, its token in the headless shell), whatever its page asks; the features also refuse by role.
 */
const COUNTER_DESK_METHODS: readonly HostMethodName[] = [
  'queue.call',
  'queue.recall',
  'queue.noShow',
  'queue.finish',
  'queue.transfer',
  'queue.pause',
  'queue.resume',
  'queue.park',
  'queue.recallParked',
  'queue.start',
  ...SUPERVISOR_METHODS,
  'counter.open',
  'counter.decide',
  'personalCode.issue',
  'personalCode.revoke',
  'assist.acknowledge',
  'remoteHelp.list',
  'remoteHelp.file',
  'remoteHelp.revealPhone',
  'remoteHelp.callBack',
  'remoteHelp.accept',
  'clerk.status',
  'clerk.signIn',
  'clerk.signOut',
];
/** The citizen asking for remote help through the outbox: a kiosk or proxy point sends, a counter answers. */
const HELP_REQUEST_METHODS: readonly HostMethodName[] = ['remoteHelp.send', 'remoteHelp.delivery'];
const PROXY_METHODS: readonly HostMethodName[] = [
  'proxy.status',
  'proxy.signIn',
  'proxy.signOut',
  'proxy.authorisation',
  'proxy.cases',
  'proxy.report',
  'proxy.printReport',
];
/** The citizen applying in person or through an agent: a counter takes packages, it does not make them. */
const APPLICATION_METHODS: readonly HostMethodName[] = [
  'application.start',
  'application.material',
  'application.submit',
  'application.upload',
  'application.reprint',
  'application.cancel',
  'phoneUpload.open',
  'phoneUpload.poll',
  'phoneUpload.accept',
  'phoneUpload.discard',
  'phoneUpload.close',
];
/** The hall display's own: the voice log. */
const DISPLAY_METHODS: readonly HostMethodName[] = ['queue.announced', 'queue.announcements'];
/** Appointment check-in by ID card, at a kiosk. */
const CHECK_IN_METHODS: readonly HostMethodName[] = ['queue.checkIn'];

/**
 * An operator's own window: every method but other roles' desks. Admin mode, diagnostics and the
 * simulated devices stay, reached from any role's window by the technician. Methods no role owns
 * (new features) are open to every operator window until a role claims them.
 */
const operatorWindow = (screens: readonly string[], othersDesks: ReadonlyArray<readonly HostMethodName[]>): ViewProfile => {
  const refused = new Set(othersDesks.flat());
  return {
    view: 'main',
    screens,
    methods: ALL_METHODS.filter((method) => !refused.has(method)),
    events: ALL_EVENTS,
    technicianChrome: true,
  };
};

/**
 * The citizen-facing rating window beside a counter (its second screen): it learns which service
 * finished and sends one rating. No case, card, printer, code or admin method; no card events.
 */
export const RATING_VIEW: ViewProfile = {
  view: 'evaluate',
  screens: ['evaluate'],
  methods: ['terminal.info', 'queue.snapshot', 'queue.evaluate'],
  events: ['queue.event', 'queue.connectivity'],
  technicianChrome: false,
};

/** The hall manager's statistics page, opened on a counter terminal: figures, forecast, CSV and the 好差评 follow-ups. */
const STATS_VIEW: ViewProfile = {
  view: 'stats',
  screens: ['stats'],
  methods: ['terminal.info', 'queue.snapshot', ...SUPERVISOR_METHODS],
  events: ['queue.event', 'queue.connectivity'],
  technicianChrome: false,
};

/**
 * The public display's own window: it shows the queue and plays calls; the technician's admin mode,
 * test print and simulators stay. Nothing of applications, cases, codes, tickets or counters.
 */
const DISPLAY_WINDOW: ViewProfile = {
  view: 'main',
  screens: ['display'],
  methods: [
    'terminal.info',
    'terminal.activity',
    'devices.list',
    'sync.state',
    'idcard.current',
    'session.end',
    'personalCode.verify',
    'queue.snapshot',
    'queue.announced',
    'queue.announcements',
    'assist.state',
    'admin.state',
    'admin.unlock',
    'admin.lock',
    'admin.diagnostics',
    'admin.logs',
    'admin.testRead',
    'admin.serialPorts',
    'admin.saveConfig',
    'admin.restart',
    'printer.status',
    'printer.printTicket',
    'simulator.list',
    'simulator.idcard.place',
    'simulator.idcard.remove',
    'simulator.scanner.scan',
    'simulator.printer.set',
    'simulator.printer.lastPage',
    'simulator.led.shown',
  ],
  events: ALL_EVENTS,
  technicianChrome: false,
};

/**
 * The host's features by name (`HostFeature.name` in main/host), in the order a host attaches them.
 * A role's profile lists the ones it has; the host builds only those and refuses the others' methods.
 */
export const HOST_FEATURES = [
  'terminal',
  'idcard',
  'printer',
  'scanner',
  'simulators',
  'personal-code',
  'personal-code-desk',
  'assist',
  'live-help',
  'remote-help',
  'queue',
  'queue-supervision',
  'clerk-desk',
  'o2o',
  'phone-upload',
  'proxy',
  'operations',
] as const;
export type HostFeatureName = (typeof HOST_FEATURES)[number];

/** What every terminal has: its own status, its devices, the hall queue, personal codes and admin mode. */
const COMMON_FEATURES: readonly HostFeatureName[] = [
  'terminal',
  'idcard',
  'printer',
  'scanner',
  'simulators',
  'personal-code',
  'assist',
  'queue',
  'operations',
];
/** A citizen applies here, in person or through an agent, and asks for help when stuck. */
const CITIZEN_FEATURES: readonly HostFeatureName[] = [...COMMON_FEATURES, 'live-help', 'remote-help', 'o2o', 'phone-upload'];

/** The chrome around a role's screens, decided once here and read by the page. */
export interface RoleChrome {
  /** A citizen uses the terminal: call staff, remote help, elder mode, narration, the live call panel, the idle wipe. */
  citizenFacing: boolean;
  /** The page goes back to the home tiles, emptied, when the citizen's session ends (a proxy point keeps its agent's screen). */
  homeOnSessionEnd: boolean;
  /** The counter's banner of call-staff requests from the hall. */
  assistBanner: boolean;
}

/** What a role has, decided once: its host features, its chrome, and what each of its views may show and call. */
export interface RoleProfile {
  features: readonly HostFeatureName[];
  chrome: RoleChrome;
  views: Partial<Record<TerminalView, ViewProfile>>;
}

export const ROLE_PROFILES: Record<TerminalRole, RoleProfile> = {
  kiosk: {
    features: CITIZEN_FEATURES,
    chrome: { citizenFacing: true, homeOnSessionEnd: true, assistBanner: false },
    views: {
      main: operatorWindow(['home', 'guide', 'apply', 'track', 'ticket', 'appointment', 'evaluate'], [COUNTER_DESK_METHODS, PROXY_METHODS, DISPLAY_METHODS]),
    },
  },
  counter: {
    // It answers help (call staff, remote help, help requests), opens packages and decides cases; it makes no package.
    features: [...COMMON_FEATURES, 'personal-code-desk', 'live-help', 'remote-help', 'queue-supervision', 'clerk-desk', 'o2o'],
    chrome: { citizenFacing: false, homeOnSessionEnd: false, assistBanner: true },
    views: {
      main: operatorWindow(
        ['queue', 'acceptance', 'personal-code', 'assist-desk'],
        [APPLICATION_METHODS, PROXY_METHODS, DISPLAY_METHODS, CHECK_IN_METHODS, HELP_REQUEST_METHODS],
      ),
      evaluate: RATING_VIEW,
      stats: STATS_VIEW,
    },
  },
  // The public display: what is called and who waits; its chrome is for the technician only.
  display: {
    features: COMMON_FEATURES,
    chrome: { citizenFacing: false, homeOnSessionEnd: false, assistBanner: false },
    views: { main: DISPLAY_WINDOW },
  },
  'proxy-point': {
    features: [...CITIZEN_FEATURES, 'proxy'],
    chrome: { citizenFacing: true, homeOnSessionEnd: false, assistBanner: false },
    views: { main: operatorWindow(['proxy'], [COUNTER_DESK_METHODS, DISPLAY_METHODS, CHECK_IN_METHODS]) },
  },
};

/** The profile of a role: its features, chrome and views. */
export function roleProfile(role: TerminalRole): RoleProfile {
  return ROLE_PROFILES[role];
}

/** Whether a role has a host feature. */
export const hasFeature = (role: TerminalRole, feature: HostFeatureName): boolean => ROLE_PROFILES[role].features.includes(feature);

/** The profile of a role's view; a view the role does not have is undefined (the host refuses to open it). */
export function viewProfile(role: TerminalRole, view: TerminalView): ViewProfile | undefined {
  return ROLE_PROFILES[role].views[view];
}

/** Views of a role that are confined: each gets its own credential, separate from the operator's window. */
export function confinedViews(role: TerminalRole): ViewProfile[] {
  return Object.values(ROLE_PROFILES[role].views).filter((profile): profile is ViewProfile => profile !== undefined && profile.view !== 'main');
}

export const mayCall = (profile: ViewProfile, method: HostMethodName): boolean => profile.methods.includes(method);
export const mayReceive = (profile: ViewProfile, event: string): boolean => (profile.events as readonly string[]).includes(event);

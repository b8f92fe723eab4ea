// Where features plug their screens in. A feature adds one line here; App.tsx stays unchanged.
// Every screen is loaded on first use (its own chunk, `lazyComponent`): the kiosk home starts
// without the flows, the counter, the display, the proxy point and the on-screen keyboard.
import type { ComponentType } from 'react';
import type { TerminalRole } from '../../../contract/config.js';
import type { ScreenProps } from './screen-props.js';
import type { CounterPanel } from '../features/o2o/CounterTabs.js';
import type { TerminalView } from '../../../contract/role-profiles.js';
import { lazyComponent, type LazyComponent } from './lazy-component.js';
import type { TileId } from './tiles.js';

/** The flow behind each kiosk tile; a tile without one shows the "ask at a counter" screen. */
export const SERVICE_SCREENS: Partial<Record<TileId, LazyComponent<ScreenProps>>> = {
  ticket: lazyComponent(async () => (await import('../features/queue/TicketScreen.js')).TicketScreen),
  guide: lazyComponent(async () => (await import('../features/o2o/GuideScreen.js')).GuideScreen),
  apply: lazyComponent(async () => (await import('../features/o2o/ApplyScreen.js')).ApplyScreen),
  track: lazyComponent(async () => (await import('../features/o2o/TrackScreen.js')).TrackScreen),
  appointment: lazyComponent(async () => (await import('../features/queue/AppointmentScreen.js')).AppointmentScreen),
  evaluate: lazyComponent(async () => (await import('../features/queue/KioskEvaluateScreen.js')).KioskEvaluateScreen),
};

/** Extra panels on the counter terminal, shown as tabs next to the counter screen. */
export const COUNTER_PANELS: CounterPanel[] = [
  {
    id: 'acceptance',
    labelKey: 'o2o.counter.tab',
    Component: lazyComponent(async () => (await import('../features/o2o/CounterAcceptance.js')).CounterAcceptance),
  },
  {
    id: 'personal-code',
    labelKey: 'o2oIdentity.desk.tab',
    Component: lazyComponent(async () => (await import('../features/scanning/PersonalCodeDesk.js')).PersonalCodeDesk),
  },
  // 帮办席: remote help requests (and, when the link is up, live calls) from kiosks and proxy points.
  {
    id: 'assist-desk',
    labelKey: 'remoteHelp.desk.tab',
    Component: lazyComponent(async () => (await import('../features/remote-help/AssistDeskTab.js')).AssistDeskTab),
    // How many wait: the clerk sees it from the 叫号 tab.
    Badge: lazyComponent(async () => (await import('../features/remote-help/AssistDeskTab.js')).AssistDeskBadge),
  },
  // Each panel's Component is a lazyComponent: preloadRoleScreens fetches them with the counter screen.
];

/** The whole screen for roles that are not a kiosk (counter terminal, hall display, proxy point). */
export const ROLE_SCREENS: Partial<Record<TerminalRole, LazyComponent<ScreenProps>>> = {
  // The queue's counter screen first; COUNTER_PANELS add tabs beside it.
  counter: lazyComponent(async () => {
    const [{ CounterScreen }, { withCounterPanels }] = await Promise.all([
      import('../features/queue/CounterScreen.js'),
      import('../features/o2o/CounterTabs.js'),
    ]);
    return withCounterPanels(CounterScreen, 'o2o.counter.queueTab', COUNTER_PANELS);
  }),
  display: lazyComponent(async () => (await import('../features/queue/DisplayScreen.js')).DisplayScreen),
  'proxy-point': lazyComponent(async () => (await import('../features/proxy/ProxyScreen.js')).ProxyScreen),
};

/** A role's pages other than its operator's window (`?view=…`, or a credential confined to one). */
export const VIEW_SCREENS: Record<Exclude<TerminalView, 'main'>, ComponentType<ScreenProps>> = {
  // The counter's second screen, facing the citizen: 好差评 only.
  evaluate: lazyComponent(async () => (await import('../features/queue/EvaluatePage.js')).EvaluatePage),
  // The hall manager's statistics for today.
  stats: lazyComponent(async () => (await import('../features/queue/StatsPage.js')).StatsPage),
};

/**
 * Fetches the screens a role's operator window can show, once its home is on screen and the page is
 * idle: the first tap then finds its flow ready. Other roles' screens, the keyboard's dictionaries
 * and admin mode are still fetched only when used.
 */
export function preloadRoleScreens(role: TerminalRole): Promise<unknown> {
  const own = ROLE_SCREENS[role];
  if (!own) return Promise.all(Object.values(SERVICE_SCREENS).map((screen) => screen.preload()));
  const panels =
    role === 'counter'
      ? COUNTER_PANELS.flatMap((panel) => [panel.Component, panel.Badge].map((part) => (part as Partial<LazyComponent<ScreenProps>> | undefined)?.preload?.()))
      : [];
  return Promise.all([own.preload(), ...panels]);
}

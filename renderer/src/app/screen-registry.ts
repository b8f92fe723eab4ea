// Where features plug their screens in. A feature adds one line here; App.tsx stays unchanged.
import type { ComponentType } from 'react';
import type { TerminalInfo } from '../../../contract/host-api.js';
import type { TerminalRole } from '../../../contract/config.js';
import type { HallHostClient } from '../host/validated-client.js';
import { AppointmentScreen } from '../features/queue/AppointmentScreen.js';
import { CounterScreen } from '../features/queue/CounterScreen.js';
import { DisplayScreen } from '../features/queue/DisplayScreen.js';
import { EvaluatePage } from '../features/queue/EvaluatePage.js';
import { StatsPage } from '../features/queue/StatsPage.js';
import type { TerminalView } from '../../../contract/role-profiles.js';
import { KioskEvaluateScreen } from '../features/queue/KioskEvaluateScreen.js';
import { TicketScreen } from '../features/queue/TicketScreen.js';
import { ApplyScreen } from '../features/o2o/ApplyScreen.js';
import { CounterAcceptance } from '../features/o2o/CounterAcceptance.js';
import { withCounterPanels, type CounterPanel } from '../features/o2o/CounterTabs.js';
import { GuideScreen } from '../features/o2o/GuideScreen.js';
import { TrackScreen } from '../features/o2o/TrackScreen.js';
import { ProxyScreen } from '../features/proxy/ProxyScreen.js';
import { PersonalCodeDesk } from '../features/scanning/PersonalCodeDesk.js';
import type { TileId } from './tiles.js';

/** Where a kiosk flow opened from another one starts (办理此事项 from a guide: the item already chosen). */
export interface ScreenStart {
  serviceCode?: string;
}

export interface ScreenProps {
  client: HallHostClient;
  info: TerminalInfo;
  /** Back to the role's home screen (the kiosk tiles). */
  onHome: () => void;
  /** Opens another kiosk flow, optionally at a given start (kiosk flows only). */
  onOpen?: (tile: TileId, start?: ScreenStart) => void;
  start?: ScreenStart;
}

/** The flow behind each kiosk tile; a tile without one shows the "ask at a counter" screen. */
export const SERVICE_SCREENS: Partial<Record<TileId, ComponentType<ScreenProps>>> = {
  ticket: TicketScreen,
  guide: GuideScreen,
  apply: ApplyScreen,
  track: TrackScreen,
  appointment: AppointmentScreen,
  evaluate: KioskEvaluateScreen,
};

/** Extra panels on the counter terminal, shown as tabs next to the counter screen. */
export const COUNTER_PANELS: CounterPanel[] = [
  { id: 'acceptance', labelKey: 'o2o.counter.tab', Component: CounterAcceptance },
  { id: 'personal-code', labelKey: 'o2oIdentity.desk.tab', Component: PersonalCodeDesk },
];

/** The whole screen for roles that are not a kiosk (counter terminal, hall display, proxy point). */
export const ROLE_SCREENS: Partial<Record<TerminalRole, ComponentType<ScreenProps>>> = {
  // The queue's counter screen first; COUNTER_PANELS add tabs beside it.
  counter: withCounterPanels(CounterScreen, 'o2o.counter.queueTab', COUNTER_PANELS),
  display: DisplayScreen,
  'proxy-point': ProxyScreen,
};

/** A role's pages other than its operator's window (`?view=…`, or a credential confined to one). */
export const VIEW_SCREENS: Record<Exclude<TerminalView, 'main'>, ComponentType<ScreenProps>> = {
  // The counter's second screen, facing the citizen: 好差评 only.
  evaluate: EvaluatePage,
  // The hall manager's statistics for today.
  stats: StatsPage,
};

// Where features plug their screens in. A feature adds one line here; App.tsx stays unchanged.
import type { ComponentType } from 'react';
import type { TerminalInfo } from '../../../contract/host-api.js';
import type { TerminalRole } from '../../../contract/config.js';
import type { HallHostClient } from '../host/validated-client.js';
import { AppointmentScreen } from '../features/queue/AppointmentScreen.js';
import { CounterScreen } from '../features/queue/CounterScreen.js';
import { DisplayScreen } from '../features/queue/DisplayScreen.js';
import { KioskEvaluateScreen } from '../features/queue/KioskEvaluateScreen.js';
import { TicketScreen } from '../features/queue/TicketScreen.js';
import type { TileId } from './tiles.js';

export interface ScreenProps {
  client: HallHostClient;
  info: TerminalInfo;
  /** Back to the role's home screen (the kiosk tiles). */
  onHome: () => void;
}

/** The flow behind each kiosk tile; a tile without one shows the "ask at a counter" screen. */
export const SERVICE_SCREENS: Partial<Record<TileId, ComponentType<ScreenProps>>> = {
  ticket: TicketScreen,
  appointment: AppointmentScreen,
  evaluate: KioskEvaluateScreen,
};

/** The whole screen for roles that are not a kiosk (counter terminal, hall display, proxy point). */
export const ROLE_SCREENS: Partial<Record<TerminalRole, ComponentType<ScreenProps>>> = {
  counter: CounterScreen,
  display: DisplayScreen,
};

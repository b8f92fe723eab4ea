// What every screen is given. Kept apart from the registry, which imports the screens.
import type { TerminalInfo } from '../../../contract/host-api.js';
import type { HallHostClient } from '../host/validated-client.js';
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

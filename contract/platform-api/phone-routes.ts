// The routes a citizen's phone on the hall LAN reaches: the live ticket a ticket's QR opens and the
// photo page an apply screen's QR opens, with what those pages call. Only these are served on the
// hall-LAN address (platform/phone-pages.ts); every other route stays on loopback or behind its proxy.
import type { platformApi } from './routes.js';

export const PHONE_ROUTE_NAMES = [
  'liveTicketPage',
  'liveTicketState',
  'liveTicketEvents',
  'liveTicketAway',
  'liveTicketBack',
  'liveTicketCancel',
  'phoneUploadPage',
  'phoneUploadPhoto',
] as const satisfies readonly (keyof typeof platformApi)[];
export type PhoneRouteName = (typeof PHONE_ROUTE_NAMES)[number];

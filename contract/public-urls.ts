// The public pages a citizen's phone opens from a slip's QR: the one-page guide of an item and the
// progress of a case. They live under the hall's configured public base URL (the government service
// site); a terminal without one prints no QR, since a LAN or loopback address opens on no phone.

const joined = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path}`;

/** `<base>/guide/<item code>`: the same guide the kiosk shows and prints. */
export function publicGuideUrl(base: string, itemCode: string): string {
  return joined(base, `guide/${encodeURIComponent(itemCode)}`);
}

/** `<base>/track/<tracking code>`: the case's progress; a kiosk's 全程一码 reads the code back out of it. */
export function publicTrackingUrl(base: string, trackingCode: string): string {
  return joined(base, `track/${encodeURIComponent(trackingCode)}`);
}

// Where the embedded platform serves the phone pages: the configured LAN address, the machine's
// first non-internal IPv4 when it says 'auto', nowhere when it says 'off' or the machine has none
// (then the kiosk says phone upload needs the hall network, and tickets print without a QR).
import type { NetworkInterfaceInfo } from 'node:os';
import { firstLanIPv4 } from '../../common/lan-address.js';
import type { TerminalConfig } from '../../contract/config.js';

export function phonePagesListen(
  setting: TerminalConfig['phonePages'],
  interfaces?: NodeJS.Dict<NetworkInterfaceInfo[]>,
): { host: string; port: number } | undefined {
  if (setting.address === 'off') return undefined;
  const host = setting.address === 'auto' ? firstLanIPv4(interfaces) : setting.address;
  return host ? { host, port: setting.port } : undefined;
}

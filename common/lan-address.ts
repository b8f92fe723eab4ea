// The machine's address on the hall LAN, for the pages phones on the hall Wi-Fi open.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/**
 * The first non-internal IPv4 address of this machine's interfaces, in the order the system lists
 * them; undefined when it has none (no network, loopback only). Link-local 169.254/16 is skipped:
 * a phone cannot be routed to it.
 */
export function firstLanIPv4(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string | undefined {
  for (const addresses of Object.values(interfaces)) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal && !address.address.startsWith('169.254.'));
    if (found) return found.address;
  }
  return undefined;
}

// The tests that reach the hall's phone pages the way a phone does: through this machine's LAN address.
import { firstLanIPv4 } from '../../common/lan-address.js';

/** This machine's address on its network, as the default hall would serve the phone pages on it. */
export const lanAddress = firstLanIPv4();

/**
 * Why those tests are skipped on a machine without one. They cannot be faked: the phone pages refuse
 * loopback by design (a phone cannot reach it), and adding an address needs root. Hall PCs and CI
 * machines have a network; what does not need one (choosing the address from given interfaces, the
 * listener's route filter) is tested everywhere.
 */
export const NO_LAN_SKIP_REASON =
  'this machine has no non-internal IPv4 address (loopback only): a phone could not reach the hall, and the phone pages refuse loopback by design';

// Switching the reader's UART speed with `60 xx`. Which speed the reader acknowledges at is
// UNCONFIRMED (reference §1.3), so the caller chooses: 'old' waits for the acknowledgement at the
// current speed; 'new' sends without waiting (an ack at the new speed is unreadable at the old
// one) and relies on the SAM status check at the new speed to confirm the switch.
import type { DeviceContext } from '../device.js';
import type { ByteTransport } from '../transport/types.js';
import { encodeSetBaud, type SupportedBaud } from './codec.js';
import { SamChannel } from './sam-channel.js';
import { DEFAULT_TIMEOUTS, errorForExchange, errorForSw3, SamCommands, type IdCardResult } from './sam-commands.js';
import { SW3 } from './status-codes.js';

export interface BaudSwitchOptions {
  /** Builds an unopened transport at the given speed. */
  openTransport: (baud: number) => ByteTransport;
  from: number;
  to: SupportedBaud;
  ackAt: 'old' | 'new';
  timeoutMs?: number;
  /** Pause before reopening at the new speed, for readers that switch after a delay. */
  settleMs?: number;
  log?: DeviceContext['log'];
}

const SILENT_LOG: DeviceContext['log'] = { info: () => {}, warn: () => {}, error: () => {} };

async function withChannel<T>(
  transport: ByteTransport,
  log: DeviceContext['log'],
  use: (channel: SamChannel) => Promise<IdCardResult<T>>,
): Promise<IdCardResult<T>> {
  try {
    await transport.open();
  } catch (error) {
    return { ok: false, error: { code: 'unreachable', message: error instanceof Error ? error.message : String(error) } };
  }
  const channel = new SamChannel(transport, log);
  try {
    return await use(channel);
  } finally {
    channel.dispose();
    await transport.close().catch(() => undefined);
  }
}

export async function switchBaudRate(options: BaudSwitchOptions): Promise<IdCardResult<void>> {
  const log = options.log ?? SILENT_LOG;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.sam;
  const sent = await withChannel<void>(options.openTransport(options.from), log, async (channel) => {
    if (options.ackAt === 'new') {
      // Nothing readable will come back; a short exchange timeout just gives the bytes time to leave.
      await channel.exchange(encodeSetBaud(options.to), 50);
      return { ok: true, value: undefined };
    }
    const outcome = await channel.exchange(encodeSetBaud(options.to), timeoutMs);
    if (!outcome.ok) return { ok: false, error: errorForExchange(outcome.error) };
    if (outcome.response.sw3 !== SW3.success) return { ok: false, error: errorForSw3(outcome.response.sw3) };
    return { ok: true, value: undefined };
  });
  if (!sent.ok) return sent;
  if (options.settleMs) await new Promise((r) => setTimeout(r, options.settleMs));
  return withChannel(options.openTransport(options.to), log, (channel) => new SamCommands(channel, { ...DEFAULT_TIMEOUTS, sam: timeoutMs }).samStatus());
}

// The reader's commands as typed calls returning results: SW3 values and link problems become
// IdCardError values with a machine code, an English message and the SW3 (never card content).
import { COMMANDS, encodeRequest, encodeSetMaxRfFrameSize, formatSamId, splitCardReadData, type CardReadPayload, type DecodedResponse } from './codec.js';
import { decodeUcs2 } from './card-text.js';
import type { ExchangeError, SamChannel } from './sam-channel.js';
import { describeSw3, isSamFault, SW3 } from './status-codes.js';

export const ID_CARD_ERROR_CODES = [
  'no-card',
  'select-failed',
  'read-failed',
  'sam-fault',
  'timeout',
  'unreachable',
  'protocol-error',
  'device-error',
] as const;
export type IdCardErrorCode = (typeof ID_CARD_ERROR_CODES)[number];

export interface IdCardError {
  code: IdCardErrorCode;
  message: string;
  /** The reader's SW3 and its machine code from the status table, when the reader answered. */
  sw3?: number;
  status?: string;
}

export type IdCardResult<T> = { ok: true; value: T } | { ok: false; error: IdCardError };

/** Per-command timeouts in ms; defaults are the Synjones driver's values (reference §1.6). */
export interface CommandTimeouts {
  sam: number;
  find: number;
  select: number;
  read: number;
  additionalAddress: number;
}

export const DEFAULT_TIMEOUTS: CommandTimeouts = { sam: 300, find: 500, select: 500, read: 3500, additionalAddress: 1000 };

const CARD_SIDE_FAILURES: ReadonlySet<number> = new Set([
  SW3.cardReadFailed,
  SW3.cardRejectedReader,
  SW3.readerRejectedCard,
  SW3.verificationError,
  SW3.unknownCardType,
  SW3.randomNumberFailed,
]);

export function errorForSw3(sw3: number): IdCardError {
  const { code: status, message } = describeSw3(sw3);
  const code: IdCardErrorCode =
    sw3 === SW3.findFailed
      ? 'no-card'
      : sw3 === SW3.selectFailed
        ? 'select-failed'
        : CARD_SIDE_FAILURES.has(sw3)
          ? 'read-failed'
          : isSamFault(sw3)
            ? 'sam-fault'
            : 'device-error';
  return { code, message, sw3, status };
}

export function errorForExchange(error: ExchangeError): IdCardError {
  switch (error.kind) {
    case 'timeout':
      return { code: 'timeout', message: `no reply within ${error.timeoutMs} ms` };
    case 'closed':
      return { code: 'unreachable', message: `link to the reader closed: ${error.message}` };
    case 'bad-frame':
      return { code: 'protocol-error', message: `reply frame rejected (${error.reason})` };
  }
}

export class SamCommands {
  constructor(
    private readonly channel: SamChannel,
    private readonly timeouts: CommandTimeouts = DEFAULT_TIMEOUTS,
  ) {}

  samStatus(): Promise<IdCardResult<void>> {
    return this.expect(encodeRequest(COMMANDS.samStatus), this.timeouts.sam, [SW3.success], () => undefined);
  }

  resetSam(): Promise<IdCardResult<void>> {
    return this.expect(encodeRequest(COMMANDS.resetSam), this.timeouts.sam, [SW3.success], () => undefined);
  }

  readSamId(): Promise<IdCardResult<string>> {
    return this.expect(encodeRequest(COMMANDS.samId), this.timeouts.sam, [SW3.success], (r) => formatSamId(r.data) ?? malformed('SAM ID is not 16 bytes'));
  }

  findCard(): Promise<IdCardResult<void>> {
    return this.expect(encodeRequest(COMMANDS.findCard), this.timeouts.find, [SW3.cardFound], () => undefined);
  }

  selectCard(): Promise<IdCardResult<void>> {
    return this.expect(encodeRequest(COMMANDS.selectCard), this.timeouts.select, [SW3.success], () => undefined);
  }

  readCard(withFingerprint: boolean): Promise<IdCardResult<CardReadPayload>> {
    const command = withFingerprint ? COMMANDS.readTextPhotoFingerprint : COMMANDS.readTextPhoto;
    return this.expect(
      encodeRequest(command),
      this.timeouts.read,
      [SW3.success],
      (r) => splitCardReadData(r.data, withFingerprint) ?? malformed('block lengths do not match the reply length'),
    );
  }

  /** The later address endorsed on the card, or null when it has none (SW3 0x91). */
  readAdditionalAddress(): Promise<IdCardResult<string | null>> {
    return this.expect(encodeRequest(COMMANDS.readAdditionalAddress), this.timeouts.additionalAddress, [SW3.success, SW3.noContent], (r) =>
      r.sw3 === SW3.noContent ? null : decodeUcs2(r.data),
    );
  }

  setMaxRfFrameSize(size: number): Promise<IdCardResult<void>> {
    return this.expect(encodeSetMaxRfFrameSize(size), this.timeouts.sam, [SW3.success], () => undefined);
  }

  private async expect<T>(request: Uint8Array, timeoutMs: number, accepted: number[], map: (r: DecodedResponse) => T | Malformed): Promise<IdCardResult<T>> {
    const outcome = await this.channel.exchange(request, timeoutMs);
    if (!outcome.ok) return { ok: false, error: errorForExchange(outcome.error) };
    const { response } = outcome;
    if (!accepted.includes(response.sw3)) return { ok: false, error: errorForSw3(response.sw3) };
    const value = map(response);
    if (value instanceof Malformed)
      return { ok: false, error: { code: 'protocol-error', message: value.message, sw3: response.sw3, status: describeSw3(response.sw3).code } };
    return { ok: true, value };
  }
}

class Malformed {
  constructor(readonly message: string) {}
}
const malformed = (message: string) => new Malformed(message);

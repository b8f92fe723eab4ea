// select → read → decode → (additional address) → (photo plug-in): one complete card reading.
import type { IdCard } from '../../contract/idcard.js';
import { decodeCardText } from './card-text.js';
import { decodePhoto, type PhotoDecodeResult, type WltDecoder } from './photo.js';
import type { IdCardResult, SamCommands } from './sam-commands.js';
import { systemClock } from '../../contract/clock.js';

/** Payload of the reader's `card` event and of a successful readOnce(). */
export interface IdCardReading {
  card: IdCard;
  /** The WLT photo as read from the card, plus the decoder's outcome ('no-decoder' → show a placeholder). */
  photo: { wlt: Uint8Array } & PhotoDecodeResult;
  /** Fingerprint templates, opaque (empty unless fingerprints are read and the card has them). */
  fingerprint: Uint8Array;
  readAt: string;
}

export interface ReadOptions {
  withFingerprint: boolean;
  withAdditionalAddress: boolean;
  wltDecoder: WltDecoder;
}

/** Reads the card that "find" just reported. */
export async function readFoundCard(commands: SamCommands, options: ReadOptions): Promise<IdCardResult<IdCardReading>> {
  const selected = await commands.selectCard();
  if (!selected.ok) return selected;
  const read = await commands.readCard(options.withFingerprint);
  if (!read.ok) return read;
  const text = decodeCardText(read.value.text);
  if (!text.ok) return { ok: false, error: { code: 'protocol-error', message: text.message } };

  let additionalAddress: string | undefined;
  if (options.withAdditionalAddress) {
    const address = await commands.readAdditionalAddress();
    // A failed address read does not spoil the card; only a link failure does.
    if (!address.ok && (address.error.code === 'unreachable' || address.error.code === 'sam-fault')) return address;
    if (address.ok && address.value) additionalAddress = address.value;
  }

  const { photo, fingerprint } = read.value;
  const card: IdCard = {
    ...text.value,
    ...(additionalAddress ? { additionalAddress } : {}),
    photoLength: photo.length,
    fingerprintLength: fingerprint.length,
  };
  return {
    ok: true,
    value: { card, photo: { wlt: photo, ...(await decodePhoto(options.wltDecoder, photo)) }, fingerprint, readAt: systemClock.iso() },
  };
}

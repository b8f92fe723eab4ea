// Builds the bytes a simulated card holds: the 256-byte text block for each card type, a fake
// WLT photo and optional fingerprint templates. Used by the simulator and by tests.
import type { IdCardType } from '../../../contract/idcard.js';
import { CARD_TYPE_FLAG_OFFSET, CARD_TYPE_FLAGS, TEXT_BLOCK_LENGTH, TEXT_LAYOUTS, type FieldSpan } from '../card-text.js';
import { WLT_MAGIC } from '../photo.js';

type Layout<T extends IdCardType> = (typeof TEXT_LAYOUTS)[T];

/**
 * Raw field text as the card stores it: dates as YYYYMMDD, validTo as YYYYMMDD or "长期",
 * gender as '1'/'2', nation as two digits. A 2023 card's englishName may run to 46 characters.
 */
export type CardTextInput = {
  [T in IdCardType]: { cardType: T } & { [K in Exclude<keyof Layout<T>, 'englishNameContinued'>]: string };
}[IdCardType];

/** What the simulator's card holds. */
export interface SimulatedCard {
  text: Uint8Array;
  photo: Uint8Array;
  /** 1024 (two templates), 512 or absent (fpLen 0). */
  fingerprint?: Uint8Array;
  /** Endorsed later address (追加住址), at most 35 characters; absent → SW3 0x91. */
  additionalAddress?: string;
}

function writeUcs2(block: Uint8Array, span: FieldSpan, value: string, field: string): void {
  const bytes = Buffer.from(value, 'utf16le');
  if (bytes.length > span.length) throw new RangeError(`${field} is longer than ${span.length / 2} characters`);
  block.set(bytes, span.offset);
}

/** A UCS-2 LE field of `length` bytes, space padded. */
export function ucs2Field(value: string, length: number): Uint8Array {
  const block = new Uint8Array(length);
  for (let i = 0; i < length; i += 2) block[i] = 0x20;
  writeUcs2(block, { offset: 0, length }, value, 'value');
  return block;
}

export function encodeCardText(input: CardTextInput): Uint8Array {
  const block = ucs2Field('', TEXT_BLOCK_LENGTH);
  const layout = TEXT_LAYOUTS[input.cardType] as Record<string, FieldSpan>;
  for (const [field, value] of Object.entries(input)) {
    if (field === 'cardType') continue;
    const span = layout[field];
    if (!span) throw new RangeError(`${input.cardType} has no field ${field}`);
    if (input.cardType === 'foreign-permanent-2023' && field === 'englishName') {
      const first = span.length / 2;
      writeUcs2(block, span, value.slice(0, first), field);
      writeUcs2(block, TEXT_LAYOUTS['foreign-permanent-2023'].englishNameContinued, value.slice(first), field);
    } else {
      writeUcs2(block, span, value, field);
    }
  }
  const flag = CARD_TYPE_FLAGS[input.cardType];
  if (flag) writeUcs2(block, { offset: CARD_TYPE_FLAG_OFFSET, length: 2 }, flag, 'flag');
  return block;
}

/** Deterministic filler after the WLT magic; not a decodable photo. */
export function fakeWlt(seed = 1, length = 1024): Uint8Array {
  const blob = new Uint8Array(length);
  blob.set(WLT_MAGIC);
  let x = seed >>> 0 || 1;
  for (let i = WLT_MAGIC.length; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    blob[i] = x >>> 24;
  }
  return blob;
}

export function fakeFingerprint(seed = 7, length = 1024): Uint8Array {
  const blob = new Uint8Array(length);
  for (let i = 0; i < length; i++) blob[i] = (i * 31 + seed) & 0xff;
  return blob;
}

export function buildSimulatedCard(
  input: CardTextInput,
  extras: { photoSeed?: number; fingerprint?: Uint8Array; additionalAddress?: string } = {},
): SimulatedCard {
  return {
    text: encodeCardText(input),
    photo: fakeWlt(extras.photoSeed),
    ...(extras.fingerprint ? { fingerprint: extras.fingerprint } : {}),
    ...(extras.additionalAddress !== undefined ? { additionalAddress: extras.additionalAddress } : {}),
  };
}

// Decodes the 256-byte text block (UCS-2 LE, space padded) for every card type carried in it.
// The card type is the UCS-2 letter at offset 248: 'J', 'I', 'Y', or none for a resident card.
import { isIdNumberCheckValid, type Gender, type IdCard, type IdCardType } from '../../contract/idcard.js';
import { nationName } from './nations.js';

export const TEXT_BLOCK_LENGTH = 256;
export const CARD_TYPE_FLAG_OFFSET = 248;

export interface FieldSpan {
  offset: number;
  length: number;
}
const span = (offset: number, length: number): FieldSpan => ({ offset, length });

/** Byte offsets and lengths inside the text block, reference §1.7 and §1.9. */
export const TEXT_LAYOUTS = {
  resident: {
    name: span(0, 30),
    gender: span(30, 2),
    nation: span(32, 4),
    birthDate: span(36, 16),
    address: span(52, 70),
    idNumber: span(122, 36),
    issuer: span(158, 30),
    validFrom: span(188, 16),
    validTo: span(204, 16),
  },
  'gat-residence-permit': {
    name: span(0, 30),
    gender: span(30, 2),
    birthDate: span(36, 16),
    address: span(52, 70),
    idNumber: span(122, 36),
    issuer: span(158, 30),
    validFrom: span(188, 16),
    validTo: span(204, 16),
    passNumber: span(220, 18),
    issueCount: span(238, 4),
  },
  'foreign-permanent-old': {
    englishName: span(0, 120),
    gender: span(120, 2),
    idNumber: span(122, 30),
    nationality: span(152, 6),
    name: span(158, 30),
    validFrom: span(188, 16),
    validTo: span(204, 16),
    birthDate: span(220, 16),
    cardVersion: span(236, 4),
    acceptingAuthority: span(240, 8),
  },
  'foreign-permanent-2023': {
    name: span(0, 30),
    gender: span(30, 2),
    issueCount: span(32, 4),
    birthDate: span(36, 16),
    englishName: span(52, 70),
    idNumber: span(122, 36),
    validFrom: span(188, 16),
    validTo: span(204, 16),
    englishNameContinued: span(220, 22),
    nationality: span(242, 6),
  },
} as const satisfies Record<IdCardType, Record<string, FieldSpan>>;

export const CARD_TYPE_FLAGS: Partial<Record<IdCardType, string>> = {
  'gat-residence-permit': 'J',
  'foreign-permanent-old': 'I',
  'foreign-permanent-2023': 'Y',
};

/** Text fields of a card; photo, fingerprint and additional address come from other replies. */
export type CardText = Omit<IdCard, 'photoLength' | 'fingerprintLength' | 'additionalAddress'>;

export type CardTextResult = { ok: true; value: CardText } | { ok: false; code: 'bad-text-length' | 'unknown-card-type'; message: string };

export function decodeUcs2(bytes: Uint8Array): string {
  return trimPadding(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2)).toString('utf16le'));
}

/** Drops trailing spaces (the card's padding) and NULs (seen on some cards instead of spaces). */
function trimPadding(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '\u0000' || /\s/u.test(text[end - 1]!))) end--;
  return text.slice(0, end);
}

export function cardTypeOf(text: Uint8Array): IdCardType | undefined {
  const flag = String.fromCharCode(text[CARD_TYPE_FLAG_OFFSET]! | (text[CARD_TYPE_FLAG_OFFSET + 1]! << 8));
  if (flag === ' ' || flag === '\u0000') return 'resident';
  const entry = Object.entries(CARD_TYPE_FLAGS).find(([, letter]) => letter === flag);
  return entry?.[0] as IdCardType | undefined;
}

const GENDERS: Record<string, Gender> = { '1': 'male', '2': 'female', '0': 'unknown', '9': 'unspecified' };

/** YYYYMMDD → YYYY-MM-DD when it is a plausible calendar date; otherwise the raw text. */
export function formatCardDate(raw: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return raw;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d);
  return valid ? `${y}-${mo}-${d}` : raw;
}

function validity(rawTo: string): { validTo: string | null; longTerm: boolean } {
  return rawTo.startsWith('长期') ? { validTo: null, longTerm: true } : { validTo: formatCardDate(rawTo), longTerm: false };
}

function count(raw: string): number | undefined {
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function decodeCardText(text: Uint8Array): CardTextResult {
  if (text.length !== TEXT_BLOCK_LENGTH) {
    return { ok: false, code: 'bad-text-length', message: `text block is ${text.length} bytes, expected ${TEXT_BLOCK_LENGTH}` };
  }
  const cardType = cardTypeOf(text);
  if (!cardType) return { ok: false, code: 'unknown-card-type', message: 'unrecognised card-type flag at text offset 248' };
  const read = (s: FieldSpan) => decodeUcs2(text.subarray(s.offset, s.offset + s.length));
  const gender = (s: FieldSpan) => {
    const genderCode = read(s);
    return { genderCode, gender: GENDERS[genderCode] ?? 'unknown' };
  };

  switch (cardType) {
    case 'resident': {
      const l = TEXT_LAYOUTS.resident;
      const idNumber = read(l.idNumber);
      const nationCode = read(l.nation);
      return ok({
        cardType,
        name: read(l.name),
        ...gender(l.gender),
        nation: { code: nationCode, name: nationName(nationCode) },
        birthDate: formatCardDate(read(l.birthDate)),
        address: read(l.address),
        idNumber,
        idNumberValid: isIdNumberCheckValid(idNumber),
        issuer: read(l.issuer),
        validFrom: formatCardDate(read(l.validFrom)),
        ...validity(read(l.validTo)),
      });
    }
    case 'gat-residence-permit': {
      const l = TEXT_LAYOUTS['gat-residence-permit'];
      const idNumber = read(l.idNumber);
      return ok({
        cardType,
        name: read(l.name),
        ...gender(l.gender),
        birthDate: formatCardDate(read(l.birthDate)),
        address: read(l.address),
        idNumber,
        idNumberValid: isIdNumberCheckValid(idNumber),
        issuer: read(l.issuer),
        validFrom: formatCardDate(read(l.validFrom)),
        ...validity(read(l.validTo)),
        passNumber: read(l.passNumber),
        ...optional('issueCount', count(read(l.issueCount))),
      });
    }
    case 'foreign-permanent-old': {
      const l = TEXT_LAYOUTS['foreign-permanent-old'];
      const idNumber = read(l.idNumber);
      return ok({
        cardType,
        name: read(l.name),
        englishName: read(l.englishName),
        ...gender(l.gender),
        birthDate: formatCardDate(read(l.birthDate)),
        idNumber,
        // This permit number has no check character; only its shape can be checked.
        idNumberValid: /^[A-Z]{3}\d{12}$/.test(idNumber),
        validFrom: formatCardDate(read(l.validFrom)),
        ...validity(read(l.validTo)),
        nationality: read(l.nationality),
        cardVersion: read(l.cardVersion),
        acceptingAuthority: read(l.acceptingAuthority),
      });
    }
    case 'foreign-permanent-2023': {
      const l = TEXT_LAYOUTS['foreign-permanent-2023'];
      const idNumber = read(l.idNumber);
      // The English name runs on from offset 52 into offset 220 when longer than 35 characters.
      const englishName = trimPadding(
        Buffer.from(text.subarray(l.englishName.offset, l.englishName.offset + l.englishName.length)).toString('utf16le') + read(l.englishNameContinued),
      );
      return ok({
        cardType,
        name: read(l.name),
        englishName,
        ...gender(l.gender),
        birthDate: formatCardDate(read(l.birthDate)),
        idNumber,
        idNumberValid: isIdNumberCheckValid(idNumber),
        validFrom: formatCardDate(read(l.validFrom)),
        ...validity(read(l.validTo)),
        nationality: read(l.nationality),
        ...optional('issueCount', count(read(l.issueCount))),
      });
    }
  }
}

function ok(value: CardText): CardTextResult {
  return { ok: true, value };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

import { z } from 'zod';

/**
 * A decoded second-generation ID card (or a card of the same family carried in the same text
 * block). Shared by the driver, the host and the renderer, so it holds only plain values.
 */

export const ID_CARD_TYPES = ['resident', 'gat-residence-permit', 'foreign-permanent-old', 'foreign-permanent-2023'] as const;
export const IdCardType = z.enum(ID_CARD_TYPES);
export type IdCardType = z.infer<typeof IdCardType>;

/** GB/T 2261.1: 1 male, 2 female, 0 unknown, 9 unspecified. Anything else is reported as 'unknown'. */
export const Gender = z.enum(['male', 'female', 'unknown', 'unspecified']);
export type Gender = z.infer<typeof Gender>;

export const IdCard = z
  .object({
    cardType: IdCardType,
    /** Chinese name; may be empty on an old foreign permanent-resident card. */
    name: z.string(),
    /** Foreign permanent-resident cards only. */
    englishName: z.string().optional(),
    gender: Gender,
    /** The raw code character, kept so an unexpected value is visible. */
    genderCode: z.string(),
    /** Resident cards only (GB 3304); `name` is null for a code outside the table. */
    nation: z.object({ code: z.string(), name: z.string().nullable() }).optional(),
    /** YYYY-MM-DD when the card holds a valid YYYYMMDD date, otherwise the raw text. */
    birthDate: z.string(),
    address: z.string().optional(),
    /** ID number (resident, GAT, 2023 foreign) or permit number (old foreign card). */
    idNumber: z.string(),
    /**
     * GB 11643 / ISO 7064 MOD 11-2 check character matches. For the old foreign card, which has
     * no check character, this is a format check (3 letters + 12 digits).
     */
    idNumberValid: z.boolean(),
    issuer: z.string().optional(),
    validFrom: z.string(),
    /** Null when the card is valid long-term ("长期"). */
    validTo: z.string().nullable(),
    longTerm: z.boolean(),
    /** HK/Macao/Taiwan residence permit: the home-return / Taiwan compatriot pass number. */
    passNumber: z.string().optional(),
    /** GAT permit: issue count; 2023 foreign card: renewal count (换证次数). */
    issueCount: z.number().int().nonnegative().optional(),
    /** Foreign cards: ISO 3166 alpha-3 (or numeric) nationality code as printed on the card. */
    nationality: z.string().optional(),
    /** Old foreign card only. */
    cardVersion: z.string().optional(),
    /** Old foreign card only: code of the accepting authority. */
    acceptingAuthority: z.string().optional(),
    /** The latest address endorsed after issue (追加住址), when the card holds one. */
    additionalAddress: z.string().optional(),
    /** Bytes of the WLT-compressed photo (normally 1024). */
    photoLength: z.number().int().nonnegative(),
    /** Bytes of fingerprint templates (0, 512 or 1024). */
    fingerprintLength: z.number().int().nonnegative(),
  })
  .strict();
export type IdCard = z.infer<typeof IdCard>;

/** Weights 2^(17-i) mod 11 for the first 17 characters (GB 11643-1999). */
const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/**
 * The ISO 7064 MOD 11-2 check character for the first 17 digits of an 18-character ID number,
 * or undefined when the input is not exactly 17 ASCII digits.
 */
export function idNumberCheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (CHECK_WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11];
}

/** True when an 18-character ID number (resident, GAT permit, 2023 foreign card) has a correct check character. */
export function isIdNumberCheckValid(idNumber: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return false;
  return idNumberCheckCharacter(idNumber.slice(0, 17)) === idNumber[17]!.toUpperCase();
}

/** Appends the check character to 17 digits; throws on malformed input (for building test data). */
export function withIdNumberCheckCharacter(first17: string): string {
  const check = idNumberCheckCharacter(first17);
  if (check === undefined) throw new Error('expected exactly 17 digits');
  return first17 + check;
}

import { z } from 'zod';
import { decodeBase64UrlStrict, ED25519_SIGNATURE_BYTES } from './base64.js';

/**
 * The personal code (反向扫码) for people without a smartphone: printed at a counter after an ID
 * check, scanned at any kiosk or counter, verified offline. It carries no personal data in plain
 * text — a pseudonymous subject id, a masked name, validity — and an Ed25519 signature by a
 * platform key. Text form: "HTPC1.<payload, base64url JSON>.<signature, base64url>".
 */
export const PERSONAL_CODE_PREFIX = 'HTPC1';

export const PersonalCodePayload = z
  .object({
    /** Id of the platform key that signed it. */
    kid: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
    /** Pseudonymous subject: the platform alone can link it to a person. */
    sub: z.string().regex(/^[0-9a-f]{32}$/),
    /** Masked name to show, e.g. 王**. */
    mn: z.string().max(60),
    /** Issued and expires, in whole seconds since the epoch. */
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
  })
  .strict();
export type PersonalCodePayload = z.infer<typeof PersonalCodePayload>;

/** A platform public key as terminals receive it (dataset `trust-keys`, keyed by kid). */
export const TrustKey = z.object({
  kid: z.string(),
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: z.string(),
  /** Active keys sign new codes; retired keys only verify codes already issued. */
  status: z.enum(['active', 'retired', 'revoked']),
});
export type TrustKey = z.infer<typeof TrustKey>;

/** A revocation (dataset `code-revocations`): every code of the subject issued before the time is void. */
export const SubjectRevocation = z.object({ sub: z.string(), issuedBefore: z.number().int().positive(), reason: z.string().max(200) });
export type SubjectRevocation = z.infer<typeof SubjectRevocation>;

export const TRUST_KEYS_DATASET = 'trust-keys';
export const REVOCATIONS_DATASET = 'code-revocations';

export const CODE_REFUSALS = ['malformed', 'unknown-key', 'forged', 'expired', 'not-yet-valid', 'revoked'] as const;
export type CodeRefusal = (typeof CODE_REFUSALS)[number];

export interface ParsedPersonalCode {
  payload: PersonalCodePayload;
  /** The bytes the signature covers: the payload segment as sent. */
  signedPart: string;
  signature: string;
  /** The signature, strictly decoded: exactly 64 bytes from its one canonical text. */
  signatureBytes: Uint8Array;
}

export function looksLikePersonalCode(text: string): boolean {
  return text.startsWith(`${PERSONAL_CODE_PREFIX}.`);
}

/** JSON as pure ASCII (other characters as \\u escapes), so every reader decodes it the same way. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** base64url → ASCII text; undefined for anything else (bad characters, non-canonical form, non-ASCII bytes). */
function asciiFromBase64Url(segment: string): string | undefined {
  const bytes = decodeBase64UrlStrict(segment);
  if (!bytes || bytes.some((byte) => byte > 0x7f)) return undefined;
  return String.fromCharCode(...bytes);
}

/** Splits a "<prefix>.<payload>.<signature>" code and checks its payload's shape (signature not checked). */
export function parseSignedCode<T extends z.ZodTypeAny>(
  text: string,
  prefix: string,
  schema: T,
): { payload: z.output<T>; signedPart: string; signature: string; signatureBytes: Uint8Array } | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 3 || parts[0] !== prefix || !parts[1] || !parts[2]) return undefined;
  const signatureBytes = decodeBase64UrlStrict(parts[2]);
  if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES) return undefined;
  const json = asciiFromBase64Url(parts[1]);
  if (json === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  const payload = schema.safeParse(raw);
  return payload.success ? { payload: payload.data as z.output<T>, signedPart: `${parts[0]}.${parts[1]}`, signature: parts[2], signatureBytes } : undefined;
}

/** Splits and checks the shape of a code; the signature is checked by whoever holds the keys. */
export function parsePersonalCode(text: string): ParsedPersonalCode | undefined {
  return parseSignedCode(text, PERSONAL_CODE_PREFIX, PersonalCodePayload);
}

/**
 * Strict base64 and base64url decoding, for whatever carries a signature, a key or a signed payload.
 * Node's Buffer decoder skips characters it does not know and ignores what follows a padding, so a
 * signature with junk appended would still verify; here only the one canonical text of each byte
 * string is accepted (alphabet only, no stray padding, unused low bits zero).
 */
const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STANDARD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeWith(alphabet: string, text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    const digit = alphabet.indexOf(char);
    if (digit === -1) return undefined;
    value = ((value << 6) | digit) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero: otherwise several texts would decode to the same bytes.
  if (bits > 0 && (value & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}

/** Unpadded base64url (RFC 4648 §5) → bytes; undefined for anything not in canonical form. */
export function decodeBase64UrlStrict(text: string): Uint8Array | undefined {
  return decodeWith(URL_ALPHABET, text);
}

/** Padded standard base64 (RFC 4648 §4) → bytes; undefined for anything not in canonical form. */
export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  // Padding only at the end, and only as much as the length needs (decodeWith refuses any other '=').
  return decodeWith(STANDARD_ALPHABET, text.replace(/={1,2}$/, ''));
}

/** An Ed25519 signature is exactly 64 bytes. */
export const ED25519_SIGNATURE_BYTES = 64;

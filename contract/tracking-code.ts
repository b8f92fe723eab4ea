// 全程一码: the tracking code a citizen reads aloud, types, or scans from the receipt.
//
// Ten data symbols and one check symbol over a 23-symbol alphabet (23 is prime). Symbols that look
// alike are left out (0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V keeps only U). The check symbol makes the
// weighted sum Σ (i+1)·v_i over all eleven positions ≡ 0 (mod 23). The weights 1…11 are distinct and
// non-zero mod 23, so a single changed symbol (weight · difference ≢ 0) and a swap of two different
// neighbours ((w_i − w_{i+1}) · (a − b) ≢ 0) always break the sum: both are detected, not guessed.
export const TRACKING_ALPHABET = '34679ACDEFGHJKMNPRTUWXY';
export const TRACKING_MODULUS = TRACKING_ALPHABET.length; // 23, prime
export const TRACKING_DATA_LENGTH = 10;
export const TRACKING_CODE_LENGTH = TRACKING_DATA_LENGTH + 1;

const valueOf = new Map([...TRACKING_ALPHABET].map((symbol, index) => [symbol, index]));

/** The check symbol for ten data symbols; undefined if any symbol is outside the alphabet. */
export function trackingCheckSymbol(data: string): string | undefined {
  if (data.length !== TRACKING_DATA_LENGTH) return undefined;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const value = valueOf.get(data[i]!);
    if (value === undefined) return undefined;
    sum = (sum + (i + 1) * value) % TRACKING_MODULUS;
  }
  // Weight of the check position is 11; solve 11·c ≡ −sum (mod 23) with 11⁻¹ ≡ 21 (11·21 = 231 = 10·23 + 1).
  const check = (((TRACKING_MODULUS - sum) % TRACKING_MODULUS) * 21) % TRACKING_MODULUS;
  return TRACKING_ALPHABET[check];
}

/** A code from ten random values in [0, 23); the caller supplies randomness (crypto on the host). */
export function makeTrackingCode(randomValues: readonly number[]): string {
  if (randomValues.length !== TRACKING_DATA_LENGTH || randomValues.some((v) => !Number.isInteger(v) || v < 0 || v >= TRACKING_MODULUS)) {
    throw new RangeError(`need ${TRACKING_DATA_LENGTH} integers in [0, ${TRACKING_MODULUS})`);
  }
  const data = randomValues.map((v) => TRACKING_ALPHABET[v]).join('');
  return data + trackingCheckSymbol(data)!;
}

export type TrackingCodeCheck = { ok: true; code: string } | { ok: false; reason: 'length' | 'symbol' | 'check'; position?: number };

/**
 * Normalises what a citizen typed or a scanner read (case, spaces, dashes, a receipt URL around it)
 * and checks it. Look-alikes are not silently mapped: a code with an O is reported, not guessed.
 */
export function checkTrackingCode(input: string): TrackingCodeCheck {
  const fromUrl = /[?&#]code=([^&#]+)/.exec(input)?.[1] ?? /^https?:\/\/[^?#]*\/track\/([^/?#]+)\/?(?:[?#].*)?$/i.exec(input.trim())?.[1];
  const code = (fromUrl ?? input).toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== TRACKING_CODE_LENGTH) return { ok: false, reason: 'length' };
  for (let i = 0; i < code.length; i++) if (!valueOf.has(code[i]!)) return { ok: false, reason: 'symbol', position: i };
  return trackingCheckSymbol(code.slice(0, TRACKING_DATA_LENGTH)) === code[TRACKING_DATA_LENGTH] ? { ok: true, code } : { ok: false, reason: 'check' };
}

/** "K7M4 X9R3 AP6": groups of four, easier to read aloud and to compare by eye. */
export function formatTrackingCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ');
}

/** For paper: groups of four joined by dashes (TKKT-EWU6-XUD), which checkTrackingCode reads back as the code. */
export function groupTrackingCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

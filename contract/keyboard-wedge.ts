import { z } from 'zod';

/**
 * `options` of a keyboard-wedge scanner (a device config entry): the keystroke timing that tells a
 * scan from a person typing. The host validates them; the renderer, which sees the keys, applies them.
 */
export const KeyboardWedgeOptions = z
  .object({
    /** Scanners type each character within this average gap (onScan.js and others use 30 ms). */
    maxAverageGapMs: z.number().positive().max(200).default(30),
    /** Shorter bursts are treated as typing. */
    minLength: z.number().int().min(1).max(64).default(6),
    /** KeyboardEvent.key values scanners send after a code. */
    suffixKeys: z.array(z.string()).default(['Enter', 'Tab']),
  })
  .strict();
export type KeyboardWedgeOptions = z.output<typeof KeyboardWedgeOptions>;

export const DEFAULT_KEYBOARD_WEDGE_OPTIONS: KeyboardWedgeOptions = KeyboardWedgeOptions.parse({});

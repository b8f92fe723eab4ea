// What every slip shares: the line width, the dashed rule, titles that keep their proportions, and
// the hall's local time. Each slip's layout is a file of its own beside this one.
import { hallDateTime } from '../../contract/local-time.js';
import type { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';

/** Characters per line at normal size (12-dot font A on 576/384-dot heads). */
export const columns = (profile: PrinterProfile) => Math.floor(profile.dotsPerLine / 12);

/** A dashed line across the paper. */
export function rule(profile: PrinterProfile): string {
  return '-'.repeat(columns(profile));
}

/** Slips show the hall's local time (Beijing time) whatever the machine's zone. */
export const slipTime = (iso: string): string => hallDateTime(iso);

/** Columns a text takes at normal size: one for printable ASCII, two for a Hanzi or any other wide character. */
export function textColumns(text: string): number {
  let count = 0;
  for (const ch of text) count += /[\x20-\x7e]/.test(ch) ? 1 : 2;
  return count;
}

/**
 * A title line in bold at double width and height (GS ! 0x11), so its glyphs keep their proportions
 * (double height alone prints them tall and narrow, touching); one that would not fit on one line at
 * that size is printed at normal size rather than squeezed or broken.
 */
export function titleLine(b: EscPosBuilder, text: string, profile: PrinterProfile): EscPosBuilder {
  b.bold(true);
  if (textColumns(text) * 2 <= columns(profile)) b.size(2, 2).line(text).size(1, 1);
  else b.line(text);
  return b.bold(false);
}

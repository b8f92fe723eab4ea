import { isBlocking, type PrinterCondition, type PrinterStatus } from '../../contract/printing.js';
import { systemClock } from '../../contract/clock.js';

/** True for a byte that can answer DLE EOT n: bits 1 and 4 set, bits 0 and 7 clear. */
export const isStatusReply = (b: number): boolean => (b & 0x93) === 0x12;
/** True for the first byte of an Automatic Status Back packet. */
export const isAsbHeader = (b: number): boolean => (b & 0x93) === 0x10;

export type StatusMessage = { kind: 'reply'; byte: number } | { kind: 'asb'; bytes: [number, number, number, number] };

/**
 * Splits the bytes a printer sends back into DLE EOT replies and 4-byte ASB packets. Anything
 * else (noise, replies to commands we do not use) is dropped; it never holds more than 3 bytes.
 */
export class StatusStreamDecoder {
  private asb: number[] | undefined;
  dropped = 0;

  push(chunk: ArrayLike<number>): StatusMessage[] {
    const out: StatusMessage[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = (chunk[i] ?? 0) & 0xff;
      if (this.asb) {
        this.asb.push(b);
        if (this.asb.length === 4) {
          out.push({ kind: 'asb', bytes: this.asb as [number, number, number, number] });
          this.asb = undefined;
        }
      } else if (isStatusReply(b)) out.push({ kind: 'reply', byte: b });
      else if (isAsbHeader(b)) this.asb = [b];
      else this.dropped++;
    }
    return out;
  }
}

/** The four DLE EOT replies; a missing one counts as "nothing reported". */
export interface StatusReplies {
  printer?: number;
  offline?: number;
  error?: number;
  paper?: number;
}

export interface StatusFacts {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  cutterError: boolean;
  unrecoverable: boolean;
  autoRecoverable: boolean;
  mechanical: boolean;
}

// Epson sets both bits of each paper-sensor pair together; reading either one as set tolerates
// clones that set only one (replies and ASB packets are still produced with both).
export function factsFromReplies(r: StatusReplies): StatusFacts {
  const bit = (value: number | undefined, mask: number) => value !== undefined && (value & mask) !== 0;
  return {
    offline: bit(r.printer, 0x08),
    coverOpen: bit(r.offline, 0x04),
    paperOut: bit(r.offline, 0x20) || bit(r.paper, 0x60),
    paperNearEnd: bit(r.paper, 0x0c),
    cutterError: bit(r.error, 0x08),
    unrecoverable: bit(r.error, 0x20),
    autoRecoverable: bit(r.error, 0x40),
    mechanical: bit(r.error, 0x04),
  };
}

export function factsFromAsb(bytes: readonly number[]): StatusFacts {
  const [b1 = 0, b2 = 0, b3 = 0] = bytes;
  return {
    offline: (b1 & 0x08) !== 0,
    coverOpen: (b1 & 0x20) !== 0,
    paperOut: (b3 & 0x0c) !== 0,
    paperNearEnd: (b3 & 0x03) !== 0,
    cutterError: (b2 & 0x08) !== 0,
    unrecoverable: (b2 & 0x20) !== 0,
    autoRecoverable: (b2 & 0x40) !== 0,
    mechanical: (b2 & 0x04) !== 0,
  };
}

const REASONS: Record<PrinterCondition, string> = {
  ready: 'ready',
  'paper-near-end': 'paper near end: replace the roll soon',
  'paper-out': 'paper out: load a new roll',
  'cover-open': 'printer cover open: close the cover',
  offline: 'printer offline',
  'cutter-error': 'autocutter error: clear the cutter and close the cover',
  unrecoverable: 'unrecoverable printer error: power-cycle or call service',
  disconnected: 'printer not reachable',
};

export function reasonFor(condition: PrinterCondition): string {
  return REASONS[condition];
}

/** Maps decoded facts to the one condition callers act on, most serious first. */
export function statusFromFacts(facts: StatusFacts, raw?: StatusReplies, now = systemClock.now()): PrinterStatus {
  let condition: PrinterCondition = 'ready';
  let reason: string | undefined;
  if (facts.unrecoverable) condition = 'unrecoverable';
  else if (facts.cutterError) condition = 'cutter-error';
  else if (facts.coverOpen) condition = 'cover-open';
  else if (facts.paperOut) condition = 'paper-out';
  else if (facts.offline || facts.autoRecoverable || facts.mechanical) {
    condition = 'offline';
    if (facts.autoRecoverable) reason = 'printer offline: recoverable error (e.g. print head too hot), waiting for it to clear';
    else if (facts.mechanical) reason = 'printer offline: mechanical error';
  } else if (facts.paperNearEnd) condition = 'paper-near-end';
  const warnings = facts.paperNearEnd ? [REASONS['paper-near-end']] : [];
  return {
    condition,
    blocking: isBlocking(condition),
    reason: condition === 'ready' ? undefined : (reason ?? REASONS[condition]),
    warnings,
    ...(raw ? { raw: { ...raw } } : {}),
    checkedAt: now.toISOString(),
  };
}

export function disconnectedStatus(detail?: string, now = systemClock.now()): PrinterStatus {
  return {
    condition: 'disconnected',
    blocking: true,
    reason: detail ? `${REASONS.disconnected}: ${detail}` : REASONS.disconnected,
    warnings: [],
    checkedAt: now.toISOString(),
  };
}

/** Builds the reply byte a printer sends for DLE EOT n given its state (used by the simulator). */
export function replyByteFor(n: number, facts: StatusFacts): number {
  let b = 0x12;
  const blockedByFault = facts.offline || facts.coverOpen || facts.paperOut || facts.cutterError || facts.unrecoverable || facts.autoRecoverable;
  if (n === 1 && blockedByFault) b |= 0x08;
  if (n === 2) {
    if (facts.coverOpen) b |= 0x04;
    if (facts.paperOut) b |= 0x20;
    if (facts.cutterError || facts.unrecoverable || facts.autoRecoverable || facts.mechanical) b |= 0x40;
  }
  if (n === 3) {
    if (facts.mechanical) b |= 0x04;
    if (facts.cutterError) b |= 0x08;
    if (facts.unrecoverable) b |= 0x20;
    if (facts.autoRecoverable) b |= 0x40;
  }
  if (n === 4) {
    if (facts.paperNearEnd) b |= 0x0c;
    if (facts.paperOut) b |= 0x60;
  }
  return b;
}

// Tells a keyboard-wedge barcode scanner from a person typing, by keystroke timing, and keeps
// scanned codes out of text fields. No DOM in the detector itself, so it is tested with plain
// timestamps; attachKeyboardWedge() wires it to a Document or any EventTarget.
import { DEFAULT_KEYBOARD_WEDGE_OPTIONS, type KeyboardWedgeOptions } from '../../../contract/keyboard-wedge.js';

export interface WedgeOptions extends KeyboardWedgeOptions {
  /** After this long without a key, a burst is judged (scanners configured without a suffix). */
  settleMs: number;
  /** Whether a fast burst without a suffix counts as a scan once it settles. */
  acceptWithoutSuffix: boolean;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  ...DEFAULT_KEYBOARD_WEDGE_OPTIONS,
  settleMs: 100,
  acceptWithoutSuffix: true,
};

export type WedgeDecision =
  /** The key is held back (the caller suppresses it) until the burst is judged. */
  | { kind: 'hold' }
  /** A scan completed; the current key (the suffix, if any) is suppressed too. */
  | { kind: 'scan'; code: string }
  /** Held keys were typing after all: give them back; the current key goes through if passCurrent, else it is held. */
  | { kind: 'release'; keys: string[]; passCurrent: boolean }
  /** Not ours: let the key through untouched. */
  | { kind: 'pass' };

export interface KeyInput {
  key: string;
  /** Milliseconds on any monotonic clock. */
  time: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

/** The pure timing detector. */
export class KeystrokeScanDetector {
  private keys: string[] = [];
  private times: number[] = [];
  readonly options: WedgeOptions;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  get pending(): number {
    return this.keys.length;
  }

  private averageGap(extraTime?: number): number {
    const times = extraTime === undefined ? this.times : [...this.times, extraTime];
    if (times.length < 2) return 0;
    return (times[times.length - 1]! - times[0]!) / (times.length - 1);
  }

  private looksLikeScan(): boolean {
    return this.keys.length >= this.options.minLength && this.averageGap() <= this.options.maxAverageGapMs;
  }

  private take(): string[] {
    const keys = this.keys;
    this.keys = [];
    this.times = [];
    return keys;
  }

  keydown(input: KeyInput): WedgeDecision {
    const printable = input.key.length === 1 && !input.ctrlKey && !input.altKey && !input.metaKey;
    // A lone space is left alone: it presses focused buttons, and codes do not start with one.
    if (printable && !(input.key === ' ' && this.keys.length === 0)) {
      const last = this.times[this.times.length - 1];
      // The average is judged at the end (scanners jitter); one long pause, though, ends a burst.
      if (last !== undefined && input.time - last > this.options.maxAverageGapMs * 3) {
        const typed = this.take();
        this.keys.push(input.key);
        this.times.push(input.time);
        return { kind: 'release', keys: typed, passCurrent: false };
      }
      this.keys.push(input.key);
      this.times.push(input.time);
      return { kind: 'hold' };
    }
    if (this.keys.length === 0) return { kind: 'pass' };
    const lastTime = this.times[this.times.length - 1]!;
    const inBurst = input.time - lastTime <= this.options.maxAverageGapMs * 3;
    if (this.options.suffixKeys.includes(input.key) && inBurst && this.looksLikeScan()) return { kind: 'scan', code: this.take().join('') };
    return { kind: 'release', keys: this.take(), passCurrent: true };
  }

  /** Call once settleMs has passed since the last key. */
  settle(): WedgeDecision {
    if (this.keys.length === 0) return { kind: 'pass' };
    if (this.options.acceptWithoutSuffix && this.looksLikeScan()) return { kind: 'scan', code: this.take().join('') };
    return { kind: 'release', keys: this.take(), passCurrent: false };
  }
}

export interface WedgeClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const defaultClock: WedgeClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface TextFieldLike {
  value: string;
  readOnly?: boolean;
  selectionStart: number | null;
  selectionEnd: number | null;
  setRangeText(text: string, start: number, end: number, mode: 'end'): void;
  dispatchEvent(event: Event): boolean;
}

const isTextField = (el: unknown): el is TextFieldLike =>
  !!el && typeof (el as TextFieldLike).setRangeText === 'function' && typeof (el as TextFieldLike).value === 'string';

/** Types released keys into the focused field, since their own keydown was suppressed. */
function defaultReplay(keys: string[], doc: { activeElement?: unknown } | undefined): void {
  const field = doc?.activeElement;
  if (!isTextField(field) || field.readOnly) return;
  const text = keys.join('');
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  field.setRangeText(text, start, end, 'end');
  // React and other frameworks listen for input events, not value changes.
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface AttachOptions extends Partial<WedgeOptions> {
  clock?: WedgeClock;
  /** Where typing that was held back goes; by default into the focused input or textarea. */
  replay?: (keys: string[]) => void;
}

/**
 * Listens for keydown on `target` (capture phase), suppresses a scanner's keystrokes, calls
 * onScan with the code, and gives typing back to the focused field. Returns a detach function.
 */
export function attachKeyboardWedge(target: EventTarget, onScan: (code: string) => void, options: AttachOptions = {}): () => void {
  const detector = new KeystrokeScanDetector(options);
  const clock = options.clock ?? defaultClock;
  const doc = 'activeElement' in target ? (target as { activeElement?: unknown }) : (target as { ownerDocument?: { activeElement?: unknown } }).ownerDocument;
  const replay = options.replay ?? ((keys: string[]) => defaultReplay(keys, doc));
  let timer: unknown;

  const apply = (decision: WedgeDecision, event?: Event) => {
    if (decision.kind === 'scan') onScan(decision.code);
    if (decision.kind === 'release' && decision.keys.length > 0) replay(decision.keys);
    const suppress = decision.kind === 'hold' || decision.kind === 'scan' || (decision.kind === 'release' && !decision.passCurrent);
    if (event && suppress) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const onKeyDown = (event: Event) => {
    const e = event as KeyboardEvent;
    if (typeof e.key !== 'string') return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    apply(detector.keydown({ key: e.key, time: clock.now(), ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey }), event);
    if (detector.pending > 0) timer = clock.setTimeout(() => ((timer = undefined), apply(detector.settle())), detector.options.settleMs);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== undefined) clock.clearTimeout(timer);
  };
}

import { describe, expect, it } from 'vitest';
import { attachKeyboardWedge, KeystrokeScanDetector, type WedgeClock } from './keyboard-wedge';

function typeAll(detector: KeystrokeScanDetector, text: string, start: number, gapMs: number) {
  return [...text].map((key, i) => detector.keydown({ key, time: start + i * gapMs }));
}

describe('KeystrokeScanDetector', () => {
  it('recognises a fast burst ending in Enter as a scan and holds every key', () => {
    const detector = new KeystrokeScanDetector();
    const held = typeAll(detector, 'A012345', 0, 8);
    expect(held.every((d) => d.kind === 'hold')).toBe(true);
    expect(detector.keydown({ key: 'Enter', time: 60 })).toEqual({ kind: 'scan', code: 'A012345' });
    expect(detector.pending).toBe(0);
  });

  it('accepts Tab as a suffix and a settled burst without suffix', () => {
    const tab = new KeystrokeScanDetector();
    typeAll(tab, '9787111', 0, 10);
    expect(tab.keydown({ key: 'Tab', time: 75 })).toEqual({ kind: 'scan', code: '9787111' });
    const none = new KeystrokeScanDetector();
    typeAll(none, 'SB2026', 0, 10);
    expect(none.settle()).toEqual({ kind: 'scan', code: 'SB2026' });
  });

  it('gives typing back: slow keys are released, not swallowed', () => {
    const detector = new KeystrokeScanDetector();
    expect(detector.keydown({ key: 'z', time: 0 })).toEqual({ kind: 'hold' });
    expect(detector.keydown({ key: 'h', time: 180 })).toEqual({ kind: 'release', keys: ['z'], passCurrent: false });
    expect(detector.settle()).toEqual({ kind: 'release', keys: ['h'], passCurrent: false });
  });

  it('judges the average gap over the whole burst, so scanner jitter does not break a scan', () => {
    const detector = new KeystrokeScanDetector();
    const times = [0, 45, 50, 55, 60, 65, 70, 75];
    [...'ABCDEFGH'].forEach((key, i) => expect(detector.keydown({ key, time: times[i]! }).kind).toBe('hold'));
    expect(detector.keydown({ key: 'Enter', time: 80 })).toEqual({ kind: 'scan', code: 'ABCDEFGH' });
  });

  it('treats a burst that is fast but slower than 30 ms on average as typing', () => {
    const detector = new KeystrokeScanDetector();
    typeAll(detector, 'abcdefg', 0, 40);
    expect(detector.keydown({ key: 'Enter', time: 250 })).toMatchObject({ kind: 'release', keys: [...'abcdefg'] });
  });

  it('treats a short fast burst with Enter as typing (below the minimum length)', () => {
    const detector = new KeystrokeScanDetector();
    typeAll(detector, 'ok', 0, 5);
    expect(detector.keydown({ key: 'Enter', time: 12 })).toEqual({ kind: 'release', keys: ['o', 'k'], passCurrent: true });
  });

  it('honours configured thresholds', () => {
    const detector = new KeystrokeScanDetector({ maxAverageGapMs: 50, minLength: 3 });
    typeAll(detector, 'abc', 0, 45);
    expect(detector.keydown({ key: 'Enter', time: 130 })).toEqual({ kind: 'scan', code: 'abc' });
  });

  it('lets shortcuts and navigation keys through', () => {
    const detector = new KeystrokeScanDetector();
    expect(detector.keydown({ key: 'c', time: 0, ctrlKey: true })).toEqual({ kind: 'pass' });
    expect(detector.keydown({ key: 'ArrowLeft', time: 1 })).toEqual({ kind: 'pass' });
    expect(detector.keydown({ key: ' ', time: 2 })).toEqual({ kind: 'pass' });
  });
});

class FakeClock implements WedgeClock {
  time = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  advance(ms: number) {
    this.time += ms;
    for (const t of this.timers.filter((t) => t.at <= this.time)) {
      this.clearTimeout(t.id);
      t.fn();
    }
  }
}

function press(target: EventTarget, key: string): Event {
  const event = new Event('keydown', { cancelable: true, bubbles: true });
  Object.assign(event, { key, ctrlKey: false, altKey: false, metaKey: false });
  target.dispatchEvent(event);
  return event;
}

describe('attachKeyboardWedge', () => {
  it('swallows a scan’s keystrokes and reports the code', () => {
    const target = new EventTarget();
    const clock = new FakeClock();
    const scans: string[] = [];
    const replayed: string[] = [];
    const detach = attachKeyboardWedge(target, (code) => scans.push(code), { clock, replay: (keys) => replayed.push(keys.join('')) });
    const events = [...'110101199003077777'].map((key) => {
      clock.time += 5;
      return press(target, key);
    });
    clock.time += 5;
    const enter = press(target, 'Enter');
    expect(scans).toEqual(['110101199003077777']);
    expect([...events, enter].every((e) => e.defaultPrevented)).toBe(true);
    expect(replayed).toEqual([]);
    detach();
    expect(press(target, 'x').defaultPrevented).toBe(false);
  });

  it('replays slow typing into the field after the settle time', () => {
    const target = new EventTarget();
    const clock = new FakeClock();
    const replayed: string[] = [];
    attachKeyboardWedge(target, () => undefined, { clock, replay: (keys) => replayed.push(keys.join('')) });
    press(target, '张');
    clock.advance(150);
    expect(replayed).toEqual(['张']);
  });

  it('types released keys into the focused text field by default', () => {
    const field = Object.assign(new EventTarget(), {
      value: 'ab',
      selectionStart: 2,
      selectionEnd: 2,
      setRangeText(text: string, start: number, end: number) {
        this.value = this.value.slice(0, start) + text + this.value.slice(end);
      },
    });
    const inputs: Event[] = [];
    field.addEventListener('input', (e) => inputs.push(e));
    const doc = Object.assign(new EventTarget(), { activeElement: field });
    const clock = new FakeClock();
    attachKeyboardWedge(doc, () => undefined, { clock });
    press(doc, 'c');
    clock.advance(120);
    expect(field.value).toBe('abc');
    expect(inputs).toHaveLength(1);
  });
});

import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './keyboard.css';

export interface PadKey {
  id: string;
  label: ReactNode;
  /** Name for screen readers when the label is a symbol. */
  ariaLabel?: string;
  onPress: () => void;
  /** Columns the key spans (space bar, erase…). */
  span?: number;
  /** A toggle's state (shift). */
  pressed?: boolean;
  testId?: string;
  className?: string;
}

/** Taps on keys must not take focus from the field being typed into. */
export const keepFocus = (e: { preventDefault: () => void }) => e.preventDefault();

/**
 * Rows of keys with one Tab stop: arrow keys move between keys (mirrored when the grid runs right to
 * left), Home/End to a row's ends, Enter or Space presses.
 */
export function KeyGrid({ rows, label, dir = 'ltr', className = '' }: { rows: PadKey[][]; label: string; dir?: 'ltr' | 'rtl'; className?: string }) {
  const [active, setActive] = useState<[number, number]>([0, 0]);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [activeRow, activeCol] = active[0] < rows.length && active[1] < (rows[active[0]]?.length ?? 0) ? active : [0, 0];

  const move = (e: KeyboardEvent, row: number, col: number) => {
    const forward = dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let [r, c] = [row, col];
    const width = (i: number) => rows[i]?.length ?? 0;
    if (e.key === forward) {
      if (c < width(r) - 1) c += 1;
      else if (r < rows.length - 1) [r, c] = [r + 1, 0];
    } else if (e.key === backward) {
      if (c > 0) c -= 1;
      else if (r > 0) [r, c] = [r - 1, width(r - 1) - 1];
    } else if (e.key === 'ArrowDown' && r < rows.length - 1) [r, c] = [r + 1, Math.min(c, width(r + 1) - 1)];
    else if (e.key === 'ArrowUp' && r > 0) [r, c] = [r - 1, Math.min(c, width(r - 1) - 1)];
    else if (e.key === 'Home') c = 0;
    else if (e.key === 'End') c = width(r) - 1;
    else {
      // Enter and Space press the key; the field or dialog around must not act on them as well.
      if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    setActive([r, c]);
    buttons.current.get(`${r}:${c}`)?.focus();
  };

  return (
    <div className={`kbd-grid ${className}`} role="group" aria-label={label} dir={dir}>
      {rows.map((row, r) => (
        <div className="kbd-row" key={r}>
          {row.map((key, c) => (
            <button
              key={key.id}
              type="button"
              ref={(el) => {
                if (el) buttons.current.set(`${r}:${c}`, el);
                else buttons.current.delete(`${r}:${c}`);
              }}
              className={`kbd-key ${key.className ?? ''}`}
              style={key.span ? { flexGrow: key.span } : undefined}
              tabIndex={r === activeRow && c === activeCol ? 0 : -1}
              aria-label={key.ariaLabel}
              aria-pressed={key.pressed}
              data-testid={key.testId}
              onMouseDown={keepFocus}
              onFocus={() => setActive([r, c])}
              onKeyDown={(e) => move(e, r, c)}
              onClick={key.onPress}
            >
              {key.label}
            </button>
          ))}
        </div>
      ))}
    </div>
  );
}

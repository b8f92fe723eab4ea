import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseCandidate, commitAsTyped, EMPTY_COMPOSITION, eraseLetter, isComposing, typeLetters, type Composition } from './composition.js';
import type { Stroke } from './handwriting.js';
import { setOpenField, useElderLayout, useKeyboardOpen, useOnScreenKeyboardEnabled } from './keyboard-settings.js';
import { KeyboardPanel, type CandidateBar } from './KeyboardPanel.js';
import { accepts, modesFor, type FieldKind, type KeyboardMode } from './layouts.js';
import { candidatePage } from './pinyin-engine.js';
import { useHandwriting, usePinyin } from './use-input-methods.js';

export interface KeyboardInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'children'> {
  value: string;
  onValueChange: (value: string) => void;
  /** What the field holds; without it, inputMode="numeric" means digits and anything else text. */
  kind?: FieldKind;
  /** The characters a `code` field takes (tracking codes leave out look-alikes). */
  alphabet?: string;
  /** The keyboard's 确定 key outside a composition (e.g. look the code up); it also closes the keyboard. */
  onDone?: () => void;
  /** Open the keyboard when the field appears (a search screen whose first step is typing). */
  openInitially?: boolean;
  /** 'password' hides what is typed (PINs). */
  type?: 'text' | 'password';
}

const shown = (c: Composition) => c.parts.map((p) => p.text).join('') + c.input.replace(/'/g, '');

/**
 * A text field with the on-screen keyboard under it while it is in use (where the terminal's
 * onScreenKeyboard setting says so): pinyin with candidates, handwriting, letters, digits. A physical
 * keyboard keeps working; in pinyin it composes too, with 1–9 and space choosing as in any IME.
 */
export function KeyboardInput({
  value,
  onValueChange,
  kind: kindProp,
  alphabet,
  onDone,
  openInitially = false,
  type: inputType = 'text',
  ...inputProps
}: KeyboardInputProps) {
  const { i18n } = useTranslation();
  const enabled = useOnScreenKeyboardEnabled();
  const fieldId = useId();
  const open = useKeyboardOpen(fieldId) && enabled;
  const kind: FieldKind = kindProp ?? (inputProps.inputMode === 'numeric' ? 'digits' : 'text');
  const modes = modesFor(kind, i18n.language);
  const [chosenMode, setMode] = useState<KeyboardMode | null>(null);
  const mode = chosenMode && modes.includes(chosenMode) ? chosenMode : modes[0]!;
  const [shift, setShift] = useState(false);
  const [composition, setComposition] = useState<Composition>(EMPTY_COMPOSITION);
  const [page, setPage] = useState(0);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const base = useRef('');
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const pageSize = useElderLayout() ? 6 : 9;
  const composing = isComposing(composition);
  const hongKong = i18n.language === 'zh-HK';
  const pinyin = usePinyin(open && mode === 'pinyin', composition.input, hongKong);
  const handwriting = useHandwriting(open && mode === 'handwriting', strokes, hongKong);

  useEffect(() => {
    if (openInitially && enabled) setOpenField(fieldId);
  }, [openInitially, enabled, fieldId]);
  useEffect(() => {
    if (open) panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [open]);
  // The field was changed from outside (cleared, prefilled): what was being composed no longer applies.
  useEffect(() => {
    if (composing && value !== base.current + shown(composition)) setComposition(EMPTY_COMPOSITION);
  }, [value, composing, composition]);

  const fit = (text: string) => {
    const accepted = [...text].filter((c) => accepts(kind, c)).join('');
    const cased = kind === 'text' ? accepted : accepted.toUpperCase();
    return inputProps.maxLength ? [...cased].slice(0, inputProps.maxLength).join('') : cased;
  };
  const compose = (next: Composition) => {
    if (!composing) base.current = value;
    setComposition(next);
    setPage(0);
    onValueChange(isComposing(next) ? base.current + shown(next) : base.current);
  };
  const choose = (indexOnPage: number) => {
    if (mode === 'handwriting') {
      const char = candidatePage(handwriting.candidates, page, pageSize).items[indexOnPage];
      if (char) onValueChange(fit(value + char));
      setStrokes([]);
      return setPage(0);
    }
    const candidate = candidatePage(pinyin.candidates, page, pageSize).items[indexOnPage];
    if (!candidate) return;
    const { composition: next, commit } = chooseCandidate(composition, candidate);
    if (commit === null) return compose(next);
    setComposition(EMPTY_COMPOSITION);
    setPage(0);
    onValueChange(fit(base.current + commit));
  };
  const finishComposition = () => {
    setComposition(EMPTY_COMPOSITION);
    onValueChange(fit(base.current + commitAsTyped(composition)));
  };
  const hide = () => {
    input.current?.focus();
    setOpenField(null);
  };

  const type = (char: string) => {
    if (mode === 'pinyin' && /^[a-z']$/.test(char)) return compose(typeLetters(composition, char));
    onValueChange(fit(value + char));
    if (shift) setShift(false);
  };
  const erase = () => {
    if (composing) return compose(eraseLetter(composition));
    onValueChange([...value].slice(0, -1).join(''));
  };
  const clear = () => {
    setComposition(EMPTY_COMPOSITION);
    setStrokes([]);
    onValueChange('');
  };
  const space = () => {
    if (!composing) return type(' ');
    if (pinyin.candidates.length) choose(0);
    else finishComposition();
  };
  const done = () => {
    if (composing) return finishComposition();
    hide();
    onDone?.();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    inputProps.onKeyDown?.(e);
    if (!open || e.defaultPrevented || e.nativeEvent.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    const handled = () => e.preventDefault();
    if (mode === 'pinyin' && (/^[a-zA-Z]$/.test(e.key) || (composing && e.key === "'"))) return (handled(), type(e.key.toLowerCase()));
    const count = mode === 'pinyin' ? (composing ? pinyin.candidates.length : 0) : mode === 'handwriting' ? handwriting.candidates.length : 0;
    if (count && /^[1-9]$/.test(e.key)) return (handled(), choose(Number(e.key) - 1));
    if (count && (e.key === 'PageDown' || e.key === '=')) return (handled(), setPage((p) => Math.min(p + 1, Math.ceil(count / pageSize) - 1)));
    if (count && (e.key === 'PageUp' || e.key === '-')) return (handled(), setPage((p) => Math.max(0, p - 1)));
    if (composing) {
      if (e.key === ' ') return (handled(), space());
      if (e.key === 'Backspace') return (handled(), erase());
      if (e.key === 'Enter') return (handled(), finishComposition());
      if (e.key === 'Escape') return (handled(), compose(EMPTY_COMPOSITION));
      if (e.key.length === 1) return handled(); // other characters would land in the middle of the pinyin
    } else if (e.key === 'Escape') hide();
  };

  const candidates = ((): CandidateBar | null => {
    if (mode === 'pinyin' && composing) {
      const current = candidatePage(pinyin.candidates, page, pageSize);
      const parts = composition.parts.map((p) => p.text).join('');
      return {
        composing: `${parts}${parts && composition.input ? ' ' : ''}${composition.input ? pinyin.syllables : ''}`,
        items: current.items.map((c) => c.text),
        page: current.page,
        pageCount: current.pageCount,
        status: pinyin.status ?? (pinyin.candidates.length === 0 && composition.input ? 'empty' : null),
        onChoose: choose,
        onPage: (delta) => setPage(current.page + delta),
      };
    }
    if (mode === 'handwriting') {
      const current = candidatePage(handwriting.candidates, page, pageSize);
      return {
        composing: '',
        items: current.items,
        page: current.page,
        pageCount: current.pageCount,
        status: handwriting.status,
        onChoose: choose,
        onPage: (delta) => setPage(current.page + delta),
      };
    }
    return null;
  })();

  return (
    <>
      <input
        {...inputProps}
        ref={input}
        type={inputType}
        value={value}
        autoComplete="off"
        // The on-screen keyboard replaces the system's (tablets would otherwise show both).
        inputMode={enabled ? 'none' : inputProps.inputMode}
        dir={inputProps.dir ?? 'auto'}
        onChange={(e) => {
          setComposition(EMPTY_COMPOSITION);
          onValueChange(fit(e.target.value));
        }}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          inputProps.onFocus?.(e);
          if (enabled) setOpenField(fieldId);
        }}
        onClick={(e) => {
          inputProps.onClick?.(e);
          if (enabled) setOpenField(fieldId);
        }}
      />
      {open && (
        <div ref={panel} className="kbd-dock">
          <KeyboardPanel
            kind={kind}
            alphabet={alphabet}
            modes={modes}
            mode={mode}
            onMode={(m) => {
              if (composing) finishComposition();
              setMode(m);
              setPage(0);
              setStrokes([]);
            }}
            shift={shift}
            onShift={() => setShift((s) => !s)}
            onChar={type}
            onSpace={space}
            onErase={erase}
            onClear={clear}
            onDone={done}
            onHide={hide}
            candidates={candidates}
            strokes={strokes}
            onStrokes={(next) => {
              setStrokes(next);
              setPage(0);
            }}
            testIdPrefix="kbd-key"
          />
        </div>
      )}
    </>
  );
}

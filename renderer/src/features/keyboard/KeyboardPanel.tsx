import { useTranslation } from 'react-i18next';
import type { Stroke } from './handwriting.js';
import { HandwritingPad } from './HandwritingPad.js';
import { KeyGrid, keepFocus, type PadKey } from './KeyGrid.js';
import { isRightToLeft, keyRows, type FieldKind, type KeyboardMode } from './layouts.js';

export interface CandidateBar {
  /** What is being converted, for display ("高龄 jin'tie"); empty while writing by hand. */
  composing: string;
  items: string[];
  page: number;
  pageCount: number;
  status: 'loading' | 'failed' | 'empty' | null;
  onChoose: (indexOnPage: number) => void;
  onPage: (delta: number) => void;
}

export interface KeyboardPanelProps {
  kind: FieldKind;
  alphabet?: string | undefined;
  modes: KeyboardMode[];
  mode: KeyboardMode;
  onMode: (mode: KeyboardMode) => void;
  shift: boolean;
  onShift: () => void;
  onChar: (char: string) => void;
  onSpace: () => void;
  onErase: () => void;
  onClear: () => void;
  onDone: () => void;
  onHide: (() => void) | undefined;
  candidates: CandidateBar | null;
  strokes: readonly Stroke[];
  onStrokes: (strokes: Stroke[]) => void;
  /** data-testid of the keys: `${prefix}-a`, `${prefix}-erase`, `${prefix}-done`. */
  testIdPrefix: string;
}

/** The keyboard under a field: input methods, candidates, then the keys (or the writing pad). */
export function KeyboardPanel(props: KeyboardPanelProps) {
  const { t } = useTranslation();
  const { mode, testIdPrefix: prefix } = props;
  const charKeys: PadKey[][] = keyRows(mode, { kind: props.kind, shift: props.shift, ...(props.alphabet ? { alphabet: props.alphabet } : {}) }).map((row) =>
    row.map((char) => ({ id: char, label: char, onPress: () => props.onChar(char), testId: `${prefix}-${char}` })),
  );
  const textual = props.kind === 'text';
  const actions: PadKey[] = [
    ...(mode === 'letters'
      ? [{ id: 'shift', label: '⇧', ariaLabel: t('keyboard.shift'), pressed: props.shift, onPress: props.onShift, testId: `${prefix}-shift` }]
      : []),
    ...(mode === 'pinyin'
      ? [{ id: 'separator', label: "'", ariaLabel: t('keyboard.separator'), onPress: () => props.onChar("'"), testId: `${prefix}-separator` }]
      : []),
    ...(textual && mode !== 'digits' ? [{ id: 'space', label: t('keyboard.space'), span: 3, onPress: props.onSpace, testId: `${prefix}-space` }] : []),
    { id: 'erase', label: '⌫', ariaLabel: t('keyboard.erase'), span: 1.5, onPress: props.onErase, testId: `${prefix}-erase`, className: 'kbd-action' },
    { id: 'clear', label: t('keyboard.clear'), span: 1.5, onPress: props.onClear, testId: `${prefix}-clear`, className: 'kbd-action' },
    { id: 'done', label: t('keyboard.done'), span: 1.5, onPress: props.onDone, testId: `${prefix}-done`, className: 'kbd-action kbd-done' },
  ];
  const rtl = isRightToLeft(mode);

  return (
    <div className="kbd" role="group" aria-label={t('keyboard.label')} data-testid="on-screen-keyboard" data-mode={mode}>
      {(props.modes.length > 1 || props.onHide) && (
        <div className="kbd-toolbar">
          {props.modes.length > 1 && (
            <div className="kbd-modes" role="group" aria-label={t('keyboard.modes')}>
              {props.modes.map((m) => (
                <button
                  key={m}
                  type="button"
                  className="kbd-mode"
                  aria-pressed={m === mode}
                  title={t(`keyboard.modeName.${m}`)}
                  lang={m === 'uyghur' ? 'ug' : undefined}
                  data-testid={`kbd-mode-${m}`}
                  onMouseDown={keepFocus}
                  onClick={() => props.onMode(m)}
                >
                  {t(`keyboard.mode.${m}`)}
                </button>
              ))}
            </div>
          )}
          {props.onHide && (
            <button type="button" className="kbd-mode kbd-hide" data-testid="kbd-hide" onMouseDown={keepFocus} onClick={props.onHide}>
              {t('keyboard.hide')}
            </button>
          )}
        </div>
      )}
      {props.candidates && <Candidates bar={props.candidates} />}
      {mode === 'handwriting' ? (
        <div className="kbd-writing">
          <HandwritingPad strokes={props.strokes} onStrokes={props.onStrokes} />
          <KeyGrid
            label={t('keyboard.keys')}
            className="kbd-writing-keys"
            rows={[
              [{ id: 'undo', label: t('keyboard.undoStroke'), onPress: () => props.onStrokes(props.strokes.slice(0, -1)), testId: `${prefix}-undo-stroke` }],
              [{ id: 'rewrite', label: t('keyboard.rewrite'), onPress: () => props.onStrokes([]), testId: `${prefix}-rewrite` }],
              [actions.find((a) => a.id === 'erase')!],
              [actions.find((a) => a.id === 'done')!],
            ]}
          />
        </div>
      ) : (
        <>
          <KeyGrid label={t(`keyboard.modeName.${mode}`)} rows={charKeys} dir={rtl ? 'rtl' : 'ltr'} className={`kbd-grid-${mode}`} />
          <KeyGrid label={t('keyboard.keys')} rows={[actions]} className="kbd-actions" />
        </>
      )}
    </div>
  );
}

function Candidates({ bar }: { bar: CandidateBar }) {
  const { t } = useTranslation();
  const message =
    bar.status === 'loading'
      ? t('keyboard.loading')
      : bar.status === 'failed'
        ? t('keyboard.loadFailed')
        : bar.status === 'empty'
          ? t('keyboard.noCandidates')
          : '';
  const keys: PadKey[] = bar.items.map((text, i) => ({
    id: `${bar.page}-${i}-${text}`,
    label: (
      <>
        <span className="kbd-candidate-number" aria-hidden="true">
          {i + 1}
        </span>
        {text}
      </>
    ),
    ariaLabel: `${i + 1} ${text}`,
    onPress: () => bar.onChoose(i),
    testId: 'kbd-candidate',
    className: 'kbd-candidate',
  }));
  if (bar.page > 0)
    keys.unshift({
      id: 'previous',
      label: '‹',
      ariaLabel: t('keyboard.previousPage'),
      onPress: () => bar.onPage(-1),
      testId: 'kbd-candidates-previous',
      className: 'kbd-page',
    });
  if (bar.page < bar.pageCount - 1)
    keys.push({
      id: 'next',
      label: '›',
      ariaLabel: t('keyboard.nextPage'),
      onPress: () => bar.onPage(1),
      testId: 'kbd-candidates-next',
      className: 'kbd-page',
    });
  return (
    <div className="kbd-candidates">
      <p className="kbd-composing" aria-live="polite" data-testid="kbd-composing">
        {bar.composing ? t('keyboard.composing', { pinyin: bar.composing }) : ''} {message}
      </p>
      {keys.length > 0 && <KeyGrid label={t('keyboard.candidates')} rows={[keys]} className="kbd-candidate-row" />}
    </div>
  );
}

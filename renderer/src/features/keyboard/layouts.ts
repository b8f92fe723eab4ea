// Which keys each kind of field gets. Pure data: the components only lay them out.

/** What a field holds decides its keyboard. */
export type FieldKind =
  /** Chinese (or any) text: pinyin, handwriting, letters, digits; Uyghur letters in the ug UI. */
  | 'text'
  /** Digits only: phone numbers, PINs, amounts. */
  | 'digits'
  /** A resident ID number: 17 digits and a digit or X. */
  | 'id-number'
  /** A code of capital letters and digits from a given alphabet (tracking codes). */
  | 'code';

export type KeyboardMode = 'pinyin' | 'handwriting' | 'letters' | 'uyghur' | 'digits' | 'code';

/** The modes a field offers, its first mode first (the UI language decides what text fields start with). */
export function modesFor(kind: FieldKind, language: string): KeyboardMode[] {
  switch (kind) {
    case 'digits':
    case 'id-number':
      return ['digits'];
    case 'code':
      return ['code'];
    case 'text':
      if (language === 'ug') return ['uyghur', 'pinyin', 'handwriting', 'letters', 'digits'];
      if (language === 'en') return ['letters', 'pinyin', 'handwriting', 'digits'];
      return ['pinyin', 'handwriting', 'letters', 'digits'];
  }
}

/** Rows of character keys for a mode; special keys (erase, shift, space…) are added by the keyboard. */
export function keyRows(mode: KeyboardMode, options: { kind: FieldKind; shift?: boolean; alphabet?: string }): string[][] {
  switch (mode) {
    case 'pinyin':
      return QWERTY;
    case 'letters':
      return options.shift ? QWERTY.map((row) => row.map((k) => k.toUpperCase())) : QWERTY;
    case 'uyghur':
      return UYGHUR;
    case 'digits':
      return options.kind === 'id-number' ? [...PHONE_PAD, ['X', '0']] : [...PHONE_PAD, ['0']];
    case 'code': {
      const allowed = new Set(options.alphabet ?? '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      const digits = [...'1234567890'].filter((k) => allowed.has(k));
      const letters = QWERTY.map((row) => row.map((k) => k.toUpperCase()).filter((k) => allowed.has(k)));
      return [digits, ...letters].filter((row) => row.length > 0);
    }
    case 'handwriting':
      return [];
  }
}

/** Keys laid out right to left: the Uyghur alphabet. Latin letters and digits stay left to right, as on any keyboard. */
export const isRightToLeft = (mode: KeyboardMode): boolean => mode === 'uyghur';

const QWERTY = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].map((row) => [...row]);

const PHONE_PAD = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/**
 * The Uyghur alphabet (Arabic script) in its usual order; vowels are typed with the hamza key ئ
 * before them at the start of a syllable, as on the standard Uyghur keyboard.
 */
const UYGHUR = [
  ['ا', 'ە', 'ب', 'پ', 'ت', 'ج', 'چ', 'خ', 'د'],
  ['ر', 'ز', 'ژ', 'س', 'ش', 'غ', 'ف', 'ق', 'ك'],
  ['گ', 'ڭ', 'ل', 'م', 'ن', 'ھ', 'و', 'ۇ', 'ۆ'],
  ['ۈ', 'ۋ', 'ې', 'ى', 'ي', 'ئ', '،', '؟'],
];

/**
 * Characters a field of this kind keeps. A code field keeps any letter or digit (and the spaces and
 * dashes of a printed code), so a mistyped character can be pointed out rather than silently dropped.
 */
export function accepts(kind: FieldKind, char: string): boolean {
  switch (kind) {
    case 'digits':
      return /^\d$/.test(char);
    case 'id-number':
      return /^[\dXx]$/.test(char);
    case 'code':
      return /^[\dA-Za-z -]$/.test(char);
    case 'text':
      return true;
  }
}

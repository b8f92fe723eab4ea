// Dates, times and numbers in the reader's language. Intl does the work, except for Uyghur:
// Chromium (and so Electron) ships ICU without `ug` data and would silently answer in its
// default locale, so Uyghur uses the CLDR names and patterns below on every engine alike.
import { useTranslation } from 'react-i18next';
import { hostClock } from '../app/host-clock.js';

type When = Date | string | number;
/** A bare 'YYYY-MM-DD' is a local calendar day, not UTC midnight. */
function toDate(value: When): Date {
  if (value instanceof Date) return value;
  const day = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
}
const two = (n: number) => String(n).padStart(2, '0');

/** CLDR 'ug' (Arabic script) month and weekday names. */
export const UYGHUR_MONTHS = ['يانۋار', 'فېۋرال', 'مارت', 'ئاپرېل', 'ماي', 'ئىيۇن', 'ئىيۇل', 'ئاۋغۇست', 'سېنتەبىر', 'ئۆكتەبىر', 'نويابىر', 'دېكابىر'];
export const UYGHUR_WEEKDAYS = ['يەكشەنبە', 'دۈشەنبە', 'سەيشەنبە', 'چارشەنبە', 'پەيشەنبە', 'جۈمە', 'شەنبە'];
const UYGHUR_UNITS = { minute: 'مىنۇت', hour: 'سائەت', day: 'كۈن' } as const;

/**
 * A formatter is costly to make (tens of ms for the first of a language, when ICU loads its data)
 * and the clock formats every few seconds: one per language and options, kept.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lng: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lng} ${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(lng, options)));
  return format;
}

const isUyghur = (lng: string) => lng === 'ug' || lng.startsWith('ug-');
/** Uyghur writes numbers with Western digits, comma groups and a point, as en does. */
const numberLocale = (lng: string) => (isUyghur(lng) ? 'en-US' : lng);

/** 23-نويابىر، 2026 · 2026年11月23日 · November 23, 2026 */
export function formatDate(value: When, lng: string): string {
  const d = toDate(value);
  if (isUyghur(lng)) return `${d.getDate()}-${UYGHUR_MONTHS[d.getMonth()]}، ${d.getFullYear()}`;
  return dateFormat(lng, { dateStyle: 'long' }).format(d);
}

/** The clock's day: weekday, month and day, no year. */
export function formatDay(value: When, lng: string): string {
  const d = toDate(value);
  if (isUyghur(lng)) return `${d.getDate()}-${UYGHUR_MONTHS[d.getMonth()]}، ${UYGHUR_WEEKDAYS[d.getDay()]}`;
  return dateFormat(lng, { month: 'long', day: 'numeric', weekday: 'short' }).format(d);
}

/** Hours and minutes (seconds on request), 24-hour in Uyghur as CLDR has it. */
export function formatTime(value: When, lng: string, withSeconds = false): string {
  const d = toDate(value);
  if (isUyghur(lng)) return `${two(d.getHours())}:${two(d.getMinutes())}${withSeconds ? `:${two(d.getSeconds())}` : ''}`;
  return dateFormat(lng, { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) }).format(d);
}

/** A moment in recent days: month, day and time. */
export function formatDateTime(value: When, lng: string): string {
  const d = toDate(value);
  if (isUyghur(lng)) return `${d.getDate()}-${UYGHUR_MONTHS[d.getMonth()]} ${formatTime(d, lng)}`;
  return dateFormat(lng, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

export function formatNumber(value: number, lng: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(numberLocale(lng), options).format(value);
}

/** How long ago: minutes under an hour, hours under two days, then days. */
export function formatRelative(value: When, lng: string, now: When = hostClock.nowMs()): string {
  const minutes = Math.max(0, Math.round((toDate(now).getTime() - toDate(value).getTime()) / 60_000));
  const [count, unit] =
    minutes < 60
      ? [minutes, 'minute' as const]
      : minutes < 48 * 60
        ? [Math.round(minutes / 60), 'hour' as const]
        : [Math.round(minutes / 1440), 'day' as const];
  if (isUyghur(lng)) return `${formatNumber(count, lng)} ${UYGHUR_UNITS[unit]} ئىلگىرى`;
  return new Intl.RelativeTimeFormat(lng, { numeric: 'always' }).format(-count, unit);
}

/** Elapsed seconds as m:ss (digits read the same in every language here). */
export function formatDuration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${two(seconds % 60)}`;
}

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * An ID, phone number or code inside a translated sentence keeps its left-to-right order on a
 * right-to-left page (LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE); elements use dir="ltr"
 * instead. Left-to-right pages need nothing, so their text stays exactly as written.
 */
export function isolateLtr(text: string, pageRtl: boolean): string {
  return pageRtl ? `\u2066${text}\u2069` : text;
}

/**
 * A name inside a translated sentence takes its own direction (FIRST STRONG ISOLATE): 张** stays
 * 张** on a Uyghur page, a Uyghur name keeps its order on a Chinese one.
 */
export function isolateFirstStrong(text: string, pageRtl: boolean): string {
  return pageRtl || RTL_LETTER.test(text) ? `\u2068${text}\u2069` : text;
}

/** The formatters bound to the language on screen. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const rtl = i18n.dir(lng) === 'rtl';
  return {
    /** An ID, phone number or code to put inside a translated sentence. */
    ltr: (text: string) => isolateLtr(text, rtl),
    /** A (masked) name to put inside a translated sentence. */
    name: (text: string) => isolateFirstStrong(text, rtl),
    date: (v: When) => formatDate(v, lng),
    day: (v: When) => formatDay(v, lng),
    time: (v: When, withSeconds?: boolean) => formatTime(v, lng, withSeconds),
    dateTime: (v: When) => formatDateTime(v, lng),
    number: (v: number, options?: Intl.NumberFormatOptions) => formatNumber(v, lng, options),
    relative: (v: When, now?: When) => formatRelative(v, lng, now),
  };
}

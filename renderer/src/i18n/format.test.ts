import { describe, expect, it } from 'vitest';
import {
  UYGHUR_MONTHS,
  UYGHUR_WEEKDAYS,
  isolateFirstStrong,
  isolateLtr,
  formatDate,
  formatDateTime,
  formatDay,
  formatDuration,
  formatNumber,
  formatRelative,
  formatTime,
} from './format.js';

const monday = new Date(2026, 10, 23, 7, 5, 9);

describe('locale formatting', () => {
  it('writes dates the way each language does', () => {
    expect(formatDate(monday, 'zh-CN')).toBe('2026年11月23日');
    expect(formatDate(monday, 'zh-HK')).toBe('2026年11月23日');
    expect(formatDate(monday, 'en')).toBe('November 23, 2026');
    expect(formatDate(monday, 'ug')).toBe('23-نويابىر، 2026');
    expect(formatDate('2026-11-23', 'ug')).toBe('23-نويابىر، 2026');
  });

  it('names the weekday on the clock in the reader’s language', () => {
    expect(formatDay(monday, 'zh-HK')).toContain('週一');
    expect(formatDay(monday, 'zh-CN')).toContain('周一');
    expect(formatDay(monday, 'en')).toBe('Mon, November 23');
    expect(formatDay(monday, 'ug')).toBe('23-نويابىر، دۈشەنبە');
  });

  it('writes times and moments', () => {
    expect(formatTime(monday, 'ug')).toBe('07:05');
    expect(formatTime(monday, 'ug', true)).toBe('07:05:09');
    expect(formatTime(monday, 'en')).toBe('07:05 AM');
    expect(formatTime(monday, 'zh-HK')).toMatch(/上午\s?07:05/);
    expect(formatDateTime(monday, 'ug')).toBe('23-نويابىر 07:05');
    expect(formatDateTime(monday, 'zh-CN')).toBe('11/23 07:05');
  });

  it('says how long ago, in minutes, hours, then days', () => {
    const at = (minutesAgo: number) => new Date(monday.getTime() - minutesAgo * 60_000);
    expect(formatRelative(at(5), 'zh-CN', monday)).toBe('5分钟前');
    expect(formatRelative(at(5), 'zh-HK', monday)).toBe('5 分鐘前');
    expect(formatRelative(at(180), 'en', monday)).toBe('3 hours ago');
    expect(formatRelative(at(5), 'ug', monday)).toBe('5 مىنۇت ئىلگىرى');
    expect(formatRelative(at(180), 'ug', monday)).toBe('3 سائەت ئىلگىرى');
    expect(formatRelative(at(3 * 1440), 'ug', monday)).toBe('3 كۈن ئىلگىرى');
  });

  it('groups digits; Uyghur never falls back to the engine’s default locale', () => {
    expect(formatNumber(12345.6, 'ug')).toBe('12,345.6');
    expect(formatNumber(12345.6, 'en')).toBe('12,345.6');
    expect(formatNumber(2.25, 'zh-CN', { maximumFractionDigits: 1 })).toBe('2.3');
    expect(formatDuration(125)).toBe('2:05');
  });

  it('isolates IDs left to right and names by their own first letter inside translated sentences', () => {
    expect(isolateLtr('1101**********1234', true)).toBe('\u20661101**********1234\u2069');
    expect(isolateFirstStrong('张**', true)).toBe('\u2068张**\u2069');
    expect(isolateFirstStrong('ئا**', false)).toBe('\u2068ئا**\u2069');
    // Left-to-right pages keep Chinese and Latin text exactly as it is.
    expect(isolateLtr('138****1234', false)).toBe('138****1234');
    expect(isolateFirstStrong('张**', false)).toBe('张**');
  });

  it('uses the CLDR Uyghur names (Node carries full ICU, unlike Chromium)', () => {
    const months = UYGHUR_MONTHS.map((_, m) => new Intl.DateTimeFormat('ug', { month: 'long' }).format(new Date(2026, m, 1)));
    const weekdays = UYGHUR_WEEKDAYS.map((_, w) => new Intl.DateTimeFormat('ug', { weekday: 'long' }).format(new Date(2026, 10, 22 + w)));
    expect(Intl.DateTimeFormat.supportedLocalesOf(['ug'])).toEqual(['ug']);
    expect(months).toEqual(UYGHUR_MONTHS);
    expect(weekdays).toEqual(UYGHUR_WEEKDAYS);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, describeConfigIssues, hallNameIn, showsOnScreenKeyboard, TerminalConfig } from './config.js';

describe('onScreenKeyboard setting', () => {
  it("defaults to 'auto': shown on kiosks and proxy points, not at counters or displays", () => {
    expect(TerminalConfig.parse(DEFAULT_CONFIG).onScreenKeyboard).toBe('auto');
    expect(showsOnScreenKeyboard('auto', 'kiosk')).toBe(true);
    expect(showsOnScreenKeyboard('auto', 'proxy-point')).toBe(true);
    expect(showsOnScreenKeyboard('auto', 'counter')).toBe(false);
    expect(showsOnScreenKeyboard('auto', 'display')).toBe(false);
  });

  it("'always' and 'never' hold for every role", () => {
    expect(showsOnScreenKeyboard('always', 'counter')).toBe(true);
    expect(showsOnScreenKeyboard('never', 'kiosk')).toBe(false);
  });

  it('refuses another value with a message naming the field and the choices', () => {
    const result = TerminalConfig.safeParse({ ...DEFAULT_CONFIG, onScreenKeyboard: 'yes' });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeConfigIssues(result.error)).toEqual(["onScreenKeyboard: must be 'auto' (shown on kiosks and proxy points), 'always' or 'never'"]);
  });
});

describe('hall names', () => {
  it('name the hall in the asked language, else in Chinese, else by its id', () => {
    const config = { hallId: 'xihu-hall', hallName: { 'zh-CN': '西湖区政务服务中心', en: 'Xihu District Service Centre' } };
    expect(hallNameIn(config, 'en')).toBe('Xihu District Service Centre');
    expect(hallNameIn(config, 'ug')).toBe('西湖区政务服务中心');
    expect(hallNameIn({ hallId: 'xihu-hall' }, 'en')).toBe('xihu-hall');
    expect(TerminalConfig.safeParse({ ...DEFAULT_CONFIG, hallName: { fr: 'Salle' } }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { configWarnings, isLoopbackUrl, TerminalConfig, type TerminalConfigInput } from './config.js';

const base: TerminalConfigInput = {
  hallId: 'h',
  terminalId: 'kiosk-01',
  role: 'kiosk',
  platformUrl: 'embedded',
  languages: ['zh-CN'],
  defaultLanguage: 'zh-CN',
  devices: [],
};
const problems = (input: Partial<TerminalConfigInput>) => {
  const result = TerminalConfig.safeParse({ ...base, ...input });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('platform URL transport', () => {
  it('a plain-http platform on another machine is refused unless allowInsecureLan is set', () => {
    expect(problems({ platformUrl: 'http://192.168.10.5:8080' })).toEqual([expect.stringMatching(/^platformUrl: .*https:.*allowInsecureLan/)]);
    expect(problems({ platformUrl: 'http://hall-platform.local/' })).toHaveLength(1);
    expect(problems({ platformUrl: 'http://127.0.0.1.evil.example/' })).toHaveLength(1);
    expect(problems({ platformUrl: 'http://user@127.0.0.1.evil.example/' })).toHaveLength(1);
    expect(problems({ platformUrl: 'http://192.168.10.5:8080', allowInsecureLan: true })).toEqual([]);
  });

  it('https anywhere, http on loopback and the embedded platform need nothing', () => {
    for (const platformUrl of ['https://platform.example.gov.cn', 'http://127.0.0.1:4000', 'http://localhost:4000', 'http://[::1]:4000', 'embedded'])
      expect(problems({ platformUrl }), platformUrl).toEqual([]);
  });

  it('admin mode is warned about an insecure LAN, and only then', () => {
    expect(configWarnings(TerminalConfig.parse({ ...base, platformUrl: 'http://192.168.10.5', allowInsecureLan: true }))).toEqual(['insecure-lan']);
    expect(configWarnings(TerminalConfig.parse({ ...base, platformUrl: 'https://p.example', allowInsecureLan: true }))).toEqual([]);
    expect(configWarnings(TerminalConfig.parse(base))).toEqual([]);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackUrl('http://127.1.2.3/')).toBe(true);
    expect(isLoopbackUrl('http://LOCALHOST:1/')).toBe(true);
    expect(isLoopbackUrl('http://10.0.0.1/')).toBe(false);
    expect(isLoopbackUrl('http://[::2]/')).toBe(false);
  });

  it("takes a public base URL for the slips' QR codes only where a phone can open it", () => {
    expect(problems({ publicBaseUrl: 'https://zwfw.example.gov.cn/hall' })).toEqual([]);
    for (const publicBaseUrl of ['http://127.0.0.1:4000', 'http://localhost/guide', 'ftp://zwfw.example.gov.cn'])
      expect(problems({ publicBaseUrl }), publicBaseUrl).not.toEqual([]);
  });
});

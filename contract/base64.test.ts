import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, decodeBase64UrlStrict } from './base64.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('strict base64', () => {
  it('decodes the canonical text of each length (RFC 4648 vectors)', () => {
    expect(decodeBase64UrlStrict('')).toEqual(bytes());
    expect(decodeBase64UrlStrict('Zg')).toEqual(bytes(0x66));
    expect(decodeBase64UrlStrict('Zm8')).toEqual(bytes(0x66, 0x6f));
    expect(decodeBase64UrlStrict('Zm9v')).toEqual(bytes(0x66, 0x6f, 0x6f));
    expect(decodeBase64UrlStrict('-_8')).toEqual(bytes(0xfb, 0xff));
    expect(decodeBase64Strict('Zg==')).toEqual(bytes(0x66));
    expect(decodeBase64Strict('Zm8=')).toEqual(bytes(0x66, 0x6f));
    expect(decodeBase64Strict('+/8=')).toEqual(bytes(0xfb, 0xff));
  });

  it('base64url refuses trailing junk, padding, the standard alphabet and non-zero unused bits', () => {
    for (const text of ['Zm9v!', 'Zm9v=', 'Zg==', 'Zm9v ', 'Zm9v\n', 'Zm9vA', '+/8', 'Zh', 'Zm9', 'Zm9v.'])
      expect(decodeBase64UrlStrict(text), text).toBeUndefined();
  });

  it('base64 refuses missing or stray padding, the url alphabet and junk', () => {
    for (const text of ['Zg', 'Zg=', 'Zg===', 'Z===', 'Zm9v=', 'Zm=v', '-_8=', 'Zh==', 'Zm9v!', 'Zm9v\n'])
      expect(decodeBase64Strict(text), text).toBeUndefined();
  });
});

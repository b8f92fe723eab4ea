import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newToken, sha256Hex } from './digest.js';

describe('digest', () => {
  it('hashes text as UTF-8 and bytes as they are, hex', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('取号')).toBe(createHash('sha256').update('取号', 'utf8').digest('hex'));
    expect(sha256Hex(Buffer.from([0, 1, 2]))).toBe(
      createHash('sha256')
        .update(Buffer.from([0, 1, 2]))
        .digest('hex'),
    );
  });

  it('makes tokens of the asked size, never the same one twice, across many refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const token = newToken();
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      seen.add(token);
    }
    expect(seen.size).toBe(1000);
    expect(Buffer.from(newToken(16), 'base64url')).toHaveLength(16);
    // Larger than the pool: taken straight from the CSPRNG.
    expect(Buffer.from(newToken(4096), 'base64url')).toHaveLength(4096);
  });

  it('gives tokens whose bytes are not all zero (the pool is wiped only after handing bytes out)', () => {
    for (let i = 0; i < 200; i++) expect(Buffer.from(newToken(), 'base64url').some((b) => b !== 0)).toBe(true);
  });
});

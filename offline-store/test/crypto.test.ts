import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptValue, encryptValue } from '../crypto.js';

const key = randomBytes(32);

describe('AES-256-GCM sealing', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string(), (plain, aad) => {
        expect(Buffer.from(decryptValue(key, encryptValue(key, plain, aad), aad)).equals(Buffer.from(plain))).toBe(true);
      }),
    );
  });

  it('uses a fresh nonce per value, so equal plaintexts seal differently', () => {
    const a = encryptValue(key, Buffer.from('110105199003071234'), 'records/x/personal');
    const b = encryptValue(key, Buffer.from('110105199003071234'), 'records/x/personal');
    expect(a.equals(b)).toBe(false);
  });

  it('never repeats a nonce, across refills of the block nonces are cut from', () => {
    // 3,000 values: the 12 KiB block (1,024 nonces) is refilled twice on the way.
    const nonces = new Set<string>();
    for (let i = 0; i < 3000; i++) nonces.add(encryptValue(key, Buffer.from('x'), 'records/n/personal').subarray(1, 13).toString('hex'));
    expect(nonces.size).toBe(3000);
  });

  it('detects any flipped bit', () => {
    const sealed = encryptValue(key, Buffer.from('张三 110105199003071234'), 'records/a/personal');
    fc.assert(
      fc.property(fc.nat({ max: sealed.length * 8 - 1 }), (bit) => {
        const tampered = Buffer.from(sealed);
        tampered[bit >> 3] = (tampered[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        expect(() => decryptValue(key, tampered, 'records/a/personal')).toThrow();
      }),
    );
  });

  it('refuses a value moved to another row or field, or opened with another key', () => {
    const sealed = encryptValue(key, Buffer.from('地址'), 'records/a/personal');
    expect(() => decryptValue(key, sealed, 'records/b/personal')).toThrow();
    expect(() => decryptValue(randomBytes(32), sealed, 'records/a/personal')).toThrow();
  });
});

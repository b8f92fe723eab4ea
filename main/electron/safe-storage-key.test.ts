import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { safeStorage } from '../../test/fakes/electron.js';
import { SafeStorageKeyProvider } from './safe-storage-key.js';

const paths = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealed-key-'));
  return { sealed: join(dir, 'keys', 'store.key.sealed'), fallback: join(dir, 'keys', 'store.key') };
};

describe('store key sealed by the OS keystore', () => {
  it('creates a random key, keeps only the sealed form on disk (0600), and reads the same key back', async () => {
    const { sealed, fallback } = paths();
    const key = await new SafeStorageKeyProvider(sealed, fallback, { warn: vi.fn() }).getKey();
    expect(key).toHaveLength(32);
    const onDisk = readFileSync(sealed);
    expect(onDisk.includes(Buffer.from(Buffer.from(key).toString('base64')))).toBe(false);
    expect(statSync(sealed).mode & 0o777).toBe(0o600);
    expect(existsSync(fallback)).toBe(false);
    const again = await new SafeStorageKeyProvider(sealed, fallback, { warn: vi.fn() }).getKey();
    expect(Buffer.from(again).equals(Buffer.from(key))).toBe(true);
  });

  it("falls back to the 0600 key file, and says so, where safeStorage is only 'basic_text'", async () => {
    const { sealed, fallback } = paths();
    safeStorage.backend = 'basic_text';
    const warn = vi.fn();
    try {
      const key = await new SafeStorageKeyProvider(sealed, fallback, { warn }).getKey();
      expect(key).toHaveLength(32);
      expect(existsSync(sealed)).toBe(false);
      expect(statSync(fallback).mode & 0o777).toBe(0o600);
      expect(warn).toHaveBeenCalledWith({ backend: 'basic_text' }, expect.stringContaining('0600'));
    } finally {
      safeStorage.backend = 'gnome_libsecret';
    }
  });
});

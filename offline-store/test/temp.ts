import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileKeyProvider } from '../crypto.js';
import { OfflineStore, type OpenStoreOptions } from '../store.js';

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `hall-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestStore(dir: string, extra: Partial<OpenStoreOptions> = {}): Promise<OfflineStore> {
  return OfflineStore.open({ dir: join(dir, 'store'), keyProvider: new FileKeyProvider(join(dir, 'data.key')), backupIntervalMs: 0, ...extra });
}

/** Synthetic but realistically shaped personal data (never a real person). */
export function fakePerson(n: number): { name: string; idNumber: string; address: string } {
  const serial = String(n).padStart(3, '0').slice(-3);
  return { name: `测试姓名${n}号`, idNumber: `11010519900307${serial}X`, address: `测试省测试市测试路${n}号` };
}

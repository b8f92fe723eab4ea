import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import { FileKeyProvider, type KeyProvider } from '../../offline-store/index.js';

/**
 * The store's 32-byte key, sealed by the OS keystore through Electron's safeStorage; only the
 * sealed blob is on disk. On Linux without a keyring safeStorage falls back to 'basic_text',
 * which protects nothing, so there the 0600 key file is used instead and the choice is logged.
 */
export class SafeStorageKeyProvider implements KeyProvider {
  private key: Uint8Array | undefined;

  constructor(
    private readonly sealedPath: string,
    private readonly fallbackKeyPath: string,
    private readonly log: { warn(obj: object, msg?: string): void },
  ) {}

  async getKey(): Promise<Uint8Array> {
    if (this.key) return this.key;
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text' || backend === 'unknown') {
      this.log.warn({ backend }, 'OS keystore unavailable: store key kept in a 0600 file');
      this.key = await new FileKeyProvider(this.fallbackKeyPath).getKey();
      return this.key;
    }
    const sealed = await readFile(this.sealedPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (sealed) {
      const key = Buffer.from(safeStorage.decryptString(sealed), 'base64');
      if (key.length !== 32) throw new Error(`sealed store key at ${this.sealedPath} is not 32 bytes`);
      this.key = key;
      return key;
    }
    const key = randomBytes(32);
    await mkdir(dirname(this.sealedPath), { recursive: true, mode: 0o700 });
    await writeFile(this.sealedPath, safeStorage.encryptString(key.toString('base64')), { mode: 0o600, flag: 'wx' });
    this.key = key;
    return key;
  }
}

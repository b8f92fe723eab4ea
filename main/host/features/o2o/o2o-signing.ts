// The terminal's Ed25519 signing key: made once, kept sealed in the store's secrets, announced to the
// platform through the outbox (so the announcement always reaches the platform before any package
// signed with it, even when both were written offline).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict, ED25519_SIGNATURE_BYTES } from '../../../../contract/base64.js';
import { canonicalJson, type PackageManifest } from '../../../../contract/case.js';
import type { OfflineStore } from '../../../../offline-store/index.js';

const KEY_SECRET = 'o2o-signing-key';
const ANNOUNCED_SECRET = 'o2o-signing-key-announced';

export interface TerminalKey {
  keyId: string;
  /** DER SubjectPublicKeyInfo, base64. */
  publicKey: string;
  sign(manifest: PackageManifest): string;
}

export const keyIdOf = (publicKeyDerBase64: string) => createHash('sha256').update(Buffer.from(publicKeyDerBase64, 'base64')).digest('hex').slice(0, 32);

function fromPrivate(privateKey: KeyObject): TerminalKey {
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (manifest) => sign(null, Buffer.from(canonicalJson(manifest)), privateKey).toString('base64'),
  };
}

/** Loads the terminal's key, creating and announcing it the first time. */
export async function loadTerminalKey(store: OfflineStore, role: string): Promise<TerminalKey> {
  const sealed = await store.getSecret(KEY_SECRET);
  let key: TerminalKey;
  if (sealed) {
    key = fromPrivate(createPrivateKey({ key: Buffer.from(sealed, 'base64'), format: 'der', type: 'pkcs8' }));
  } else {
    const { privateKey } = generateKeyPairSync('ed25519');
    await store.setSecret(KEY_SECRET, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
    key = fromPrivate(privateKey);
  }
  // Announced per key and role: a kiosk re-configured as a counter announces its new role.
  const announced = `${key.keyId}:${role}`;
  if ((await store.getSecret(ANNOUNCED_SECRET)) !== announced) {
    await store.commitMutation({ kind: 'terminal-key', payload: { keyId: key.keyId, algorithm: 'ed25519', publicKey: key.publicKey, role } });
    await store.setSecret(ANNOUNCED_SECRET, announced);
  }
  return key;
}

/** Checks a manifest signature against a public key (DER SPKI, base64). */
export function verifyManifest(manifest: PackageManifest, signature: string, publicKey: string): boolean {
  try {
    const signatureBytes = decodeBase64Strict(signature);
    const keyBytes = decodeBase64Strict(publicKey);
    if (signatureBytes?.length !== ED25519_SIGNATURE_BYTES || !keyBytes) return false;
    const key = createPublicKey({ key: Buffer.from(keyBytes), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonicalJson(manifest)), key, signatureBytes);
  } catch {
    return false;
  }
}

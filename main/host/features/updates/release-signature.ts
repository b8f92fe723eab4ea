// Signed updates. The release feed file (electron-builder's latest*.yml, which names the package and
// its sha512) is signed with an Ed25519 release key held by whoever cuts releases; its public half
// is built in here. The terminal verifies the feed file's exact bytes against `<feed file>.sig`
// before believing anything in it, so neither the LAN nor whoever can write the platform's
// /updates/ folder can offer a package: without the release key there is no valid signature.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64UrlStrict, ED25519_SIGNATURE_BYTES } from '../../../../contract/base64.js';

/** The detached signature's file name next to the feed file. */
export const signatureFileOf = (feedFile: string) => `${feedFile}.sig`;

/**
 * Release public keys (raw 32-byte Ed25519, base64url), by id. A new key is added here one release
 * before it signs, and an old one removed a release after it stops, so terminals never lose trust.
 */
export const RELEASE_PUBLIC_KEYS: Readonly<Record<string, string>> = {
  'hall-release-2026': 'rUfMPv0A6nzkkGyuiXhxCaNhoh2lvB76iLc0PHvFK6o',
};

export class UpdateSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateSignatureError';
  }
}

/** Signature file text: "<key id>.<base64url signature>\n". */
export function signFeed(feedBytes: Uint8Array, keyId: string, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the release key must be an Ed25519 private key');
  if (!/^[A-Za-z0-9-]{1,40}$/.test(keyId)) throw new Error('key id: letters, digits and "-" only');
  return `${keyId}.${sign(null, feedBytes, key).toString('base64url')}\n`;
}

function publicKeyOf(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

/**
 * Throws UpdateSignatureError unless `signatureText` is a valid signature of exactly `feedBytes`
 * by one of `trustedKeys`. A missing signature is refused like a wrong one.
 */
export function verifyFeed(
  feedBytes: Uint8Array,
  signatureText: string | undefined,
  trustedKeys: Readonly<Record<string, string>> = RELEASE_PUBLIC_KEYS,
): void {
  if (signatureText === undefined) throw new UpdateSignatureError('the update feed is not signed');
  const match = /^([A-Za-z0-9-]{1,40})\.([A-Za-z0-9_-]+)\n?$/.exec(signatureText);
  if (!match) throw new UpdateSignatureError('the update feed signature is malformed');
  const [, keyId, signatureB64] = match as unknown as [string, string, string];
  const signature = decodeBase64UrlStrict(signatureB64);
  if (signature?.length !== ED25519_SIGNATURE_BYTES) throw new UpdateSignatureError('the update feed signature is malformed');
  const trusted = Object.hasOwn(trustedKeys, keyId) ? trustedKeys[keyId] : undefined;
  if (!trusted) throw new UpdateSignatureError(`the update feed is signed by an unknown key (${keyId})`);
  if (!verify(null, feedBytes, publicKeyOf(trusted), signature)) throw new UpdateSignatureError('the update feed signature does not match its content');
}

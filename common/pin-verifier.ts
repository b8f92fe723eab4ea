// The agent PIN verifier, shared by the platform (which makes it) and the terminal (which checks it).
//
// Cost: scrypt N=2^15, r=8, p=1 (32 MiB, ~0.1 s a try on a terminal-class CPU). A 6-digit PIN has only
// 10^6 values, so no cost makes it safe against someone holding both the verifier and the card for a
// day of computing; what protects it is (1) the salt includes a secret printed only on the agent's card,
// so the verifier from a stolen terminal disk is useless without the card, (2) verifiers reach only the
// terminals of the agent's own point, (3) five wrong PINs lock the agent on the terminal, and (4) a lost
// card is revoked (or replaced) centrally and the revocation syncs. A higher cost would make every
// sign-in slower on the village point's low-end hardware for little gain against a card thief.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { decodeBase64UrlStrict } from '../contract/base64.js';
import type { PinVerifier } from '../contract/proxy-agent.js';

export const PIN_COST = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(pin: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_BYTES, { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const saltWithCard = (salt: string, cardSecret: string) => Buffer.concat([Buffer.from(salt, 'base64url'), Buffer.from(cardSecret, 'ascii')]);

export async function makePinVerifier(pin: string, cardSecret: string, cost: { N: number; r: number; p: number } = PIN_COST): Promise<PinVerifier> {
  const salt = randomBytes(16).toString('base64url');
  const hash = await derive(pin, saltWithCard(salt, cardSecret), cost);
  return { kdf: 'scrypt', ...cost, salt, hash: hash.toString('base64url') };
}

export async function checkPin(pin: string, cardSecret: string, verifier: PinVerifier): Promise<boolean> {
  const hash = decodeBase64UrlStrict(verifier.hash);
  if (!hash || !decodeBase64UrlStrict(verifier.salt)) return false;
  const expected = Buffer.from(hash);
  const actual = await derive(pin, saltWithCard(verifier.salt, cardSecret), verifier);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

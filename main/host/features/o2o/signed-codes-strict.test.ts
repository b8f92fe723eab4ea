// Codes, cards and manifests whose signature text carries anything beyond its one canonical
// base64url (or base64) form are refused, even though Node's lenient decoder would yield the same
// signature bytes and verify it.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackageManifest } from '../../../../contract/case.js';
import { canonicalJson } from '../../../../contract/case.js';
import { ManualClock } from '../../../../contract/clock.js';
import { asciiJson, parsePersonalCode, PERSONAL_CODE_PREFIX, TRUST_KEYS_DATASET, type PersonalCodePayload } from '../../../../contract/personal-code.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { openTestStore, tempDir } from '../../../../offline-store/test/temp.js';
import { createLogger } from '../../logging.js';
import { verifyManifest } from './o2o-signing.js';
import { PersonalCodeFeature } from '../personal-code/personal-code-feature.js';

const clock = new ManualClock('2026-03-02T08:00:00Z');
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
let temp: ReturnType<typeof tempDir>;
let store: OfflineStore;
let code: string;

/**
 * Junk a lenient decoder skips or ignores: each keeps the same 64 signature bytes under Buffer.from.
 * (Surrounding whitespace is trimmed on purpose: scanners end a read with CR or LF.)
 */
const JUNK = ['!', '=', '==', '%', '*', '~', '=junk', '=AAAA'];

beforeAll(async () => {
  temp = tempDir('strict-b64');
  store = await openTestStore(temp.dir);
  await store.applyPull(
    TRUST_KEYS_DATASET,
    [{ key: 'k1', value: { kid: 'k1', publicKey: publicKey.export({ format: 'jwk' }).x!, status: 'active' }, version: 1 }],
    1,
  );
  const iat = Math.floor(clock.nowMs() / 1000);
  const payload: PersonalCodePayload = { kid: 'k1', sub: '0123456789abcdef0123456789abcdef', mn: '王**', iat, exp: iat + 86_400 };
  const signedPart = `${PERSONAL_CODE_PREFIX}.${Buffer.from(asciiJson(payload)).toString('base64url')}`;
  code = `${signedPart}.${sign(null, Buffer.from(signedPart), privateKey).toString('base64url')}`;
});
afterAll(async () => {
  await store.close();
  temp.cleanup();
});

describe('strict base64url in signed codes', () => {
  const feature = () => new PersonalCodeFeature(store, 'kiosk-07', createLogger({ level: 'silent' }), clock);

  it('accepts the code as issued', async () => {
    expect(await feature().verify(code)).toMatchObject({ valid: true });
  });

  it('a personal code whose signature has trailing junk is malformed, though Node would decode the same signature', async () => {
    const signature = code.split('.')[2]!;
    for (const junk of JUNK) {
      expect(Buffer.from(signature + junk, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
      expect(parsePersonalCode(code + junk), JSON.stringify(junk)).toBeUndefined();
      expect(await feature().verify(code + junk), JSON.stringify(junk)).toEqual({ valid: false, refusal: 'malformed' });
    }
  });

  it('a signature in the standard alphabet or with non-zero unused bits is malformed', async () => {
    const [prefix, body, signature] = code.split('.') as [string, string, string];
    const standard = Buffer.from(signature, 'base64url').toString('base64').replace(/=+$/, '');
    if (standard !== signature) expect(await feature().verify(`${prefix}.${body}.${standard}`)).toEqual({ valid: false, refusal: 'malformed' });
    // 64 bytes take 86 characters with 4 unused bits in the last: setting one decodes to the same bytes.
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) | 1]!;
    expect(twin).not.toBe(last);
    expect(await feature().verify(`${prefix}.${body}.${signature.slice(0, -1)}${twin}`)).toEqual({ valid: false, refusal: 'malformed' });
  });

  it('a package manifest signature with junk or a stray padding does not verify', () => {
    const manifest = { version: 1 } as unknown as PackageManifest;
    const spki = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const signature = sign(null, Buffer.from(canonicalJson(manifest)), privateKey).toString('base64');
    expect(verifyManifest(manifest, signature, spki)).toBe(true);
    for (const junk of ['!', '==', ' ', '\n', '*']) expect(verifyManifest(manifest, signature + junk, spki), JSON.stringify(junk)).toBe(false);
    expect(verifyManifest(manifest, signature, `${spki}!`)).toBe(false);
  });
});

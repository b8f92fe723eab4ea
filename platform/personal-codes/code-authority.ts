import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  asciiJson,
  parsePersonalCode,
  PERSONAL_CODE_PREFIX,
  REVOCATIONS_DATASET,
  TRUST_KEYS_DATASET,
  type PersonalCodePayload,
  type SubjectRevocation,
  type TrustKey,
} from '../../contract/personal-code.js';
import type { DatasetItem } from '../../contract/sync-protocol.js';
import { systemClock, type Clock } from '../../contract/clock.js';

interface StoredKey {
  kid: string;
  status: TrustKey['status'];
  createdAt: string;
  privateKeyPem: string;
  publicKey: string;
}

/**
 * Issues personal codes and keeps the signing keys (one file each, 0600, in the platform's data
 * folder). Public keys and revocations are published as datasets that terminals pull, so they
 * verify codes with no network at the moment of the scan.
 */
export class CodeAuthority {
  private readonly keys = new Map<string, StoredKey>();
  /** Turns an ID number into the pseudonymous subject; it never leaves the platform. */
  private readonly subjectKey: Buffer;

  constructor(
    private readonly dir: string,
    private readonly publish: (dataset: string, items: DatasetItem[]) => Promise<unknown>,
    readonly clock: Clock = systemClock,
    /** The subject's published revocation (the `code-revocations` dataset), for checks on arrival. */
    private readonly revocationOf: (subject: string) => Promise<SubjectRevocation | undefined> = () => Promise.resolve(undefined),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const subjectKeyFile = join(dir, 'subject-key');
    if (!existsSync(subjectKeyFile)) writeFileSync(subjectKeyFile, randomBytes(32), { mode: 0o600 });
    this.subjectKey = readFileSync(subjectKeyFile);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const key = JSON.parse(readFileSync(join(dir, file), 'utf8')) as StoredKey;
      this.keys.set(key.kid, key);
    }
  }

  /** Names the subject key without revealing it (instances sharing a database compare it at start). */
  subjectKeyFingerprint(): string {
    return createHmac('sha256', this.subjectKey).update('hall-platform subject key fingerprint').digest('hex').slice(0, 32);
  }

  /** Publishes the keys (making the first one if there is none); call once before serving. */
  async start(): Promise<void> {
    if (!this.active()) await this.rotate();
    else await this.publishKeys();
  }

  private active(): StoredKey | undefined {
    return [...this.keys.values()].find((k) => k.status === 'active');
  }

  private save(key: StoredKey): void {
    this.keys.set(key.kid, key);
    writeFileSync(join(this.dir, `${key.kid}.json`), JSON.stringify(key), { mode: 0o600 });
  }

  private async publishKeys(): Promise<void> {
    await this.publish(
      TRUST_KEYS_DATASET,
      [...this.keys.values()].map((k) => ({ key: k.kid, value: { kid: k.kid, publicKey: k.publicKey, status: k.status } satisfies TrustKey })),
    );
  }

  /** A new active key; the previous one is retired (still verifies the codes it signed). */
  async rotate(): Promise<string> {
    const previous = this.active();
    if (previous) this.save({ ...previous, status: 'retired' });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const kid = `k${this.clock.iso().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    this.save({
      kid,
      status: 'active',
      createdAt: this.clock.iso(),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKey: publicKey.export({ format: 'jwk' }).x as string,
    });
    await this.publishKeys();
    return kid;
  }

  /** A compromised key: every code it signed stops verifying. */
  async revokeKey(kid: string): Promise<boolean> {
    const key = this.keys.get(kid);
    if (!key) return false;
    this.save({ ...key, status: 'revoked' });
    if (!this.active()) await this.rotate();
    else await this.publishKeys();
    return true;
  }

  async issue(input: {
    maskedName: string;
    subject?: string;
    validSeconds: number;
  }): Promise<{ code: string; subject: string; expiresAt: string; kid: string }> {
    const sub = input.subject ?? randomBytes(16).toString('hex');
    // A code printed right after the old ones were voided (same second) must not be void itself.
    const iat = Math.max(Math.floor(this.clock.nowMs() / 1000), (await this.revokedBefore(sub)) ?? 0);
    const exp = iat + input.validSeconds;
    const { code, kid } = this.signCode(PERSONAL_CODE_PREFIX, (kid): PersonalCodePayload => ({ kid, sub, mn: input.maskedName, iat, exp }));
    return { code, subject: sub, expiresAt: new Date(exp * 1000).toISOString(), kid };
  }

  /**
   * Signs a code of any kind with the active key: "<prefix>.<payload>.<signature>". The prefix is part of
   * what is signed, so a code of one kind (an agent card) can never pass for another (a personal code).
   */
  signCode<T extends object>(prefix: string, payloadFor: (kid: string) => T): { code: string; kid: string } {
    const key = this.active()!;
    const signedPart = `${prefix}.${Buffer.from(asciiJson(payloadFor(key.kid)), 'ascii').toString('base64url')}`;
    return { code: `${signedPart}.${sign(null, Buffer.from(signedPart), privateKeyOf(key)).toString('base64url')}`, kid: key.kid };
  }

  /** Seconds since the epoch on this authority's clock (tests move it). */
  nowSeconds(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  /** Voids every code of the subject issued up to now (a lost or stolen paper); a new one can be issued after. */
  async revokeSubject(subject: string, reason: string): Promise<void> {
    const issuedBefore = Math.floor(this.clock.nowMs() / 1000) + 1;
    await this.publish(REVOCATIONS_DATASET, [{ key: subject, value: { sub: subject, issuedBefore, reason } }]);
  }

  /** The same person always gets the same subject, so revoking a subject voids all their codes. */
  subjectOf(idNumber: string): string {
    return createHmac('sha256', this.subjectKey).update(idNumber.trim().toUpperCase()).digest('hex').slice(0, 32);
  }

  /**
   * A code this platform signed with a key it has not revoked, or why not. Expiry is the caller's
   * business: a package made offline may arrive after the code it was made with expired.
   */
  check(code: string): { ok: true; payload: PersonalCodePayload } | { ok: false; reason: string } {
    const parsed = parsePersonalCode(code);
    if (!parsed) return { ok: false, reason: 'malformed personal code' };
    const key = this.keys.get(parsed.payload.kid);
    if (!key || key.status === 'revoked') return { ok: false, reason: 'personal code signed by an unknown or revoked key' };
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    if (!verify(null, Buffer.from(parsed.signedPart), publicKey, parsed.signatureBytes))
      return { ok: false, reason: 'personal code signature does not verify' };
    return { ok: true, payload: parsed.payload };
  }

  /** When the subject's codes were last voided (seconds; codes issued before it are void), if ever. */
  async revokedBefore(subject: string): Promise<number | undefined> {
    return (await this.revocationOf(subject))?.issuedBefore;
  }

  kids(): string[] {
    return [...this.keys.keys()];
  }

  hasKeyFile(kid: string): boolean {
    return existsSync(join(this.dir, `${kid}.json`));
  }
}

const privateKeys = new WeakMap<StoredKey, KeyObject>();
function privateKeyOf(key: StoredKey): KeyObject {
  let object = privateKeys.get(key);
  if (!object) privateKeys.set(key, (object = createPrivateKey(key.privateKeyPem)));
  return object;
}

import { createPublicKey, verify } from 'node:crypto';
import type { PersonalCodeVerdict } from '../../../../contract/api/personal-code.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import {
  parsePersonalCode,
  REVOCATIONS_DATASET,
  SubjectRevocation,
  TRUST_KEYS_DATASET,
  TrustKey,
  type CodeRefusal,
} from '../../../../contract/personal-code.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import type { Logger } from '../../logging.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import { SecurityEventRecorder } from '../admin/security-events.js';
import type { HostFeature } from '../../host-feature.js';

/** Tolerated clock difference between terminal and platform. */
const CLOCK_SKEW_S = 300;

/**
 * Verifies personal codes with no network: keys and revocations come from the last sync. Every
 * refusal is a security event — logged (never the code itself) and sent to the platform.
 */
export class PersonalCodeFeature implements HostFeature {
  readonly name = 'personal-code';
  constructor(
    private readonly store: OfflineStore,
    private readonly terminalId: string,
    private readonly log: Logger,
    private readonly clock: Clock = systemClock,
    private readonly events: SecurityEventRecorder = new SecurityEventRecorder({ store, terminalId, log, now: () => clock.nowMs() }),
  ) {}

  async verify(code: string): Promise<PersonalCodeVerdict> {
    const parsed = parsePersonalCode(code);
    if (!parsed) return this.refuse('malformed');
    const { payload } = parsed;
    const keys = (await this.store.getDataset(TRUST_KEYS_DATASET)).map((item) => TrustKey.safeParse(item.value)).flatMap((r) => (r.success ? [r.data] : []));
    const key = keys.find((k) => k.kid === payload.kid);
    if (!key) return this.refuse('unknown-key', payload.kid);
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    if (!verify(null, Buffer.from(parsed.signedPart), publicKey, parsed.signatureBytes)) return this.refuse('forged', payload.kid);
    if (key.status === 'revoked') return this.refuse('revoked', payload.kid);
    const nowS = Math.floor(this.clock.nowMs() / 1000);
    if (payload.iat > nowS + CLOCK_SKEW_S) return this.refuse('not-yet-valid', payload.kid);
    if (payload.exp <= nowS) return this.refuse('expired', payload.kid);
    const revocation = (await this.store.getDataset(REVOCATIONS_DATASET)).find((item) => item.key === payload.sub);
    const parsedRevocation = revocation ? SubjectRevocation.safeParse(revocation.value) : undefined;
    if (parsedRevocation?.success && payload.iat < parsedRevocation.data.issuedBefore) return this.refuse('revoked', payload.kid);
    return { valid: true, subject: payload.sub, maskedName: payload.mn, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  private async refuse(refusal: CodeRefusal, kid?: string): Promise<PersonalCodeVerdict> {
    await this.recordSecurityEvent('personal-code-refused', { refusal, kid: kid ?? null });
    return { valid: false, refusal };
  }

  /** A security event: logged here and sent to the platform (within limits); never the code or personal data. */
  recordSecurityEvent(event: string, detail: Record<string, string | null> = {}): Promise<void> {
    return this.events.record(event, detail);
  }

  readonly handlers: Pick<HostHandlers, 'personalCode.verify'> = {
    'personalCode.verify': async ({ code }) => this.verify(code),
  };
}

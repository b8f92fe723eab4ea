// A package made with a personal code is checked again when it reaches the platform: the kiosk may
// have been offline and able to compare only the masked name on the code with the card.
import { ApplicantIdentity, ApplicationForm } from '../../contract/case.js';
import { REVOCATIONS_DATASET, SubjectRevocation } from '../../contract/personal-code.js';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import type { PlatformStore } from '../platform-store.js';
import type { CodeAuthority } from './code-authority.js';

/** Tolerated difference between the kiosk's clock and ours when judging expiry at creation. */
const CLOCK_SKEW_S = 300;

/** Why an application's stated identification does not hold, or null when it does (or there is none). */
export async function packageIdentityRefusal(authority: CodeAuthority, mutation: MutationEnvelope): Promise<string | null> {
  if (mutation.kind !== 'application') return null;
  const manifest = (mutation.payload as { manifest?: { identity?: unknown; createdAt?: unknown } }).manifest;
  if (!manifest || manifest.identity === undefined) return null;
  const identity = ApplicantIdentity.safeParse(manifest.identity);
  if (!identity.success) return 'malformed applicant identity';
  if (identity.data.method === 'id-card') return null;
  const checked = authority.check(identity.data.personalCode);
  if (!checked.ok) return checked.reason;
  const form = ApplicationForm.safeParse(mutation.personal ?? {});
  if (!form.success) return 'application form is incomplete';
  if (checked.payload.sub !== identity.data.subject || authority.subjectOf(form.data.idNumber) !== identity.data.subject)
    return 'the personal code does not belong to the applicant';
  const createdS = Date.parse(String(manifest.createdAt)) / 1000;
  if (!(checked.payload.iat - CLOCK_SKEW_S <= createdS && createdS < checked.payload.exp + CLOCK_SKEW_S))
    return 'the personal code was not valid when the package was made';
  // A kiosk offline since before a revocation could not know; a package made before it still stands.
  const revokedBefore = await authority.revokedBefore(checked.payload.sub);
  if (revokedBefore !== undefined && checked.payload.iat < revokedBefore && createdS >= revokedBefore)
    return 'the personal code had been revoked when the package was made';
  return null;
}

/** The subject's revocation as the platform published it (dataset `code-revocations`, keyed by subject). */
export async function publishedRevocation(store: PlatformStore, subject: string): Promise<SubjectRevocation | undefined> {
  const value = await store.datasetValue(REVOCATIONS_DATASET, subject);
  const parsed = value === undefined ? undefined : SubjectRevocation.safeParse(value);
  return parsed?.success ? parsed.data : undefined;
}

// Who is applying: the card on the reader, and for sensitive items also the personal code (反向扫码)
// printed for that person at a counter. The kiosk checks what it can offline (signature, expiry,
// revocation, the masked name against the card); the platform, when reachable, confirms the code's
// pseudonymous subject is the card's holder — and re-checks the package on arrival either way.
import type { PersonalCodeVerdict } from '../../../../contract/api/personal-code.js';
import type { ApplicantIdentity } from '../../../../contract/case.js';
import type { CatalogItem } from '../../../../contract/catalog.js';
import { maskName } from '../../../../contract/masking.js';
import { HostFault } from '../../dispatch.js';
import { PlatformUnreachable, type HostPlatformClient } from '../../platform-client.js';

export interface IdentityDeps {
  /** At a proxy point the signed-in agent and the villager's signed authorisation stand in for the code. */
  role: string;
  verifyCode: (code: string) => Promise<PersonalCodeVerdict>;
  securityEvent: (event: string) => Promise<void>;
  platform: HostPlatformClient;
}

export async function identifyApplicant(
  deps: IdentityDeps,
  item: CatalogItem,
  card: { name: string; idNumber: string },
  personalCode: string | undefined,
): Promise<ApplicantIdentity> {
  const codeRequired = item.identityCheck === 'personal-code-and-id-card' && deps.role === 'kiosk';
  if (personalCode === undefined) {
    if (codeRequired)
      throw new HostFault('unauthorized', `${item.name} needs your personal code as well as your ID card`, 'personalCode.needed', { item: item.name });
    return { method: 'id-card' };
  }
  const verdict = await deps.verifyCode(personalCode);
  if (!verdict.valid)
    throw new HostFault('unauthorized', `the personal code was refused (${verdict.refusal})`, 'personalCode.refused', { refusal: verdict.refusal });
  if (verdict.maskedName !== maskName(card.name)) return mismatch(deps);
  let confirmedOnline = false;
  try {
    const reply = await deps.platform.request('personalCodeMatch', { body: { subject: verdict.subject, idNumber: card.idNumber } });
    if (reply.status === 200) {
      if ((reply.body as { match?: unknown }).match !== true) return mismatch(deps);
      confirmedOnline = true;
    }
  } catch (error) {
    // Offline: the masked names agree; the platform re-checks the subject when the package arrives.
    if (!(error instanceof PlatformUnreachable)) throw error;
  }
  return { method: 'personal-code-and-id-card', personalCode, subject: verdict.subject, confirmedOnline };
}

async function mismatch(deps: IdentityDeps): Promise<never> {
  await deps.securityEvent('personal-code-card-mismatch');
  throw new HostFault('unauthorized', 'the personal code and the ID card do not belong to the same person', 'personalCode.notTheCardHolder');
}

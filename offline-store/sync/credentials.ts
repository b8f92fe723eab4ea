// The terminal's platform credential lives sealed in the store; enrolment happens once.
import type { OfflineStore } from '../store.js';
import { registerTerminal } from './platform-client.js';

const secretName = (terminalId: string) => `platform-credential/${terminalId}`;

/** Returns the stored credential, or enrols with the one-time enrolment code and stores the new one. */
export async function ensureCredential(
  store: OfflineStore,
  options: { platformUrl: string; terminalId: string; enrolmentCode: string; label?: string },
): Promise<string> {
  const stored = await store.getSecret(secretName(options.terminalId));
  if (stored) return stored;
  const credential = await registerTerminal(options.platformUrl, options.enrolmentCode, options.terminalId, options.label);
  await store.setSecret(secretName(options.terminalId), credential);
  return credential;
}

/** Forgets the credential (e.g. after the platform answered 401), so the next ensureCredential enrols again. */
export async function forgetCredential(store: OfflineStore, terminalId: string): Promise<void> {
  await store.setSecret(secretName(terminalId), '');
}

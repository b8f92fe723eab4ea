import type { PersonalCodeVerdict } from '../../../../contract/api/personal-code.js';

/** A personal code the scanner read and the host verified (once, in ScanNotice). */
export interface VerifiedPersonalCode {
  code: string;
  verdict: PersonalCodeVerdict;
}

type Listener = (scan: VerifiedPersonalCode) => void;
const listeners = new Set<Listener>();

/** Screens that use the code (the apply flow) listen here instead of verifying it a second time. */
export function onPersonalCodeScan(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announcePersonalCodeScan(scan: VerifiedPersonalCode): void {
  for (const listener of listeners) listener(scan);
}

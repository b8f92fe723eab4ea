// Cases (办件): what an application becomes on the platform, its states and their legal transitions.
import { z } from 'zod';
import { ON_SCREEN_FORM_MEDIA_TYPE } from './catalog.js';
import { ProxyManifestPart } from './proxy-agent.js';
import { LiveHelpClerk } from './live-help.js';
import { Sha256 } from './sync-protocol.js';

export const CASE_STATES = [
  'submitted',
  'accepted',
  'supplement-requested',
  'rejected',
  'under-review',
  'decided',
  'result-ready',
  'sent',
  'withdrawn',
] as const;
export const CaseState = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseState>;

/** From each state, where a case may go next. rejected, result-ready, sent and withdrawn end the case. */
export const CASE_TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  // Until a clerk accepts it, the applicant may withdraw it (within the withdrawal window).
  submitted: ['accepted', 'supplement-requested', 'rejected', 'withdrawn'],
  // The citizen hands in what was missing; the case goes back to the counter.
  'supplement-requested': ['submitted', 'rejected'],
  accepted: ['under-review'],
  'under-review': ['decided', 'supplement-requested'],
  decided: ['result-ready', 'sent'],
  rejected: [],
  'result-ready': [],
  sent: [],
  withdrawn: [],
};

/** States that need a reason the citizen can read. */
export const STATES_NEEDING_REASON: readonly CaseState[] = ['supplement-requested', 'rejected'];

export function canTransition(from: CaseState, to: CaseState): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

export const CaseEvent = z.object({
  state: CaseState,
  at: z.string(),
  /** Which terminal (or platform office) recorded it. */
  by: z.string(),
  reason: z.string().max(500).optional(),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/** What a kiosk may show anyone holding the tracking code: no personal data. */
export const CaseTimeline = z.object({
  caseId: z.string(),
  trackingCode: z.string(),
  serviceCode: z.string(),
  itemName: z.string(),
  state: CaseState,
  events: z.array(CaseEvent).min(1),
});
export type CaseTimeline = z.infer<typeof CaseTimeline>;

/**
 * What a receipt said, rebuilt from a case for a reprint (no personal data): the platform answers it
 * only to a serving terminal presenting the applicant's ID number.
 */
export const ReceiptCopy = z.object({
  caseId: z.string(),
  trackingCode: z.string(),
  serviceCode: z.string(),
  itemName: z.string(),
  submittedAt: z.string(),
  /** Each material of the package by its catalog id, and how it came: captured, filled on screen or from the electronic license library. */
  materials: z.array(z.object({ id: z.string(), source: z.enum(['capture', 'form', 'electronic-license']) })),
});
export type ReceiptCopy = z.infer<typeof ReceiptCopy>;

/** A receipt's contents from a signed manifest: the materials as the kiosk listed them (form, capture or electronic license). */
export function receiptCopyOf(caseId: string, itemName: string, manifest: PackageManifest): ReceiptCopy {
  const materials: ReceiptCopy['materials'] = [];
  for (const file of manifest.files) {
    if (file.role !== 'material' || materials.some((m) => m.id === file.id)) continue;
    materials.push({ id: file.id, source: file.mediaType === ON_SCREEN_FORM_MEDIA_TYPE ? 'form' : 'capture' });
  }
  for (const id of manifest.electronicLicenses) materials.push({ id, source: 'electronic-license' });
  return { caseId, trackingCode: manifest.trackingCode, serviceCode: manifest.serviceCode, itemName, submittedAt: manifest.createdAt, materials };
}

/**
 * How long after submitting the applicant may still withdraw (the national elder-friendly web
 * specification's ten minutes), unless a clerk has accepted the case first. Configurable on the
 * terminal (`withdrawWindowMinutes`, 0 = never) and on the platform, which has the last word.
 */
export const DEFAULT_WITHDRAW_WINDOW_MINUTES = 10;

/** Whether a case submitted at `submittedAt` may still be withdrawn at `at` (ISO times). */
export function withinWithdrawWindow(submittedAt: string, at: string, windowMinutes: number): boolean {
  const elapsed = Date.parse(at) - Date.parse(submittedAt);
  return Number.isFinite(elapsed) && elapsed >= 0 && elapsed <= windowMinutes * 60_000;
}

/**
 * The payload of a `status-event` mutation by which the applicant withdraws a submitted case. It is
 * committed after the application in the same outbox, so it works offline; the applicant's ID number
 * travels in `personal`, and the platform applies it only if the case is still `submitted`.
 */
export const CaseWithdrawal = z.object({
  subject: z.literal('case-withdrawal'),
  trackingCode: z.string(),
  caseId: z.string(),
  /** When the citizen asked (the terminal's clock): the window is judged from this. */
  at: z.string(),
});
export type CaseWithdrawal = z.infer<typeof CaseWithdrawal>;

/** The payload of a `status-event` mutation that moves a case (the counter's 一窗受理 decision). */
export const CaseDecision = z.object({
  subject: z.literal('case'),
  trackingCode: z.string(),
  caseId: z.string(),
  to: CaseState,
  reason: z.string().max(500).optional(),
  at: z.string(),
});
export type CaseDecision = z.infer<typeof CaseDecision>;

/** One entry of the package manifest: which file, what it is, its sha256. */
export const ManifestEntry = z.object({
  /** `authorisation`: a proxy point's 代办授权书 (the villager's signature on it is the `signature` file). */
  role: z.enum(['form', 'material', 'signature', 'authorisation']),
  /** The material id from the catalog, "form" or "signature". */
  id: z.string(),
  sha256: Sha256,
  mediaType: z.string(),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;

/**
 * The applicant's identification. With a personal code the package carries the code itself (no
 * plain personal data in it), so the platform re-verifies it and checks its subject is the card's
 * holder — also when the kiosk was offline and could only compare masked names.
 */
export const ApplicantIdentity = z.discriminatedUnion('method', [
  z.object({ method: z.literal('id-card') }),
  z.object({
    method: z.literal('personal-code-and-id-card'),
    personalCode: z.string().max(2000),
    subject: z.string().regex(/^[0-9a-f]{32}$/),
    /** Whether the platform confirmed subject ↔ card at the kiosk (false when it was offline). */
    confirmedOnline: z.boolean(),
  }),
]);
export type ApplicantIdentity = z.infer<typeof ApplicantIdentity>;

/** 申办一袋: what was handed in, signed by the terminal's Ed25519 key. */
export const PackageManifest = z.object({
  version: z.literal(1),
  trackingCode: z.string(),
  serviceCode: z.string(),
  catalogRevision: z.number().int(),
  terminalId: z.string(),
  keyId: z.string(),
  createdAt: z.string(),
  files: z.array(ManifestEntry).min(2),
  /** Materials the platform fetches from the electronic license library instead of a capture. */
  electronicLicenses: z.array(z.string()),
  /** Present when a village proxy point's agent applied on the applicant's behalf (村级代办). */
  proxy: ProxyManifestPart.optional(),
  /** Present when a hall clerk helped over remote help (远程帮办): their counter and terminal. */
  assistedBy: LiveHelpClerk.optional(),
  /** How the applicant was identified; absent in packages from before personal codes (card only). */
  identity: ApplicantIdentity.optional(),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

/** Canonical bytes to sign: keys sorted at every level, so both sides hash the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The `application` mutation payload (no personal data: that travels in `personal`). */
export const ApplicationPayload = z.object({
  serviceCode: z.string(),
  trackingCode: z.string(),
  manifest: PackageManifest,
  /** base64 Ed25519 signature over canonicalJson(manifest). */
  signature: z.string(),
});
export type ApplicationPayload = z.infer<typeof ApplicationPayload>;

/** The `terminal-key` mutation payload: the terminal announces its signing key once, in outbox order. */
export const TerminalKeyPayload = z.object({
  keyId: z.string(),
  algorithm: z.literal('ed25519'),
  /** DER SubjectPublicKeyInfo, base64. */
  publicKey: z.string(),
  role: z.string(),
});
export type TerminalKeyPayload = z.infer<typeof TerminalKeyPayload>;

/** The application form; personal, encrypted at rest on the terminal. */
/**
 * Contact details the citizen chose to keep as the platform already has them: the terminal was shown
 * them masked and never held them, so the form names them by reference and the platform fills them in.
 */
export const ContactOnFile = z.object({ phone: z.boolean(), address: z.boolean() }).strict();

export const ApplicationForm = z
  .object({
    name: z.string().min(1),
    idNumber: z.string().min(1),
    gender: z.string().optional(),
    address: z.string().max(200).optional(),
    phone: z
      .string()
      .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'a mobile (11 digits) or landline number')
      .optional(),
    contactOnFile: ContactOnFile.optional(),
    note: z.string().max(500).optional(),
  })
  .refine((form) => form.phone !== undefined || form.contactOnFile?.phone === true, { path: ['phone'], message: 'a mobile (11 digits) or landline number' });
export type ApplicationForm = z.infer<typeof ApplicationForm>;

/** What the counter sees of a package, from the platform. */
export const CasePackage = z.object({
  timeline: CaseTimeline,
  submittingTerminal: z.string(),
  manifest: PackageManifest,
  signature: z.string(),
  /** The submitting terminal's public key as the platform registered it (DER SPKI, base64). */
  publicKey: z.string().nullable(),
  form: ApplicationForm,
});
export type CasePackage = z.infer<typeof CasePackage>;

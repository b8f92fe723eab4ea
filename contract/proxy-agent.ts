// 村级代办: the village proxy point. An agent signs in with a credential card (a signed QR, like the
// personal code but with its own prefix, so one can never pass for the other) plus a PIN whose
// verifier reaches only the terminals of the agent's own point. Both are checked with no network.
import { z } from 'zod';

/** Text form: "HTAC1.<payload, base64url ASCII JSON>.<Ed25519 signature over the first two parts, base64url>". */
export const AGENT_CARD_PREFIX = 'HTAC1';

export const AgentCardPayload = z
  .object({
    /** Id of the platform key that signed it (the personal-code keys, dataset `trust-keys`). */
    kid: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
    /** Agent id, e.g. ag-3f9a12c0. */
    aid: z.string().regex(/^ag-[0-9a-f]{8}$/),
    /** This card's serial: a reissued card replaces the old one (the dataset names the current serial). */
    cid: z.string().regex(/^[0-9a-f]{12}$/),
    /** The proxy point the agent works at. */
    pt: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/),
    /** Masked name to show, e.g. 李*. */
    mn: z.string().max(60),
    /**
     * A random card secret mixed into the PIN verifier's salt: the synced verifier alone (a stolen
     * terminal disk) cannot be brute-forced without the physical card too.
     */
    cs: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
    iat: z.number().int().positive(),
    exp: z.number().int().positive(),
  })
  .strict();
export type AgentCardPayload = z.infer<typeof AgentCardPayload>;

/** Salted scrypt verifier of an agent's PIN; cost chosen so each offline guess takes ~0.1 s. */
export const PinVerifier = z.object({
  kdf: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(1024)
    .max(1 << 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  /** base64url; the card secret is appended to it before hashing. */
  salt: z.string(),
  hash: z.string(),
});
export type PinVerifier = z.infer<typeof PinVerifier>;

/**
 * The `proxy-point` dataset: each terminal receives only the items of the points it is assigned to
 * (the platform filters by key). Keys: `point:<pointId>` and `agent:<pointId>:<agentId>`.
 */
export const PROXY_POINT_DATASET = 'proxy-point';
export const proxyPointKey = (pointId: string) => `point:${pointId}`;
export const proxyAgentKey = (pointId: string, agentId: string) => `agent:${pointId}:${agentId}`;
/** The point a dataset key belongs to, or undefined for a key of another shape. */
export function pointOfProxyKey(key: string): string | undefined {
  const parts = key.split(':');
  if (parts[0] === 'point' && parts.length === 2) return parts[1];
  if (parts[0] === 'agent' && parts.length === 3) return parts[1];
  return undefined;
}

export const ProxyPointRecord = z.object({
  pointId: z.string(),
  /** e.g. 西湖区三墩镇兰里村代办点. */
  name: z.string().min(1).max(100),
  /** Terminals that may sign agents in here (and so receive their verifiers). */
  terminals: z.array(z.string()),
});
export type ProxyPointRecord = z.infer<typeof ProxyPointRecord>;

export const ProxyAgentRecord = z.object({
  agentId: z.string(),
  pointId: z.string(),
  maskedName: z.string(),
  status: z.enum(['active', 'revoked']),
  /** Serial of the one valid card; older cards are refused as replaced. */
  cardId: z.string(),
  /** Absent once revoked: nothing left to guess against. */
  pin: PinVerifier.optional(),
});
export type ProxyAgentRecord = z.infer<typeof ProxyAgentRecord>;

export const AGENT_REFUSALS = [
  'malformed',
  'unknown-key',
  'forged',
  'expired',
  'not-yet-valid',
  'revoked',
  'replaced',
  'other-point',
  'unknown-agent',
  'wrong-pin',
  'locked',
] as const;
export type AgentRefusal = (typeof AGENT_REFUSALS)[number];

export function looksLikeAgentCard(text: string): boolean {
  return text.trim().startsWith(`${AGENT_CARD_PREFIX}.`);
}

/** The proxy part of a package manifest: who applied on the villager's behalf, and where. */
export const ProxyManifestPart = z.object({
  agentId: z.string(),
  pointId: z.string(),
  /** Manifest file id of the signed authorisation document. */
  authorisation: z.string(),
});
export type ProxyManifestPart = z.infer<typeof ProxyManifestPart>;

/** 代办授权书 as stored in the package (application/json, covered by the manifest signature). */
export const ProxyAuthorisation = z.object({
  version: z.literal(1),
  text: z.string().min(1).max(2000),
  serviceCode: z.string(),
  itemName: z.string(),
  villagerMaskedName: z.string(),
  agentId: z.string(),
  agentMaskedName: z.string(),
  pointId: z.string(),
  pointName: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Manifest file id of the villager's handwritten signature on it. */
  signatureFile: z.string(),
});
export type ProxyAuthorisation = z.infer<typeof ProxyAuthorisation>;
export const PROXY_AUTHORISATION_MEDIA_TYPE = 'application/vnd.hall.proxy-authorisation+json';

/** YYYY-MM-DD in the terminal's own time zone: the day of a 日结 is a village day, not a UTC one. */
export function localDay(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

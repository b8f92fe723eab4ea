// Host API of the village proxy point (村级代办): agent sign-in, the authorisation a villager signs,
// the agent's case list and the day-end report (日结). Everything works with no network.
import { z } from 'zod';
import { CaseState } from '../case.js';
import { PrintJobResult } from '../printing.js';
import { AGENT_REFUSALS } from '../proxy-agent.js';
import { NoInput } from './terminal.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ProxyAgentView = z.object({
  agentId: z.string(),
  maskedName: z.string(),
  pointId: z.string(),
  pointName: z.string(),
  signedInAt: z.string(),
  cardExpiresAt: z.string(),
});
export type ProxyAgentView = z.infer<typeof ProxyAgentView>;

export const ProxySignInResult = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(true), agent: ProxyAgentView }),
  z.object({
    signedIn: z.literal(false),
    refusal: z.enum(AGENT_REFUSALS),
    /** After a wrong PIN: tries left before the lock. */
    attemptsLeft: z.number().int().nonnegative().optional(),
    lockedUntil: z.string().optional(),
  }),
]);
export type ProxySignInResult = z.infer<typeof ProxySignInResult>;

/** One case on the agent's list: masked names only. */
export const ProxyCaseRow = z.object({
  trackingCode: z.string(),
  serviceCode: z.string(),
  itemName: z.string(),
  villagerMaskedName: z.string(),
  submittedAt: z.string(),
  /** `pending`: still in this terminal's outbox; `parked`: the platform refused it (see reason); else the platform's state. */
  status: z.union([z.enum(['pending', 'parked']), CaseState]),
  reason: z.string().optional(),
  /** When the platform said so (null for outbox states). */
  statusAsOf: z.string().nullable(),
});
export type ProxyCaseRow = z.infer<typeof ProxyCaseRow>;

export const ProxyCaseList = z.object({
  /** `platform`: asked just now; `cache`: the platform could not be reached, states as of each row's statusAsOf. */
  source: z.enum(['platform', 'cache']),
  cases: z.array(ProxyCaseRow),
});

export const ProxyDayReport = z.object({
  date: IsoDate,
  agentId: z.string(),
  agentMaskedName: z.string(),
  pointName: z.string(),
  total: z.number().int(),
  synced: z.number().int(),
  pending: z.number().int(),
  parked: z.number().int(),
  byItem: z.array(
    z.object({
      serviceCode: z.string(),
      itemName: z.string(),
      count: z.number().int(),
      synced: z.number().int(),
      pending: z.number().int(),
      parked: z.number().int(),
    }),
  ),
  /** Applications the platform refused, for the agent to take up with the township. */
  problems: z.array(z.object({ trackingCode: z.string(), itemName: z.string(), reason: z.string() })),
  generatedAt: z.string(),
});
export type ProxyDayReport = z.infer<typeof ProxyDayReport>;

export const ProxyAuthorisationView = z.object({
  text: z.string(),
  itemName: z.string(),
  villagerMaskedName: z.string(),
  agentMaskedName: z.string(),
  agentId: z.string(),
  pointName: z.string(),
  date: IsoDate,
});

export const proxyMethods = {
  /** The point this terminal serves (from the synced dataset) and the agent signed in, if any. */
  'proxy.status': {
    input: NoInput,
    output: z.object({ point: z.object({ pointId: z.string(), name: z.string() }).nullable(), agent: ProxyAgentView.nullable() }),
  },
  /** Scanned credential card and PIN, verified offline; refusals are security events. */
  'proxy.signIn': { input: z.object({ card: z.string().min(1).max(2000), pin: z.string().max(12) }).strict(), output: ProxySignInResult },
  'proxy.signOut': { input: NoInput, output: z.object({ signedOut: z.boolean() }) },
  /** The 代办授权书 for a draft, held by the host until the villager signs and the package is submitted. */
  'proxy.authorisation': { input: z.object({ draftId: z.string() }).strict(), output: ProxyAuthorisationView },
  'proxy.cases': { input: NoInput, output: ProxyCaseList },
  /** 日结 for the signed-in agent; today (terminal's local date) when no date is given. */
  'proxy.report': { input: z.object({ date: IsoDate.optional() }).strict(), output: ProxyDayReport },
  'proxy.printReport': {
    input: z.object({ date: IsoDate.optional(), deviceId: z.string().min(1).optional() }).strict(),
    output: PrintJobResult.pick({ outcome: true, reason: true }),
  },
} as const;

export const proxyEvents = {
  /** Sign-in, sign-out, idle end or a revocation arriving by sync. */
  'proxy.agent': ProxyAgentView.nullable(),
} as const;

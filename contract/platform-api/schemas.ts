// Request bodies of platform routes that have no other home in the contract.
import { z } from 'zod';
import { CaseState } from '../case.js';
import { OfflineTicket } from '../queue.js';
import { AdminScope } from './access.js';
import { ClerkSessionToken } from '../clerk.js';

export const IdNumber = z.string().regex(/^[0-9A-Za-z]{8,20}$/, 'not an ID number');
export const Subject = z.string().regex(/^[0-9a-f]{32}$/);
export const TrackingCodeParam = z.string().min(1).max(32);
/** The public tracking page's language (anything else falls back to zh-CN); other parameters a link may carry are ignored. */
export const TrackPageQuery = z.object({ lang: z.string().max(16).optional() });
const Ref = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/);

export const CitizenLookup = z.object({ idNumber: IdNumber }).strict();
/** Answered masked: a terminal shows the citizen what is on file, and the form refers to it (`contactOnFile`). */
export const CitizenProfile = z.object({ maskedPhone: z.string().nullable(), maskedAddress: z.string().nullable() }).strict();
export const AdminCaseEvent = z.object({ to: CaseState, reason: z.string().max(500).optional(), by: z.string().min(1).max(64).default('platform') }).strict();

/** A counter prints a code for the citizen whose card the clerk has just read. */
export const IssueAtCounter = z.object({ idNumber: IdNumber, name: z.string().trim().min(1).max(60) }).strict();
export const RevokeAtCounter = z.object({ idNumber: IdNumber }).strict();
export const MatchRequest = z.object({ subject: Subject, idNumber: IdNumber }).strict();
export const DEFAULT_CODE_VALID_SECONDS = 365 * 86_400;
export const AdminIssueCode = z
  .object({
    maskedName: z
      .string()
      .min(1)
      .max(60)
      .refine((name) => name.includes('*'), 'must be masked (e.g. 王**): codes carry no full name'),
    subject: Subject.optional(),
    /** The person's ID number, to derive their subject (the back office issuing for a known person). */
    idNumber: IdNumber.optional(),
    /** Default one year; at most five. */
    validSeconds: z
      .number()
      .int()
      .min(1)
      .max(5 * 365 * 86_400)
      .default(DEFAULT_CODE_VALID_SECONDS),
  })
  .strict();
export const AdminRevokeSubject = z.object({ subject: Subject, reason: z.string().min(1).max(200) }).strict();
export const AdminRevokeKey = z.object({ kid: z.string().min(1) }).strict();

export const ProxyPointRequest = z.object({ pointId: Ref, name: z.string().min(1).max(100), terminals: z.array(z.string().min(1).max(64)).max(20) }).strict();
const ValidDays = z
  .number()
  .int()
  .min(1)
  .max(3 * 365)
  .default(365);
export const ProxyAgentEnrolRequest = z
  .object({
    pointId: Ref,
    // Cards and terminals carry only a masked name (王*): the agent's identity papers stay with the township.
    maskedName: z
      .string()
      .min(1)
      .max(60)
      .refine((name) => name.includes('*'), 'must be masked (e.g. 李*): cards carry no full name'),
    validDays: ValidDays,
  })
  .strict();
export const ProxyAgentReissueRequest = z.object({ validDays: ValidDays }).strict();
export const ProxyAgentQuery = z.object({ pointId: z.string().optional() }).strict();

/**
 * Queue verbs act on the counter the calling terminal is bound to; a counterId in the body may only
 * repeat that binding (a terminal naming another counter is refused).
 */
export const CounterVerb = z
  .object({
    counterId: z.string().min(1).optional(),
    /** The signed-in clerk's session (from the clerk sign-in route): the service names its clerk on the events; never a bare 工号. */
    clerkSession: ClerkSessionToken.optional(),
  })
  .strict();
export const CallRequest = CounterVerb.extend({ ticketId: z.string().optional() });
export const TransferRequest = CounterVerb.extend({ service: z.string().optional(), toCounterId: z.string().optional() });
export const PauseRequest = CounterVerb.extend({ reason: z.string().max(200) });
export const LeaseRequest = z.object({ prefix: z.string().regex(/^[A-Z]$/) }).strict();
export const ReplayRequest = z.object({ tickets: z.array(OfflineTicket).max(1000) }).strict();
export const CheckInRequest = z.object({ idNumber: z.string().regex(/^[0-9A-Za-z]{8,18}$/, 'an ID number') }).strict();
export const SeedAppointments = z
  .object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    items: z.array(z.object({ service: z.string(), slot: z.string(), idNumber: z.string(), maskedName: z.string() }).strict()),
  })
  .strict();
export const StatsQuery = z
  .object({
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict();
export const EventsQuery = z.object({ since: z.coerce.number().int().nonnegative().optional() }).strict();

/** Named administrators: a password kept only as a scrypt hash, and the scopes they hold. */
export const AdminName = z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/, 'lowercase letters, digits, dots, dashes; 2 to 32 characters');
export const AdminAccountRequest = z
  .object({ name: AdminName, password: z.string().min(12, 'at least 12 characters').max(200), scopes: z.array(AdminScope).min(1).max(16) })
  .strict();
export const AdminAccount = z.object({
  name: z.string(),
  scopes: z.array(AdminScope),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
});
export type AdminAccount = z.infer<typeof AdminAccount>;
export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** The administrator, or the name a refused attempt claimed. */
  admin: z.string(),
  route: z.string(),
  method: z.string(),
  /** The route's parameters (which terminal, agent, case); never a body, which may hold personal data. */
  target: z.record(z.string(), z.string()),
  status: z.number().int(),
  from: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditQuery = z
  .object({ since: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .strict();

// Terminal records: an administrator creates one (role, hall, counter or proxy point) and hands the
// one-time enrolment code to the technician; the terminal enrols with it and receives its credential.
import { z } from 'zod';
import { TerminalRole } from '../config.js';
import { TerminalId } from '../sync-protocol.js';

const Ref = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lowercase letters, digits and dashes');

export const TerminalRecordInput = z
  .object({
    terminalId: TerminalId,
    role: TerminalRole,
    hallId: Ref,
    /** Required for a counter: the counter it calls for (queue verbs act only on it). */
    counterId: Ref.optional(),
    /** Required for a proxy point: the point it serves. */
    pointId: Ref.optional(),
    label: z.string().max(200).optional(),
    /** How long the enrolment code stays valid; 8 hours by default, at most 3 days. */
    validHours: z.number().int().min(1).max(72).default(8),
  })
  .strict()
  .refine((r) => r.role !== 'counter' || r.counterId, { message: 'a counter terminal needs counterId', path: ['counterId'] })
  .refine((r) => r.role !== 'proxy-point' || r.pointId, { message: 'a proxy-point terminal needs pointId', path: ['pointId'] });
export type TerminalRecordInput = z.input<typeof TerminalRecordInput>;

export const TERMINAL_STATUSES = ['pending', 'active', 'revoked'] as const;
export const TerminalStatus = z.enum(TERMINAL_STATUSES);
export type TerminalStatus = z.infer<typeof TerminalStatus>;

export const TerminalRecord = z.object({
  terminalId: TerminalId,
  role: TerminalRole,
  hallId: z.string(),
  counterId: z.string().nullable(),
  pointId: z.string().nullable(),
  label: z.string().nullable(),
  /** pending: waiting for enrolment with its code; active: enrolled; revoked: out for good. */
  status: TerminalStatus,
  enrolmentExpiresAt: z.string().nullable(),
  enrolledAt: z.string().nullable(),
});
export type TerminalRecord = z.infer<typeof TerminalRecord>;

/** 16 symbols from an alphabet without look-alikes, in groups of four: typed once by a technician. */
export const ENROLMENT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const EnrolmentCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{16}$/, 'an enrolment code is 16 letters and digits'));

export const IssuedEnrolment = z.object({ terminal: TerminalRecord, enrolmentCode: z.string(), expiresAt: z.string() });
export type IssuedEnrolment = z.infer<typeof IssuedEnrolment>;

export const EnrolRequest = z.object({ terminalId: TerminalId, enrolmentCode: EnrolmentCode, label: z.string().max(200).optional() }).strict();
export type EnrolRequest = z.input<typeof EnrolRequest>;
export const EnrolResponse = z.object({
  terminalId: TerminalId,
  credential: z.string().min(32),
  role: TerminalRole,
  hallId: z.string(),
  counterId: z.string().nullable(),
  pointId: z.string().nullable(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

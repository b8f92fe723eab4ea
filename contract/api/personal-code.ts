import { z } from 'zod';
import { CODE_REFUSALS } from '../personal-code.js';
import { PrintJobResult } from '../printing.js';

export const PersonalCodeVerdict = z.discriminatedUnion('valid', [
  z.object({ valid: z.literal(true), subject: z.string(), maskedName: z.string(), expiresAt: z.string() }),
  z.object({ valid: z.literal(false), refusal: z.enum(CODE_REFUSALS) }),
]);
export type PersonalCodeVerdict = z.infer<typeof PersonalCodeVerdict>;

export const personalCodeMethods = {
  /** Verifies a scanned personal code offline against the platform keys and revocations synced here. */
  'personalCode.verify': { input: z.object({ code: z.string().min(1).max(2000) }).strict(), output: PersonalCodeVerdict },
  /**
   * At a counter, after the clerk has read the citizen's card: the platform signs a code for them and
   * the receipt printer prints it. The code itself never reaches the screen.
   */
  /** At a counter, for the citizen whose card was read: every code printed for them so far stops verifying. */
  'personalCode.revoke': { input: z.object({}).strict(), output: z.object({ revoked: z.literal(true), maskedName: z.string() }) },
  'personalCode.issue': {
    input: z.object({ deviceId: z.string().min(1).optional() }).strict(),
    output: z.object({
      maskedName: z.string(),
      expiresAt: z.string(),
      receipt: PrintJobResult.pick({ outcome: true, reason: true, condition: true }).partial({ condition: true }),
    }),
  },
} as const;

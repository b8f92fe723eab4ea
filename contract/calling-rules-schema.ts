// The calling rules' configuration and the reason a call carries: plain schemas (zod only), apart from
// the rules themselves (calling-rules.ts), so the hall configuration in queue.ts can embed them without
// an import cycle.
import { z } from 'zod';

export const CallingRules = z
  .object({
    /** A ticket waiting this long is called next, before any that has not. */
    maxWaitMinutes: z.number().min(1).max(600).optional(),
    /** After `priority` priority calls in a row, `normal` calls for normal tickets (while any wait). */
    ratio: z
      .object({ priority: z.number().int().min(1).max(20), normal: z.number().int().min(1).max(20) })
      .strict()
      .optional(),
    /** An appointment checked in before its slot waits as a normal ticket until the slot. */
    appointmentsAtSlot: z.boolean().default(true),
  })
  .strict();
export type CallingRules = z.infer<typeof CallingRules>;

export const SkillLevel = z.enum(['primary', 'backup']);
export type SkillLevel = z.infer<typeof SkillLevel>;

/** Why a ticket was called: shown to the clerk beside the ticket, recorded with the call. */
export const CallReason = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('max-wait'), waitedMinutes: z.number().int() }).strict(),
  z.object({ rule: z.literal('ratio'), priorityInARow: z.number().int() }).strict(),
  z.object({ rule: z.literal('order'), policy: z.enum(['strict', 'weighted']), priority: z.string() }).strict(),
  z.object({ rule: z.literal('picked') }).strict(),
]);
export type CallReason = z.infer<typeof CallReason>;

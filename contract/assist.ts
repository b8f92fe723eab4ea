// Assistance requests (求助): a citizen stuck at a kiosk presses "call staff"; counters see it and one
// clerk goes. A request names the terminal and the time only — never the citizen.
import { z } from 'zod';

/** The terminals a citizen can call staff from. */
export const ASSIST_SOURCES = ['kiosk', 'proxy-point'] as const;
export const AssistSource = z.enum(ASSIST_SOURCES);
export type AssistSource = z.infer<typeof AssistSource>;

/** open until one counter acknowledges it (for everyone) or the terminal cancels its own. */
export const ASSIST_STATES = ['open', 'acknowledged', 'cancelled'] as const;
export const AssistState = z.enum(ASSIST_STATES);

export const AssistRequest = z.object({
  id: z.string(),
  /** The hall day it was made on: yesterday's open requests are no one's concern today. */
  day: z.string(),
  terminalId: z.string(),
  source: AssistSource,
  requestedAt: z.string(),
  state: AssistState,
  closedAt: z.string().optional(),
  /** The counter whose clerk is coming, once acknowledged. */
  counter: z.object({ id: z.string(), name: z.string(), number: z.string() }).optional(),
});
export type AssistRequest = z.infer<typeof AssistRequest>;

export const AssistCallRequest = z.object({ source: AssistSource }).strict();
export const AssistAcknowledgeRequest = z.object({ counterId: z.string().min(1) }).strict();

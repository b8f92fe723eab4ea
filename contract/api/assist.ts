// Host API of "call staff" (呼叫工作人员): the kiosk's elder calls, counters see and acknowledge.
import { z } from 'zod';
import { AssistRequest } from '../assist.js';
import { NoInput } from './terminal.js';

export const AssistView = z.object({
  /** Today's open requests in the hall, oldest first: what a counter's banner shows. */
  open: z.array(AssistRequest),
  /** This terminal's latest request today (open, acknowledged or cancelled), or null. */
  mine: AssistRequest.nullable(),
  /** Whether the hall queue service answers now. */
  online: z.boolean(),
  /** Grows with every change: a page keeps the newest of an answer and a pushed event. */
  version: z.number().int().nonnegative(),
});
export type AssistView = z.infer<typeof AssistView>;

const RequestRef = z.object({ requestId: z.string().min(1) }).strict();

export const assistMethods = {
  'assist.state': { input: NoInput, output: AssistView },
  /** Kiosk and proxy point: ask for staff. While this terminal's request is open, the same one comes back (created: false). */
  'assist.call': { input: NoInput, output: z.object({ request: AssistRequest, created: z.boolean() }) },
  /** Kiosk and proxy point: withdraw this terminal's own open request. */
  'assist.cancel': { input: RequestRef, output: z.object({ request: AssistRequest }) },
  /** Counter: "我去处理" — closes the request for every counter and tells the kiosk which window is coming. */
  'assist.acknowledge': { input: RequestRef, output: z.object({ request: AssistRequest }) },
} as const;

export const assistEvents = {
  /** The view changed (a request opened or closed anywhere, or the hall service came or went). */
  'assist.changed': AssistView,
} as const;

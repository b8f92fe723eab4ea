// Host API of remote help when the link is down: the kiosk sends a help request through the outbox,
// the counter's 帮办席 lists the hall's open requests and answers them.
import { z } from 'zod';
import { HelpNoteMediaType, HelpPhone, HelpRequest, HelpStep, HELP_NOTE_MAX_SECONDS } from '../remote-help.js';
import { NoInput } from './terminal.js';

/** A voice note, base64: 60 s at 32 kbit/s is about 320 000 characters; the HTTP adapter takes 1 MB bodies. */
const NoteBase64 = z
  .string()
  .min(100)
  .max(960_000)
  .regex(/^[A-Za-z0-9+/]+=*$/, 'base64');

/** Whether a help request has reached the hall: saved in the outbox, delivered (pushed), or refused by the platform. */
export const HELP_DELIVERIES = ['saved', 'delivered', 'refused'] as const;
export const HelpDelivery = z.enum(HELP_DELIVERIES);
export type HelpDelivery = z.infer<typeof HelpDelivery>;

export const HelpDeskView = z.object({
  /** Today's and earlier open requests and today's answered ones, oldest first. */
  requests: z.array(HelpRequest),
  /** Whether the hall queue service answers now. */
  online: z.boolean(),
  /** Grows with every change: a page keeps the newest of an answer and a pushed event. */
  version: z.number().int().nonnegative(),
});
export type HelpDeskView = z.infer<typeof HelpDeskView>;

const RequestRef = z.object({ requestId: z.string().min(1).max(64) }).strict();

export const remoteHelpMethods = {
  /** Kiosk and proxy point: the voice note, the step and (when applying) the draft whose item and materials it refers to. */
  'remoteHelp.send': {
    input: z
      .object({
        noteBase64: NoteBase64,
        mediaType: HelpNoteMediaType,
        seconds: z.number().int().min(1).max(HELP_NOTE_MAX_SECONDS),
        step: HelpStep,
        serviceCode: z.string().min(1).max(64).optional(),
        draftId: z.string().min(1).max(64).optional(),
        phone: HelpPhone.optional(),
      })
      .strict(),
    output: z.object({ requestId: z.string(), delivery: HelpDelivery }),
  },
  /** Kiosk and proxy point: whether a request sent from here has reached the hall yet. */
  'remoteHelp.delivery': { input: RequestRef, output: z.object({ delivery: HelpDelivery }) },
  /** Counter: the 帮办席 list. */
  'remoteHelp.list': { input: NoInput, output: HelpDeskView },
  /** Counter: a request's voice note (or one of its materials), to play or show. */
  'remoteHelp.file': {
    input: RequestRef.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    output: z.object({ mediaType: z.string(), base64: z.string() }),
  },
  /** Counter: the phone number in full, for the call back (the platform audits every reveal). */
  'remoteHelp.revealPhone': { input: RequestRef, output: z.object({ phone: z.string() }) },
  /** Counter: 回电 — called the citizen back; closes the request for every counter. */
  'remoteHelp.callBack': { input: RequestRef.extend({ note: z.string().trim().min(1).max(500) }).strict(), output: z.object({ request: HelpRequest }) },
  /** Counter: 到窗口办理/代为办理 — the clerk takes the application over; closes the request for every counter. */
  'remoteHelp.accept': { input: RequestRef, output: z.object({ request: HelpRequest }) },
} as const;

export const remoteHelpEvents = {
  /** The 帮办席 list changed (a request arrived or was answered anywhere, or the hall service came or went). */
  'remoteHelp.changed': HelpDeskView,
} as const;

// Remote help when the link is down (远程帮办, offline): the citizen records a short voice note at a
// kiosk or proxy point; it travels through the outbox as a `help-request` mutation with the item, the
// step and references to the materials the draft already holds; the hall's counters see it on the
// queue's stream (帮办席) and one clerk answers it — calls back, or takes it to the counter.
import { z } from 'zod';
import { Sha256 } from './sync-protocol.js';
import { MobileNumber } from './phone-number.js';

/** The outbox mutation kind a help request travels as. */
export const HELP_REQUEST_KIND = 'help-request';
/** The longest voice note: enough to say what is wrong, short enough to send over a weak 4G link. */
export const HELP_NOTE_MAX_SECONDS = 60;
/** The recorder's bit rate: 60 s of speech in about 240 KB. */
export const HELP_NOTE_BITS_PER_SECOND = 32_000;
/** What MediaRecorder gives in Chromium (and what the counter plays back). */
export const HELP_NOTE_MEDIA_TYPES = ['audio/webm', 'audio/ogg'] as const;
export const HelpNoteMediaType = z.enum(HELP_NOTE_MEDIA_TYPES);

/** Where the citizen was when they asked: the screen's step (the apply flow's, or the home screen). */
export const HELP_STEPS = ['home', 'pick', 'code', 'identify', 'form', 'materials', 'review', 'sign', 'done', 'other'] as const;
export const HelpStep = z.enum(HELP_STEPS);
export type HelpStep = z.infer<typeof HelpStep>;

/** A mobile number the citizen leaves for the call back (theirs or a relative's). */
export const HelpPhone = MobileNumber;

/** A material the draft already holds: a reference (its blob), never a copy of ID data. */
export const HelpMaterialRef = z
  .object({ materialId: z.string().min(1).max(64), name: z.string().max(120), sha256: Sha256, mediaType: z.string().min(1).max(80) })
  .strict();
export type HelpMaterialRef = z.infer<typeof HelpMaterialRef>;

/** The mutation's clear payload (no personal data: the phone travels in `personal`). */
export const HelpRequestPayload = z
  .object({
    requestId: z.string().uuid(),
    source: z.enum(['kiosk', 'proxy-point']),
    step: HelpStep,
    serviceCode: z.string().min(1).max(64).optional(),
    itemName: z.string().max(200).optional(),
    materials: z.array(HelpMaterialRef).max(40),
    note: z.object({ sha256: Sha256, mediaType: HelpNoteMediaType, seconds: z.number().int().min(1).max(HELP_NOTE_MAX_SECONDS) }).strict(),
    /** When the citizen pressed 发送, by the terminal's clock (the request may arrive hours later). */
    recordedAt: z.string(),
  })
  .strict();
export type HelpRequestPayload = z.infer<typeof HelpRequestPayload>;
export const HelpRequestPersonal = z.object({ phone: HelpPhone.optional() }).strict();

export const HELP_STATES = ['open', 'called-back', 'accepted'] as const;
export const HelpState = z.enum(HELP_STATES);

/** A help request as counters see it on the stream: the phone only masked (revealed on request, audited). */
export const HelpRequest = z.object({
  id: z.string(),
  /** The sender's hall: only that hall's counters see the request (on the stream as in the list). */
  hallId: z.string(),
  terminalId: z.string(),
  source: z.enum(['kiosk', 'proxy-point']),
  step: HelpStep,
  serviceCode: z.string().optional(),
  itemName: z.string().optional(),
  materials: z.array(HelpMaterialRef),
  note: z.object({ sha256: Sha256, mediaType: HelpNoteMediaType, seconds: z.number().int() }),
  recordedAt: z.string(),
  receivedAt: z.string(),
  /** 138****5678, or absent when the citizen left no number. */
  maskedPhone: z.string().optional(),
  state: HelpState,
  answeredAt: z.string().optional(),
  /** The counter that answered (the first to take it). */
  counter: z.object({ id: z.string(), name: z.string(), number: z.string() }).optional(),
  /** The clerk's note on a call back. */
  answerNote: z.string().optional(),
});
export type HelpRequest = z.infer<typeof HelpRequest>;

export const HelpCallBackRequest = z.object({ counterId: z.string().min(1), note: z.string().trim().min(1).max(500) }).strict();
export const HelpAcceptRequest = z.object({ counterId: z.string().min(1) }).strict();

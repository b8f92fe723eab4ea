import { z } from 'zod';
import { Gender, IdCardType } from '../idcard.js';
import { NoInput } from './terminal.js';

/** What the screen may show about the card on the reader: masked, never the full data. */
export const CardHolderView = z.object({
  deviceId: z.string(),
  cardType: IdCardType,
  maskedName: z.string(),
  maskedIdNumber: z.string(),
  gender: Gender,
  /** Whole years today; drives the elder-mode offer. */
  age: z.number().int().nonnegative().optional(),
  /** False when the number fails its check character: the card is reported, not trusted. */
  idNumberValid: z.boolean(),
  expired: z.boolean(),
  photo: z.enum(['decoded', 'no-decoder', 'failed']),
});
export type CardHolderView = z.infer<typeof CardHolderView>;

export const IdCardReadError = z.object({ deviceId: z.string(), code: z.string(), message: z.string() });

export const idcardMethods = {
  /** The card currently held in this citizen's session, if any (masked). */
  'idcard.current': { input: NoInput, output: CardHolderView.nullable() },
  /** Ends the citizen's session: every personal datum held for it is wiped from memory. */
  'session.end': { input: z.object({ reason: z.enum(['requested', 'idle']).default('requested') }).strict(), output: z.object({ wiped: z.boolean() }) },
} as const;

export const idcardEvents = {
  'idcard.read': CardHolderView,
  'idcard.removed': z.object({ deviceId: z.string() }),
  'idcard.error': IdCardReadError,
  'session.ended': z.object({ reason: z.enum(['requested', 'idle']) }),
} as const;

// Clerks (窗口工作人员) of a hall: a 工号 and a PIN, created by an administrator on the platform, signed
// in at a counter terminal so the hall's calls and figures name the clerk, not only the counter. Pure (zod only).
import { z } from 'zod';

/** 工号: digits and letters, as halls print them on badges. */
export const ClerkId = z.string().regex(/^[A-Za-z0-9-]{2,32}$/, '工号: 2–32 letters, digits or dashes');
export const ClerkPin = z.string().regex(/^\d{6}$/, 'a 6-digit PIN');

/** Five wrong PINs in a row lock the clerk for this long, on every instance (the count is kept in the database). */
export const CLERK_MAX_PIN_FAILURES = 5;
export const CLERK_LOCK_MINUTES = 15;

export const ClerkAddRequest = z
  .object({
    clerkId: ClerkId,
    /** The full name is sealed at rest; terminals and figures see only the masked form. */
    name: z.string().trim().min(1).max(60),
    hallId: z.string().min(1).max(64),
    /** Given by the administrator, or generated and shown once. */
    pin: ClerkPin.optional(),
  })
  .strict();
export type ClerkAddRequest = z.infer<typeof ClerkAddRequest>;

export const ClerkView = z.object({
  clerkId: z.string(),
  hallId: z.string(),
  maskedName: z.string(),
  status: z.enum(['active', 'disabled']),
  /** Set while wrong PINs keep the clerk out. */
  lockedUntil: z.string().optional(),
});
export type ClerkView = z.infer<typeof ClerkView>;

export const ClerkAdded = ClerkView.extend({ pin: ClerkPin });
export const ClerkQuery = z.object({ hallId: z.string().min(1).max(64).optional() }).strict();

export const CLERK_REFUSALS = ['unknown-clerk', 'wrong-pin', 'locked', 'disabled'] as const;
export const ClerkRefusal = z.enum(CLERK_REFUSALS);
export type ClerkRefusal = z.infer<typeof ClerkRefusal>;

export const ClerkSignInRequest = z.object({ clerkId: ClerkId, pin: z.string().min(1).max(12) }).strict();

/** A signed-in clerk as the counter shows them (masked name only). */
export const SignedInClerk = z.object({
  clerkId: z.string(),
  maskedName: z.string(),
  counterId: z.string(),
  signedInAt: z.string(),
  /** The hall's idle sign-out: minutes without a desk action after which the session ends. */
  idleMinutes: z.number().int(),
});
export type SignedInClerk = z.infer<typeof SignedInClerk>;

export const ClerkSignInResult = z.discriminatedUnion('signedIn', [
  z.object({
    signedIn: z.literal(true),
    clerk: SignedInClerk,
    /** The session token the host sends with each desk action; the platform keeps only its hash. */
    session: z.string(),
  }),
  z.object({ signedIn: z.literal(false), refusal: ClerkRefusal, attemptsLeft: z.number().int().optional(), lockedUntil: z.string().optional() }),
]);
export type ClerkSignInResult = z.infer<typeof ClerkSignInResult>;

export const ClerkSessionToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export const ClerkSignOutRequest = z.object({ session: ClerkSessionToken }).strict();

/** The hall's settings (queue configuration) for clerks at the counters. */
export const ClerkSettings = z
  .object({
    /** Minutes without a desk action before a signed-in clerk is signed out. */
    idleSignOutMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** A counter's verbs need a signed-in clerk (the desk asks for 工号 + PIN first; the service refuses verbs without one). */
    signInRequired: z.boolean().default(false),
  })
  .strict();
export type ClerkSettings = z.infer<typeof ClerkSettings>;

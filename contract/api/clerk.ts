// Host API of the clerk at a counter terminal: sign-in with 工号 + PIN (checked by the hall queue
// service), sign-out, and who is signed in. The session token stays in the host; the page sees the
// masked name only.
import { z } from 'zod';
import { ClerkId, ClerkRefusal, SignedInClerk } from '../clerk.js';
import { NoInput } from './terminal.js';

export const ClerkDeskSignIn = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(true), clerk: SignedInClerk }),
  z.object({ signedIn: z.literal(false), refusal: ClerkRefusal, attemptsLeft: z.number().int().nonnegative().optional(), lockedUntil: z.string().optional() }),
]);
export type ClerkDeskSignIn = z.infer<typeof ClerkDeskSignIn>;

/** Why the signed-in clerk changed (the desk says so when it was not the clerk's own doing). */
export const ClerkChange = z.object({ clerk: SignedInClerk.nullable(), reason: z.enum(['signed-in', 'signed-out', 'idle', 'ended']) });
export type ClerkChange = z.infer<typeof ClerkChange>;

export const clerkMethods = {
  'clerk.status': { input: NoInput, output: z.object({ clerk: SignedInClerk.nullable() }) },
  'clerk.signIn': { input: z.object({ clerkId: ClerkId, pin: z.string().regex(/^\d{4,8}$/, 'digits') }).strict(), output: ClerkDeskSignIn },
  'clerk.signOut': { input: NoInput, output: z.object({ signedOut: z.boolean() }) },
} as const;

export const clerkEvents = {
  'clerk.changed': ClerkChange,
} as const;

// Every sentence the host has for a person travels as a key with parameters; the renderer says it in
// the reader's language (renderer/src/i18n/host-messages-locales.ts). The English `message` beside it
// is for logs and technicians only and never reaches the screen.
import { z } from 'zod';

export const HOST_MESSAGE_KEYS = [
  // Role confinement
  'view.methodRefused',
  'role.methodRefused',
  // The hall queue
  'queue.unreachable',
  'queue.notReachedYet',
  'queue.noLeasedNumbers',
  'queue.noCounterConfigured',
  'queue.unknownService',
  'queue.greenChannelAtCounter',
  'queue.refused',
  'queue.clerkSignedOut',
  'queue.ratingNotFinished',
  'queue.ratingAlreadyGiven',
  'queue.ratingNeedsReason',
  'queue.cardForCheckIn',
  // Assistance requests
  'assist.unreachable',
  'assist.callersOnly',
  'assist.countersOnly',
  // Cases and packages (一窗受理, tracking)
  'case.transitionRefused',
  'case.withdrawTooLate',
  'case.withdrawWindowOver',
  'case.alreadyDecided',
  'case.reasonRequired',
  'case.counterOnly',
  'case.notFound',
  'case.notOnPlatformYet',
  'case.offlineNoCopy',
  'case.counterNotRegistered',
  'platform.unreachable',
  'platform.refused',
  // Applications
  'catalog.itemMissing',
  'card.placeFirst',
  'card.changed',
  'application.ended',
  'application.materialsMissing',
  'application.imageUnreadable',
  'application.notElectronic',
  'application.formInvalid',
  'application.notOnScreenForm',
  'application.formFieldProblem',
  'application.formPdfUnavailable',
  'application.reprintOffline',
  'application.reprintNotApplicant',
  // Personal codes
  'personalCode.counterOnly',
  'personalCode.readCardFirst',
  'personalCode.needed',
  'personalCode.refused',
  'personalCode.notTheCardHolder',
  // Printers and devices
  'printer.none',
  'device.notFound',
  // Admin mode
  'admin.locked',
  'admin.lockedUntil',
  'admin.wrongPin',
  'admin.lockedOut',
  // Village proxy point
  'proxy.signInFirst',
  'proxy.authorisationMissing',
  'proxy.authorisationOtherAgent',
] as const;
export type HostMessageKey = (typeof HOST_MESSAGE_KEYS)[number];

export const HostMessageParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type HostMessageParams = z.infer<typeof HostMessageParams>;

/** A sentence for a person: its key and the values it names (no personal data). */
export const HostMessage = z.object({ key: z.enum(HOST_MESSAGE_KEYS), params: HostMessageParams.optional() });
export type HostMessage = z.infer<typeof HostMessage>;

/**
 * Parameters that are themselves codes with sentences of their own (a case state, a personal-code
 * refusal…): the renderer translates them through this prefix before putting them in the sentence.
 */
export const HOST_MESSAGE_PARAM_KEYS: Partial<Record<HostMessageKey, Record<string, string>>> = {
  'case.transitionRefused': { from: 'o2o.states.', to: 'o2o.states.' },
  'case.alreadyDecided': { state: 'o2o.states.' },
  'case.withdrawTooLate': { state: 'o2o.states.' },
  'personalCode.refused': { refusal: 'personalCode.refusal.' },
};

// Host API of materials from the citizen's phone (手机扫码导入): the apply screen opens a one-time
// upload for a material, shows its QR, polls for the photo, and the citizen uses or discards it.
import { z } from 'zod';
import { Sha256 } from '../sync-protocol.js';

const UploadRef = z.object({ uploadId: z.string().min(1).max(64) }).strict();
const PhotoRef = UploadRef.extend({ photoId: z.string().min(1).max(64) }).strict();

export const PhoneUploadStart = z.discriminatedUnion('state', [
  /** The QR to show: the page's address on the hall LAN, as an SVG, and until when it works. */
  z.object({ state: z.literal('ready'), uploadId: z.string(), pageUrl: z.string(), qrSvg: z.string(), expiresAt: z.string() }),
  /** The hall has no LAN address for phones (`liveTicket.baseUrl`): the screen says so, and no QR. */
  z.object({ state: z.literal('not-set-up') }),
  /** The hall queue service does not answer (offline): the document camera still works. */
  z.object({ state: z.literal('unreachable') }),
]);
export type PhoneUploadStart = z.infer<typeof PhoneUploadStart>;

/** A photo that came from the phone, waiting for the citizen to use or discard it. */
export const ArrivedPhoto = z.object({ photoId: z.string(), dataUrl: z.string(), width: z.number().int(), height: z.number().int() });

export const PhoneUploadProgress = z.object({
  /** As the service says (`unreachable` when it did not answer this time). */
  state: z.enum(['waiting', 'used', 'ended', 'unreachable']),
  photos: z.array(ArrivedPhoto),
});
export type PhoneUploadProgress = z.infer<typeof PhoneUploadProgress>;

export const phoneUploadMethods = {
  /** Opens a one-time upload for a material of the citizen's application. */
  'phoneUpload.open': { input: z.object({ draftId: z.string().min(1).max(64), materialId: z.string().min(1).max(64) }).strict(), output: PhoneUploadStart },
  /** What arrived so far (the host takes it from the service, which deletes it). */
  'phoneUpload.poll': { input: UploadRef, output: PhoneUploadProgress },
  /** The citizen uses the photo: it joins the material, as a camera capture does. */
  'phoneUpload.accept': { input: PhotoRef, output: z.object({ materialId: z.string(), sha256: Sha256.optional() }) },
  /** The citizen discards the photo: gone from the terminal. */
  'phoneUpload.discard': { input: PhotoRef, output: z.object({ discarded: z.boolean() }) },
  /** The screen leaves: the token ends on the service and anything held here is dropped. */
  'phoneUpload.close': { input: UploadRef, output: z.object({ closed: z.boolean() }) },
} as const;

// Materials from the citizen's phone (手机扫码导入): the kiosk opens a one-time upload on the hall
// queue service, shows its page's address as a QR, and takes the photo the phone sends. What travels
// between the service, the phone and the terminal is declared here.
import { z } from 'zod';

/** An upload's token: 32 random bytes, base64url (256 bits; the service keeps only a hash). */
export const PhoneUploadToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a phone upload token');

/** The phone page sends the file's bytes as they are, under this type (its own parser and size limit). */
export const PHONE_PHOTO_CONTENT_TYPE = 'application/vnd.hall.phone-photo';
/** The largest file a phone may send: a 50-megapixel phone's JPEG stays below it. */
export const PHONE_PHOTO_MAX_BYTES = 15 * 1024 * 1024;
/** How long an unused upload stays open when the terminal never closes it (a crash, a lost link). */
export const PHONE_UPLOAD_MINUTES = 15;

export const PhoneUploadOpenRequest = z
  .object({
    /** The catalog's name of the material (no personal data): the phone page says what to photograph. */
    materialName: z.string().trim().min(1).max(60),
  })
  .strict();

export const PhoneUploadOpened = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), uploadId: z.string(), pageUrl: z.string(), expiresAt: z.string() }),
  /** The hall has no LAN address for phones (`liveTicket.baseUrl`): no token is made. */
  z.object({ available: z.literal(false), reason: z.literal('not-set-up') }),
]);
export type PhoneUploadOpened = z.infer<typeof PhoneUploadOpened>;

/** A photo as the service re-encoded it: JPEG, no EXIF or other metadata, upright, at most 1600 px a side. */
export const PhonePhoto = z.object({
  photoId: z.string(),
  mediaType: z.literal('image/jpeg'),
  base64: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  receivedAt: z.string(),
});
export type PhonePhoto = z.infer<typeof PhonePhoto>;

/** `waiting`: nothing sent yet; `used`: the phone's photo came (its token is spent); `ended`: closed or expired. */
export const PhoneUploadState = z.enum(['waiting', 'used', 'ended']);
export type PhoneUploadState = z.infer<typeof PhoneUploadState>;

/** What the terminal takes: the photos that arrived since it last asked (deleted from the service as they go). */
export const PhoneUploadTaken = z.object({ state: PhoneUploadState, photos: z.array(PhonePhoto) });
export type PhoneUploadTaken = z.infer<typeof PhoneUploadTaken>;

/** Why the service refused what a phone sent; the page says each in the phone's language. */
export const PHONE_PHOTO_REFUSALS = ['not-a-photo', 'heic', 'too-large', 'unreadable', 'used', 'ended'] as const;
export const PhonePhotoRefusal = z.enum(PHONE_PHOTO_REFUSALS);
export type PhonePhotoRefusal = z.infer<typeof PhonePhotoRefusal>;

export const PhonePhotoReceived = z.object({ received: z.literal(true), width: z.number().int(), height: z.number().int() });

// Materials from the citizen's phone, on the hall queue service: a terminal opens an upload for the
// citizen in front of it and gets a token for the QR (kept here only as a hash); the phone sends one
// photo with it, which is checked, re-encoded without EXIF and sealed under the platform's key; the
// terminal that opened the upload takes it, and it is deleted as it goes. One token, one photo: the
// token is spent by the first photo accepted, so a QR photographed over the citizen's shoulder is
// worthless once they have used it, and each material gets a photo of its own. Closing (the kiosk's
// session end) or the expiry ends the token and deletes whatever is left.
import { randomUUID } from 'node:crypto';
import { newToken, sha256Hex } from '../digest.js';
import type { Clock } from '../../contract/clock.js';
import { PHONE_UPLOAD_MINUTES, type PhonePhoto, type PhoneUploadTaken } from '../../contract/phone-upload.js';
import type { Database } from '../db/database.js';
import type { PhotoRefused } from './phone-photo.js';
import { PhonePhotoCleaner } from './phone-photo-cleaner.js';

/** Seals a photo's bytes at rest (the platform's sealer: AES-256-GCM under its sealing key). */
export interface BytesSealer {
  sealBytes(plain: Buffer): Buffer;
  openBytes(sealed: Buffer): Buffer;
}

/** Why a phone's photo was not taken; the page says each in the phone's language. */
export class PhoneUploadRefused extends Error {
  constructor(
    readonly reason: PhotoRefused['reason'] | 'used' | 'ended',
    message: string,
  ) {
    super(message);
    this.name = 'PhoneUploadRefused';
  }
}

interface UploadRow {
  id: string;
  terminal_id: string;
  material_name: string;
  expires_at: string;
  used_at: string | null;
}

/** The hash a token is found by: 256 random bits cannot be found again by trying hashes. */
const tokenHash = (token: string) => sha256Hex(`phone-upload:${token}`);

export class PhoneUploads {
  private readonly cleaner = new PhonePhotoCleaner();

  constructor(
    private readonly db: Database,
    private readonly sealer: BytesSealer,
    private readonly clock: Clock,
    private readonly minutes = PHONE_UPLOAD_MINUTES,
  ) {}

  /** A new upload for the terminal's citizen: its id (for the terminal) and its token (for the QR, returned once). */
  async open(terminalId: string, materialName: string): Promise<{ uploadId: string; token: string; expiresAt: string }> {
    await this.purgeExpired();
    const token = newToken();
    const uploadId = randomUUID();
    const expiresAt = new Date(this.clock.nowMs() + this.minutes * 60_000).toISOString();
    await this.db.run('INSERT INTO phone_uploads (id, token_hash, terminal_id, material_name, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      uploadId,
      tokenHash(token),
      terminalId,
      materialName,
      this.clock.iso(),
      expiresAt,
    ]);
    return { uploadId, token, expiresAt };
  }

  /** What the phone page shows for a token: the material to photograph, or why the token opens nothing. */
  async pageOf(token: string): Promise<{ materialName: string; expiresAt: string }> {
    const upload = await this.byToken(token);
    if (upload.used_at) throw new PhoneUploadRefused('used', 'this upload already has its photo');
    return { materialName: upload.material_name, expiresAt: upload.expires_at };
  }

  /** A photo from the phone: refused as it is, or re-encoded, sealed, and the token spent. */
  async receive(token: string, bytes: Buffer): Promise<{ width: number; height: number }> {
    // The token is checked before the photo costs a decode; a refused photo leaves the token as it was.
    const first = await this.byToken(token);
    if (first.used_at) throw new PhoneUploadRefused('used', 'this upload already has its photo');
    const clean = await this.cleaner.clean(bytes);
    const sealed = this.sealer.sealBytes(clean.jpeg).toString('base64');
    await this.db.transaction(async () => {
      // Two photos racing for one token (two instances, two taps): the row lock lets one through.
      const upload = await this.db.one<UploadRow>('SELECT id, used_at, expires_at FROM phone_uploads WHERE id = $1 FOR UPDATE', [first.id]);
      if (!upload || upload.expires_at <= this.clock.iso()) throw new PhoneUploadRefused('ended', 'this upload has ended');
      if (upload.used_at) throw new PhoneUploadRefused('used', 'this upload already has its photo');
      await this.db.run('INSERT INTO phone_upload_photos (id, upload_id, photo_sealed, width, height, received_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        randomUUID(),
        upload.id,
        sealed,
        clean.width,
        clean.height,
        this.clock.iso(),
      ]);
      await this.db.run('UPDATE phone_uploads SET used_at = $1 WHERE id = $2', [this.clock.iso(), upload.id]);
    });
    return { width: clean.width, height: clean.height };
  }

  /**
   * The photos that arrived, for the terminal that opened the upload, deleted in the same transaction:
   * the service keeps none once the terminal has it. Undefined for an upload that is not this
   * terminal's, or that ended.
   */
  async take(terminalId: string, uploadId: string): Promise<PhoneUploadTaken | undefined> {
    await this.purgeExpired();
    return this.db.transaction(async () => {
      const upload = await this.db.one<UploadRow>('SELECT id, used_at FROM phone_uploads WHERE id = $1 AND terminal_id = $2 FOR UPDATE', [
        uploadId,
        terminalId,
      ]);
      if (!upload) return undefined;
      const rows = await this.db.query<{ id: string; photo_sealed: string; width: number; height: number; received_at: string }>(
        'SELECT id, photo_sealed, width, height, received_at FROM phone_upload_photos WHERE upload_id = $1 ORDER BY received_at, id',
        [uploadId],
      );
      if (rows.length) await this.db.run('DELETE FROM phone_upload_photos WHERE upload_id = $1', [uploadId]);
      const photos: PhonePhoto[] = rows.map((row) => ({
        photoId: row.id,
        mediaType: 'image/jpeg',
        base64: this.sealer.openBytes(Buffer.from(row.photo_sealed, 'base64')).toString('base64'),
        width: Number(row.width),
        height: Number(row.height),
        receivedAt: row.received_at,
      }));
      return { state: upload.used_at ? 'used' : 'waiting', photos };
    });
  }

  /**
   * Ends the terminal's upload: any photo left is deleted and an unused token opens nothing any more.
   * A spent upload keeps its row (no photo, no personal data) until its expiry, so the phone's page
   * says "already used" rather than "ended".
   */
  async close(terminalId: string, uploadId: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const upload = await this.db.one<UploadRow>('SELECT id, used_at FROM phone_uploads WHERE id = $1 AND terminal_id = $2 FOR UPDATE', [
        uploadId,
        terminalId,
      ]);
      if (!upload) return false;
      await this.db.run('DELETE FROM phone_upload_photos WHERE upload_id = $1', [uploadId]);
      if (!upload.used_at) await this.db.run('DELETE FROM phone_uploads WHERE id = $1', [uploadId]);
      return true;
    });
  }

  /** Stops the photo worker (the service is closing). */
  async stop(): Promise<void> {
    await this.cleaner.close();
  }

  /** Uploads past their time, with their photos (by cascade): whatever the terminal never closed. */
  async purgeExpired(): Promise<number> {
    return this.db.run('DELETE FROM phone_uploads WHERE expires_at <= $1', [this.clock.iso()]);
  }

  private async byToken(token: string): Promise<UploadRow> {
    const upload = await this.db.one<UploadRow>('SELECT id, terminal_id, material_name, expires_at, used_at FROM phone_uploads WHERE token_hash = $1', [
      tokenHash(token),
    ]);
    if (!upload || upload.expires_at <= this.clock.iso()) throw new PhoneUploadRefused('ended', 'no such upload, or it has ended');
    return upload;
  }
}

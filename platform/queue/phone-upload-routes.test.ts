// Materials from the citizen's phone, over real HTTP on loopback against a platform whose PGlite
// database lives in a folder: the token, the checks, EXIF gone, nothing plain on disk, deletion
// after the terminal takes the photo, and the end of the token at use, at close and at expiry.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { PHONE_PHOTO_CONTENT_TYPE, PhoneUploadOpened, PhoneUploadTaken } from '../../contract/phone-upload.js';
import { EXIF_MARKER, gradientJpeg, hasApp1, phoneJpegWithGps } from '../../test/helpers/exif-jpeg.js';
import { purgeOnce } from '../retention.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { enrolTerminal, LOW_COST, TEST_ADMIN_TOKEN, type EnrolledTerminal } from '../test/enrolment.js';
import { rawRequest } from '../test/raw-http.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { queueOf } from './routes.js';

const LAN = 'http://hall.lan:8740';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('phone upload routes', () => {
  let platform: RunningPlatform;
  let dataDir: string;
  let kiosk: EnrolledTerminal;
  let otherKiosk: EnrolledTerminal;
  const clock = new ManualClock('2026-11-23T01:30:00Z');

  const json = { 'content-type': 'application/json' };
  const open = async (as: EnrolledTerminal = kiosk, materialName = '户口簿本人页') =>
    PhoneUploadOpened.parse(
      JSON.parse((await rawRequest(platform.url, 'POST', '/v1/queue/phone-uploads', { ...as.headers, ...json }, JSON.stringify({ materialName }))).body),
    );
  const take = (uploadId: string, as: EnrolledTerminal = kiosk) => rawRequest(platform.url, 'POST', `/v1/queue/phone-uploads/${uploadId}/take`, as.headers);
  const photo = (pageUrl: string, bytes: Buffer) =>
    rawRequest(platform.url, 'POST', `${new URL(pageUrl).pathname}/photo`, { 'content-type': PHONE_PHOTO_CONTENT_TYPE }, bytes);
  const page = (pageUrl: string, headers: Record<string, string> = {}) =>
    rawRequest(platform.url, 'GET', `${new URL(pageUrl).pathname}${new URL(pageUrl).search}`, headers);
  const opened = (answer: PhoneUploadOpened) => {
    if (!answer.available) throw new Error('phone upload is not set up');
    return answer;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hall-phone-upload-'));
    platform = await startPlatform({
      version: 't',
      dataDir,
      adminToken: TEST_ADMIN_TOKEN,
      clock,
      adminPasswordCost: LOW_COST,
      queue: { awaySweepMs: 0, reminders: { pollMs: 0 } },
    });
    kiosk = await enrolTerminal(platform.app, 'kiosk-phone');
    otherKiosk = await enrolTerminal(platform.app, 'kiosk-other');
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes no token while the hall has no LAN address for phones', async () => {
    expect(await open()).toEqual({ available: false, reason: 'not-set-up' });
    expect(await platformContext(platform.app).db.one('SELECT COUNT(*)::int AS n FROM phone_uploads')).toEqual({ n: 0 });
    await queueOf(platform.app).queue.setConfig({ ...DEMO_HALL_CONFIG, liveTicket: { baseUrl: LAN, awayMinutes: 15 } });
  });

  it('takes one photo per token: a non-image is refused and leaves the token open; the JPEG is re-encoded without EXIF, sealed, and deleted once taken', async () => {
    const upload = opened(await open());
    expect(upload.pageUrl).toMatch(/^http:\/\/hall\.lan:8740\/p\/[A-Za-z0-9_-]{43}$/);
    const token = upload.pageUrl.split('/').at(-1)!;
    expect(await platformContext(platform.app).db.one('SELECT COUNT(*)::int AS n FROM phone_uploads WHERE token_hash = $1', [token])).toEqual({ n: 0 });

    const first = await page(upload.pageUrl, { 'accept-language': 'en-GB,en;q=0.8' });
    expect(first.status).toBe(200);
    expect(first.body).toContain('<html lang="en"');
    expect(first.body).toContain('户口簿本人页');
    expect(first.body).toContain('capture="environment"');
    expect(String(first.headers['content-security-policy'])).toMatch(/script-src 'nonce-[^']+'/);
    expect((await page(`${upload.pageUrl}?lang=ug`)).body).toContain('dir="rtl"');

    const pdf = await photo(upload.pageUrl, Buffer.from('%PDF-1.7\n% not a photo\n'));
    expect([pdf.status, JSON.parse(pdf.body).error]).toEqual([422, 'not-a-photo']);
    // The inputs ask for JPEG or PNG, so iOS hands a HEIC photo over as JPEG; a HEIC that still comes is refused with what to do.
    expect(first.body.match(/accept="[^"]*"/g)).toEqual(['accept="image/jpeg,image/png"', 'accept="image/jpeg,image/png"']);
    const heic = await photo(upload.pageUrl, Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]));
    expect([heic.status, JSON.parse(heic.body).error]).toEqual([422, 'heic']);
    expect(first.body).toContain('Settings › Camera › Formats › Most Compatible');
    expect((await page(upload.pageUrl)).status).toBe(200);
    expect(JSON.parse((await take(upload.uploadId)).body)).toEqual({ state: 'waiting', photos: [] });

    const original = phoneJpegWithGps({ width: 64, height: 48, orientation: 6 });
    const sent = await photo(upload.pageUrl, original);
    expect([sent.status, JSON.parse(sent.body)]).toEqual([200, { received: true, width: 48, height: 64 }]);

    // At rest: sealed in the database, nothing of the photo or its EXIF in any file of the database folder.
    const { db } = platformContext(platform.app);
    const stored = (await db.one<{ photo_sealed: string }>('SELECT photo_sealed FROM phone_upload_photos'))!.photo_sealed;
    expect(stored.startsWith('/9j/')).toBe(false);

    // Another kiosk cannot take it; the one that opened the upload does, once.
    expect((await take(upload.uploadId, otherKiosk)).status).toBe(404);
    const taken = PhoneUploadTaken.parse(JSON.parse((await take(upload.uploadId)).body));
    expect(taken.state).toBe('used');
    expect(taken.photos).toHaveLength(1);
    const jpeg = Buffer.from(taken.photos[0]!.base64, 'base64');
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(hasApp1(jpeg)).toBe(false);
    expect(jpeg.includes(Buffer.from(EXIF_MARKER))).toBe(false);
    expect([taken.photos[0]!.width, taken.photos[0]!.height]).toEqual([48, 64]);
    expect(JSON.parse((await take(upload.uploadId)).body)).toEqual({ state: 'used', photos: [] });
    expect(await db.one('SELECT COUNT(*)::int AS n FROM phone_upload_photos')).toEqual({ n: 0 });

    await db.exec('CHECKPOINT');
    // The photo's bytes, the same bytes as base64 (aligned on a 3-byte boundary, as the whole file's base64 has them), and the EXIF text.
    const aligned = Math.floor((jpeg.length - 300) / 3) * 3;
    const needles = [
      jpeg.subarray(jpeg.length - 200, jpeg.length - 168),
      Buffer.from(jpeg.subarray(aligned, aligned + 60).toString('base64')),
      Buffer.from(EXIF_MARKER),
    ];
    const files = filesUnder(join(dataDir, 'pgdata'));
    expect(files.length).toBeGreaterThan(10);
    const plain = files.filter((file) => needles.some((needle) => readFileSync(file).includes(needle)));
    expect(plain).toEqual([]);

    // The token is spent: the page says so, and another photo is refused.
    const again = await page(upload.pageUrl);
    expect([again.status, again.body.includes('data-state="used"')]).toEqual([410, true]);
    expect(JSON.parse((await photo(upload.pageUrl, original)).body).error).toBe('used');
    // Closing a spent upload keeps saying "used" to the phone (until its expiry), never "open".
    expect(JSON.parse((await rawRequest(platform.url, 'POST', `/v1/queue/phone-uploads/${upload.uploadId}/close`, kiosk.headers)).body)).toEqual({
      closed: true,
    });
    expect((await page(upload.pageUrl)).status).toBe(410);
  });

  it('ends the token when the terminal closes the upload (the session ended), and only its own terminal may close it', async () => {
    const upload = opened(await open());
    expect(JSON.parse((await rawRequest(platform.url, 'POST', `/v1/queue/phone-uploads/${upload.uploadId}/close`, otherKiosk.headers)).body)).toEqual({
      closed: false,
    });
    expect((await page(upload.pageUrl)).status).toBe(200);
    expect(JSON.parse((await rawRequest(platform.url, 'POST', `/v1/queue/phone-uploads/${upload.uploadId}/close`, kiosk.headers)).body)).toEqual({
      closed: true,
    });
    const ended = await page(upload.pageUrl);
    expect([ended.status, ended.body.includes('data-state="ended"')]).toEqual([404, true]);
    const refused = await photo(upload.pageUrl, phoneJpegWithGps());
    expect([refused.status, JSON.parse(refused.body).error]).toEqual([404, 'ended']);
    expect((await take(upload.uploadId)).status).toBe(404);
  });

  it('re-encodes a large photo off the event loop: the service answers meanwhile', async () => {
    const upload = opened(await open());
    const answered: string[] = [];
    const large = photo(upload.pageUrl, gradientJpeg(3000, 2000, 80)).then((reply) => answered.push(`photo ${reply.status}`));
    // The photo is on its way (its token checked) before the health check is asked.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rawRequest(platform.url, 'GET', '/health').then((reply) => answered.push(`health ${reply.status}`));
    await large;
    expect(answered).toEqual(['health 200', 'photo 200']);
  });

  it('ends an upload nobody closed at its expiry, with its photo', async () => {
    const upload = opened(await open());
    expect((await photo(upload.pageUrl, phoneJpegWithGps())).status).toBe(200);
    clock.advance(16 * 60_000);
    // The platform's retention round deletes it even when no terminal asks again.
    const { db } = platformContext(platform.app);
    expect((await purgeOnce(db, clock))?.phoneUploads).toBeGreaterThanOrEqual(1);
    expect(await db.one('SELECT COUNT(*)::int AS n FROM phone_upload_photos')).toEqual({ n: 0 });
    expect((await take(upload.uploadId)).status).toBe(404);
    expect((await page(upload.pageUrl)).status).toBe(404);
  });

  it('opens uploads for kiosks and proxy points only: a counter is refused', async () => {
    const counter = await enrolTerminal(platform.app, 'counter-phone', { role: 'counter' });
    expect(
      (await rawRequest(platform.url, 'POST', '/v1/queue/phone-uploads', { ...counter.headers, ...json }, JSON.stringify({ materialName: 'x' }))).status,
    ).toBe(403);
  });
});

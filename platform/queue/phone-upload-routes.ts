// The routes of materials from the citizen's phone: the public page and photo route (the token is
// the only key, rate-limited per address, a wrong token a plain "ended"), and the terminal's open,
// take and close, each bound to the terminal that opened the upload.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../contract/clock.js';
import { PHONE_PHOTO_CONTENT_TYPE, PHONE_PHOTO_MAX_BYTES, type PhoneUploadOpened } from '../../contract/phone-upload.js';
import type { HallQueueConfig } from '../../contract/queue.js';
import type { PlatformRouter } from '../access/router.js';
import type { RateLimits } from '../access/rate-budget.js';
import type { Database } from '../db/database.js';
import { liveTicketLanguage } from './live-ticket-page.js';
import { PhotoRefused } from './phone-photo.js';
import { phoneUploadHtml, type PhonePageState } from './phone-upload-page.js';
import { PhoneUploadRefused, PhoneUploads, type BytesSealer } from './phone-uploads.js';

/** Requests a phone (an address) may make to the phone routes in a minute: the page, a few tries, a language switch. */
export const PHONE_UPLOAD_REQUESTS_PER_MINUTE = 30;

export interface PhoneUploadRouteOptions {
  db: Database;
  sealer: BytesSealer;
  clock: Clock;
  /** The hall's queue configuration: its `liveTicket.baseUrl` is the address phones reach this service at. */
  hallConfig: () => Promise<HallQueueConfig>;
  limits?: RateLimits;
  perMinute?: number;
}

const registered = new WeakMap<FastifyInstance, PhoneUploads>();

/** The phone uploads behind a platform app (tests reach them here). */
export function phoneUploadsOf(app: FastifyInstance): PhoneUploads {
  const uploads = registered.get(app);
  if (!uploads) throw new Error('no phone uploads on this platform');
  return uploads;
}

export function registerPhoneUploadRoutes(app: FastifyInstance, router: PlatformRouter, options: PhoneUploadRouteOptions): PhoneUploads {
  const uploads = new PhoneUploads(options.db, options.sealer, options.clock);
  registered.set(app, uploads);
  app.addHook('onClose', () => uploads.stop());
  // The phone sends the file's bytes as they are; only this type gets the photo's size limit.
  app.addContentTypeParser(PHONE_PHOTO_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: PHONE_PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));

  const limited = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (!options.limits) return false;
    if (await options.limits.take('phone-upload', request.ip, options.perMinute ?? PHONE_UPLOAD_REQUESTS_PER_MINUTE, options.clock.nowMs())) return false;
    await reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    return true;
  };

  router.serve('phoneUploadPage', async ({ params, query, request, reply }) => {
    if (await limited(request, reply)) return reply;
    const language = liveTicketLanguage(query.lang, request.headers['accept-language']);
    let state: PhonePageState;
    try {
      state = { kind: 'open', materialName: (await uploads.pageOf(params.token)).materialName };
    } catch (error) {
      if (!(error instanceof PhoneUploadRefused) || (error.reason !== 'used' && error.reason !== 'ended')) throw error;
      state = { kind: 'closed', reason: error.reason };
    }
    const nonce = randomBytes(16).toString('base64');
    return reply
      .code(state.kind === 'open' ? 200 : state.reason === 'used' ? 410 : 404)
      .header(
        'content-security-policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(phoneUploadHtml(state, (await options.hallConfig()).hallName, language, nonce));
  });

  router.serve(
    'phoneUploadPhoto',
    async ({ params, body, request, reply }) => {
      if (await limited(request, reply)) return reply;
      reply.header('cache-control', 'no-store');
      try {
        const { width, height } = await uploads.receive(params.token, body);
        return { received: true as const, width, height };
      } catch (error) {
        if (error instanceof PhotoRefused) return reply.code(error.reason === 'too-large' ? 413 : 422).send({ error: error.reason, message: error.message });
        if (error instanceof PhoneUploadRefused) return reply.code(error.reason === 'used' ? 410 : 404).send({ error: error.reason, message: error.message });
        throw error;
      }
    },
    { bodyLimit: PHONE_PHOTO_MAX_BYTES },
  );

  router.serve('queuePhoneUploadOpen', async ({ body, principal }): Promise<PhoneUploadOpened> => {
    const baseUrl = (await options.hallConfig()).liveTicket.baseUrl;
    // No address phones can reach: no token is made at all.
    if (!baseUrl) return { available: false, reason: 'not-set-up' };
    const { uploadId, token, expiresAt } = await uploads.open(principal.terminalId, body.materialName);
    return { available: true, uploadId, pageUrl: `${baseUrl.replace(/\/+$/, '')}/p/${token}`, expiresAt };
  });
  router.serve('queuePhoneUploadTake', async ({ params, principal, reply }) => {
    const taken = await uploads.take(principal.terminalId, params.id);
    return taken ?? reply.code(404).send({ error: 'not-found', message: 'no such upload at this terminal, or it ended' });
  });
  router.serve('queuePhoneUploadClose', async ({ params, principal }) => ({ closed: await uploads.close(principal.terminalId, params.id) }));
  return uploads;
}

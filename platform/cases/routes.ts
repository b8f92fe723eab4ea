// Case routes: timelines for any terminal, packages and their files for counters, the guide page for
// anyone, the citizen lookup for the terminals that serve the public, and the back office's decisions.
import type { FastifyInstance } from 'fastify';
import type { CatalogItem } from '../../contract/catalog.js';
import type { Clock } from '../../contract/clock.js';
import { checkTrackingCode } from '../../contract/tracking-code.js';
import type { RateLimits } from '../access/rate-budget.js';
import type { PlatformRouter } from '../access/router.js';
import type { PlatformBlobStore } from '../blob-store.js';
import { guideHtml } from '../../contract/guide-html.js';
import { trackPageHtml, trackPageLanguage, trackProblemHtml } from './track-page.js';
import type { CaseStore } from './case-store.js';

/** A kiosk looks a citizen up once per application; more than this in a minute is someone harvesting. */
export const CITIZEN_LOOKUPS_PER_MINUTE = 10;
/**
 * Public pages (guide, progress) per caller address and minute: a phone opens one now and then; a
 * script walking codes is slowed to a crawl. Behind the county's reverse proxy the caller is the phone
 * its X-Forwarded-For names, when the platform trusts that proxy (`trustProxy`, docs/deploy-platform.md).
 */
export const PUBLIC_PAGES_PER_MINUTE = 120;

export function registerCaseRoutes(
  _app: FastifyInstance,
  router: PlatformRouter,
  deps: { cases: CaseStore; blobs: PlatformBlobStore; catalogItem: (code: string) => Promise<CatalogItem | undefined>; limits: RateLimits; clock: Clock },
): void {
  const { cases, blobs, catalogItem } = deps;
  const codeOf = (raw: string) => {
    const checked = checkTrackingCode(raw);
    return checked.ok ? checked.code : null;
  };

  router.serve('caseTimeline', async ({ params, reply }) => {
    const code = codeOf(params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request', message: 'not a valid tracking code' });
    const timelines = await cases.timelines(code);
    if (timelines.length === 0) return reply.code(404).send({ error: 'not-found', message: 'no case with this code yet' });
    return { cases: timelines };
  });

  // Only counters (the route's access class), and only for cases submitted in their own hall.
  router.serve('casePackage', async ({ params, principal, reply }) => {
    const code = codeOf(params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request', message: 'not a valid tracking code' });
    const packages = await cases.packages(code, principal.hallId);
    if (packages.length === 0) return reply.code(404).send({ error: 'not-found', message: 'no case with this code yet' });
    return { packages };
  });

  router.serve('caseBlob', async ({ params, principal, reply }) => {
    const code = codeOf(params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request' });
    if (!(await cases.caseHasBlob(code, params.sha256, principal.hallId)) || !(await blobs.status(params.sha256)).verified)
      return reply.code(404).send({ error: 'not-found' });
    return reply.type('application/octet-stream').send(blobs.read(params.sha256));
  });

  const publicBudget = (purpose: string, address: string) => deps.limits.take(purpose, address, PUBLIC_PAGES_PER_MINUTE, deps.clock.nowMs());

  // Public: the QR on a receipt-width guide opens this page on the citizen's phone.
  router.serve('guide', async ({ params, request, reply }) => {
    if (!(await publicBudget('public-guide', request.ip)))
      return reply.code(429).header('retry-after', '60').type('text/plain; charset=utf-8').send('查询太频繁，请一分钟后再试');
    const item = await catalogItem(params.code);
    if (!item) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个事项');
    return reply.type('text/html; charset=utf-8').send(guideHtml(item));
  });

  // Public: the QR on a receipt opens the case's progress on the citizen's phone; state and timeline only.
  router.serve('trackPage', async ({ params, query, request, reply }) => {
    const language = trackPageLanguage(query.lang);
    const html = (status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
    if (!(await publicBudget('public-track', request.ip))) return html(429, trackProblemHtml('busy', language)).header('retry-after', '60');
    const code = codeOf(params.code);
    if (!code) return html(404, trackProblemHtml('invalid', language));
    const timelines = await cases.timelines(code);
    if (timelines.length === 0) return html(404, trackProblemHtml('not-found', language));
    return html(200, trackPageHtml(timelines, language));
  });

  // A receipt again, for any case, to whoever holds the applicant's card (a serving terminal reads it);
  // as slow as the citizen lookup, so a terminal cannot try ID numbers against a code.
  router.serve('caseReceipt', async ({ params, body, principal, reply }) => {
    if (!(await deps.limits.take('case-receipt', principal.terminalId, CITIZEN_LOOKUPS_PER_MINUTE, deps.clock.nowMs())))
      return reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    const code = codeOf(params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request', message: 'not a valid tracking code' });
    const found = await cases.receiptCopies(code, body.idNumber);
    if (found.cases === 0) return reply.code(404).send({ error: 'not-found', message: 'no case with this code yet' });
    if (found.receipts.length === 0) return reply.code(403).send({ error: 'not-applicant', message: 'the card is not the applicant of this case' });
    return { receipts: found.receipts };
  });

  // Only the serving terminals (the route's access class), only their own hall's cases, and only so
  // often per terminal: a kiosk asks once per application, not through a list of ID numbers.
  router.serve('citizenLookup', async ({ body, principal, reply }) => {
    if (!(await deps.limits.take('citizen-lookup', principal.terminalId, CITIZEN_LOOKUPS_PER_MINUTE, deps.clock.nowMs())))
      return reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    return cases.citizen(body.idNumber, principal.hallId);
  });

  // The back office moves a case through review and decision (the reference platform's officer desk).
  router.serve('adminCaseEvent', async ({ params, body, reply }) => {
    const refused = await cases.transition(params.caseId, body.to, body.by, deps.clock.iso(), body.reason);
    if (refused) return reply.code(409).send({ error: 'conflict', message: refused });
    return { ok: true };
  });
}

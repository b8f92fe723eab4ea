// Personal-code routes: a counter issues and voids codes for the card holder in front of it, serving
// terminals ask whether a code belongs to a card's holder (rate-limited per terminal, the terminal
// taken from its credential), and administrators issue, revoke and rotate keys.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../contract/clock.js';
import { maskName } from '../../contract/masking.js';
import { DEFAULT_CODE_VALID_SECONDS } from '../../contract/platform-api/schemas.js';
import type { RateLimits } from '../access/rate-budget.js';
import type { PlatformRouter } from '../access/router.js';
import type { CodeAuthority } from './code-authority.js';

/** A kiosk asks once per application; far more than this in a minute is someone guessing ID numbers. */
export const MATCHES_PER_MINUTE = 20;

export function registerPersonalCodeRoutes(_app: FastifyInstance, router: PlatformRouter, authority: CodeAuthority, limits: RateLimits, clock: Clock): void {
  // Only a counter issues (the route's access class): a clerk has checked the person against their card face to face.
  router.serve('personalCodeIssue', async ({ body }) => {
    const maskedName = maskName(body.name);
    const issued = await authority.issue({ maskedName, subject: authority.subjectOf(body.idNumber), validSeconds: DEFAULT_CODE_VALID_SECONDS });
    return { code: issued.code, expiresAt: issued.expiresAt, maskedName };
  });

  // A lost or stolen paper: the clerk reads the card and voids every code printed for that person.
  router.serve('personalCodeRevoke', async ({ body, principal }) => {
    await authority.revokeSubject(authority.subjectOf(body.idNumber), `revoked at counter ${principal.terminalId}`);
    return { revoked: true };
  });

  // Whether a code's subject is this card's holder. Answers only yes or no, never who the subject is,
  // and only so often per terminal: a found code tried against many ID numbers is slowed to a crawl.
  router.serve('personalCodeMatch', async ({ body, principal, reply }) => {
    if (!(await limits.take('personal-code-match', principal.terminalId, MATCHES_PER_MINUTE, clock.nowMs())))
      return reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    return { match: authority.subjectOf(body.idNumber) === body.subject };
  });

  router.serve('adminCodeIssue', ({ body, reply }) => {
    const { idNumber, ...rest } = body;
    if (idNumber && rest.subject) return reply.code(400).send({ error: 'bad-request', issues: ['give subject or idNumber, not both'] });
    return authority.issue(idNumber ? { ...rest, subject: authority.subjectOf(idNumber) } : rest);
  });
  router.serve('adminCodeRevoke', async ({ body }) => {
    await authority.revokeSubject(body.subject, body.reason);
    return { revoked: true };
  });
  router.serve('adminCodeRotateKey', async () => ({ kid: await authority.rotate() }));
  router.serve('adminCodeRevokeKey', async ({ body, reply }) =>
    (await authority.revokeKey(body.kid)) ? { revoked: true } : reply.code(404).send({ error: 'unknown-key' }),
  );
}

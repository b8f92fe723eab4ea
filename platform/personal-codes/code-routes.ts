import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { maskName } from '../../contract/masking.js';
import { HEADERS } from '../../contract/sync-protocol.js';
import type { CodeAuthority } from './code-authority.js';

const IdNumber = z.string().regex(/^[0-9A-Za-z]{8,20}$/, 'not an ID number');
const Subject = z.string().regex(/^[0-9a-f]{32}$/);
const DEFAULT_VALID_SECONDS = 365 * 86_400;

/** A kiosk asks once per application; far more than this in a minute is someone guessing ID numbers. */
export const MATCHES_PER_MINUTE = 20;

/** Requests per terminal in the last minute (a sliding window of timestamps). */
class MatchBudget {
  private readonly recent = new Map<string, number[]>();
  constructor(private readonly perMinute: number) {}
  take(terminalId: string, now: number): boolean {
    const times = (this.recent.get(terminalId) ?? []).filter((t) => now - t < 60_000);
    const allowed = times.length < this.perMinute;
    if (allowed) times.push(now);
    this.recent.set(terminalId, times);
    return allowed;
  }
}

/** A counter prints a code for the citizen whose card the clerk has just read. */
const IssueAtCounter = z.object({ idNumber: IdNumber, name: z.string().trim().min(1).max(60) }).strict();
const MatchRequest = z.object({ subject: Subject, idNumber: IdNumber }).strict();

const IssueRequest = z
  .object({
    maskedName: z.string().min(1).max(60).refine((name) => name.includes('*'), 'must be masked (e.g. 王**): codes carry no full name'),
    subject: Subject.optional(),
    /** The person's ID number, to derive their subject (the back office issuing for a known person). */
    idNumber: IdNumber.optional(),
    /** Default one year; at most five. */
    validSeconds: z.number().int().min(1).max(5 * 365 * 86_400).default(DEFAULT_VALID_SECONDS),
  })
  .strict();

/**
 * Admin routes (the sync routes' hook checks the admin secret on every /v1/admin path) and two
 * terminal routes (the same hook has proven the terminal's credential on every other /v1 path).
 */
export function registerPersonalCodeRoutes(app: FastifyInstance, authority: CodeAuthority, roleOf: (terminalId: string) => string | null): void {
  const terminalRole = (request: FastifyRequest) => roleOf(String(request.headers[HEADERS.terminalId] ?? ''));

  // Only a counter issues: a clerk has checked the person against their card face to face.
  app.post('/v1/personal-codes/issue', async (request, reply) => {
    if (terminalRole(request) !== 'counter') return reply.code(403).send({ error: 'forbidden', message: 'personal codes are issued at a counter terminal' });
    const body = IssueAtCounter.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    const maskedName = maskName(body.data.name);
    const issued = authority.issue({ maskedName, subject: authority.subjectOf(body.data.idNumber), validSeconds: DEFAULT_VALID_SECONDS });
    return { code: issued.code, expiresAt: issued.expiresAt, maskedName };
  });

  // A lost or stolen paper: the clerk reads the card and voids every code printed for that person.
  app.post('/v1/personal-codes/revoke', async (request, reply) => {
    if (terminalRole(request) !== 'counter') return reply.code(403).send({ error: 'forbidden', message: 'personal codes are revoked at a counter terminal' });
    const body = z.object({ idNumber: IdNumber }).strict().safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request' });
    authority.revokeSubject(authority.subjectOf(body.data.idNumber), `revoked at counter ${String(request.headers[HEADERS.terminalId] ?? '')}`);
    return { revoked: true };
  });

  // Whether a code's subject is this card's holder. Answers only yes or no, never who the subject is,
  // and only so often per terminal: a found code tried against many ID numbers is slowed to a crawl.
  const matches = new MatchBudget(MATCHES_PER_MINUTE);
  app.post('/v1/personal-codes/match', async (request, reply) => {
    if (!matches.take(String(request.headers[HEADERS.terminalId] ?? ''), authority.clock.nowMs())) return reply.code(429).header('retry-after', '60').send({ error: 'too-many-requests' });
    const body = MatchRequest.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request' });
    return { match: authority.subjectOf(body.data.idNumber) === body.data.subject };
  });

  app.post('/v1/admin/personal-codes', async (request, reply) => {
    const body = IssueRequest.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    const { idNumber, ...rest } = body.data;
    if (idNumber && rest.subject) return reply.code(400).send({ error: 'bad-request', issues: ['give subject or idNumber, not both'] });
    return authority.issue(idNumber ? { ...rest, subject: authority.subjectOf(idNumber) } : rest);
  });
  app.post('/v1/admin/personal-codes/revoke', async (request, reply) => {
    const body = z.object({ subject: z.string().regex(/^[0-9a-f]{32}$/), reason: z.string().min(1).max(200) }).strict().safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request' });
    authority.revokeSubject(body.data.subject, body.data.reason);
    return { revoked: true };
  });
  app.post('/v1/admin/personal-codes/rotate-key', async () => ({ kid: authority.rotate() }));
  app.post('/v1/admin/personal-codes/revoke-key', async (request, reply) => {
    const body = z.object({ kid: z.string().min(1) }).strict().safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request' });
    return authority.revokeKey(body.data.kid) ? { revoked: true } : reply.code(404).send({ error: 'unknown-key' });
  });
}

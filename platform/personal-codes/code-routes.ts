import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CodeAuthority } from './code-authority.js';

const IssueRequest = z
  .object({
    maskedName: z.string().min(1).max(60).refine((name) => name.includes('*'), 'must be masked (e.g. 王**): codes carry no full name'),
    subject: z.string().regex(/^[0-9a-f]{32}$/).optional(),
    /** Default one year; at most five. */
    validSeconds: z.number().int().min(1).max(5 * 365 * 86_400).default(365 * 86_400),
  })
  .strict();

/** Admin routes (the sync routes' hook checks the admin secret on every /v1/admin path). */
export function registerPersonalCodeRoutes(app: FastifyInstance, authority: CodeAuthority): void {
  app.post('/v1/admin/personal-codes', async (request, reply) => {
    const body = IssueRequest.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send({ error: 'bad-request', issues: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
    return authority.issue(body.data);
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

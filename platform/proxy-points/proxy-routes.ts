// Admin routes for village proxy points (the sync routes' hook checks the admin secret on /v1/admin/).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { RegistryError, type ProxyAgentRegistry } from './agent-registry.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/);
const PointRequest = z.object({ pointId: Id, name: z.string().min(1).max(100), terminals: z.array(z.string().min(1).max(64)).max(20) }).strict();
const ValidDays = z.number().int().min(1).max(3 * 365).default(365);
const EnrolRequest = z
  .object({
    pointId: Id,
    // Cards and terminals carry only a masked name (王*): the agent's identity papers stay with the township.
    maskedName: z.string().min(1).max(60).refine((name) => name.includes('*'), 'must be masked (e.g. 李*): cards carry no full name'),
    validDays: ValidDays,
  })
  .strict();

const badRequest = (reply: FastifyReply, error: z.ZodError) => reply.code(400).send({ error: 'bad-request', issues: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });

function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof RegistryError)) throw error;
  return reply.code(error.code === 'revoked' ? 409 : 404).send({ error: error.code, message: error.message });
}

export function registerProxyRoutes(app: FastifyInstance, registry: ProxyAgentRegistry): void {
  app.post('/v1/admin/proxy-points', async (request, reply) => {
    const body = PointRequest.safeParse(request.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    return registry.upsertPoint(body.data);
  });
  app.post('/v1/admin/proxy-agents', async (request, reply) => {
    const body = EnrolRequest.safeParse(request.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    try {
      return await registry.enrol(body.data);
    } catch (error) {
      return refused(reply, error);
    }
  });
  app.get<{ Querystring: { pointId?: string } }>('/v1/admin/proxy-agents', async (request) => ({ agents: registry.agents(request.query.pointId) }));
  app.post<{ Params: { agentId: string } }>('/v1/admin/proxy-agents/:agentId/reissue', async (request, reply) => {
    const body = z.object({ validDays: ValidDays }).strict().safeParse(request.body ?? {});
    if (!body.success) return badRequest(reply, body.error);
    try {
      return await registry.reissue(request.params.agentId, body.data.validDays);
    } catch (error) {
      return refused(reply, error);
    }
  });
  app.post<{ Params: { agentId: string } }>('/v1/admin/proxy-agents/:agentId/revoke', async (request, reply) =>
    registry.revoke(request.params.agentId) ? { revoked: true } : reply.code(404).send({ error: 'unknown-agent' }),
  );
}

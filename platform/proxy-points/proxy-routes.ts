// Admin routes for village proxy points (scope proxy-points, declared in contract/platform-api).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PlatformRouter } from '../access/router.js';
import { RegistryError, type ProxyAgentRegistry } from './agent-registry.js';

function refused(reply: FastifyReply, error: unknown) {
  if (!(error instanceof RegistryError)) throw error;
  return reply.code(error.code === 'revoked' ? 409 : 404).send({ error: error.code, message: error.message });
}

export function registerProxyRoutes(_app: FastifyInstance, router: PlatformRouter, registry: ProxyAgentRegistry): void {
  router.serve('adminProxyPoint', ({ body }) => registry.upsertPoint(body));
  router.serve('adminProxyAgentEnrol', async ({ body, reply }) => {
    try {
      return await registry.enrol(body);
    } catch (error) {
      return refused(reply, error);
    }
  });
  router.serve('adminProxyAgentList', async ({ query }) => ({ agents: await registry.agents(query.pointId) }));
  router.serve('adminProxyAgentReissue', async ({ params, body, reply }) => {
    try {
      return await registry.reissue(params.agentId, body.validDays);
    } catch (error) {
      return refused(reply, error);
    }
  });
  router.serve('adminProxyAgentRevoke', async ({ params, reply }) =>
    (await registry.revoke(params.agentId)) ? { revoked: true } : reply.code(404).send({ error: 'unknown-agent' }),
  );
}

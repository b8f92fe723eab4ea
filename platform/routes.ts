// Sync API routes: enrolment, push, pull and resumable blob uploads. Access is declared in
// contract/platform-api and checked by the router; handlers take the terminal from its credential.
import type { FastifyInstance } from 'fastify';
import { BLOB_CHUNK_MAX, type PullResponse } from '../contract/sync-protocol.js';
import type { PlatformBlobStore } from './blob-store.js';
import type { PlatformRouter } from './access/router.js';
import { TerminalRegistryError, type TerminalRegistry } from './access/terminal-registry.js';
import type { MutationValidator, PlatformStore } from './platform-store.js';

export interface RouteContext {
  store: PlatformStore;
  blobs: PlatformBlobStore;
  terminals: TerminalRegistry;
  validateMutation: MutationValidator;
  /** Narrows what one terminal receives of a dataset (e.g. a proxy point's agents go only to its own terminals). */
  filterPull?: (terminalId: string, response: PullResponse) => Promise<PullResponse>;
}

/** HTTP status for each reason a registry refuses. */
export const REGISTRY_STATUS = { exists: 409, 'not-found': 404, revoked: 409, 'bad-code': 401 } as const;

export function registerSyncRoutes(app: FastifyInstance, router: PlatformRouter, ctx: RouteContext): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: BLOB_CHUNK_MAX }, (_req, body, done) => done(null, body));

  router.serve('enrol', async ({ body, reply }) => {
    try {
      const { credential, terminal } = await ctx.terminals.enrol(body.terminalId, body.enrolmentCode, body.label);
      return {
        terminalId: terminal.terminalId,
        credential,
        role: terminal.role,
        hallId: terminal.hallId,
        counterId: terminal.counterId,
        pointId: terminal.pointId,
      };
    } catch (error) {
      if (error instanceof TerminalRegistryError) return reply.code(REGISTRY_STATUS[error.code]).send({ error: error.code, message: error.message });
      throw error;
    }
  });

  router.serve('status', async ({ principal }) => ({
    terminalId: principal.terminalId,
    highestMutationId: await ctx.store.highestMutationId(principal.terminalId),
  }));

  router.serve('push', ({ principal, body }) => ctx.store.applyPush(principal.terminalId, body.mutations, ctx.validateMutation));

  router.serve('pull', async ({ principal, query }) => {
    const response = await ctx.store.pull(query.dataset, query.since, query.limit);
    return ctx.filterPull ? ctx.filterPull(principal.terminalId, response) : response;
  });

  router.serve('blobStatus', ({ params }) => ctx.blobs.status(params.sha256));

  router.serve('blobUpload', async ({ params, query, body, reply }) => {
    const outcome = await ctx.blobs.writeChunk(params.sha256, query.size, query.offset, body);
    if (outcome.kind === 'offset-mismatch') return reply.code(409).send({ error: 'offset-mismatch', offset: outcome.offset });
    if (outcome.kind === 'hash-mismatch') return reply.code(422).send({ error: 'hash-mismatch' });
    if (outcome.kind === 'size-mismatch') return reply.code(422).send({ error: 'size-mismatch' });
    return outcome.status;
  });

  router.serve('adminSeedDataset', async ({ params, body }) => ({ dataset: params.dataset, version: await ctx.store.seedDataset(params.dataset, body.items) }));

  router.serve('adminRejected', async () => ({ rejected: await ctx.store.listRejected() }));

  router.serve('adminTerminalAdd', async ({ body, reply }) => {
    const { validHours, ...fields } = body;
    try {
      return await ctx.terminals.add(fields, validHours);
    } catch (error) {
      if (error instanceof TerminalRegistryError) return reply.code(REGISTRY_STATUS[error.code]).send({ error: error.code, message: error.message });
      throw error;
    }
  });
  router.serve('adminTerminalList', async () => ({ terminals: await ctx.terminals.list() }));
  router.serve('adminTerminalReset', async ({ params, body, reply }) => {
    try {
      return await ctx.terminals.reset(params.terminalId, body.validHours);
    } catch (error) {
      if (error instanceof TerminalRegistryError) return reply.code(REGISTRY_STATUS[error.code]).send({ error: error.code, message: error.message });
      throw error;
    }
  });
  router.serve('adminTerminalRevoke', async ({ params }) => ({ revoked: await ctx.terminals.revoke(params.terminalId) }));
}

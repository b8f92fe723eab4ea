// Sync API routes. Every route except /health, enrolment and admin needs a terminal credential.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import {
  BLOB_CHUNK_MAX, BlobUploadQuery, DatasetName, HEADERS, PullQuery, PushRequest, type PullResponse, RegisterRequest, SYNC_API_PREFIX, SeedRequest,
  Sha256, TerminalId, syncPaths,
} from '../contract/sync-protocol.js';
import type { PlatformBlobStore } from './blob-store.js';
import { TerminalRevokedError, type MutationValidator, type PlatformStore } from './platform-store.js';

export interface RouteContext {
  store: PlatformStore;
  blobs: PlatformBlobStore;
  enrolmentSecret: string;
  validateMutation: MutationValidator;
  /** Narrows what one terminal receives of a dataset (e.g. a proxy point's agents go only to its own terminals). */
  filterPull?: (terminalId: string, response: PullResponse) => PullResponse;
}

const sameSecret = (a: string, b: string) => {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
};

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: 'bad-request', message });
}

export function registerSyncRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: BLOB_CHUNK_MAX }, (_req, body, done) => done(null, body));

  const terminalOf = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith(SYNC_API_PREFIX + '/') || path === syncPaths.register) return;
    if (path.startsWith(`${SYNC_API_PREFIX}/admin/`)) {
      const secret = request.headers[HEADERS.adminSecret];
      if (typeof secret !== 'string' || !sameSecret(secret, ctx.enrolmentSecret)) return reply.code(401).send({ error: 'unauthorized' });
      return;
    }
    const terminalId = request.headers[HEADERS.terminalId];
    const auth = request.headers.authorization;
    const credential = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (typeof terminalId !== 'string' || !TerminalId.safeParse(terminalId).success || credential === '') return reply.code(401).send({ error: 'unauthorized' });
    const verdict = ctx.store.authenticate(terminalId, credential);
    if (verdict === 'revoked') return reply.code(403).send({ error: 'revoked' });
    if (verdict !== 'ok') return reply.code(401).send({ error: 'unauthorized' });
    terminalOf.set(request, terminalId);
  });
  const terminal = (request: FastifyRequest) => terminalOf.get(request) ?? '';

  app.post(syncPaths.register, async (request, reply) => {
    const secret = request.headers[HEADERS.enrolmentSecret];
    if (typeof secret !== 'string' || !sameSecret(secret, ctx.enrolmentSecret)) return reply.code(401).send({ error: 'unauthorized' });
    const body = RegisterRequest.safeParse(request.body);
    if (!body.success) return badRequest(reply, 'terminalId is required');
    try {
      return { terminalId: body.data.terminalId, credential: ctx.store.registerTerminal(body.data.terminalId, body.data.label) };
    } catch (error) {
      if (error instanceof TerminalRevokedError) return reply.code(403).send({ error: 'revoked' });
      throw error;
    }
  });

  app.get(syncPaths.status, async (request) => ({ terminalId: terminal(request), highestMutationId: ctx.store.highestMutationId(terminal(request)) }));

  app.post(syncPaths.push, async (request, reply) => {
    const body = PushRequest.safeParse(request.body);
    if (!body.success) return badRequest(reply, 'malformed push batch');
    return ctx.store.applyPush(terminal(request), body.data.mutations, ctx.validateMutation);
  });

  app.get(syncPaths.pull, async (request, reply) => {
    const query = PullQuery.safeParse(request.query);
    if (!query.success) return badRequest(reply, 'dataset, since and limit are required');
    const response = ctx.store.pull(query.data.dataset, query.data.since, query.data.limit);
    return ctx.filterPull ? ctx.filterPull(terminal(request), response) : response;
  });

  app.get<{ Params: { sha256: string } }>(`${SYNC_API_PREFIX}/blobs/:sha256`, async (request, reply) => {
    if (!Sha256.safeParse(request.params.sha256).success) return badRequest(reply, 'not a sha256');
    return ctx.blobs.status(request.params.sha256);
  });

  app.put<{ Params: { sha256: string } }>(`${SYNC_API_PREFIX}/blobs/:sha256`, async (request, reply) => {
    const query = BlobUploadQuery.safeParse(request.query);
    if (!Sha256.safeParse(request.params.sha256).success || !query.success || !Buffer.isBuffer(request.body)) return badRequest(reply, 'sha256, offset, size and an octet-stream body are required');
    const outcome = ctx.blobs.writeChunk(request.params.sha256, query.data.size, query.data.offset, request.body);
    if (outcome.kind === 'offset-mismatch') return reply.code(409).send({ error: 'offset-mismatch', offset: outcome.offset });
    if (outcome.kind === 'hash-mismatch') return reply.code(422).send({ error: 'hash-mismatch' });
    if (outcome.kind === 'size-mismatch') return reply.code(422).send({ error: 'size-mismatch' });
    return outcome.status;
  });

  app.post<{ Params: { dataset: string } }>(`${SYNC_API_PREFIX}/admin/datasets/:dataset`, async (request, reply) => {
    const body = SeedRequest.safeParse(request.body);
    if (!DatasetName.safeParse(request.params.dataset).success || !body.success) return badRequest(reply, 'dataset name and items are required');
    return { dataset: request.params.dataset, version: ctx.store.seedDataset(request.params.dataset, body.data.items) };
  });

  app.post<{ Params: { terminalId: string } }>(`${SYNC_API_PREFIX}/admin/terminals/:terminalId/revoke`, async (request) => ({
    revoked: ctx.store.revokeTerminal(request.params.terminalId),
  }));

  app.get(syncPaths.rejected, async () => ({ rejected: ctx.store.listRejected() }));
}

// Case routes. Paths under /v1/ are authenticated by the sync routes' hook (terminal credential, or the
// admin secret under /v1/admin/), so the x-terminal-id header here is already proven.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { CaseState, casePaths } from '../../contract/case.js';
import type { CatalogItem } from '../../contract/catalog.js';
import { HEADERS, Sha256 } from '../../contract/sync-protocol.js';
import { checkTrackingCode } from '../../contract/tracking-code.js';
import type { PlatformBlobStore } from '../blob-store.js';
import { guideHtml } from '../catalog/guide-html.js';
import type { CaseStore } from './case-store.js';

const CitizenLookup = z.object({ idNumber: z.string().regex(/^[0-9A-Za-z]{8,20}$/) }).strict();
const AdminEvent = z.object({ to: CaseState, reason: z.string().max(500).optional(), by: z.string().min(1).max(64).default('platform') }).strict();

export function registerCaseRoutes(app: FastifyInstance, cases: CaseStore, blobs: PlatformBlobStore, catalogItem: (code: string) => CatalogItem | undefined): void {
  const terminalOf = (request: FastifyRequest) => String(request.headers[HEADERS.terminalId] ?? '');
  const codeOf = (raw: string) => {
    const checked = checkTrackingCode(raw);
    return checked.ok ? checked.code : null;
  };

  app.get<{ Params: { code: string } }>(casePaths.timeline(':code'), async (request, reply) => {
    const code = codeOf(request.params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request', message: 'not a valid tracking code' });
    const timelines = cases.timelines(code);
    if (timelines.length === 0) return reply.code(404).send({ error: 'not-found', message: 'no case with this code yet' });
    return { cases: timelines };
  });

  app.get<{ Params: { code: string } }>(casePaths.package(':code'), async (request, reply) => {
    if (cases.terminalRole(terminalOf(request)) !== 'counter') return reply.code(403).send({ error: 'forbidden', message: 'only counter terminals open packages' });
    const code = codeOf(request.params.code);
    if (!code) return reply.code(400).send({ error: 'bad-request', message: 'not a valid tracking code' });
    const packages = cases.packages(code);
    if (packages.length === 0) return reply.code(404).send({ error: 'not-found', message: 'no case with this code yet' });
    return { packages };
  });

  app.get<{ Params: { code: string; sha256: string } }>(casePaths.blob(':code', ':sha256'), async (request, reply) => {
    if (cases.terminalRole(terminalOf(request)) !== 'counter') return reply.code(403).send({ error: 'forbidden', message: 'only counter terminals open packages' });
    const code = codeOf(request.params.code);
    if (!code || !Sha256.safeParse(request.params.sha256).success) return reply.code(400).send({ error: 'bad-request' });
    if (!cases.caseHasBlob(code, request.params.sha256) || !blobs.status(request.params.sha256).verified) return reply.code(404).send({ error: 'not-found' });
    return reply.type('application/octet-stream').send(createReadStream(blobs.finalPath(request.params.sha256)));
  });

  // Public: the QR on a receipt-width guide opens this page on the citizen's phone.
  app.get<{ Params: { code: string } }>('/guide/:code', async (request, reply) => {
    const item = catalogItem(request.params.code);
    if (!item) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个事项');
    return reply.type('text/html; charset=utf-8').send(guideHtml(item));
  });

  app.post(casePaths.citizen, async (request, reply) => {
    const body = CitizenLookup.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'bad-request', message: 'idNumber is required' });
    return cases.citizen(body.data.idNumber);
  });

  // The back office moves a case through review and decision (the reference platform's officer desk).
  app.post<{ Params: { caseId: string } }>('/v1/admin/cases/:caseId/events', async (request, reply) => {
    const body = AdminEvent.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: 'bad-request', message: 'to is required' });
    const refused = cases.transition(request.params.caseId, body.data.to, body.data.by, cases.clock.iso(), body.data.reason);
    if (refused) return reply.code(409).send({ error: 'conflict', message: refused });
    return { ok: true };
  });
}

// Builders for platform tests that push signed application packages as a terminal would.
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { canonicalJson, type ApplicantIdentity, type PackageManifest } from '../../contract/case.js';
import type { TerminalRole } from '../../contract/config.js';
import type { TerminalRecordInput } from '../../contract/platform-api/terminals.js';
import { type MutationEnvelope } from '../../contract/sync-protocol.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { keyIdOf } from '../cases/case-store.js';
import { platformContext } from '../server.js';
import { enrolTerminal } from './enrolment.js';

export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The role a test terminal is enrolled with, read from its name (counter-…, proxy-…, display-…, else a kiosk). */
export const roleFromName = (terminalId: string): TerminalRole =>
  terminalId.startsWith('counter') ? 'counter' : terminalId.startsWith('proxy') ? 'proxy-point' : terminalId.startsWith('display') ? 'display' : 'kiosk';

/** Enrols a terminal as production does (admin record, one-time code) and returns its auth headers. */
export async function enrol(app: FastifyInstance, terminalId: string, fields: Partial<TerminalRecordInput> = {}): Promise<Record<string, string>> {
  return (await enrolTerminal(app, terminalId, { role: roleFromName(terminalId), ...fields })).headers;
}

let nextId = 1;
export function envelope(
  terminalId: string,
  kind: string,
  payload: Record<string, unknown>,
  personal: Record<string, unknown> | null = null,
  blobs: string[] = [],
): MutationEnvelope {
  const mutationId = nextId++;
  return { mutationId, idempotencyKey: `${terminalId}:${mutationId}`, kind, payload, personal, blobs, createdAt: new Date().toISOString() };
}

export async function push(app: FastifyInstance, headers: Record<string, string>, mutation: MutationEnvelope): Promise<{ outcome: string; reason?: string }> {
  const res = await app.inject({ method: 'POST', url: syncPaths.push, headers, payload: { mutations: [mutation] } });
  return (res.json() as { results: { outcome: string; reason?: string }[] }).results[0]!;
}

export function terminalKey(role: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const keyId = keyIdOf(der);
  return {
    keyId,
    payload: { keyId, algorithm: 'ed25519', publicKey: der, role },
    sign: (m: PackageManifest) => sign(null, Buffer.from(canonicalJson(m)), privateKey).toString('base64'),
  };
}

/** A signed package whose blobs the platform already holds (as after a finished upload). */
export async function applicationPackage(
  app: FastifyInstance,
  input: {
    terminalId: string;
    key: { keyId: string; sign: (m: PackageManifest) => string };
    trackingCode: string;
    serviceCode: string;
    personal: Record<string, unknown>;
    identity?: ApplicantIdentity;
    createdAt?: string;
  },
): Promise<MutationEnvelope> {
  const files = [
    { role: 'form' as const, id: 'form', sha256: sha(`form${input.trackingCode}`), mediaType: 'application/json' },
    { role: 'material' as const, id: 'photo', sha256: sha(`photo${input.trackingCode}`), mediaType: 'image/jpeg' },
    { role: 'signature' as const, id: 'signature', sha256: sha(`sig${input.trackingCode}`), mediaType: 'image/png' },
  ];
  for (const file of files) await platformContext(app).store.setBlobProgress(file.sha256, 10, 10, true);
  const manifest: PackageManifest = {
    version: 1,
    trackingCode: input.trackingCode,
    serviceCode: input.serviceCode,
    catalogRevision: 1,
    terminalId: input.terminalId,
    keyId: input.key.keyId,
    createdAt: input.createdAt ?? new Date().toISOString(),
    files,
    electronicLicenses: [],
    ...(input.identity ? { identity: input.identity } : {}),
  };
  return envelope(
    input.terminalId,
    'application',
    { serviceCode: input.serviceCode, trackingCode: input.trackingCode, manifest, signature: input.key.sign(manifest) },
    input.personal,
    files.map((f) => f.sha256),
  );
}

/** A file the platform holds sealed on disk and verified, as after a finished upload. */
export async function storedBlob(app: FastifyInstance, bytes: Buffer): Promise<string> {
  const { store, blobs } = platformContext(app);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = blobs.finalPath(sha256);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, store.sealer.sealBytes(bytes));
  await store.setBlobProgress(sha256, bytes.length, bytes.length, true);
  return sha256;
}

/** A WebM voice note's first bytes (the EBML magic) and some sound. */
export const VOICE_NOTE = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from('opus voice note of a citizen')]);

/** A help request as a kiosk's outbox sends it (its voice note already on the platform). */
export async function helpRequest(
  app: FastifyInstance,
  terminalId: string,
  options: { requestId?: string; phone?: string; note?: Buffer; materials?: { materialId: string; name: string; sha256: string; mediaType: string }[] } = {},
): Promise<MutationEnvelope> {
  const noteSha = await storedBlob(app, options.note ?? VOICE_NOTE);
  const materials = options.materials ?? [];
  const payload = {
    requestId: options.requestId ?? randomUUID(),
    source: roleFromName(terminalId),
    step: 'materials',
    serviceCode: 'social-security-card',
    itemName: '社会保障卡申领',
    materials,
    note: { sha256: noteSha, mediaType: 'audio/webm', seconds: 12 },
    recordedAt: '2026-11-23T01:20:00.000Z',
  };
  return envelope(terminalId, 'help-request', payload, options.phone ? { phone: options.phone } : null, [noteSha, ...materials.map((m) => m.sha256)]);
}

// Builders for platform tests that push signed application packages as a terminal would.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
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
export function envelope(terminalId: string, kind: string, payload: Record<string, unknown>, personal: Record<string, unknown> | null = null, blobs: string[] = []): MutationEnvelope {
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
  return { keyId, payload: { keyId, algorithm: 'ed25519', publicKey: der, role }, sign: (m: PackageManifest) => sign(null, Buffer.from(canonicalJson(m)), privateKey).toString('base64') };
}

/** A signed package whose blobs the platform already holds (as after a finished upload). */
export async function applicationPackage(
  app: FastifyInstance,
  input: { terminalId: string; key: { keyId: string; sign: (m: PackageManifest) => string }; trackingCode: string; serviceCode: string; personal: Record<string, unknown>; identity?: ApplicantIdentity; createdAt?: string },
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
  return envelope(input.terminalId, 'application', { serviceCode: input.serviceCode, trackingCode: input.trackingCode, manifest, signature: input.key.sign(manifest) }, input.personal, files.map((f) => f.sha256));
}

// HTTP client for the platform's sync API (node fetch). Failures are classified so the engine can
// tell "no network" (offline) from "platform answering badly" (degraded).
import type { z } from 'zod';
import {
  BlobStatus, PullResponse, PushResponse, RegisterResponse, TerminalStatusResponse, bearer,
  type MutationEnvelope,
} from '../../contract/sync-protocol.js';
import { buildPath } from '../../contract/platform-api/route.js';
import { platformApi } from '../../contract/platform-api/routes.js';

export type FailureKind = 'network' | 'timeout' | 'http' | 'auth' | 'protocol';

export class SyncRequestError extends Error {
  constructor(readonly kind: FailureKind, message: string, readonly status?: number, readonly body?: unknown) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

export interface PlatformClientOptions {
  baseUrl: string;
  terminalId: string;
  credential: string;
  requestTimeoutMs: number;
  fetch?: typeof fetch;
}

export class PlatformClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PlatformClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  private async request<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<z.infer<S>> {
    const headers: Record<string, string> = {
      ...bearer(this.options.credential),
      ...extraHeaders,
    };
    let payload: Uint8Array<ArrayBuffer> | string | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      // A copy backed by a plain ArrayBuffer is a valid BodyInit under both Node and DOM typings.
      payload = new Uint8Array(body);
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(new URL(path, this.options.baseUrl), { method, headers, body: payload, signal: AbortSignal.timeout(this.options.requestTimeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new SyncRequestError('timeout', `${method} ${path}: timed out`);
      throw new SyncRequestError('network', `${method} ${path}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new SyncRequestError(response.ok ? 'protocol' : 'http', `${method} ${path}: HTTP ${response.status}, body is not JSON`, response.status);
    }
    if (response.status === 401 || response.status === 403) throw new SyncRequestError('auth', `${method} ${path}: HTTP ${response.status}`, response.status, json);
    if (!response.ok) throw new SyncRequestError('http', `${method} ${path}: HTTP ${response.status}`, response.status, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncRequestError('protocol', `${method} ${path}: unexpected response shape`, response.status);
    return parsed.data;
  }

  // Paths come from the platform API table (contract/platform-api), parameters percent-encoded.
  status = () => this.request(TerminalStatusResponse, platformApi.status.method, platformApi.status.path);
  push = (mutations: MutationEnvelope[]) => this.request(PushResponse, platformApi.push.method, platformApi.push.path, { mutations });
  pull = (dataset: string, since: number, limit: number) =>
    this.request(PullResponse, platformApi.pull.method, `${platformApi.pull.path}?${new URLSearchParams({ dataset, since: String(since), limit: String(limit) }).toString()}`);
  blobStatus = (sha256: string) => this.request(BlobStatus, platformApi.blobStatus.method, buildPath(platformApi.blobStatus, { sha256 }));
  putBlobChunk = (sha256: string, offset: number, size: number, chunk: Uint8Array) =>
    this.request(BlobStatus, platformApi.blobUpload.method, `${buildPath(platformApi.blobUpload, { sha256 })}?offset=${offset}&size=${size}`, chunk);
}

/** Enrols a terminal with the one-time code an administrator issued for it and returns its own credential. */
export async function registerTerminal(baseUrl: string, enrolmentCode: string, terminalId: string, label?: string): Promise<string> {
  const response = await fetch(new URL(platformApi.enrol.path, baseUrl), {
    method: platformApi.enrol.method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ terminalId, enrolmentCode, ...(label ? { label } : {}) }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new SyncRequestError(response.status === 401 || response.status === 403 ? 'auth' : 'http', `registration refused: HTTP ${response.status}`, response.status);
  return RegisterResponse.parse(await response.json()).credential;
}

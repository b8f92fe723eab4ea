// The sync engine's calls to the platform, through the one platform client. Failures are classified so
// the engine can tell "no network" (offline) from "platform answering badly" (degraded).
import type { z } from 'zod';
import { BlobStatus, PullResponse, PushResponse, RegisterResponse, TerminalStatusResponse, type MutationEnvelope } from '../../contract/sync-protocol.js';
import { platformApi, type PlatformRouteName } from '../../contract/platform-api/routes.js';
import { PlatformApiClient, PlatformUnreachable, type PlatformAnswer, type RouteCall, type UnreachableKind } from './platform-api-client.js';

export type FailureKind = 'network' | 'timeout' | 'http' | 'auth' | 'protocol';

export class SyncRequestError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
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

/** The sync engine's view of the one platform client: typed answers, and failures it can classify. */
export class PlatformClient {
  private readonly api: PlatformApiClient;

  constructor(options: PlatformClientOptions) {
    this.api = new PlatformApiClient({
      baseUrl: options.baseUrl,
      credential: async () => options.credential,
      timeoutMs: options.requestTimeoutMs,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  private async request<N extends PlatformRouteName, S extends z.ZodType>(schema: S, name: N, call: RouteCall = {}): Promise<z.infer<S>> {
    const described = `${platformApi[name].method} ${platformApi[name].path}`;
    let answer: PlatformAnswer;
    try {
      answer = await this.api.send(name, call);
    } catch (error) {
      if (!(error instanceof PlatformUnreachable)) throw error;
      throw new SyncRequestError(UNREACHABLE_AS[error.kind], error.message, error.status);
    }
    if (answer.status === 401 || answer.status === 403) throw new SyncRequestError('auth', `${described}: HTTP ${answer.status}`, answer.status, answer.body);
    if (answer.status >= 300) throw new SyncRequestError('http', `${described}: HTTP ${answer.status}`, answer.status, answer.body);
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) throw new SyncRequestError('protocol', `${described}: unexpected response shape`, answer.status);
    return parsed.data;
  }

  enrol = (body: { terminalId: string; enrolmentCode: string; label?: string }) => this.request(RegisterResponse, 'enrol', { body });
  status = () => this.request(TerminalStatusResponse, 'status');
  push = (mutations: MutationEnvelope[]) => this.request(PushResponse, 'push', { body: { mutations } });
  pull = (dataset: string, since: number, limit: number) => this.request(PullResponse, 'pull', { query: { dataset, since, limit } });
  blobStatus = (sha256: string) => this.request(BlobStatus, 'blobStatus', { params: { sha256 } });
  putBlobChunk = (sha256: string, offset: number, size: number, chunk: Uint8Array) =>
    this.request(BlobStatus, 'blobUpload', { params: { sha256 }, query: { offset, size }, body: chunk });
}

const UNREACHABLE_AS: Record<UnreachableKind, FailureKind> = { network: 'network', timeout: 'timeout', server: 'http', protocol: 'protocol' };

/** Enrols a terminal with the one-time code an administrator issued for it and returns its own credential. */
export async function registerTerminal(baseUrl: string, enrolmentCode: string, terminalId: string, label?: string): Promise<string> {
  const client = new PlatformClient({ baseUrl, terminalId, credential: '', requestTimeoutMs: 15_000 });
  return (await client.enrol({ terminalId, enrolmentCode, ...(label ? { label } : {}) })).credential;
}

// The terminal's one client of the platform API: every request is built from the route table in
// contract/platform-api (method, path with its parameters percent-encoded, query, JSON or bytes), with
// the terminal's credential as the one `authorization: Bearer` header and a timeout. No caller spells
// a platform path. What could not be asked or answered — a network failure, a timeout, a 5xx, a
// success not in the shape the table declares — is PlatformUnreachable with its kind, so the host's
// features fall back to what they have offline and the sync engine tells offline from degraded; any
// other answer comes back with its status for the caller to judge.
import { buildPath } from '../../contract/platform-api/route.js';
import { platformApi, type PlatformApi, type PlatformRouteName } from '../../contract/platform-api/routes.js';
import { bearer } from '../../contract/sync-protocol.js';

export type UnreachableKind = 'network' | 'timeout' | 'server' | 'protocol';

export class PlatformUnreachable extends Error {
  constructor(
    message: string,
    readonly kind: UnreachableKind = 'network',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PlatformUnreachable';
  }
}

export interface RouteCall {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
  /** JSON for routes with a body schema; bytes for routes that take a file (sent as octet-stream). */
  body?: unknown;
}

export interface PlatformAnswer {
  status: number;
  body: unknown;
  /** The answer's bytes, for routes that produce files (when asked for with `bytes`). */
  bytes?: Buffer;
}

export interface PlatformApiClientOptions {
  /** Resolved at each request: an embedded platform's address is known only once it runs. */
  baseUrl: string | (() => string);
  /** The terminal's platform credential; undefined until the terminal is enrolled (enrolment itself needs none). */
  credential: () => Promise<string | undefined>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
}

/** Routes a terminal may call before it holds a credential. */
const WITHOUT_CREDENTIAL: ReadonlySet<PlatformRouteName> = new Set(['enrol']);

export class PlatformApiClient {
  constructor(private readonly options: PlatformApiClientOptions) {}

  private base(): string {
    return typeof this.options.baseUrl === 'string' ? this.options.baseUrl : this.options.baseUrl();
  }

  /** The URL of one route: its path from the table (parameters encoded) and its query. */
  url<N extends PlatformRouteName>(name: N, call: RouteCall = {}): URL {
    const url = new URL(buildPath(platformApi[name], call.params), this.base());
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, String(value));
    return url;
  }

  /** The credential header; PlatformUnreachable until the terminal is enrolled. */
  async authorization(): Promise<Record<string, string>> {
    const credential = await this.options.credential();
    if (!credential) throw new PlatformUnreachable('this terminal is not enrolled with the platform yet');
    return bearer(credential);
  }

  async send<N extends PlatformRouteName>(name: N, call: RouteCall = {}, options: { bytes?: boolean; timeoutMs?: number } = {}): Promise<PlatformAnswer> {
    const route: PlatformApi[PlatformRouteName] = platformApi[name];
    const headers: Record<string, string> = WITHOUT_CREDENTIAL.has(name) ? {} : await this.authorization();
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (call.body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      // A copy backed by a plain ArrayBuffer is a valid BodyInit under both Node and DOM typings.
      body = new Uint8Array(call.body);
    } else if (route.method !== 'GET' && 'body' in route && route.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body ?? {});
    }
    const described = `${route.method} ${route.path}`;
    let response: Response;
    let answer: PlatformAnswer;
    try {
      response = await (this.options.fetch ?? fetch)(this.url(name, call), {
        method: route.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 3000),
      });
      answer =
        options.bytes && response.ok
          ? { status: response.status, body: null, bytes: Buffer.from(await response.arrayBuffer()) }
          : { status: response.status, body: parseJson(await response.text()) };
    } catch (error) {
      const timedOut = ['TimeoutError', 'AbortError'].includes((error as Error).name);
      throw new PlatformUnreachable(timedOut ? `${described}: timed out` : `${described}: ${(error as Error).message}`, timedOut ? 'timeout' : 'network');
    }
    if (response.status >= 500) throw new PlatformUnreachable(`${described}: platform answered ${response.status}`, 'server', response.status);
    // A success must have the shape the table declares: anything else is a platform answering badly.
    if (response.ok && !options.bytes && 'response' in route && route.response && !route.response.safeParse(answer.body).success) {
      throw new PlatformUnreachable(`${described}: answered in an unexpected shape`, 'protocol', response.status);
    }
    return answer;
  }
}

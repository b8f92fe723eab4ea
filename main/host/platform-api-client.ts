// The terminal's one client of the platform API: every request is built from the route table in
// contract/platform-api (method, path with its parameters percent-encoded, query, JSON or bytes), with
// the terminal's credential as the one `authorization: Bearer` header and a short timeout. No feature
// spells a platform path. A network failure, a timeout, a 5xx or a success not in the shape the table
// declares is PlatformUnreachable (the caller falls back to what it has offline); any other answer
// comes back with its status for the caller to judge.
import { buildPath } from '../../contract/platform-api/route.js';
import { platformApi, type PlatformApi, type PlatformRouteName } from '../../contract/platform-api/routes.js';
import { bearer } from '../../contract/sync-protocol.js';

export class PlatformUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformUnreachable';
  }
}

export interface RouteCall {
  params?: Record<string, string>;
  query?: Record<string, string | number>;
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
  /** The terminal's platform credential; undefined until the terminal is enrolled. */
  credential: () => Promise<string | undefined>;
  timeoutMs?: number;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
}

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
    const headers = await this.authorization();
    const json = route.method !== 'GET' && 'body' in route && route.body !== undefined;
    let response: Response;
    try {
      response = await fetch(this.url(name, call), {
        method: route.method,
        headers: json ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(json ? { body: JSON.stringify(call.body ?? {}) } : {}),
        signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 3000),
      });
    } catch (error) {
      throw new PlatformUnreachable(`platform unreachable: ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new PlatformUnreachable(`platform answered ${response.status}`);
    if (options.bytes && response.ok) return { status: response.status, body: null, bytes: Buffer.from(await response.arrayBuffer()) };
    const body = parseJson(await response.text());
    // A success must have the shape the table declares: anything else is a platform answering badly.
    if (response.ok && 'response' in route && route.response && !route.response.safeParse(body).success) {
      throw new PlatformUnreachable(`platform answered ${route.method} ${route.path} in an unexpected shape`);
    }
    return { status: response.status, body };
  }
}

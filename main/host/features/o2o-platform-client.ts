// Reads from the platform for the O2O flow (timelines, packages, what the platform knows about a
// citizen), with the terminal's credential and a short timeout: a kiosk on a flaky link falls back
// to its cache instead of making an 80-year-old wait.
import { bearer } from '../../../contract/sync-protocol.js';
import type { OfflineStore } from '../../../offline-store/index.js';

export class PlatformUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformUnreachable';
  }
}

export interface PlatformReply {
  status: number;
  body: unknown;
  bytes?: Buffer;
}

export class O2oPlatformClient {
  constructor(
    private readonly deps: { platformUrl: () => string; terminalId: string; store: () => OfflineStore; timeoutMs?: number },
  ) {}

  private async headers(): Promise<Record<string, string>> {
    const credential = await this.deps.store().getSecret('platform-credential');
    if (!credential) throw new PlatformUnreachable('this terminal is not registered with the platform yet');
    return bearer(credential);
  }

  async request(path: string, init: { method?: 'GET' | 'POST'; json?: unknown; binary?: boolean } = {}): Promise<PlatformReply> {
    const headers = await this.headers();
    let response: Response;
    try {
      response = await fetch(new URL(path, this.deps.platformUrl()), {
        method: init.method ?? 'GET',
        headers: init.json === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 3000),
      });
    } catch (error) {
      throw new PlatformUnreachable(`platform unreachable: ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new PlatformUnreachable(`platform answered ${response.status}`);
    if (init.binary && response.ok) return { status: response.status, body: null, bytes: Buffer.from(await response.arrayBuffer()) };
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
}

// The host features' calls to the platform (timelines, packages, what the platform knows about a
// citizen, personal codes, agents), with the terminal's credential and a short timeout: a kiosk on a
// flaky link falls back to its cache instead of making an 80-year-old wait. Requests come from the
// route table, through the one platform client the sync engine uses too.
import type { PlatformRouteName } from '../../contract/platform-api/routes.js';
import type { OfflineStore } from '../../offline-store/index.js';
import { PlatformApiClient, type PlatformAnswer, type RouteCall } from '../../offline-store/sync/platform-api-client.js';

export { PlatformUnreachable } from '../../offline-store/sync/platform-api-client.js';
export type PlatformReply = PlatformAnswer;

export class HostPlatformClient {
  private readonly api: PlatformApiClient;

  constructor(deps: { platformUrl: string; store: OfflineStore; timeoutMs?: number }) {
    this.api = new PlatformApiClient({
      baseUrl: deps.platformUrl,
      credential: async () => (await deps.store.getSecret('platform-credential')) ?? undefined,
      timeoutMs: deps.timeoutMs ?? 3000,
    });
  }

  request<N extends PlatformRouteName>(name: N, call: RouteCall = {}, options: { binary?: boolean } = {}): Promise<PlatformReply> {
    return this.api.send(name, call, { bytes: options.binary ?? false });
  }
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadlessServer } from '../../main/headless/http-adapter.js';
import { newSessionToken } from '../../main/headless/security.js';
import { createLogger } from '../../main/host/logging.js';
import { createHttpTransport } from '../../renderer/src/host/http-transport.js';
import { createValidatedClient } from '../../renderer/src/host/validated-client.js';
import { describeHostApiContract } from './host-api-contract.js';
import { RATING_VIEW } from '../../contract/role-profiles.js';

describeHostApiContract('HTTP + WebSocket (headless shell)', 'headless', async ({ host }) => {
  const token = newSessionToken();
  const ratingToken = newSessionToken();
  const server = await startHeadlessServer({
    handlers: host.handlers,
    bus: host.bus,
    log: createLogger({}),
    token,
    viewTokens: [{ token: ratingToken, profile: RATING_VIEW }],
    rendererDir: mkdtempSync(join(tmpdir(), 'r-')),
    port: 0,
  });
  const raw = createHttpTransport({ baseUrl: server.url, token });
  const ratingRaw = createHttpTransport({ baseUrl: server.url, token: ratingToken });
  const client = createValidatedClient(raw);
  const ratingClient = createValidatedClient(ratingRaw);
  const connected = (transport: typeof raw) =>
    new Promise<void>((resolve) => {
      const off = transport.onConnectionChange((up) => up && (off(), resolve()));
    });
  await Promise.all([connected(raw), connected(ratingRaw)]);
  return {
    client,
    raw,
    ratingView: { client: ratingClient, raw: ratingRaw },
    close: async () => {
      raw.close();
      ratingRaw.close();
      await server.close();
    },
  };
});

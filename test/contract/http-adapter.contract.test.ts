import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadlessServer } from '../../main/headless/http-adapter.js';
import { newSessionToken } from '../../main/headless/security.js';
import { createLogger } from '../../main/host/logging.js';
import { createHttpTransport } from '../../renderer/src/host/http-transport.js';
import { createValidatedClient } from '../../renderer/src/host/validated-client.js';
import { describeHostApiContract } from './host-api-contract.js';

describeHostApiContract('HTTP + WebSocket (headless shell)', 'headless', async ({ host }) => {
  const token = newSessionToken();
  const server = await startHeadlessServer({ handlers: host.handlers, bus: host.bus, log: createLogger({}), token, rendererDir: mkdtempSync(join(tmpdir(), 'r-')), port: 0 });
  const raw = createHttpTransport({ baseUrl: server.url, token });
  const client = createValidatedClient(raw);
  await new Promise<void>((resolve) => {
    const off = raw.onConnectionChange((up) => up && (off(), resolve()));
  });
  return {
    client,
    raw,
    close: async () => {
      raw.close();
      await server.close();
    },
  };
});

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Host } from '../host/host.js';
import { loadConfig } from '../host/config-loader.js';
import { createLogger } from '../host/logging.js';
import { PRODUCT_VERSION } from '../host/version.js';
import { startHeadlessServer } from './http-adapter.js';
import { newSessionToken } from './security.js';

const USAGE = `Usage: hall-host [--config FILE] [--port N] [--data-dir DIR] [--renderer-dir DIR] [--json]
  Starts the hall terminal's services in plain Node and serves the UI on 127.0.0.1.
  --config FILE    terminal configuration (JSON); without it a whole simulated hall runs here
  --port N         port to listen on (default 5170; 0 picks a free one)
  --data-dir DIR   where the terminal keeps its data (default ./.hall-data)
  --json           print one JSON line {url, token, port} instead of a sentence`;

export async function runHeadless(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      port: { type: 'string', default: '5170' },
      'data-dir': { type: 'string', default: '.hall-data' },
      'renderer-dir': { type: 'string', default: resolve(import.meta.dirname, '../../dist/renderer') },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);

  const dataDir = resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const log = createLogger({ dataDir });
  const config = await loadConfig(values.config ?? process.env.HALL_CONFIG);
  const host = new Host({ config, shell: 'headless', dataDir, version: PRODUCT_VERSION, log });
  await host.start();
  const token = newSessionToken();
  const server = await startHeadlessServer({ handlers: host.handlers, bus: host.bus, log, token, rendererDir: values['renderer-dir'], port });
  const openUrl = `${server.url}#token=${token}`;

  if (values.json) console.log(JSON.stringify({ url: server.url, token, port: server.port, openUrl }));
  else {
    console.log(`Hall Terminal ${PRODUCT_VERSION} — ${config.role} ${config.terminalId} in hall ${config.hallId} (headless shell)`);
    console.log(`Open this address in Chromium: ${openUrl}`);
    console.log(`Data: ${dataDir}  ·  Logs: ${resolve(dataDir, 'logs/host.log')}  ·  Ctrl+C stops`);
    if (host.adminPinFile) console.log(`Admin mode: tap the terminal name 5 times, then the PIN kept in ${host.adminPinFile}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await host.stop();
    log.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

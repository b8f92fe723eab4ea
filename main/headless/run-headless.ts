import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePrivateDir, restrictUmask } from '../../offline-store/private-files.js';
import { appRoot } from '../host/app-root.js';
import { Host } from '../host/host.js';
import { loadConfig } from '../host/config-loader.js';
import { createLogger } from '../host/logging.js';
import { PRODUCT_VERSION } from '../host/version.js';
import { confinedViews, TERMINAL_VIEWS, viewProfile, type TerminalView } from '../../contract/role-profiles.js';
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
      'renderer-dir': { type: 'string', default: join(appRoot(), 'dist', 'renderer') },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);

  // Before the first file is made: the store, the log, the keys and the embedded platform's files
  // are this user's alone, and a data folder left 0755 by an older version is tightened.
  restrictUmask();
  const dataDir = resolve(values['data-dir']);
  ensurePrivateDir(dataDir);
  const log = createLogger({ dataDir });
  // An administrator's saved configuration lives in the data folder unless a file was named.
  const savedConfig = join(dataDir, 'terminal.json');
  const configPath = values.config ?? process.env.HALL_CONFIG ?? savedConfig;
  const token = newSessionToken();
  // Each confined view (the counter's citizen-facing rating window, …) gets its own token, kept across restarts.
  const viewTokenByName = new Map<TerminalView, string>(TERMINAL_VIEWS.map((view) => [view, newSessionToken()]));

  const startOnce = async (listenPort: number) => {
    // A named file must exist; the data folder's saved file is used when there is one.
    const named = values.config ?? process.env.HALL_CONFIG;
    const config = await loadConfig(named ?? (existsSync(savedConfig) ? savedConfig : undefined));
    const host = new Host({ config, shell: 'headless', dataDir, version: PRODUCT_VERSION, log, configPath, restart: () => void restart() });
    await host.start();
    // The same token across restarts: an open page reconnects without a new address.
    const viewTokens = confinedViews(config.role).map((profile) => ({ token: viewTokenByName.get(profile.view)!, profile }));
    const profile = viewProfile(config.role, 'main');
    const server = await startHeadlessServer({ handlers: host.handlers, bus: host.bus, log, token, ...(profile ? { profile } : {}), viewTokens, rendererDir: values['renderer-dir'], port: listenPort });
    return { host, server, config };
  };
  let running = await startOnce(port);
  let restarting: Promise<void> | undefined;
  const restart = () =>
    (restarting ??= (async () => {
      const listenPort = running.server.port;
      await running.server.close();
      await running.host.stop();
      running = await startOnce(listenPort);
      log.info({ event: 'restarted' }, 'host restarted');
    })().finally(() => (restarting = undefined)));

  const { server, host, config } = running;
  const openUrl = `${server.url}#token=${token}`;
  const views = Object.fromEntries(confinedViews(config.role).map(({ view }) => [view, `${server.url}?view=${view}#token=${viewTokenByName.get(view)}`]));
  if (values.json) console.log(JSON.stringify({ url: server.url, token, port: server.port, openUrl, views }));
  else {
    console.log(`Hall Terminal ${PRODUCT_VERSION} — ${config.role} ${config.terminalId} in hall ${config.hallId} (headless shell)`);
    console.log(`Open this address in Chromium: ${openUrl}`);
    for (const [view, address] of Object.entries(views)) console.log(`  the ${view} page (confined to it): ${address}`);
    console.log(`Data: ${dataDir}  ·  Logs: ${resolve(dataDir, 'logs/host.log')}  ·  Ctrl+C stops`);
    if (host.operations.adminPinFile) console.log(`Admin mode: tap the terminal name 5 times, then the PIN kept in ${host.operations.adminPinFile}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await restarting;
    await running.server.close();
    await running.host.stop();
    log.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

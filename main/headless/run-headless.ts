import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePrivateDir, restrictUmask } from '../../offline-store/private-files.js';
import { appRoot } from '../host/app-root.js';
import type { Host } from '../host/host.js';
import { deferHostStart } from '../host/deferred-start.js';
import { loadConfig, parseConfig } from '../host/config-loader.js';
import { PhonePagesAddress, type TerminalConfig } from '../../contract/config.js';
import { createLogger } from '../host/logging.js';
import { PRODUCT_VERSION } from '../host/version.js';
import { systemClock } from '../../contract/clock.js';
import { confinedViews, TERMINAL_VIEWS, viewProfile, type TerminalView } from '../../contract/role-profiles.js';
import { startHeadlessServer, type HeadlessServer } from './http-adapter.js';
import { newSessionToken } from './security.js';

const USAGE = `Usage: hall-host [--config FILE | --counter [--kiosk-data-dir DIR]] [--port N] [--data-dir DIR] [--renderer-dir DIR] [--phone-address auto|off|ADDR] [--json]
  Starts the hall terminal's services in plain Node and serves the UI on 127.0.0.1.
  --config FILE    terminal configuration (JSON); without it a whole simulated hall runs here
  --counter        counter 1 of the default hall running beside it (started first, from --kiosk-data-dir,
                   default ./.hall-data): its data in ./.hall-data-counter, its page on port 5171
  --port N         port to listen on (default 5170, 5171 with --counter; 0 picks a free one)
  --data-dir DIR   where the terminal keeps its data (default ./.hall-data)
  --phone-address  with the embedded platform: where phones on the hall Wi-Fi open the live ticket and
                   photo pages (only those): auto (first non-internal IPv4, the default), off, or an address
  --json           print one JSON line {url, token, port} instead of a sentence`;

const DEFAULT_DATA_DIR = '.hall-data';

export async function runHeadless(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      counter: { type: 'boolean', default: false },
      'kiosk-data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      'renderer-dir': { type: 'string', default: join(appRoot(), 'dist', 'renderer') },
      'phone-address': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const beside = values.counter;
  if (beside && values.config) throw new Error('--counter takes its configuration from the kiosk beside it: give --config or --counter, not both');
  const port = Number(values.port ?? (beside ? 5171 : 5170));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`);
  const phoneAddress = values['phone-address'] === undefined ? undefined : PhonePagesAddress.safeParse(values['phone-address']);
  if (phoneAddress && !phoneAddress.success)
    throw new Error(`--phone-address must be auto, off or an IP address of this machine, got ${values['phone-address']}`);

  // Before the first file is made: the store, the log, the keys and the embedded platform's files
  // are this user's alone, and a data folder left 0755 by an older version is tightened.
  restrictUmask();
  const dataDir = resolve(values['data-dir'] ?? (beside ? `${DEFAULT_DATA_DIR}-counter` : DEFAULT_DATA_DIR));
  ensurePrivateDir(dataDir);
  const log = createLogger({ dataDir });
  // An administrator's saved configuration lives in the data folder unless a file was named.
  const savedConfig = join(dataDir, 'terminal.json');
  // A counter beside the kiosk has no file of its own: its configuration is made anew from the kiosk's at each start.
  const configPath = beside ? undefined : (values.config ?? process.env.HALL_CONFIG ?? savedConfig);
  const token = newSessionToken();
  // Each confined view (the counter's citizen-facing rating window, …) gets its own token, kept across restarts.
  const viewTokenByName = new Map<TerminalView, string>(TERMINAL_VIEWS.map((view) => [view, newSessionToken()]));

  // The page is served first and draws its home from the configuration while the host's parts
  // (store worker, drivers, sync, platform link) start: their calls wait until the host is up.
  const startOnce = async (listenPort: number) => {
    // A named file must exist; the data folder's saved file is used when there is one.
    const named = values.config ?? process.env.HALL_CONFIG;
    const config = beside
      ? parseConfig((await import('../host/counter-beside.js')).counterBesideConfig(resolve(values['kiosk-data-dir'])), 'the kiosk beside this counter')
      : await loadConfig(named ?? (existsSync(savedConfig) ? savedConfig : undefined));
    if (phoneAddress?.success) config.phonePages = { ...config.phonePages, address: phoneAddress.data };
    // The features' code is most of the host: it is loaded and started when the page needs it (deferred-start.ts).
    const { handlers, bus, started, begin } = deferHostStart({
      config,
      about: { version: PRODUCT_VERSION, shell: 'headless', clock: systemClock },
      start: async (eventBus) => {
        const { Host } = await import('../host/host.js');
        const host = new Host({
          config,
          shell: 'headless',
          dataDir,
          version: PRODUCT_VERSION,
          log,
          ...(configPath ? { configPath } : {}),
          bus: eventBus,
          restart: () => void restart(),
        });
        await host.start();
        return host;
      },
    });
    // The same token across restarts: an open page reconnects without a new address.
    const viewTokens = confinedViews(config.role).map((profile) => ({ token: viewTokenByName.get(profile.view)!, profile }));
    const profile = viewProfile(config.role, 'main');
    const server = await startHeadlessServer({
      handlers,
      bus,
      log,
      token,
      ...(profile ? { profile } : {}),
      viewTokens,
      rendererDir: values['renderer-dir'],
      port: listenPort,
    });
    return { server, config, started, begin };
  };
  let running: { server: HeadlessServer; config: TerminalConfig; started: Promise<Host>; begin: () => void } = await startOnce(port);
  let restarting: Promise<void> | undefined;
  const restart = () =>
    (restarting ??= (async () => {
      const listenPort = running.server.port;
      await running.server.close();
      running.begin();
      await (await running.started).stop();
      running = await startOnce(listenPort);
      await running.started;
      log.info({ event: 'restarted' }, 'host restarted');
    })().finally(() => (restarting = undefined)));

  const { server, config } = running;
  const openUrl = `${server.url}#token=${token}`;
  const views = Object.fromEntries(confinedViews(config.role).map(({ view }) => [view, `${server.url}?view=${view}#token=${viewTokenByName.get(view)}`]));
  if (values.json) console.log(JSON.stringify({ url: server.url, token, port: server.port, openUrl, views }));
  else {
    console.log(`Hall Terminal ${PRODUCT_VERSION} — ${config.role} ${config.terminalId} in hall ${config.hallId} (headless shell)`);
    console.log(`Open this address in Chromium: ${openUrl}`);
    for (const [view, address] of Object.entries(views)) console.log(`  the ${view} page (confined to it): ${address}`);
    console.log(`Data: ${dataDir}  ·  Logs: ${resolve(dataDir, 'logs/host.log')}  ·  Ctrl+C stops`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await restarting;
    await running.server.close();
    // A host whose parts have not begun starting is started and stopped, as it was before the page was served first.
    running.begin();
    await (await running.started.catch(() => undefined))?.stop();
    log.flush();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // A host that cannot start ends the process (the page's waiting calls go with it).
  const host = await running.started;
  const phoneUrl = host.phonePagesUrl;
  if (values.json) console.log(JSON.stringify({ started: true, ...(phoneUrl ? { phoneUrl } : {}) }));
  else {
    if (host.operations.adminPinFile) console.log(`Admin mode: tap the terminal name 5 times, then the PIN kept in ${host.operations.adminPinFile}`);
    if (beside) console.log(`Clerk sign-in (optional): 工号 and PIN of the demo clerk in ${resolve(values['kiosk-data-dir'], 'counter-demo-clerk.json')}`);
    if (config.role === 'kiosk' && config.platformUrl === 'embedded') {
      const kioskDir = values['data-dir'] ? ` --kiosk-data-dir ${dataDir}` : '';
      console.log(`A counter beside this kiosk (帮办席, 一窗受理): in a second terminal, npm start -- --counter${kioskDir}`);
    }
    if (phoneUrl)
      console.log(`Phones on the hall network open the live ticket and photo pages at ${phoneUrl} (those pages only; --phone-address off turns them off)`);
    else if (config.platformUrl === 'embedded' && config.phonePages.address !== 'off')
      console.log('No LAN address for phones: phone upload and the live ticket QR need the hall network (or --phone-address ADDR)');
  }
}

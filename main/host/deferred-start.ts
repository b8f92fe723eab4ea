// The page first, the host's parts after: both shells show the home while the host starts. The
// host's methods answer terminal.info from the configuration at once; every other call starts the
// host's parts (store worker, drivers, sync, platform link) and waits for them.
import type { Clock } from '../../contract/clock.js';
import type { TerminalConfig } from '../../contract/config.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { HostEventBus } from './event-bus.js';
import type { Host } from './host.js';
import { handlersWhileStarting, terminalInfo } from './terminal-info.js';

/**
 * With no page asking for its home (and no other call), the host's parts start this long after the
 * page is served. A page's first call usually comes sooner; on a busy machine it can take a second
 * or two, and starting the host's parts meanwhile would take the cores the page loads with.
 */
export const HOST_START_DELAY_MS = 3000;
/**
 * After the page's terminal.info, the host's parts start on its next call (a home's first render
 * makes several) or after this long. The page asks terminal.info from its small entry while its UI's
 * chunks are still being fetched, from this same process (the headless host's HTTP server, Electron's
 * app:// handler): loading the host's parts blocks the process for a while, and those files would
 * wait behind it.
 */
export const HOST_START_AFTER_INFO_MS = 400;

export interface DeferredHost {
  /** The host's methods from now on: terminal.info at once, the others once the host has started. */
  handlers: HostHandlers;
  /** The host's event bus, made before the host so the page can subscribe while it starts. */
  bus: HostEventBus;
  /** The started host; rejects when its start failed (calls waiting for it fail alike). */
  started: Promise<Host>;
  /** Starts the host's parts now, if they have not begun. */
  begin(): void;
}

export function deferHostStart(options: {
  config: TerminalConfig;
  about: { version: string; shell: 'electron' | 'headless'; clock: Clock };
  /** Makes the host on this bus and starts it: called once, when the start begins. */
  start: (bus: HostEventBus) => Promise<Host>;
}): DeferredHost {
  const bus = new HostEventBus();
  let begin!: () => void;
  const beginning = new Promise<void>((resolve) => (begin = resolve));
  const fallback = setTimeout(begin, HOST_START_DELAY_MS);
  const started = beginning.then(() => clearTimeout(fallback)).then(() => options.start(bus));
  const early = {
    'terminal.info': async () => {
      setTimeout(begin, HOST_START_AFTER_INFO_MS).unref();
      return terminalInfo(options.config, options.about);
    },
  };
  return {
    handlers: handlersWhileStarting(
      early,
      started.then((host) => host.handlers),
      begin,
    ),
    bus,
    started,
    begin,
  };
}

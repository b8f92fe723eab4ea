import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TerminalConfigInput } from '../../contract/config.js';
import { HOST_NODE_FLAGS, hostEnv } from '../../scripts/build-node.mjs';

export interface RunningHall {
  /** Address with the session token in its fragment, as printed by the host. */
  openUrl: string;
  url: string;
  token: string;
  /** A confined view's address (e.g. `evaluate`, the counter's citizen-facing rating window), with its own token. */
  views: Record<string, string>;
  dataDir: string;
  process: ChildProcess;
  /** Settles once the host's parts are up (the page is served, and terminal.info answered, before). */
  started: Promise<void>;
  /** Where phones reach the embedded platform's phone pages (with `phonePages`), once started. */
  phoneUrl?: string;
  stop(): Promise<void>;
}

/** `servingOnly`: resolve as soon as the page is served (the address printed), not once every part has started. */
export interface StartOptions {
  servingOnly?: boolean;
  /**
   * Serve the embedded platform's phone pages on the machine's LAN address, as `npm start` does (the
   * config's `phonePages`). Off otherwise: halls running side by side would contend for its port.
   */
  phonePages?: boolean;
  /** More of the host's own arguments (`--counter --kiosk-data-dir DIR`: the counter beside a default hall). */
  args?: string[];
}

/** A platform that can create terminal records: an administrator's side of enrolment (test/helpers/platform-process). */
export interface TerminalProvisioner {
  provision(terminalId: string, fields: { role: TerminalConfigInput['role']; hallId: string; counterId?: string; pointId?: string }): Promise<string>;
}

/**
 * Starts the real headless host as a child process, exactly as `npm start` does. With `enrolOn`, an
 * administrator first creates the terminal's record there (role, hall and counter from the config)
 * and the host gets the one-time enrolment code in its config.
 */
export async function startHall(config?: TerminalConfigInput, enrolOn?: TerminalProvisioner, options: StartOptions = {}): Promise<RunningHall> {
  if (config && enrolOn) {
    const { counterId } = config.queue ?? {};
    const enrolmentCode = await enrolOn.provision(config.terminalId, { role: config.role, hallId: config.hallId, ...(counterId ? { counterId } : {}) });
    config = { ...config, sync: { ...config.sync, enrolmentCode } };
  }
  return startHallWithDataDir(mkdtempSync(join(tmpdir(), 'hall-e2e-')), config, options);
}

/** The same, on a data folder that already exists (a restart of the same terminal). */
export async function startHallWithDataDir(dataDir: string, config?: TerminalConfigInput, options: StartOptions = {}): Promise<RunningHall> {
  // HALL_HOST_BUILD=<dir>: the compiled host in <dir> (dist/node from `npm run build:node`), run as `npm start` runs it.
  const entry = process.env.HALL_HOST_BUILD ? [...HOST_NODE_FLAGS, join(process.env.HALL_HOST_BUILD, 'host.js')] : ['--import', 'tsx', 'main/headless/cli.ts'];
  const args = [...entry, '--port', '0', '--json', '--data-dir', dataDir];
  // A renderer built elsewhere (HALL_RENDERER_OUT at build time), for parallel work on one checkout.
  if (process.env.HALL_RENDERER_DIR) args.push('--renderer-dir', process.env.HALL_RENDERER_DIR);
  if (!options.phonePages) args.push('--phone-address', 'off');
  if (options.args) args.push(...options.args);
  if (config) {
    const configPath = join(dataDir, 'terminal.json');
    // The config may hold the enrolment secret: 0600, as an administrator's saved config is.
    writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
    args.push('--config', configPath);
  }
  // The allocator settings `npm start` gives the host.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: hostEnv() });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The host prints its address once the page is served, then `{"started":true}` once its parts are up.
  let onStarted!: () => void;
  let phoneUrl: string | undefined;
  const started = new Promise<void>((resolve, reject) => {
    onStarted = resolve;
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before it had started: ${stderr}`)));
  });
  started.catch(() => undefined);
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`host exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      const said = JSON.parse(text) as { started?: boolean; phoneUrl?: string };
      if (said.started) {
        phoneUrl = said.phoneUrl;
        return onStarted();
      }
      clearTimeout(timer);
      resolve(text);
    });
  });
  const { openUrl, url, token, views } = JSON.parse(line) as { openUrl: string; url: string; token: string; views: Record<string, string> };
  if (!options.servingOnly) {
    // As a page would: terminal.info first, then a call that needs the host's parts (a home's first
    // render makes several), which sets them starting.
    for (const method of ['terminal.info', 'devices.list']) {
      await fetch(new URL(`api/v1/call/${method}`, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{}',
      }).catch(() => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill('SIGTERM');
        reject(new Error(`host served its page but did not finish starting in time: ${stderr}`));
      }, 30_000);
    });
    await Promise.race([started, late]).finally(() => clearTimeout(timer));
  }
  return {
    openUrl,
    url,
    token,
    views,
    dataDir,
    process: child,
    started,
    get phoneUrl() {
      return phoneUrl;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

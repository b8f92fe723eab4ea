// The embedded platform (`platformUrl: embedded`) runs in a process of its own: the same `platform
// serve` entry as production, on PGlite in the data folder. PGlite costs hundreds of MiB and seconds
// to open; the kiosk host stays small and only talks HTTP to it, as to any platform. The host waits
// for it to listen, and starts it again (on the same port) if it dies. The platform dates things on the
// host's clock: the host tells it how far that clock is from the system's, again whenever that changes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { buildPath } from '../../contract/platform-api/route.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import type { TerminalRecord, TerminalRecordInput } from '../../contract/platform-api/terminals.js';
import { systemClock, type Clock } from '../../contract/clock.js';
import type { Logger } from './logging.js';

/**
 * The compiled `platform-serve.js` beside a compiled host (dist/node, scripts/build-node.mjs), or the
 * TypeScript entry through tsx when the host itself runs from source.
 */
function serveArguments(): string[] {
  const compiled = fileURLToPath(new URL('./platform-serve.js', import.meta.url));
  return existsSync(compiled) ? [compiled] : ['--import', 'tsx', fileURLToPath(new URL('../../platform/serve.ts', import.meta.url))];
}
const START_TIMEOUT_MS = 120_000;
const RESTART_DELAY_MS = 1_000;
/** How often the host compares its clock with the system's, and how far it may move before the platform is told. */
const CLOCK_CHECK_MS = 1_000;
const CLOCK_TOLERANCE_MS = 250;

export interface EmbeddedPlatformOptions {
  dataDir: string;
  version: string;
  /** Held only by the host and the child (in its environment, never on a command line). */
  adminToken: string;
  /** The host's own terminal record, kept in step with the local configuration at each start. */
  localTerminal: { terminalId: string; role: string; hallId: string; counterId?: string | undefined; pointId?: string | undefined };
  /** The host's clock: the platform dates things on it, following it when it is set or moves. */
  clock: Clock;
  log: Logger;
  /** Serve the phone pages (and only those) on this LAN address of the machine; none: phones reach nothing here. */
  phonePages?: { host: string; port: number } | undefined;
}

export class EmbeddedPlatform {
  private child: ChildProcess | null = null;
  private stopping = false;
  private port = 0;
  /** The phone pages' port, kept when the platform is started again (a printed QR stays good). */
  private phonePort = 0;
  /** The offset of the host's clock the running child was last given. */
  private sentOffsetMs = 0;
  private clockCheck: NodeJS.Timeout | null = null;
  url = '';
  /** Where phones on the hall LAN open the live ticket and photo pages; undefined when they are not served. */
  phoneUrl: string | undefined;

  /** The environment at the first start: a restarted platform finds the same database. */
  private readonly env = { ...process.env };

  private constructor(private readonly options: EmbeddedPlatformOptions) {}

  static async start(options: EmbeddedPlatformOptions): Promise<EmbeddedPlatform> {
    const platform = new EmbeddedPlatform(options);
    await platform.spawn();
    platform.clockCheck = setInterval(() => platform.followClock(), CLOCK_CHECK_MS);
    platform.clockCheck.unref();
    return platform;
  }

  private clockOffsetMs(): number {
    return this.options.clock.nowMs() - systemClock.nowMs();
  }

  /** Tells the child the host clock's offset when it moved (a set clock, a test's manual clock). */
  private followClock(): void {
    const offsetMs = this.clockOffsetMs();
    const child = this.child;
    if (Math.abs(offsetMs - this.sentOffsetMs) <= CLOCK_TOLERANCE_MS || !child?.connected) return;
    child.send({ type: 'clock-offset', offsetMs });
    this.sentOffsetMs = offsetMs;
  }

  private spawn(): Promise<void> {
    const { dataDir, version, adminToken, localTerminal, phonePages } = this.options;
    const clockOffsetMs = this.clockOffsetMs();
    this.sentOffsetMs = clockOffsetMs;
    const phoneArguments = phonePages ? ['--phone-host', phonePages.host, '--phone-port', String(this.phonePort || phonePages.port)] : [];
    const child = spawn(process.execPath, [...serveArguments(), '--port', String(this.port), '--data', dataDir, '--seed-catalog', ...phoneArguments], {
      // The IPC channel carries clock changes (followClock).
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      env: {
        ...this.env,
        // Electron's binary runs the entry as plain Node.
        ELECTRON_RUN_AS_NODE: '1',
        npm_package_version: version,
        HALL_ADMIN_TOKEN: adminToken,
        HALL_LOCAL_TERMINAL: JSON.stringify(localTerminal),
        HALL_CLOCK_OFFSET_MS: String(clockOffsetMs),
      },
    });
    this.child = child;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the embedded platform did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const early = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the embedded platform exited before listening (${code})`));
      };
      child.once('exit', early);
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        child.off('exit', early);
        const listening = JSON.parse(line) as { url: string; phoneUrl?: string };
        this.url = listening.url;
        this.port = Number(new URL(this.url).port);
        this.phoneUrl = listening.phoneUrl;
        if (this.phoneUrl) this.phonePort = Number(new URL(this.phoneUrl).port);
        child.once('exit', (code, signal) => void this.restart(code, signal));
        resolve();
      });
    });
  }

  private async restart(code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.stopping) return;
    this.options.log.warn({ code, signal }, 'the embedded platform stopped; starting it again');
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (this.stopping) return;
    try {
      await this.spawn();
      this.options.log.info({ url: this.url }, 'embedded platform started again');
    } catch (error) {
      this.options.log.error({ err: error }, 'the embedded platform did not come back');
    }
  }

  private async admin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: { authorization: `Bearer ${this.options.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`the embedded platform refused ${method} ${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  /** The platform process (for health checks and tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The platform's record of a terminal. */
  async terminal(terminalId: string): Promise<TerminalRecord | undefined> {
    return (await this.admin<{ terminals: TerminalRecord[] }>('GET', platformApi.adminTerminalList.path)).terminals.find((t) => t.terminalId === terminalId);
  }

  /** Creates another terminal's record (a counter beside this kiosk); its one-time enrolment code. */
  async addTerminal(record: TerminalRecordInput): Promise<string> {
    return (await this.admin<{ enrolmentCode: string }>('POST', platformApi.adminTerminalAdd.path, record)).enrolmentCode;
  }

  /** A new one-time enrolment code for the terminal (its earlier credential stops working). */
  async enrolmentCode(terminalId: string): Promise<string> {
    return (await this.admin<{ enrolmentCode: string }>('POST', buildPath(platformApi.adminTerminalReset, { terminalId }), {})).enrolmentCode;
  }

  async close(): Promise<void> {
    this.stopping = true;
    if (this.clockCheck) clearInterval(this.clockCheck);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

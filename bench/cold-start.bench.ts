// Cold start of the compiled headless host to an interactive kiosk home in Chromium, the host's
// memory, what the home screen downloads, and the platform's own start — each next to a baseline
// measured in the same run (a bare Node HTTP server serving one page) or a limit from issue #16.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import type { TerminalConfigInput } from '../contract/config.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { buildAll } from '../scripts/build.mjs';
import { NODE_OUT_DIR } from '../scripts/build-node.mjs';
import { startHall } from '../test/helpers/start-hall.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const RUNS = 5;
const START_RATIO_LIMIT = 1.5;
const HOST_MEMORY_LIMIT_MIB = 120;
const HOME_CHUNK_LIMIT_KB = 250;
const ADMIN_TOKEN = 'bench-platform-admin-token';
/** Chunks the kiosk home must not fetch before it is ready: other roles' screens, the flows, the keyboard and its data, admin mode. */
const NOT_FOR_THE_HOME =
  /Counter|Display|Proxy|Evaluate|Stats|Apply|Guide|Track|Ticket|Appointment|Keyboard|KeyGrid|pinyin-dict|stroke-medians|AdminScreen|PinDialog/;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const BASELINE_SERVER = `
const http = require('node:http');
const page = '<!doctype html><button id="ready">ok</button><script>document.body.dataset.ready="true"</script>';
const server = http.createServer((req, res) => res.end(page)).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })));
`;

/** Starts a process and waits for its first JSON line (`{"url": …}`), as the host and platform print. */
async function startPrintingUrl(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited early (${code})`)));
    createInterface({ input: child.stdout! }).on('line', (text) => text.startsWith('{') && resolve(text));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const startBaseline = () => startPrintingUrl(['-e', BASELINE_SERVER]);
const startCompiledPlatform = (dataDir: string) =>
  startPrintingUrl([join(NODE_OUT_DIR, 'platform-serve.js'), '--port', '0', '--data', dataDir, '--admin-token', ADMIN_TOKEN, '--seed-catalog']);

interface PageRun {
  elapsed: number;
  /** Process start → its address printed (the part before the browser is involved). */
  serving: number;
  memory: number;
  /** Every script the page fetched for its first screen: path → gzip size in kB. */
  scripts: Map<string, number>;
}

async function timeToInteractive(
  browser: Browser,
  start: () => Promise<{ url: string; pid: number; started?: Promise<void>; stop(): Promise<void> }>,
  selector: string,
): Promise<PageRun> {
  const started = performance.now();
  const server = await start();
  const serving = performance.now() - started;
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  const scripts = new Map<string, number>();
  const sizing: Promise<void>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    sizing.push(
      response
        .body()
        .then((body) => void scripts.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length / 1000))
        .catch(() => undefined),
    );
  });
  await page.goto(server.url);
  await page.waitForSelector(`body[data-ready="true"] ${selector}`, { state: 'visible' });
  const elapsed = performance.now() - started;
  // Memory is read once every part of the host is up (the page is drawn before some of them are).
  await server.started;
  await page.waitForTimeout(1000);
  await Promise.all(sizing);
  // Only what the page had asked for when its first screen was ready (the role's flows follow when idle).
  const beforeReady = await page.evaluate(() => {
    const ready = performance.getEntriesByName('hall-ready')[0]?.startTime ?? Infinity;
    return (performance.getEntriesByType('resource') as unknown as Array<{ startTime: number; name: string }>)
      .filter((e) => e.startTime <= ready)
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.endsWith('.js'));
  });
  for (const name of [...scripts.keys()]) if (!beforeReady.includes(name)) scripts.delete(name);
  const memory = rssMiB(server.pid);
  await page.close();
  await server.stop();
  return { elapsed, serving, memory, scripts };
}

/** The default hall's kiosk (simulated devices, four languages), on a platform of its own. */
function kioskOn(platformUrl: string, terminalId: string): TerminalConfigInput {
  return {
    hallId: 'demo-hall',
    terminalId,
    role: 'kiosk',
    platformUrl,
    languages: ['zh-CN', 'zh-HK', 'en', 'ug'],
    defaultLanguage: 'zh-CN',
    devices: [
      { id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' } },
      { id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } },
      { id: 'printer', kind: 'printer', transport: { type: 'simulated' } },
    ],
  };
}

async function provision(platformUrl: string, terminalId: string): Promise<string> {
  const response = await fetch(new URL('/v1/admin/terminals', platformUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ terminalId, role: 'kiosk', hallId: 'demo-hall' }),
  });
  if (!response.ok) throw new Error(`provisioning ${terminalId} failed: ${response.status}`);
  return String(((await response.json()) as { enrolmentCode: unknown }).enrolmentCode);
}

const suite: BenchSuite = {
  title: 'Headless host: cold start and memory (compiled)',
  async run(): Promise<BenchResult[]> {
    // The figures are for the production build: compile what is out of date, then run dist/.
    await buildAll({ ifNeeded: true });
    const previousBuild = process.env.HALL_HOST_BUILD;
    process.env.HALL_HOST_BUILD = NODE_OUT_DIR;
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const platform = await startCompiledPlatform(mkdtempSync(join(tmpdir(), 'bench-platform-')));
    const external: PageRun[] = [];
    const embedded: PageRun[] = [];
    const base: PageRun[] = [];
    const platformStart: number[] = [];
    const listenBase: number[] = [];
    try {
      for (let i = 0; i < RUNS; i += 1) {
        const terminalId = `kiosk-bench-${i}`;
        const enrolOn = { provision: () => provision(platform.url, terminalId) };
        external.push(
          await timeToInteractive(
            browser,
            async () => {
              // The page is opened as soon as it is served, as the kiosk's window does.
              const hall = await startHall(kioskOn(platform.url, terminalId), enrolOn, { servingOnly: true });
              return { url: hall.openUrl, pid: hall.process.pid!, started: hall.started, stop: hall.stop };
            },
            '[data-testid="tile-guide"]',
          ),
        );
        embedded.push(
          await timeToInteractive(
            browser,
            async () => {
              const hall = await startHall(undefined, undefined, { servingOnly: true });
              return { url: hall.openUrl, pid: hall.process.pid!, started: hall.started, stop: hall.stop };
            },
            '[data-testid="tile-guide"]',
          ),
        );
        base.push(
          await timeToInteractive(
            browser,
            async () => {
              const { url, child } = await startBaseline();
              return { url, pid: child.pid!, stop: () => stopChild(child) };
            },
            '#ready',
          ),
        );
        // The platform on its own: process start → answering /health, next to a bare server's start → listening.
        let started = performance.now();
        const alone = await startCompiledPlatform(mkdtempSync(join(tmpdir(), 'bench-platform-alone-')));
        if (!(await fetch(new URL('/health', alone.url))).ok) throw new Error('the platform does not answer /health');
        platformStart.push(performance.now() - started);
        await stopChild(alone.child);
        started = performance.now();
        const bare = await startBaseline();
        await fetch(bare.url);
        listenBase.push(performance.now() - started);
        await stopChild(bare.child);
      }
    } finally {
      await browser.close();
      await stopChild(platform.child);
      if (previousBuild === undefined) delete process.env.HALL_HOST_BUILD;
      else process.env.HALL_HOST_BUILD = previousBuild;
    }
    const coldBase = median(base.map((r) => r.elapsed));
    const coldExternal = median(external.map((r) => r.elapsed));
    const servingExternal = median(external.map((r) => r.serving));
    const servingBase = median(base.map((r) => r.serving));
    const coldEmbedded = median(embedded.map((r) => r.elapsed));
    const memoryBase = median(base.map((r) => r.memory));
    const memoryExternal = median(external.map((r) => r.memory));
    const memoryEmbedded = median(embedded.map((r) => r.memory));
    const homeScripts = external[0]!.scripts;
    const [largestName, largest] = [...homeScripts].sort((a, b) => b[1] - a[1])[0] ?? ['none', 0];
    const total = [...homeScripts.values()].reduce((sum, kb) => sum + kb, 0);
    const unexpected = [...homeScripts.keys()].filter((name) => NOT_FOR_THE_HOME.test(name));
    const platformAlone = median(platformStart);
    const listen = median(listenBase);
    return [
      {
        name: 'host start → kiosk home interactive in Chromium, external platform',
        value: coldExternal,
        unit: 'ms',
        baseline: { name: 'bare Node server start → one-button page interactive', value: coldBase },
        ratio: coldExternal / coldBase,
        limit: START_RATIO_LIMIT * coldBase,
        withinLimit: coldExternal <= START_RATIO_LIMIT * coldBase,
        notes: `median of ${RUNS}; compiled host (dist/node), three simulated devices, enrolled with a platform in its own process; of which process start → address printed ${servingExternal.toFixed(0)} ms (baseline ${servingBase.toFixed(0)} ms), the rest is Chromium loading and drawing the home; limit ${START_RATIO_LIMIT} × the baseline. Before: 2,848 ms, 4.79 × (tsx, embedded platform)`,
      },
      {
        name: 'host resident memory after start (RSS), external platform',
        value: memoryExternal,
        unit: 'MiB',
        baseline: { name: 'bare Node HTTP server RSS', value: memoryBase },
        ratio: memoryExternal / memoryBase,
        limit: HOST_MEMORY_LIMIT_MIB,
        withinLimit: memoryExternal <= HOST_MEMORY_LIMIT_MIB,
        notes: `median of ${RUNS}, read 1 s after every part of the host had started (the home is drawn before); store worker thread included. Before: 181 MiB (tsx, embedded platform)`,
      },
      {
        name: 'largest renderer chunk (gzip) loaded for the kiosk home',
        value: largest,
        unit: 'kB',
        limit: HOME_CHUNK_LIMIT_KB,
        withinLimit: largest <= HOME_CHUNK_LIMIT_KB && unexpected.length === 0,
        notes: `${largestName}; the home fetched ${homeScripts.size} scripts, ${total.toFixed(0)} kB gzip in all; ${unexpected.length === 0 ? 'no counter, display, proxy, flow, keyboard or admin chunk (the kiosk flows are fetched once the home is up and the page idle)' : `also fetched ${unexpected.join(', ')} ✗`}. Before: one 647 kB chunk (194 kB gzip)`,
      },
      {
        name: 'host start → kiosk home interactive, embedded platform',
        value: coldEmbedded,
        unit: 'ms',
        baseline: { name: 'bare Node server start → one-button page interactive', value: coldBase },
        ratio: coldEmbedded / coldBase,
        notes: `median of ${RUNS}; compiled host with the reference platform embedded (\`npm start\` without a config); RSS ${memoryEmbedded.toFixed(0)} MiB`,
      },
      {
        name: 'platform alone: process start → answering /health',
        value: platformAlone,
        unit: 'ms',
        baseline: { name: 'bare Node server: process start → answering', value: listen },
        ratio: platformAlone / listen,
        notes: `median of ${RUNS}; compiled \`platform-serve\`, fresh data folder, seed catalog`,
      },
    ];
  },
};

export default suite;

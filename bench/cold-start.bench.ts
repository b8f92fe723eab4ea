// Cold start of the headless host to an interactive kiosk home in Chromium, and the host's memory,
// each next to a baseline measured in the same run: a bare Node HTTP server serving one page.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { startHall } from '../test/helpers/start-hall.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const RUNS = 5;
const HOST_MEMORY_LIMIT_MIB = 300;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

const BASELINE_SERVER = `
const http = require('node:http');
const page = '<!doctype html><button id="ready">ok</button><script>document.body.dataset.ready="true"</script>';
const server = http.createServer((req, res) => res.end(page)).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })));
`;

async function startBaseline(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', BASELINE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

async function timeToInteractive(browser: Browser, start: () => Promise<{ url: string; pid: number; stop(): Promise<void> }>, selector: string) {
  const started = performance.now();
  const server = await start();
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url);
  await page.waitForSelector(`body[data-ready="true"] ${selector}`, { state: 'visible' });
  const elapsed = performance.now() - started;
  await page.waitForTimeout(1000);
  const memory = rssMiB(server.pid);
  await page.close();
  await server.stop();
  return { elapsed, memory };
}

const suite: BenchSuite = {
  title: 'Headless host: cold start and memory',
  async run(): Promise<BenchResult[]> {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const host = { elapsed: [] as number[], memory: [] as number[] };
    const base = { elapsed: [] as number[], memory: [] as number[] };
    try {
      for (let i = 0; i < RUNS; i += 1) {
        const h = await timeToInteractive(
          browser,
          async () => {
            const hall = await startHall();
            return { url: hall.openUrl, pid: hall.process.pid!, stop: hall.stop };
          },
          '[data-testid="tile-guide"]',
        );
        host.elapsed.push(h.elapsed);
        host.memory.push(h.memory);
        const b = await timeToInteractive(
          browser,
          async () => {
            const { url, child } = await startBaseline();
            return { url, pid: child.pid!, stop: async () => void child.kill() };
          },
          '#ready',
        );
        base.elapsed.push(b.elapsed);
        base.memory.push(b.memory);
      }
    } finally {
      await browser.close();
    }
    const coldStart = median(host.elapsed);
    const coldBase = median(base.elapsed);
    const memory = median(host.memory);
    const memoryBase = median(base.memory);
    return [
      {
        name: 'host start → kiosk home interactive in Chromium',
        value: coldStart,
        unit: 'ms',
        baseline: { name: 'bare Node server start → one-button page interactive', value: coldBase },
        ratio: coldStart / coldBase,
        notes: `median of ${RUNS}; host runs TypeScript through tsx, starts the embedded platform and every simulated device`,
      },
      {
        name: 'host resident memory after start (RSS)',
        value: memory,
        unit: 'MiB',
        baseline: { name: 'bare Node HTTP server RSS', value: memoryBase },
        ratio: memory / memoryBase,
        limit: HOST_MEMORY_LIMIT_MIB,
        withinLimit: memory <= HOST_MEMORY_LIMIT_MIB,
        notes: `median of ${RUNS}, 1 s after the home screen was ready`,
      },
    ];
  },
};

export default suite;

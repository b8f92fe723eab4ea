import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TerminalConfigInput } from '../../contract/config.js';

export interface RunningHall {
  /** Address with the session token in its fragment, as printed by the host. */
  openUrl: string;
  url: string;
  token: string;
  /** A confined view's address (e.g. `evaluate`, the counter's citizen-facing rating window), with its own token. */
  views: Record<string, string>;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the real headless host as a child process, exactly as `npm start` does. */
export async function startHall(config?: TerminalConfigInput): Promise<RunningHall> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-e2e-'));
  const args = ['--import', 'tsx', 'main/headless/cli.ts', '--port', '0', '--json', '--data-dir', dataDir];
  // A renderer built elsewhere (HALL_RENDERER_OUT at build time), for parallel work on one checkout.
  if (process.env.HALL_RENDERER_DIR) args.push('--renderer-dir', process.env.HALL_RENDERER_DIR);
  if (config) {
    const configPath = join(dataDir, 'terminal.json');
    writeFileSync(configPath, JSON.stringify(config));
    args.push('--config', configPath);
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in time: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`host exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      clearTimeout(timer);
      resolve(text);
    });
  });
  const { openUrl, url, token, views } = JSON.parse(line) as { openUrl: string; url: string; token: string; views: Record<string, string> };
  return {
    openUrl,
    url,
    token,
    views,
    dataDir,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

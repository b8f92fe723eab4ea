// `npm run build`: the renderer (vite → dist/renderer/) and every Node program (esbuild →
// dist/node/). `--if-needed` skips a part whose output is newer than all of its sources (`npm start`,
// `hallctl` in a fresh checkout).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode } from './build-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What each part is built from and the file that proves it was built. */
const PARTS = {
  node: { output: 'dist/node/host.js', sources: ['contract', 'main', 'drivers', 'offline-store', 'platform', 'package.json', 'scripts/build-node.mjs'] },
  renderer: { output: 'dist/renderer/index.html', sources: ['contract', 'renderer', 'package.json', 'vite.renderer.config.ts'] },
};

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

/** True when the part's output is missing or older than one of its sources. */
export function isStale(part) {
  const { output, sources } = PARTS[part];
  const outputPath = join(root, output);
  if (!existsSync(outputPath)) return true;
  const builtAt = statSync(outputPath).mtimeMs;
  return sources.some((source) => newestMtimeMs(join(root, source)) > builtAt);
}

export function buildRenderer() {
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`the renderer build failed (exit ${result.status})`);
}

/** Builds what is stale (or everything); reports on stderr, so a CLI's JSON on stdout stays clean. */
export async function buildAll({ ifNeeded = false } = {}) {
  if (!ifNeeded || isStale('renderer')) {
    console.error('Building the user interface…');
    buildRenderer();
  }
  if (!ifNeeded || isStale('node')) {
    console.error('Compiling the host, hallctl and the platform…');
    await buildNode({ clean: !ifNeeded });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildAll({ ifNeeded: process.argv.includes('--if-needed') });
}
